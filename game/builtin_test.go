package game

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestBuiltinDefaults checks every built-in's name, sense, dimensions and
// default parameters, and that Builtins documents each accepted param.
func TestBuiltinDefaults(t *testing.T) {
	cases := []struct {
		name   string
		params map[string]ad.Tensor
		sense  Sense
		d1, d2 int
		want   map[string]float64
	}{
		{"duopoly", nil, Payoff, 1, 1, map[string]float64{"A": 100, "c1": 5, "c2": 2}},
		{"cournot", nil, Payoff, 1, 1, map[string]float64{"A": 50, "c1": 1, "c2": 1}},
		{"duopoly", map[string]ad.Tensor{"c2": ad.Scalar(3)}, Payoff, 1, 1, map[string]float64{"A": 100, "c1": 5, "c2": 3}},
		{"torus", nil, Cost, 1, 1, map[string]float64{"alpha1": 1, "alpha2": 1.3, "phi1": math.Pi / 8, "phi2": math.Pi / 8}},
		{"ac-toy", nil, Cost, 1, 1, map[string]float64{}},
		{"bimatrix", map[string]ad.Tensor{"A": ad.Matrix([][]float64{{1, 0, 2}, {0, 1, 0}}), "B": ad.Matrix([][]float64{{0, 1, 0}, {1, 0, 3}}),
			"entropy": ad.Scalar(0.1)}, Payoff, 2, 3, map[string]float64{}},
		{"quadratic", map[string]ad.Tensor{"A": ad.Scalar(2), "D": ad.Matrix([][]float64{{1, 0}, {0, 1}})}, Cost, 1, 2, map[string]float64{}},
		{"quadratic", map[string]ad.Tensor{"d1": ad.Scalar(5), "d2": ad.Scalar(3), "seed": ad.Scalar(9)}, Cost, 5, 3, map[string]float64{}},
	}
	for _, c := range cases {
		g, err := Builtin(c.name, c.params)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		d1, d2 := g.Dims()
		if g.Name() != c.name || g.Sense() != c.sense || d1 != c.d1 || d2 != c.d2 {
			t.Errorf("%s: name %q sense %v dims %d×%d", c.name, g.Name(), g.Sense(), d1, d2)
		}
		p := g.(Parameterized).Params()
		for k, w := range c.want {
			if p[k].Data[0] != w {
				t.Errorf("%s: %s = %g, want %g", c.name, k, p[k].Data[0], w)
			}
		}
		if _, ok := g.(Evaluator); !ok {
			t.Errorf("%s does not implement Evaluator", c.name)
		}
		dx, dy := g.Domains()
		if err := dx.Validate(d1); err != nil {
			t.Errorf("%s domain x: %v", c.name, err)
		}
		if err := dy.Validate(d2); err != nil {
			t.Errorf("%s domain y: %v", c.name, err)
		}
	}
	// The random instance is the seeded RandomQuadratic.
	g, _ := Builtin("quadratic", map[string]ad.Tensor{"d1": ad.Scalar(5), "d2": ad.Scalar(3), "seed": ad.Scalar(9)})
	q, _ := RandomQuadratic(5, 3, newRandPCG(9, 0))
	assertVec(t, "A", g.(*Quadratic).ma.Data, q.ma.Data, 0)

	names := BuiltinNames()
	infos := Builtins()
	if len(names) != 7 || len(infos) != 7 {
		t.Fatalf("names %v", names)
	}
	for i, info := range infos {
		if info.Name != names[i] || info.Doc == "" {
			t.Errorf("info %d: %+v", i, info)
		}
	}
}

// TestBuiltinErrors checks that bad names and params are errors naming
// them.
func TestBuiltinErrors(t *testing.T) {
	cases := []struct {
		name   string
		params map[string]ad.Tensor
		want   []string
	}{
		{"nope", nil, []string{`unknown built-in game "nope"`, "ac-toy", "bimatrix", "cournot", "duopoly", "quadratic", "torus"}},
		{"duopoly", map[string]ad.Tensor{"B": ad.Scalar(1)}, []string{`duopoly: unknown param "B"`, "A, c1, c2"}},
		{"duopoly", map[string]ad.Tensor{"A": ad.Vector(1, 2)}, []string{"duopoly: param A must be a scalar, got a 2-vector"}},
		{"duopoly", map[string]ad.Tensor{"A": ad.Scalar(-1)}, []string{"duopoly", "A = -1", "positive"}},
		{"torus", map[string]ad.Tensor{"phi1": ad.Matrix([][]float64{{1, 2}, {3, 4}})}, []string{"torus: param phi1 must be a scalar, got a 2x2 matrix"}},
		{"ac-toy", map[string]ad.Tensor{"w": ad.Scalar(1)}, []string{`ac-toy: unknown param "w"`, "no parameters"}},
		{"quadratic", map[string]ad.Tensor{"A": ad.Scalar(1)}, []string{"quadratic: param D is missing"}},
		{"quadratic", map[string]ad.Tensor{"A": ad.Scalar(1), "D": ad.Scalar(1), "B": ad.Vector(1, 2)}, []string{"quadratic: B must be 1x1", "1x2"}},
		{"quadratic", map[string]ad.Tensor{"A": ad.Scalar(1), "seed": ad.Scalar(1)}, []string{"quadratic", "not both", "A", "seed"}},
		{"quadratic", map[string]ad.Tensor{"d1": ad.Scalar(2), "d2": ad.Scalar(2)}, []string{"quadratic: param seed is missing"}},
		{"quadratic", map[string]ad.Tensor{"d1": ad.Scalar(2.5), "d2": ad.Scalar(2), "seed": ad.Scalar(1)}, []string{"quadratic: param d1 = 2.5"}},
		{"quadratic", map[string]ad.Tensor{"d1": ad.Scalar(0), "d2": ad.Scalar(2), "seed": ad.Scalar(1)}, []string{"quadratic: param d1 = 0"}},
		{"quadratic", map[string]ad.Tensor{"Z": ad.Scalar(1)}, []string{`quadratic: unknown param "Z"`}},
		{"bimatrix", map[string]ad.Tensor{"A": ad.Scalar(1)}, []string{"bimatrix: param B is missing"}},
		{"bimatrix", map[string]ad.Tensor{"A": ad.Scalar(1), "B": ad.Vector(1, 2)}, []string{"bimatrix: param B (1x2) must have the shape of param A (1x1)"}},
		{"bimatrix", map[string]ad.Tensor{"A": ad.Scalar(1), "B": ad.Scalar(1), "entropy": ad.Scalar(-1)}, []string{"bimatrix", "entropy = -1"}},
	}
	for _, c := range cases {
		_, err := Builtin(c.name, c.params)
		assertErr(t, err, c.want...)
	}
}

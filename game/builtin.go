package game

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/stackel/stackel/ad"
)

// ParamInfo documents one parameter of a built-in game.
type ParamInfo struct {
	// Name is the key in the params map.
	Name string
	// Shape is "scalar" or a matrix shape such as "d1×d2".
	Shape string
	// Default is the value used when the parameter is absent; "" means the
	// parameter is required (quadratic's d1, d2 and seed: required for a
	// random instance, and refused with the matrices).
	Default string
	// Doc says what the parameter is.
	Doc string
}

// BuiltinInfo documents a built-in game.
type BuiltinInfo struct {
	// Name is the name Builtin accepts.
	Name string
	// Doc is a one-line description with its paper reference.
	Doc string
	// Params lists the accepted parameters.
	Params []ParamInfo
}

type builtinEntry struct {
	info BuiltinInfo
	make func(p map[string]ad.Tensor) (Game, error)
}

var builtins = map[string]builtinEntry{
	"duopoly": {
		info: BuiltinInfo{
			Name: "duopoly",
			Doc:  "Stackelberg/Cournot duopoly of Fiez et al. §4.1: profits f_i = q_i(A − q1 − q2) − c_i q_i (payoffs), q_i ∈ [0, A]",
			Params: []ParamInfo{
				{"A", "scalar", "100", "price intercept, P = A − q1 − q2"},
				{"c1", "scalar", "5", "leader's unit cost (≥ 0, 2c1 − c2 ≤ A)"},
				{"c2", "scalar", "2", "follower's unit cost (≥ 0, 2c2 − c1 ≤ A and 3c2 − 2c1 ≤ A)"},
			},
		},
		make: func(p map[string]ad.Tensor) (Game, error) { return makeDuopoly("duopoly", p, 100, 5, 2) },
	},
	"cournot": {
		info: BuiltinInfo{
			Name: "cournot",
			Doc:  "the duopoly with the defaults of Loftin et al. §3.3, Eqs. 20–21 (f1 = x(50 − x − y) − x); payoffs, q_i ∈ [0, A]",
			Params: []ParamInfo{
				{"A", "scalar", "50", "price intercept, P = A − q1 − q2"},
				{"c1", "scalar", "1", "leader's unit cost (≥ 0, 2c1 − c2 ≤ A)"},
				{"c2", "scalar", "1", "follower's unit cost (≥ 0, 2c2 − c1 ≤ A and 3c2 − 2c1 ≤ A)"},
			},
		},
		make: func(p map[string]ad.Tensor) (Game, error) { return makeDuopoly("cournot", p, 50, 1, 1) },
	},
	"torus": {
		info: BuiltinInfo{
			Name: "torus",
			Doc:  "location game on the torus of Fiez et al. §4.2: costs f_i = −α_i cos(θ_i − φ_i) + cos(θ_i − θ_−i), θ_i ∈ [−π, π)",
			Params: []ParamInfo{
				{"alpha1", "scalar", "1", "leader's attraction to φ1"},
				{"alpha2", "scalar", "1.3", "follower's attraction to φ2"},
				{"phi1", "scalar", "π/8", "leader's preferred position"},
				{"phi2", "scalar", "π/8", "follower's preferred position"},
			},
		},
		make: makeTorus,
	},
	"ac-toy": {
		info: BuiltinInfo{
			Name: "ac-toy",
			Doc:  "actor-critic toy game of Zheng et al. §3.2: actor (leader) cost −wθ, critic cost (wθ + θ²/5)², θ, w ∈ [−1, 1]",
		},
		make: func(p map[string]ad.Tensor) (Game, error) {
			if err := checkKnown("ac-toy", p, nil); err != nil {
				return nil, err
			}
			return NewACToy(), nil
		},
	},
	"soft-ac-toy": {
		info: BuiltinInfo{
			Name: "soft-ac-toy",
			Doc:  "soft actor-critic version of ac-toy (Zheng et al. Figs. 2, 6, 7): policy a = tanh(θ + σε), actor cost −E[wa + η log(1 − a²)], critic cost E[(wa + a²/5)²]",
			Params: []ParamInfo{
				{"sigma", "scalar", "0.5", "policy noise σ before squashing (0 < σ ≤ 1.8·√(nodes/32): 1.8 with the default nodes)"},
				{"eta", "scalar", "0.2", "entropy weight η (> 0)"},
				{"nodes", "scalar", "32", "Gauss–Hermite nodes of the expectations, a whole number from 16 to 2000 (within 2.5e-3 of the integrals up to the largest sigma they allow)"},
			},
		},
		make: func(p map[string]ad.Tensor) (Game, error) {
			if err := checkKnown("soft-ac-toy", p, []string{"sigma", "eta", "nodes"}); err != nil {
				return nil, err
			}
			sigma, err := scalarParam("soft-ac-toy", p, "sigma", 0.5)
			if err != nil {
				return nil, err
			}
			eta, err := scalarParam("soft-ac-toy", p, "eta", 0.2)
			if err != nil {
				return nil, err
			}
			nodes, err := scalarParam("soft-ac-toy", p, "nodes", softACToyNodes)
			if err != nil {
				return nil, err
			}
			if !(sigma > 0) {
				return nil, fmt.Errorf("soft-ac-toy: param sigma = %v must be positive", sigma)
			}
			if !(eta > 0) {
				return nil, fmt.Errorf("soft-ac-toy: param eta = %v must be positive", eta)
			}
			if nodes != math.Trunc(nodes) || nodes < softACToyMinNodes || nodes > softACToyMaxNodes {
				return nil, fmt.Errorf("soft-ac-toy: param nodes = %v must be a whole number from %d to %d", nodes, softACToyMinNodes, softACToyMaxNodes)
			}
			if limit := SoftACToyMaxSigma(int(nodes)); sigma > limit {
				return nil, fmt.Errorf("soft-ac-toy: param sigma = %v is above %v, the largest %v Gauss–Hermite nodes integrate accurately "+
					"(1.8·√(nodes/32): within 2.5e-3 of the integrals up to it; 32 nodes are off by 6e-2 at sigma = 5, the gradients by as much as half); "+
					"give more nodes (param nodes, up to %d: sigma ≤ 1.8·√(nodes/32)) or a smaller sigma",
					sigma, floorMilli(limit), nodes, softACToyMaxNodes)
			}
			return NewSoftACToy(SoftACToyParams{Sigma: sigma, Eta: eta, Nodes: int(nodes)}), nil
		},
	},
	"bimatrix": {
		info: BuiltinInfo{
			Name: "bimatrix",
			Doc:  "m×n matrix game on the simplices (softmax logits; Hi-C paper §2): payoffs pᵀAq + τH(p) − (λ/2)‖p‖², pᵀBq + τH(q) − (λ/2)‖q‖²",
			Params: []ParamInfo{
				{"A", "m×n", "", "leader's payoff matrix (required)"},
				{"B", "m×n", "", "follower's payoff matrix (required)"},
				{"entropy", "scalar", "0", "entropy weight τ ≥ 0"},
				{"l2", "scalar", "0", "L2 penalty weight λ ≥ 0"},
			},
		},
		make: makeBimatrix,
	},
	"quadratic": {
		info: BuiltinInfo{
			Name: "quadratic",
			Doc:  "general-sum quadratic game: costs f1 = ½xᵀAx + xᵀBy + ½yᵀCy + aᵀx, f2 = ½yᵀDy + yᵀEx + eᵀy; give the matrices, or d1, d2 and seed for a random well-posed instance",
			Params: []ParamInfo{
				{"A", "d1×d1", "", "leader's own curvature (symmetric, required)"},
				{"B", "d1×d2", "0", "leader's coupling"},
				{"C", "d2×d2", "0", "leader's cost of the follower's play (symmetric)"},
				{"a", "1×d1", "0", "leader's linear term"},
				{"D", "d2×d2", "", "follower's own curvature (symmetric, required)"},
				{"E", "d2×d1", "0", "follower's coupling"},
				{"e", "1×d2", "0", "follower's linear term"},
				{"d1", "scalar", "", "random instance: leader dimension"},
				{"d2", "scalar", "", "random instance: follower dimension"},
				{"seed", "scalar", "", "random instance: PCG seed (stream 0)"},
			},
		},
		make: makeQuadratic,
	},
}

// Builtins lists the built-in games in name order with their parameters.
func Builtins() []BuiltinInfo {
	out := make([]BuiltinInfo, 0, len(builtins))
	for _, name := range sortedKeys(builtins) {
		out = append(out, builtins[name].info)
	}
	return out
}

// BuiltinNames returns the names Builtin accepts, sorted.
func BuiltinNames() []string { return sortedKeys(builtins) }

// Builtin constructs the built-in game called name from named parameters
// (absent ones take the defaults listed by Builtins; params may be nil).
// An unknown name is an error listing the valid names; an unknown,
// missing or wrongly shaped parameter is an error naming it.
//
//   - duopoly: A = 100, c1 = 5, c2 = 2 (Fiez et al.); costs whose
//     closed-form equilibria leave [0, A] are refused; see NewDuopoly.
//   - cournot: the duopoly with A = 50, c1 = c2 = 1 (Loftin et al.).
//   - torus: alpha1 = 1, alpha2 = 1.3, phi1 = phi2 = π/8; see NewLocation.
//   - ac-toy: no parameters; see NewACToy.
//   - soft-ac-toy: sigma = 0.5, eta = 0.2 (both > 0), nodes = 32 (a whole
//     number from 16 to 2000; sigma ≤ SoftACToyMaxSigma(nodes)); see
//     NewSoftACToy.
//   - bimatrix: matrices A and B (m×n) required, entropy = l2 = 0; see
//     NewBimatrix.
//   - quadratic: matrices A and D required, B, C, a, E, e zero by default
//     (see NewQuadratic); or, instead, d1, d2 and seed for
//     RandomQuadratic(d1, d2, rand.New(rand.NewPCG(seed, 0))).
func Builtin(name string, params map[string]ad.Tensor) (Game, error) {
	b, ok := builtins[name]
	if !ok {
		return nil, fmt.Errorf("unknown built-in game %q (valid: %s)", clipSource(name), strings.Join(BuiltinNames(), ", "))
	}
	return b.make(params)
}

// checkKnown rejects parameters that are not in valid.
func checkKnown(game string, p map[string]ad.Tensor, valid []string) error {
	for _, k := range sortedKeys(p) {
		found := false
		for _, v := range valid {
			found = found || v == k
		}
		if !found {
			if len(valid) == 0 {
				return fmt.Errorf("%s: unknown param %q (the game takes no parameters)", game, clipSource(k))
			}
			return fmt.Errorf("%s: unknown param %q (valid: %s)", game, clipSource(k), strings.Join(valid, ", "))
		}
	}
	return nil
}

// scalarParam returns p[name] as a finite scalar, or def when absent.
func scalarParam(game string, p map[string]ad.Tensor, name string, def float64) (float64, error) {
	t, ok := p[name]
	if !ok {
		return def, nil
	}
	if t.Rows != 1 || t.Cols != 1 {
		return 0, fmt.Errorf("%s: param %s must be a scalar, got a %s", game, name, describeShape(t.Rows, t.Cols))
	}
	if len(t.Data) != 1 {
		return 0, fmt.Errorf("%s: param %s: tensor of shape 1x1 holds %d values", game, name, len(t.Data))
	}
	if math.IsNaN(t.Data[0]) || math.IsInf(t.Data[0], 0) {
		return 0, fmt.Errorf("%s: param %s = %g is not finite", game, name, t.Data[0])
	}
	return t.Data[0], nil
}

func makeDuopoly(name string, p map[string]ad.Tensor, a, c1, c2 float64) (Game, error) {
	if err := checkKnown(name, p, []string{"A", "c1", "c2"}); err != nil {
		return nil, err
	}
	var err error
	if a, err = scalarParam(name, p, "A", a); err != nil {
		return nil, err
	}
	if c1, err = scalarParam(name, p, "c1", c1); err != nil {
		return nil, err
	}
	if c2, err = scalarParam(name, p, "c2", c2); err != nil {
		return nil, err
	}
	d, err := NewDuopoly(a, c1, c2)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	d.name = name
	return d, nil
}

func makeTorus(p map[string]ad.Tensor) (Game, error) {
	const name = "torus"
	if err := checkKnown(name, p, []string{"alpha1", "alpha2", "phi1", "phi2"}); err != nil {
		return nil, err
	}
	v := [4]float64{1, 1.3, math.Pi / 8, math.Pi / 8}
	for i, k := range []string{"alpha1", "alpha2", "phi1", "phi2"} {
		var err error
		if v[i], err = scalarParam(name, p, k, v[i]); err != nil {
			return nil, err
		}
	}
	return NewLocation(v[0], v[1], v[2], v[3]), nil
}

func makeBimatrix(p map[string]ad.Tensor) (Game, error) {
	const name = "bimatrix"
	if err := checkKnown(name, p, []string{"A", "B", "entropy", "l2"}); err != nil {
		return nil, err
	}
	var rows [2][][]float64
	for i, k := range []string{"A", "B"} {
		t, ok := p[k]
		if !ok {
			return nil, fmt.Errorf("%s: param %s is missing (A and B are required)", name, k)
		}
		if err := checkTensor(k, t); err != nil {
			return nil, fmt.Errorf("%s: param %v", name, err)
		}
		for r := 0; r < t.Rows; r++ {
			rows[i] = append(rows[i], t.Data[r*t.Cols:(r+1)*t.Cols])
		}
	}
	if a, b := p["A"], p["B"]; a.Rows != b.Rows || a.Cols != b.Cols {
		// Named as "param B", the matrix given second, so that a
		// configuration's error is placed at its line (game.params.B).
		return nil, fmt.Errorf("%s: param B (%s) must have the shape of param A (%s)", name, b.Shape(), a.Shape())
	}
	var opt BimatrixOptions
	var err error
	if opt.Entropy, err = scalarParam(name, p, "entropy", 0); err != nil {
		return nil, err
	}
	if opt.L2, err = scalarParam(name, p, "l2", 0); err != nil {
		return nil, err
	}
	// NewBimatrix refuses these too, naming the option ("entropy = -1");
	// as a built-in's parameters they are named "param NAME", as the
	// other built-ins name theirs.
	for _, w := range []struct {
		key string
		v   float64
	}{{"entropy", opt.Entropy}, {"l2", opt.L2}} {
		if !(w.v >= 0) {
			return nil, fmt.Errorf("%s: param %s = %g must be finite and ≥ 0", name, w.key, w.v)
		}
	}
	// Return a nil Game, not a Game holding a nil *Bimatrix, on error.
	g, err := NewBimatrix(rows[0], rows[1], opt)
	if err != nil {
		return nil, err
	}
	return g, nil
}

func makeQuadratic(p map[string]ad.Tensor) (Game, error) {
	const name = "quadratic"
	matrices := []string{"A", "B", "C", "a", "D", "E", "e"}
	random := []string{"d1", "d2", "seed"}
	if err := checkKnown(name, p, append(append([]string(nil), matrices...), random...)); err != nil {
		return nil, err
	}
	var gotM, gotR []string
	for _, k := range matrices {
		if _, ok := p[k]; ok {
			gotM = append(gotM, k)
		}
	}
	for _, k := range random {
		if _, ok := p[k]; ok {
			gotR = append(gotR, k)
		}
	}
	if len(gotM) > 0 && len(gotR) > 0 {
		return nil, fmt.Errorf("%s: give either the matrices (A, B, C, a, D, E, e) or a random instance (d1, d2, seed), not both: got %s and %s", name, gotM[0], gotR[0])
	}
	if len(gotR) > 0 {
		var v [3]int
		for i, k := range random {
			t, ok := p[k]
			if !ok {
				return nil, fmt.Errorf("%s: param %s is missing (a random instance needs d1, d2 and seed)", name, k)
			}
			x, err := scalarParam(name, p, k, 0)
			if err != nil {
				return nil, err
			}
			if k == "seed" && (x != math.Trunc(x) || x < 0 || x > 1<<53) {
				return nil, fmt.Errorf("%s: param seed = %g must be a whole number from 0 to 2^53", name, t.Data[0])
			}
			if k != "seed" && (x != math.Trunc(x) || x < 1 || x > 1<<16) {
				return nil, fmt.Errorf("%s: param %s = %g must be a whole number from 1 to 65536 (a dimension)", name, k, t.Data[0])
			}
			v[i] = int(x)
		}
		q, err := RandomQuadratic(v[0], v[1], rand.New(rand.NewPCG(uint64(v[2]), 0)))
		if err != nil {
			return nil, err
		}
		return q, nil
	}
	for _, k := range []string{"A", "D"} {
		if _, ok := p[k]; !ok {
			return nil, fmt.Errorf("%s: param %s is missing (A and D are required; B, C, a, E, e default to zero)", name, k)
		}
	}
	q, err := NewQuadratic(QuadraticParams{A: p["A"], B: p["B"], C: p["C"], LinX: p["a"], D: p["D"], E: p["E"], LinY: p["e"]})
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return q, nil
}

package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestEveryBuiltinParameterized: Parameterized promises every built-in;
// soft-ac-toy had no Params. Each built-in's Params holds every parameter
// Builtins lists for it (quadratic's d1, d2, seed aside: they make a
// random instance, whose Params are its matrices), and soft-ac-toy's the
// values it was built with.
func TestEveryBuiltinParameterized(t *testing.T) {
	required := map[string]map[string]ad.Tensor{
		"bimatrix":  {"A": ad.Matrix([][]float64{{1, 0}}), "B": ad.Matrix([][]float64{{0, 1}})},
		"quadratic": {"A": ad.Scalar(2), "D": ad.Scalar(1)},
	}
	for _, info := range Builtins() {
		g, err := Builtin(info.Name, required[info.Name])
		if err != nil {
			t.Fatalf("%s: %v", info.Name, err)
		}
		pz, ok := g.(Parameterized)
		if !ok {
			t.Errorf("%s does not implement Parameterized", info.Name)
			continue
		}
		p := pz.Params()
		for _, pi := range info.Params {
			if info.Name == "quadratic" && (pi.Name == "d1" || pi.Name == "d2" || pi.Name == "seed") {
				continue
			}
			if _, ok := p[pi.Name]; !ok {
				t.Errorf("%s: Params lacks %q (has %v)", info.Name, pi.Name, p)
			}
		}
	}
	g, err := Builtin("soft-ac-toy", map[string]ad.Tensor{"sigma": ad.Scalar(0.7), "eta": ad.Scalar(0.3)})
	if err != nil {
		t.Fatal(err)
	}
	p := g.(Parameterized).Params()
	if len(p) != 3 || p["sigma"].Data[0] != 0.7 || p["eta"].Data[0] != 0.3 || p["nodes"].Data[0] != 32 {
		t.Errorf("soft-ac-toy Params = %v, want sigma 0.7, eta 0.3, nodes 32", p)
	}
}

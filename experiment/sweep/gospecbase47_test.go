package sweep

import (
	"math"
	"testing"
)

// TestGoSpecBaseNotRead47: a Spec built in Go with Base set but no Config
// is refused naming Base and saying that Expand does not read it. Before
// this session's review the error said "missing base (a config file) or
// config (an inline config)", that a base was missing where one was given.
func TestGoSpecBaseNotRead47(t *testing.T) {
	s := Spec{Name: "g", Base: "configs/base.yaml", Grid: []GridKey{{Key: "iterations", Values: []any{10, 20}}}}
	const want = `sweep: base "configs/base.yaml": Config is nil: Expand does not read the base file; read the spec with LoadSpec or ParseSpec, or set Config to the configuration`
	if jobs, err := s.Expand(); err == nil || err.Error() != want {
		t.Errorf("%d jobs, error %v\nwant %q", len(jobs), err, want)
	}
}

// TestGoSpecTypedNonFinite47: a Spec built in Go whose config or grid
// values hold NaN or Inf in a typed slice or map ([]float64,
// map[string]float64, as Go code writes them, not the []any and
// map[string]any YAML decodes) is refused naming the key, as the same
// values in []any are. Before this session's review the error was
// "sweep: configuration: json: unsupported value: NaN", naming nothing,
// and for a grid value "sweep: grid.init.x = : json: unsupported value:
// +Inf".
func TestGoSpecTypedNonFinite47(t *testing.T) {
	withInit := func(x any) map[string]any {
		c := goSpecBase()
		c["init"] = map[string]any{"x": x, "y": []float64{1}}
		return c
	}
	paramsNaN := goSpecBase()
	paramsNaN["game"] = map[string]any{"builtin": "duopoly", "params": map[string]float64{"a": math.NaN()}}
	grid := []GridKey{{Key: "iterations", Values: []any{10, 20}}}
	cases := []struct {
		name string
		spec Spec
		want string
	}{
		{"config []float64", Spec{Name: "g", Config: withInit([]float64{2, math.NaN()}), Grid: grid},
			"sweep: config: init.x[1] = NaN: " + nonFiniteWhy},
		{"config map[string]float64", Spec{Name: "g", Config: paramsNaN, Grid: grid},
			"sweep: config: game.params.a = NaN: " + nonFiniteWhy},
		{"grid []float64", Spec{Name: "g", Config: goSpecBase(), Grid: []GridKey{{Key: "init.x", Values: []any{[]float64{1}, []float64{math.Inf(1)}}}}},
			"sweep: grid.init.x[1][0] = +Inf: " + nonFiniteWhy},
	}
	for _, c := range cases {
		jobs, err := c.spec.Expand()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %d jobs, error %v\nwant %q", c.name, len(jobs), err, c.want)
		}
	}
	// Typed slices of finite values expand as []any do.
	ok := Spec{Name: "g", Config: withInit([]float64{2}), Grid: []GridKey{{Key: "init.x", Values: []any{[]float64{1}, []float64{3}}}}}
	if jobs, err := ok.Expand(); err != nil || len(jobs) != 2 {
		t.Errorf("finite typed values: %d jobs, error %v; want 2 and none", len(jobs), err)
	}
}

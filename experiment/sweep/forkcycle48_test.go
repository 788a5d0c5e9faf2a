package sweep

import "testing"

// fork48 is a Go value that holds itself twice over (f.A = f.B = f).
type fork48 struct{ A, B *fork48 }

// TestGoSpecForkingCycle48: a config value holding itself through two
// branches (m["a"] = m["b"] = m, or a struct's two pointers to itself)
// is refused with json's cycle error as one holding itself once is: the
// NaN check, bounded in depth, still tried every one of the 2^1000 paths
// down to its bound, and did not return.
func TestGoSpecForkingCycle48(t *testing.T) {
	grid := []GridKey{{Key: "iterations", Values: []any{10, 20}}}
	m := map[string]any{}
	m["a"], m["b"] = m, m
	f := &fork48{}
	f.A, f.B = f, f
	for _, c := range []struct {
		name string
		v    any
		want string
	}{
		{"map", m, "sweep: config: init: json: unsupported value: encountered a cycle via map[string]interface {}"},
		{"struct", f, "sweep: config: init: json: unsupported value: encountered a cycle via *sweep.fork48"},
	} {
		cfg := goSpecBase()
		cfg["init"] = map[string]any{"x": c.v, "y": []float64{1}}
		jobs, err := (&Spec{Name: "g", Config: cfg, Grid: grid}).Expand()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %d jobs, error %v\nwant %q", c.name, len(jobs), err, c.want)
		}
	}
}

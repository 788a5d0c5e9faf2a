package sweep

import (
	"math"
	"runtime/debug"
	"testing"
)

// celsius is a named float type, as Go code may hold one in a config tree.
type celsius float64

// point and tagged are structs in a config tree: JSON writes their
// exported fields, by the tag's name where there is one.
type point struct {
	X, Y   float64
	hidden float64
}
type tagged struct {
	point
	Z float64 `json:"z,omitempty"`
}

// TestGoSpecReflectNonFinite47I: a Spec built in Go whose config holds
// NaN or Inf under a named float type, a pointer, a map whose keys are
// not strings or a struct's exported field (by its JSON name; an
// unexported one is not written) is refused naming the key, as a
// []float64's is; before, the error was "sweep: configuration: json:
// unsupported value: NaN", naming nothing. A config tree or a grid value that holds itself (m["a"] = m)
// is refused with json's error naming the cycle: before, the NaN check
// (and the config's copy, normalise) recursed until the stack overflowed
// (a fatal error, the process gone; the test lowers the stack limit so
// that it fails fast).
func TestGoSpecReflectNonFinite47I(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(-1)
	withInit := func(x any) map[string]any {
		c := goSpecBase()
		c["init"] = map[string]any{"x": x, "y": []float64{1}}
		return c
	}
	grid := []GridKey{{Key: "iterations", Values: []any{10, 20}}}
	for _, c := range []struct {
		name string
		x    any
		want string
	}{
		{"named float", []celsius{1, celsius(nan)}, "init.x[1] = NaN"},
		{"pointer", []*float64{&inf}, "init.x[0] = -Inf"},
		{"int keys", map[int]float64{2: 1, 10: nan}, "init.x.10 = NaN"},
		{"structs", []point{{1, 2, nan}, {3, inf, 0}}, "init.x[1].Y = -Inf"},
		{"tagged", tagged{Z: nan}, "init.x.z = NaN"},
	} {
		jobs, err := (&Spec{Name: "g", Config: withInit(c.x), Grid: grid}).Expand()
		if want := "sweep: config: " + c.want + ": " + nonFiniteWhy; err == nil || err.Error() != want {
			t.Errorf("%s: %d jobs, error %v\nwant %q", c.name, len(jobs), err, want)
		}
	}
	defer debug.SetMaxStack(debug.SetMaxStack(64 << 20))
	self := map[string]any{}
	self["a"] = self
	jobs, err := (&Spec{Name: "g", Config: withInit(self), Grid: grid}).Expand()
	// Named by its top-level key since session 48.
	if want := "sweep: config: init: json: unsupported value: encountered a cycle via map[string]interface {}"; err == nil || err.Error() != want {
		t.Errorf("a config holding itself: %d jobs, error %v\nwant %q", len(jobs), err, want)
	}
	list := []any{1}
	list[0] = list
	jobs, err = (&Spec{Name: "g", Config: goSpecBase(), Grid: []GridKey{{Key: "init.x", Values: []any{list}}}}).Expand()
	if want := "sweep: grid.init.x = : json: unsupported value: encountered a cycle via []interface {}"; err == nil || err.Error() != want {
		t.Errorf("a grid value holding itself: %d jobs, error %v\nwant %q", len(jobs), err, want)
	}
}

package sweep

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// opaque48 writes its unexported number through its own MarshalJSON:
// json.Marshal's error (or output) is all that shows it.
type opaque48 struct{ v float64 }

func (o opaque48) MarshalJSON() ([]byte, error) { return json.Marshal(o.v) }

// raw48 writes its text as it is: JSON with a number beyond float64.
type raw48 string

func (r raw48) MarshalJSON() ([]byte, error) { return []byte(r), nil }

// failing48's MarshalJSON fails with an error of its own.
type failing48 struct{}

func (failing48) MarshalJSON() ([]byte, error) { return nil, errors.New("no reading") }

// masked48 writes [1] whatever its exported field holds.
type masked48 struct{ X float64 }

func (masked48) MarshalJSON() ([]byte, error) { return []byte("[1]"), nil }

// hiddenPtr48 embeds a pointer to an unexported struct type, whose
// exported fields JSON writes as its own, as it does point's in tagged.
type hiddenPtr48 struct {
	*point
	Z float64
}

// TestGoSpecMarshalerAndEmbeddedNonFinite48: a Spec built in Go whose config
// or grid value holds NaN or Inf in an exported field of an embedded
// struct of an unexported type, or inside a json.Marshaler, is refused
// naming the key: the field by the name JSON gives it, the Marshaler's own
// key where its output is opaque, and the key within its output where
// that holds a number beyond float64 (1e999). Before session 48 these
// said "sweep: configuration: json: unsupported value: NaN" (or "error
// calling MarshalJSON for type …"), or for a grid value "sweep:
// grid.init.x = : json: …", naming no key. A Marshaler is judged by what
// it writes: one whose exported field is NaN but whose output is finite
// (masked48) is not refused.
func TestGoSpecMarshalerAndEmbeddedNonFinite48(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(-1)
	for _, c := range []struct {
		name string
		x    any
		want string // the path below init.x and the value
	}{
		{"unexported embedded", tagged{point: point{X: nan}}, ".X = NaN"},
		{"unexported embedded pointer", hiddenPtr48{point: &point{Y: inf}}, ".Y = -Inf"},
		{"marshaler", opaque48{nan}, " = NaN"},
		{"marshaler in a list", []any{1, map[string]any{"a": opaque48{inf}}}, "[1].a = -Inf"},
		{"marshaler pointer", []*opaque48{{1}, {nan}}, "[1] = NaN"},
		{"marshaler output", raw48(`{"b": [2, 1e999]}`), ".b[1] = +Inf"},
	} {
		cfg := goSpecBase()
		cfg["init"] = map[string]any{"x": c.x, "y": []float64{1}}
		jobs, err := (&Spec{Name: "g", Config: cfg, Grid: []GridKey{{Key: "iterations", Values: []any{10, 20}}}}).Expand()
		if want := "sweep: config: init.x" + c.want + ": " + nonFiniteWhy; err == nil || err.Error() != want {
			t.Errorf("%s in config: %d jobs, error %v\nwant %q", c.name, len(jobs), err, want)
		}
		jobs, err = (&Spec{Name: "g", Config: goSpecBase(), Grid: []GridKey{{Key: "init.x", Values: []any{[]any{1}, c.x}}}}).Expand()
		if want := "sweep: grid.init.x[1]" + c.want + ": " + nonFiniteWhy; err == nil || err.Error() != want {
			t.Errorf("%s in grid: %d jobs, error %v\nwant %q", c.name, len(jobs), err, want)
		}
	}
	cfg := goSpecBase()
	cfg["init"] = map[string]any{"x": masked48{nan}, "y": []float64{1}}
	jobs, err := (&Spec{Name: "g", Config: cfg, Grid: []GridKey{{Key: "iterations", Values: []any{10, 20}}}}).Expand()
	if err != nil || len(jobs) != 2 {
		t.Errorf("a Marshaler writing [1]: %d jobs, error %v; want 2 jobs", len(jobs), err)
	}
}

// TestGoSpecMarshalerErrorNamesKey48: a config whose json.Marshaler fails
// with an error of its own (not a NaN or Inf json found) is refused with
// json's error, which names no key: the error names the top-level key
// whose value fails, as a grid value's names its grid key. Before session
// 48 it was "sweep: configuration: json: error calling MarshalJSON …".
func TestGoSpecMarshalerErrorNamesKey48(t *testing.T) {
	cfg := goSpecBase()
	cfg["init"] = map[string]any{"x": []any{failing48{}}, "y": []float64{1}}
	jobs, err := (&Spec{Name: "g", Config: cfg, Grid: []GridKey{{Key: "iterations", Values: []any{10, 20}}}}).Expand()
	const want = "sweep: config: init: json: error calling MarshalJSON for type sweep.failing48: no reading"
	if err == nil || err.Error() != want {
		t.Errorf("%d jobs, error %v\nwant %q", len(jobs), err, want)
	}
}

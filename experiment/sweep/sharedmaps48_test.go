package sweep

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stackel/stackel/internal/safeyaml"
)

// sharedMaps48 is a tree of d levels of maps built in Go, each level's two
// keys holding the one map below (m0 = {}, m_{i+1} = {a: m_i, b: m_i}):
// d+1 maps, and 2^(d+1) − 1 values as JSON writes it.
func sharedMaps48(d int) map[string]any {
	m := map[string]any{}
	for range d {
		m = map[string]any{"a": m, "b": m}
	}
	return m
}

// tooMany48 is the error for more values than half the input limit bytes.
func tooMany48(at string, limit int) string {
	return "sweep: " + at + ": more than " + strconv.Itoa(limit/2) + " values, counted in key order by this key (a map or list that a config built in Go shares counts wherever it appears, as JSON writes it), more than its JSON could hold within the input limit at 2 bytes a value (limit " + strconv.Itoa(limit) + "; set STACKEL_MAX_INPUT_BYTES to raise it)"
}

// TestGoSpecSharedMaps48: a Spec built in Go whose config shares its maps
// 40 levels deep (2^41 values as JSON writes it) is refused, naming the
// top-level key and the bound (half the input limit in bytes, 4194304
// values by default), as are such a grid value and exclude value, and the
// copy of such a config. Before session 48 the NaN check walked every
// one of the 2^41 paths (at 20 levels Expand took 25 s, ending in the
// input-size error; from about 30, json.Marshal ran out of memory): with
// -timeout 20s this test timed out.
func TestGoSpecSharedMaps48(t *testing.T) {
	grid := []GridKey{{Key: "iterations", Values: []any{10, 20}}}
	cfg := goSpecBase()
	cfg["init"] = map[string]any{"x": sharedMaps48(40), "y": []float64{1}}
	jobs, err := (&Spec{Name: "g", Config: cfg, Grid: grid}).Expand()
	if want := tooMany48("config: init", safeyaml.DefaultMaxBytes); err == nil || err.Error() != want {
		t.Errorf("config: %d jobs, error %v\nwant %s", len(jobs), err, want)
	}

	// The rest under a lower limit, 1000 values, to stay fast.
	const limit = 2000
	t.Setenv(safeyaml.EnvMaxBytes, strconv.Itoa(limit))
	for _, c := range []struct {
		name string
		s    *Spec
		want string
	}{
		{"grid value", &Spec{Name: "g", Config: goSpecBase(), Grid: []GridKey{{Key: "init.x", Values: []any{[]any{1}, sharedMaps48(40)}}}},
			tooMany48("grid.init.x[1].a", limit)},
		{"exclude value", &Spec{Name: "g", Config: goSpecBase(), Grid: grid, Exclude: []map[string]any{{"iterations": sharedMaps48(40)}}},
			tooMany48("exclude[0].iterations.a", limit)},
	} {
		jobs, err := c.s.Expand()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %d jobs, error %v\nwant %s", c.name, len(jobs), err, c.want)
		}
	}
	// The copy counts too (Expand's NaN check refuses such a config
	// before it copies it).
	cfg["init"] = map[string]any{"x": sharedMaps48(40)}
	if _, err := cloneTree(cfg); err == nil || err.Error() != tooMany48("config: init", limit) {
		t.Errorf("copy: error %v\nwant %s", err, tooMany48("config: init", limit))
	}
}

// TestGoSpecLargeConfig48: the bound on values refuses no config whose
// JSON the input limit accepts. A formula game's list of 100 000 numbers
// passes the NaN check and the copy under the default limit; a config of
// a list of 2 000 numbers expands with the input limit set to its JSON's
// length.
func TestGoSpecLargeConfig48(t *testing.T) {
	formula := func(n int) map[string]any {
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(i)
		}
		cfg := goSpecBase()
		cfg["game"] = map[string]any{"sense": "cost", "dims": []int{1, 1}, "f1": "x[0]*x[0] + v[0]*x[0]", "f2": "y[0]*y[0]", "params": map[string]any{"v": v}}
		return cfg
	}
	cfg := formula(100_000)
	if _, _, _, err := nonFinite(cfg, "config"); err != nil {
		t.Errorf("NaN check: %v", err)
	}
	if c, err := cloneTree(cfg); err != nil {
		t.Errorf("copy: %v", err)
	} else if v, _ := c["game"].(map[string]any)["params"].(map[string]any)["v"].([]any); len(v) != 100_000 {
		t.Errorf("copy: %d numbers, want 100000", len(v))
	}

	cfg = formula(2000)
	b, err := canonical(cfg) // the jobs' configs: iterations 20 as long as 50
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(safeyaml.EnvMaxBytes, strconv.Itoa(len(b)))
	grid := []GridKey{{Key: "iterations", Values: []any{10, 20}}}
	if jobs, err := (&Spec{Name: "g", Config: cfg, Grid: grid}).Expand(); err != nil || len(jobs) != 2 {
		t.Errorf("%d jobs, error %v; want 2 jobs", len(jobs), err)
	}
	// One byte less, and the input limit refuses it, as before session 48.
	t.Setenv(safeyaml.EnvMaxBytes, strconv.Itoa(len(b)-1))
	want := fmt.Sprintf("sweep: config: input of %d bytes is too large (limit %d; set STACKEL_MAX_INPUT_BYTES to raise it)", len(b), len(b)-1)
	if jobs, err := (&Spec{Name: "g", Config: cfg, Grid: grid}).Expand(); err == nil || err.Error() != want {
		t.Errorf("one byte short: %d jobs, error %v\nwant %s", len(jobs), err, want)
	}
}

package experiment

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/learn/uncoupled"
	"github.com/stackel/stackel/loop"
)

// TestHiCRecordsLeaderMean54: a Hi-C run's metrics.csv records, after the
// columns it always had (the perturbed x̃_n = x_n + δ_n Δ_n played, y, f1
// and f2, unchanged), the leader's mean x_n — what Theorem 3.6 is about —
// as xm0, … and δ_n as delta; summary.json's final keeps its keys and adds
// x_mean. On the Cournot config (δ_n = n^−0.6, Eq. 19's k_n), each row's
// delta is δ_n of the interval in progress at its stage (the k_n summed,
// uncoupled.CommitmentLength) bit for bit, and x0 is xm0 ± delta (the
// quantities stay inside [0, 50]), to the 1e-12 the text's %g keeps;
// final.x_mean is the last row's xm0.
func TestHiCRecordsLeaderMean54(t *testing.T) {
	cfg, err := ParseConfig([]byte(hicEq19YAML))
	if err != nil {
		t.Fatal(err)
	}
	run, err := HiCRunConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := runYAML(t, hicEq19YAML)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "iter,x0,y0,f1,f2,xm0,delta" {
		t.Fatalf("header %q; want iter,x0,y0,f1,f2,xm0,delta", lines[0])
	}
	if len(lines) != 1002 { // stages 0 … 1000
		t.Fatalf("%d rows; want 1001", len(lines)-1)
	}
	// interval returns n of the interval in progress at stage t.
	interval := func(stage int) int {
		n, end := 1, 0
		for {
			k, err := uncoupled.CommitmentLength(run.Leader.Commitment, n)
			if err != nil {
				t.Fatal(err)
			}
			if end += k; stage < end {
				return n
			}
			n++
		}
	}
	var last []float64
	for _, line := range lines[1:] {
		f := strings.Split(line, ",")
		v := make([]float64, len(f))
		for i, s := range f {
			if v[i], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatalf("row %q: %v", line, err)
			}
		}
		stage, x, xm, d := int(v[0]), v[1], v[5], v[6]
		n := interval(stage)
		if want := (loop.Power{A: 1, P: 0.6}).At(n); d != want {
			t.Errorf("stage %d: delta %v; want δ_%d = %v", stage, d, n, want)
		}
		if math.Abs(math.Abs(x-xm)-d) > 1e-12 {
			t.Errorf("stage %d: x0 %v is not xm0 %v ± delta %v", stage, x, xm, d)
		}
		last = v
	}
	var sum struct {
		Final map[string]json.RawMessage `json:"final"`
	}
	sb, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(sb, &sum); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"x", "y", "f1", "f2", "x_mean"} {
		if _, ok := sum.Final[k]; !ok {
			t.Errorf("summary.json final has no %s: %s", k, sb)
		}
	}
	var xm []float64
	if err := json.Unmarshal(sum.Final["x_mean"], &xm); err != nil || len(xm) != 1 || xm[0] != last[5] {
		t.Errorf("final.x_mean %s (%v); want [%v], the last row's xm0", sum.Final["x_mean"], err, last[5])
	}
	// The keys keep their order: the new one comes last.
	if i, j := strings.Index(string(sb), `"f2"`), strings.Index(string(sb), `"x_mean"`); i < 0 || j < i {
		t.Errorf("summary.json: x_mean before f2: %s", sb)
	}
}

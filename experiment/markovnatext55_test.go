package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkovProgressNotComputed55: patrol at λ = 0.001 ends with its
// follower Hessian singular, hier_grad_norm not computed. The line the
// run prints said ‖∇V1(θ1,B(θ1))‖=-1, the marker read as a norm; it says
// n/a and why now, while summary.json and metrics.csv keep the documented
// -1.
func TestMarkovProgressNotComputed55(t *testing.T) {
	cfg, err := ParseConfig([]byte("name: tiny\ngame: {markov_builtin: patrol, params: {lambda: 0.001}}\ndynamics:\n  kind: stackelberg-pg\niterations: 200\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	msg, err := Run(context.Background(), cfg, RunOptions{Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	if want := "‖∇V1(θ1,B(θ1))‖=n/a (singular follower Hessian or non-finite gradient) br_gap=0.999\n"; !strings.Contains(msg, want) {
		t.Errorf("message lacks %q:\n%s", want, msg)
	}
	if strings.Contains(msg, "=-1") {
		t.Errorf("message prints the marker -1 as a norm:\n%s", msg)
	}
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Final struct {
			HierGradNorm float64 `json:"hier_grad_norm"`
		} `json:"final"`
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Final.HierGradNorm != -1 {
		t.Errorf("summary.json hier_grad_norm = %v, want the documented -1", sum.Final.HierGradNorm)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if last := strings.Split(rows[len(rows)-1], ","); len(last) != 5 || last[3] != "-1" {
		t.Errorf("metrics.csv last row %q: want hier_grad_norm -1", rows[len(rows)-1])
	}
}

//go:build mujoco

package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/stackel/stackel/rl/env/mujoco"
)

const mujocoLinked = true

// TestMuJoCoSuiteQuick runs stddpg-mujoco's DDPG curve shortened (--quick,
// --steps 300, one seed) on the four tasks: one directory, table and
// results per task, every run of the given length, and the figure with a
// panel per task.
func TestMuJoCoSuiteQuick(t *testing.T) {
	r, err := Lookup("stddpg-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	// Seed-major across tasks: seed 1 of every variant on every task first.
	jobs, err := r.Jobs(Options{Quick: true, Seeds: 2})
	if err != nil || len(jobs) != 2*3*len(mujocoEnvs) {
		t.Fatalf("%d jobs, %v", len(jobs), err)
	}
	for k, j := range jobs {
		seed, task := k/(3*len(mujocoEnvs))+1, mujocoEnvs[k/3%len(mujocoEnvs)]
		if j.Labels["seed"] != strconv.Itoa(seed) || j.Labels["env"] != task || !strings.HasPrefix(j.Out, task+"/") {
			t.Errorf("job %d: %v in %s, want seed %d on %s", k, j.Labels, j.Out, seed, task)
		}
	}
	out := t.TempDir()
	var log bytes.Buffer
	if err := r.Execute(context.Background(), Options{Out: out, Quick: true, Seeds: 1, Workers: 1, Log: &log,
		Variants: []string{"ddpg"}, Steps: 300}); err != nil {
		t.Fatal(err)
	}
	for _, e := range mujocoEnvs {
		b, err := os.ReadFile(filepath.Join(out, e, "ddpg", "seed1", "summary.json"))
		if err != nil {
			t.Fatal(err)
		}
		var sum struct {
			Steps int    `json:"steps"`
			Env   string `json:"env"`
		}
		if err := json.Unmarshal(b, &sum); err != nil || sum.Steps != 300 || sum.Env != e {
			t.Errorf("%s: summary %s (%v)", e, b, err)
		}
		if _, err := os.Stat(filepath.Join(out, e, "results.json")); err != nil {
			t.Error(err)
		}
	}
	for _, f := range []string{"report.md", "learning_curves.png", "learning_curves.svg"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}

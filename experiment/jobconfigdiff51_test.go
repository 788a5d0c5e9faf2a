package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOtherJobErrorNamesDifference51: a directory holding the outputs of
// another job is refused with an error that says how that job differs
// from the one given: reproduce --dtype float64 over a float32 set said
// only "holds the outputs of job 800deff79df7416f, not of job
// 3bdca8ad2c0b7956 (a different config or seed, e.g. --quick against a
// full run)", leaving the user to compare hashes. Table: the differing
// key paths with both values, the rest of the config left out.
func TestOtherJobErrorNamesDifference51(t *testing.T) {
	rc := tinyRL()
	base, err := NewJob(&Config{Name: "tiny", RL: &rc}, 2, "rl")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		change func(*RLConfig) uint64
		want   string
	}{
		{"dtype", func(r *RLConfig) uint64 { r.DType = "float64"; return 2 }, "rl.dtype: none there, float64 for this job"},
		{"seed", func(r *RLConfig) uint64 { return 3 }, "seed: 2 there, 3 for this job"},
		{"hidden and unroll", func(r *RLConfig) uint64 { r.Hidden = []int{8, 8}; r.Unroll = 4; return 2 }, "rl.hidden: [8] there, [8 8] for this job; rl.unroll: 0 there, 4 for this job"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "rl")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			rec := JobRecord{Job: base, Status: JobDone}
			if err := WriteJSON(dir, JobFile, rec); err != nil {
				t.Fatal(err)
			}
			other := tinyRL()
			seed := c.change(&other)
			j, err := NewJob(&Config{Name: "tiny", RL: &other}, seed, "rl")
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = JobState(dir, j)
			if err == nil || !strings.Contains(err.Error(), "holds the outputs of job "+base.ID+", not of job "+j.ID+" ("+c.want+")") {
				t.Errorf("JobState: %v\nwant it to name %q", err, c.want)
			}
		})
	}
}

// TestEditedConfigErrorNamesDifference51: a finished job whose
// config.yaml was edited by hand (rl.cg.lambda 10 → 0.5) is refused
// naming the edit. Before, the error said config.yaml held "another run
// ("tiny", seed 2)" beside the job's own ("tiny", seed 2): the same name
// and seed, with nothing to tell what differed.
func TestEditedConfigErrorNamesDifference51(t *testing.T) {
	rc := tinyRL()
	j, err := NewJob(&Config{Name: "tiny", RL: &rc}, 2, "rl")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "rl")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(dir, JobFile, JobRecord{Job: j, Status: JobDone}); err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(j.Config, "lambda: 10.0", "lambda: 0.5", 1)
	if edited == j.Config {
		t.Fatalf("config has no 'lambda: 10.0':\n%s", j.Config)
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = JobState(dir, j)
	want := `config.yaml holds another run ("tiny", seed 2), which differs in rl.cg.lambda: 10 in job.json, 0.5 in config.yaml: another run`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("JobState: %v\nwant it to contain %q", err, want)
	}
}

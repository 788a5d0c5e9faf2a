package experiment

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPendingRefusesRunOfOtherDefaults51: an RL job's ID hashes its
// config text, which leaves out what the algorithm's defaults set (the
// actor's and critic's steps, γ, the batch sizes, …): a stackel whose
// defaults changed gives the same job ID to a run with other settings.
// job.json records the run's effective settings (agent.Config, every
// default resolved: "settings"), and Pending refuses a finished run whose
// recorded settings differ from those this binary gives the job, naming
// the setting and both values; a record without settings (made before
// session 51) is reused as before. Before, job.json had no settings, and
// a set extended by a stackel with other defaults mixed the two silently.
func TestPendingRefusesRunOfOtherDefaults51(t *testing.T) {
	root := t.TempDir()
	rc := tinyRL()
	rc.Steps = 400
	j, dir := runTinyRL(t, root, rc, 2)
	path := filepath.Join(dir, JobFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(orig, &m); err != nil {
		t.Fatal(err)
	}
	settings, ok := m["settings"].(map[string]any)
	if !ok {
		t.Fatalf("job.json has no settings: %s", orig)
	}
	ac, err := RLAgentConfig(rc, 2)
	if err != nil {
		t.Fatal(err)
	}
	if settings["ActorLR"] != ac.ActorLR || settings["Gamma"] != ac.Gamma || settings["BatchSize"] != float64(ac.BatchSize) ||
		settings["DType"] != "float32" || settings["Activation"] != ac.Activation.String() {
		t.Errorf("settings ActorLR %v, Gamma %v, BatchSize %v, DType %v, Activation %v; want %v, %v, %v, float32, %v (by name)",
			settings["ActorLR"], settings["Gamma"], settings["BatchSize"], settings["DType"], settings["Activation"], ac.ActorLR, ac.Gamma, ac.BatchSize, ac.Activation)
	}
	if _, finished, err := Pending(root, []Job{j}); err != nil || len(finished) != 1 {
		t.Fatalf("run as recorded: finished %d, %v; want finished", len(finished), err)
	}
	write := func(m map[string]any) {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	settings["ActorLR"] = 0.5 // another stackel's default
	write(m)
	_, finished, err := Pending(root, []Job{j})
	if err == nil || len(finished) != 0 {
		t.Fatalf("run of another actor step: finished %d, %v; want an error", len(finished), err)
	}
	for _, w := range []string{dir + ":", "ActorLR 0.5 in job.json, " + strings.TrimSpace(jsonText(t, ac.ActorLR)) + " now", "not reused"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	delete(m, "settings") // a record made before session 51
	write(m)
	if _, finished, err := Pending(root, []Job{j}); err != nil || len(finished) != 1 {
		t.Errorf("record without settings: finished %d, %v; want finished", len(finished), err)
	}
}

// jsonText is v as encoding/json writes it.
func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

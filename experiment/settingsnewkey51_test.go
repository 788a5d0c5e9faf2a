package experiment

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPendingReusesRunRecordedBeforeNewSetting51: a finished RL run whose
// job.json settings lack a setting this stackel has (recorded by a
// stackel from before the setting was added: agent.Config gains fields
// as options are added, LanczosIters, CG.Hessian) is reused, as
// checkDoneRows does not compare the keys a summary.json lacks: the
// setting did not exist to be changed. Before, every such key was a
// difference ("LanczosIters absent from job.json, 10 now"; a field added
// to CG made the whole CG differ), so the first option added after
// session 51 would have refused every run made since. A setting recorded
// with another value, nested ones too, is still refused, naming its path
// ("CG.Lambda 7 in job.json, 10 now").
func TestPendingReusesRunRecordedBeforeNewSetting51(t *testing.T) {
	root := t.TempDir()
	rc := tinyRL()
	rc.Steps = 400
	j, dir := runTinyRL(t, root, rc, 2)
	path := filepath.Join(dir, JobFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		edit func(s map[string]any)
		want string // "" for reused
	}{
		{"no LanczosIters", func(s map[string]any) { delete(s, "LanczosIters") }, ""},
		{"no CG.Hessian", func(s map[string]any) { delete(s["CG"].(map[string]any), "Hessian") }, ""},
		{"CG.Lambda 7", func(s map[string]any) { s["CG"].(map[string]any)["Lambda"] = 7 }, "(CG.Lambda 7 in job.json, 10 now)"},
		{"no CG.Hessian, CG.Lambda 7", func(s map[string]any) {
			delete(s["CG"].(map[string]any), "Hessian")
			s["CG"].(map[string]any)["Lambda"] = 7
		}, "(CG.Lambda 7 in job.json, 10 now)"},
		{"Gamma 0.9, no LanczosIters", func(s map[string]any) { s["Gamma"] = 0.9; delete(s, "LanczosIters") }, "(Gamma 0.9 in job.json, 0.99 now)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(orig, &m); err != nil {
				t.Fatal(err)
			}
			s, ok := m["settings"].(map[string]any)
			if !ok {
				t.Fatalf("job.json has no settings: %s", orig)
			}
			c.edit(s)
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			_, finished, err := Pending(root, []Job{j})
			if c.want == "" {
				if err != nil || len(finished) != 1 {
					t.Errorf("finished %d, %v; want the run reused", len(finished), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("finished %d, %v; want an error with %q", len(finished), err, c.want)
			}
		})
	}
}

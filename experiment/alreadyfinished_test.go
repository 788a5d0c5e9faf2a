package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// RunJob tells a job it ran from one it found finished: AlreadyFinished is
// false on the record of the run and true on the record of the skip (done
// or failed), and is never written into job.json.
func TestRunJobAlreadyFinished(t *testing.T) {
	dir := t.TempDir()
	j := mustJob(t, jobTestConfig, 3, "run")
	out := filepath.Join(dir, "run")
	rec, err := RunJob(context.Background(), j, out, nil)
	if err != nil || rec.Status != JobDone || rec.AlreadyFinished {
		t.Fatalf("first RunJob: status %s, AlreadyFinished %v, %v; want done, false", rec.Status, rec.AlreadyFinished, err)
	}
	rec, err = RunJobWith(context.Background(), j, out, JobOptions{})
	if err != nil || rec.Status != JobDone || !rec.AlreadyFinished {
		t.Errorf("second RunJob: status %s, AlreadyFinished %v, %v; want done, true", rec.Status, rec.AlreadyFinished, err)
	}
	b, _ := os.ReadFile(filepath.Join(out, JobFile))
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for k := range m {
		if strings.Contains(strings.ToLower(k), "already") {
			t.Errorf("job.json holds %q", k)
		}
	}
	// A job that fails: not AlreadyFinished when it ran, and found failed
	// (nil error) the second time.
	badCfg := strings.Replace(jobTestConfig, "builtin: duopoly", "builtin: nosuchgame", 1)
	bad := mustJobNoParse(t, badCfg, 1, "bad")
	badOut := filepath.Join(dir, "bad")
	rec, err = RunJob(context.Background(), bad, badOut, nil)
	if err == nil || rec.Status != JobFailed || rec.AlreadyFinished {
		t.Errorf("failing job: status %s, AlreadyFinished %v, %v; want failed, false, an error", rec.Status, rec.AlreadyFinished, err)
	}
	rec, err = RunJob(context.Background(), bad, badOut, nil)
	if err != nil || rec.Status != JobFailed || !rec.AlreadyFinished || rec.Error == "" {
		t.Errorf("failed job given again: status %s, AlreadyFinished %v, error %q, %v; want failed, true, the recorded error, nil", rec.Status, rec.AlreadyFinished, rec.Error, err)
	}
}

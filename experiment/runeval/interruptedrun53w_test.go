package runeval

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestInterruptedRunSaysSo53w: a run stopped by Ctrl-C or SIGTERM
// (summary.json's "interrupted": true, its error "ddpg epoch 2: context
// canceled") is played from its last checkpoint like a run that failed,
// but Run.Stopped says it was interrupted and can be resumed, not Go's
// "context canceled" as if the run had failed (seen with a DDPG
// Pendulum-v1 run stopped by Ctrl-C at epoch 12). A run that failed keeps
// its error as it is.
func TestInterruptedRunSaysSo53w(t *testing.T) {
	root := t.TempDir()
	for _, c := range []struct {
		name        string
		interrupted bool
		err, want   string
	}{
		{"interrupted", true, "ddpg epoch 2: context canceled", "interrupted during ddpg epoch 2 (Ctrl-C or SIGTERM), not failed: stackel run --resume on its directory continues it"},
		{"failed", false, "ddpg epoch 2: critic loss is +Inf", "ddpg epoch 2: critic loss is +Inf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := tinyRun(t, filepath.Join(root, c.name), "ddpg", 1)
			if err := os.Remove(filepath.Join(dir, experiment.JobFile)); err != nil { // as stackel run leaves it
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(dir, experiment.SummaryFile))
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			m["error"] = c.err
			if c.interrupted {
				m["interrupted"] = true
			}
			if err := experiment.WriteJSON(dir, experiment.SummaryFile, m); err != nil {
				t.Fatal(err)
			}
			res, err := Evaluate(context.Background(), Options{Dirs: []string{dir}, Episodes: 1})
			if err != nil || len(res.Runs) != 1 || res.Runs[0].Stopped != c.want {
				t.Errorf("err %v, stopped %q\nwant %q", err, res.Runs[0].Stopped, c.want)
			}
		})
	}
}

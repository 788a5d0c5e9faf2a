package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestStoppedResumeSummaryCountsCheckpointEpochs: a run resumed from its
// checkpoint at epoch 2 and stopped before its third epoch ends records
// in summary.json the 2 epochs and 400 steps that metrics.csv holds, as
// the same run stopped at the same point without a resume does (and as
// its own steps_per_second and final returns, taken from those rows,
// say). Before, it recorded "epochs": 0 and "steps": 0.
func TestStoppedResumeSummaryCountsCheckpointEpochs(t *testing.T) {
	stopAfterTwo := func(t *testing.T, dir string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		_, err := RunRL(ctx, tinyRL(), 5, dir, false, func(done, total int) {
			if done == 2 {
				cancel()
			}
		})
		if !Interrupted(err) {
			t.Fatalf("stopping after epoch 2: %v", err)
		}
	}
	type counts struct {
		Epochs      int            `json:"epochs"`
		Steps       int            `json:"steps"`
		Final       map[string]any `json:"final"`
		Interrupted bool           `json:"interrupted"`
		Error       string         `json:"error"`
	}
	read := func(t *testing.T, dir string) counts {
		var c counts
		b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
		if err != nil || json.Unmarshal(b, &c) != nil {
			t.Fatalf("summary.json: %v: %s", err, b)
		}
		return c
	}
	plain := t.TempDir()
	stopAfterTwo(t, plain)
	want := read(t, plain)
	if want.Epochs != 2 || want.Steps != 400 {
		t.Fatalf("run stopped in epoch 3: epochs %d, steps %d; want 2 and 400", want.Epochs, want.Steps)
	}

	resumed := t.TempDir()
	stopAfterTwo(t, resumed)
	if _, err := RunRL(newStopAfter(0), tinyRL(), 5, resumed, true, nil); !Interrupted(err) {
		t.Fatalf("resume stopped at once: %v", err)
	}
	got := read(t, resumed)
	if got.Epochs != 2 || got.Steps != 400 {
		t.Errorf("resumed run stopped in epoch 3: epochs %d, steps %d; want 2 and 400", got.Epochs, got.Steps)
	}
	if gf, wf := got.Final, want.Final; gf["avg_return"] != wf["avg_return"] || gf["test_return"] != wf["test_return"] ||
		!got.Interrupted || got.Error != want.Error {
		t.Errorf("resumed run stopped in epoch 3: %+v\nthe run stopped there without a resume: %+v", got, want)
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInterruptedSummaryIsThisRuns55c: the interrupted hint is given only
// when summary.json records this run's error and that error is the
// interruption alone. An earlier run's summary.json (this run's could not
// be written: its error names another epoch, and the write's error is
// joined to the run's) or an interruption joined to another failure keeps
// the run's own error, which the hint hid: "interrupted in epoch 129 …
// holds none" for a run whose checkpoint was epoch 128's, and no word of
// the summary.json that was not written.
func TestInterruptedSummaryIsThisRuns55c(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	canceled := fmt.Errorf("ac epoch 129: %w", context.Canceled)
	notWritten := errors.Join(canceled, errors.New("writing summary.json: open D/.summary.json.tmp: operation not permitted"))
	for _, c := range []struct {
		name    string
		summary string
		err     error
		want    string // "" for err itself
	}{
		{"an earlier run's summary", `{"epochs": 127, "resumed_from_epoch": 100, "interrupted": true, "error": "ac epoch 128: context canceled"}`, canceled, ""},
		{"this run's summary not written", `{"epochs": 128, "resumed_from_epoch": 128, "interrupted": true, "error": "ac epoch 129: context canceled"}`, notWritten, ""},
		{"another failure joined", `{"epochs": 128, "interrupted": true, "error": "ac epoch 129: context canceled\nmetrics.csv: no space left on device"}`,
			errors.Join(canceled, errors.New("metrics.csv: no space left on device")), ""},
		{"no error recorded", `{"epochs": 128, "interrupted": true}`, canceled, ""},
		{"this run's summary", `{"epochs": 128, "resumed_from_epoch": 128, "interrupted": true, "error": "ac epoch 129: context canceled"}`, canceled,
			"interrupted in epoch 129 (Ctrl-C or SIGTERM), not failed: its last checkpoint is epoch 128's, in D; stackel run --resume D continues it from there"},
		{"a job's", `{"epochs": 128, "resumed_from_epoch": 128, "interrupted": true, "error": "ac epoch 129: context canceled"}`, namedJobError("72c6514d21149097", canceled),
			"interrupted in epoch 129 (Ctrl-C or SIGTERM), not failed: its last checkpoint is epoch 128's, in D; stackel run --resume D continues it from there"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "D")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "config.yaml", "name: r\nseed: 3\nrl: {env: CartPole-v1, algo: ac, steps: 200000, steps_per_epoch: 500, checkpoint_every: 1000}\n")
			writeFile(t, dir, "summary.json", c.summary)
			got := interruptedHint(ctx, c.err, dir)
			if c.want == "" {
				if got != c.err {
					t.Errorf("got\n%v\nwant the run's own error\n%v", got, c.err)
				}
				return
			}
			if want := strings.ReplaceAll(c.want, " D", " "+dir); got.Error() != want {
				t.Errorf("got\n%v\nwant\n%s", got, want)
			}
		})
	}
}

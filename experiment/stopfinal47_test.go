package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// cancelSummary is what TestCancelledFinal reads of summary.json.
type cancelSummary struct {
	Final struct {
		X, Y   []float64
		F1, F2 *float64
	}
	Stages     int
	Iterations int
	RunStatus  string `json:"run_status"`
}

// runSummary runs the config text into a new directory, cancelling the
// run when its progress reaches stage (or iteration) cancelAt (0: never),
// and returns summary.json and the run's error.
func cancelledRunSummary(t *testing.T, text string, cancelAt int) (cancelSummary, error) {
	t.Helper()
	cfg, err := ParseConfig([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	_, runErr := Run(ctx, cfg, RunOptions{Out: dir, Progress: func(done, _ int) {
		if cancelAt > 0 && done >= cancelAt {
			cancel()
		}
	}})
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum cancelSummary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	return sum, runErr
}

// TestCancelledFinal: a cancelled run's summary.json holds, as its final
// point, the point the run reached where it stopped — stages (Hi-C) or
// iterations (smooth) — bit for bit the final point of a run of that
// length that is not cancelled. Recording every 1000th stage, a cancelled
// Hi-C run wrote the last recorded row instead (stage 3000, with stages
// 3000 + up to 256), and with no record_every the start; a smooth run
// wrote the point it reached, as it still does.
func TestCancelledFinal(t *testing.T) {
	hic := "name: h\ngame: {builtin: duopoly}\ninit: {x: [10], y: [10]}\nseed: 3\n" +
		"dynamics:\n  kind: hic\n  alpha: {constant: 0.01}\n  delta: {constant: 0.5}\n  commitment: {constant: 2}\n  follower: {kind: noisy-gradient, lr: 0.1, noise: 0.5}\n"
	smooth := "name: s\ngame: {builtin: duopoly}\ninit: {x: [10], y: [10]}\nseed: 3\n" +
		"dynamics: {kind: sga, leader_lr: {constant: 0.001}, follower_lr: {constant: 0.001}}\n"
	for _, c := range []struct {
		name, text, length string
	}{
		{"hic", hic, "stages"},
		{"smooth", smooth, "iterations"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sum, err := cancelledRunSummary(t, c.text+fmt.Sprintf("%s: 100000000\nrecord_every: 1000\n", c.length), 3000)
			if !errors.Is(err, context.Canceled) || sum.RunStatus != "cancelled" {
				t.Fatalf("error %v, run_status %q; want context.Canceled, cancelled", err, sum.RunStatus)
			}
			n := sum.Stages + sum.Iterations // the one of the kind
			if n <= 3000 || n > 3000+257 {
				t.Fatalf("%s = %d, want within (3000, 3257]", c.length, n)
			}
			whole, err := cancelledRunSummary(t, c.text+fmt.Sprintf("%s: %d\n", c.length, n), 0)
			if err != nil {
				t.Fatal(err)
			}
			f, w := sum.Final, whole.Final
			if !slices.Equal(f.X, w.X) || !slices.Equal(f.Y, w.Y) || f.F1 == nil || f.F2 == nil || w.F1 == nil || w.F2 == nil || *f.F1 != *w.F1 || *f.F2 != *w.F2 {
				t.Errorf("cancelled at %s %d: final %+v; a run of %d %s: %+v", c.length, n, f, n, c.length, w)
			}
		})
	}
}

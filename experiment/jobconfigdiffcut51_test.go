package experiment

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestOtherJobDiffCutsValues51: the differences a refusal of another
// job's directory names (jobConfigDiff) quote a value of the config as
// the config's own errors do: a long one cut to about 40 characters in
// Go's quotes, a line break written as its escape, never raw
// (textcut.Word). Before, a formula game's objective of 21 lines (1 300
// bytes) that differed went into the message whole (1 518 bytes over 21
// lines). Plain values stay as written ("game.f1: pow(x[0]-1, 2) +
// x[0]*y[0] there"). Two long values that differ past the cut are still
// told apart (the values are compared whole).
func TestOtherJobDiffCutsValues51(t *testing.T) {
	root := t.TempDir()
	base := "name: fg\ngame: {sense: cost, f1: 'pow(x[0]-1, 2) + x[0]*y[0]', f2: 'pow(y[0]-x[0], 2)'}\ndynamics: {kind: stackelberg, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\niterations: 10\ninit: {uniform: {x: [[0, 1]], y: [[0, 1]]}}\n"
	j := mustJob(t, base, 3, "run")
	if rec, err := RunJob(context.Background(), j, filepath.Join(root, "run"), nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %s, %v", rec.Status, err)
	}
	long := "pow(x[0]-1, 2)" + strings.Repeat("\n+ 0*x[0]*y[0] + 0*x[0]*x[0] + 0*y[0]*y[0] + 0*x[0] + 0*y[0] + 0", 20)
	other := strings.Replace(base, "'pow(x[0]-1, 2) + x[0]*y[0]'", fmt.Sprintf("%q", long), 1)
	o := mustJob(t, other, 3, "run")
	_, _, err := JobState(filepath.Join(root, "run"), o)
	if err == nil {
		t.Fatal("JobState of another job's directory: no error")
	}
	msg := err.Error()
	want := `(game.f1: pow(x[0]-1, 2) + x[0]*y[0] there, "pow(x[0]-1, 2)\n+ 0*x[0]*y[0] + 0*x[0]*… for this job)`
	if !strings.Contains(msg, want) {
		t.Errorf("error %q lacks %q", msg, want)
	}
	if strings.Contains(msg, "\n") || len(msg) > 400 {
		t.Errorf("error of %d bytes holds a raw line break, or is longer than 400 bytes: %q", len(msg), msg)
	}
	// Two values alike in their first 40 bytes: still a difference.
	o2 := mustJob(t, strings.Replace(base, "'pow(x[0]-1, 2) + x[0]*y[0]'", fmt.Sprintf("%q", long+" + 1"), 1), 3, "run")
	if d := jobConfigDiff(o, o2, "there", "for this job"); !strings.HasPrefix(d, "game.f1: ") {
		t.Errorf("jobConfigDiff of objectives differing past the cut: %q; want it to name game.f1", d)
	}
}

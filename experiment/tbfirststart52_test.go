package experiment

import (
	"context"
	"slices"
	"testing"

	"github.com/stackel/stackel/internal/tbread"
)

// tensorBoardView is what TensorBoard's Python loader shows of a run
// whose event files it read in order (tensorboard/backend/event_processing/
// plugin_event_accumulator.py, _CheckForRestartAndMaybePurge and _Purge,
// for files of version brain.Event:2): the first SessionLog START of a run
// is its session's start and purges nothing; each later one drops the
// values read before at steps ≥ its step. stackel writes a START only as
// an event file's first event after the version, so each file's STARTs
// are taken before its values. Wall times and the seconds column (the
// clock's) are left out.
func tensorBoardView(files ...tbread.File) []tbread.Scalar {
	var shown []tbread.Scalar
	seen := false
	for _, f := range files {
		for _, step := range f.Starts {
			if !seen {
				seen = true
				continue
			}
			shown = slices.DeleteFunc(shown, func(s tbread.Scalar) bool { return s.Step >= step })
		}
		shown = append(shown, scalarsOf(f)...)
	}
	return shown
}

// A TensorBoard left running across an RL run's first resume shows each
// kept step once: the file a resume rewrites starts with two SessionLog
// STARTs. TensorBoard's Python loader takes the first START of a run for
// its session's start and drops nothing at it; the run's first event file
// has none, so the rewritten file's first START is that one, and its
// second a restart, which drops what the loader read of the first file.
// Session 52 wrote one START: the loader took it for the session's start
// and dropped nothing, showing the kept steps twice as before. A second
// resume's STARTs both drop, and a loader that reads the rewritten file
// alone drops nothing of it.
func TestTensorBoardAcrossFirstResume52(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	runRLStoppedAfter(t, ctx, dir, 2)
	first := mustRead(t, dir)
	if len(first.Starts) != 0 {
		t.Errorf("the run's first event file: STARTs at %v, want none", first.Starts)
	}
	if _, err := RunRL(ctx, tinyRL(), 3, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	resumed := mustRead(t, dir)
	want := scalarsOf(resumed)
	if len(want) != 3*17 {
		t.Fatalf("the rewritten file holds %d values, want 3 rows of 17", len(want))
	}
	for _, c := range []struct {
		name  string
		files []tbread.File
	}{
		{"the first file, then the rewritten one", []tbread.File{first, resumed}},
		{"the rewritten file alone", []tbread.File{resumed}},
		{"the first file, the rewritten one, then the same again (a second resume)", []tbread.File{first, resumed, resumed}},
	} {
		if got := tensorBoardView(c.files...); !slices.Equal(got, want) {
			t.Errorf("TensorBoard's Python loader, having read %s: %d values shown, want the %d of the rewritten file", c.name, len(got), len(want))
		}
	}
}

package experiment

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stackel/stackel/internal/tbread"
)

// A resumed run's rewritten event file starts with TensorBoard's mark of a
// restart, SessionLog STARTs below every step (two since session 52's
// review: TestTensorBoardAcrossFirstResume52), so that a TensorBoard
// whose Python loader read the old file drops what it read instead of
// showing each kept step twice (before session 52 stackel's runs wrote
// none, and the README said so); a run never resumed has none. Given
// again once finished, the resumed run's event file, START and all, is
// kept as it is (its record count is more than a fresh run's: it was taken
// for a cut file and rewritten).
func TestResumeWritesSessionStart52(t *testing.T) {
	ctx := context.Background()
	fresh := t.TempDir()
	if _, err := RunRL(ctx, tinyRL(), 3, fresh, false, nil); err != nil {
		t.Fatal(err)
	}
	files, err := tbread.Dir(filepath.Join(fresh, TensorBoardDir))
	if err != nil || len(files) != 1 || len(files[0].Starts) != 0 {
		t.Fatalf("a run never resumed: %d event files, %v, starts %v; want one file without a START", len(files), err, files)
	}

	dir := t.TempDir()
	runRLStoppedAfter(t, ctx, dir, 2)
	if _, err := RunRL(ctx, tinyRL(), 3, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	tbDir := filepath.Join(dir, TensorBoardDir)
	files, err = tbread.Dir(tbDir)
	if err != nil || len(files) != 1 || !slices.Equal(files[0].Starts, []int64{math.MinInt64, math.MinInt64}) {
		t.Fatalf("resumed: %d event files, %v; starts %v, want two at %d (TestTensorBoardAcrossFirstResume52)", len(files), err, files[0].Starts, int64(math.MinInt64))
	}
	if !slices.Equal(scalarsOf(files[0]), scalarsOf(mustRead(t, fresh))) {
		t.Errorf("the resumed run's values differ from the run never stopped")
	}
	before := tbFileState(t, tbDir)
	if _, err := RunRL(ctx, tinyRL(), 3, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	if after := tbFileState(t, tbDir); after != before {
		t.Errorf("a finished resumed run given again: its event file was rewritten (%d bytes of name and content before, %d after)", len(before), len(after))
	}
}

// scalarsOf lists a file's values by tag, step and value, without the
// wall times and the epochs' seconds (the clock's).
func scalarsOf(f tbread.File) []tbread.Scalar {
	var out []tbread.Scalar
	for _, s := range f.Scalars {
		if s.Tag != "seconds" {
			s.WallTime = 0
			out = append(out, s)
		}
	}
	return out
}

// mustRead reads the one event file of a run directory.
func mustRead(t *testing.T, dir string) tbread.File {
	t.Helper()
	files, err := tbread.Dir(filepath.Join(dir, TensorBoardDir))
	if err != nil || len(files) != 1 {
		t.Fatalf("%s: %d event files, %v", dir, len(files), err)
	}
	return files[0]
}

// tbFileState is the name and content of the one event file in tbDir.
func tbFileState(t *testing.T, tbDir string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(tbDir, "events.out.tfevents.*"))
	if err != nil || len(names) != 1 {
		t.Fatalf("%v, %v", names, err)
	}
	b, err := os.ReadFile(names[0])
	if err != nil {
		t.Fatal(err)
	}
	return names[0] + "\x00" + string(b)
}

package experiment

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/tbread"
)

// checkTBMatchesCSV decodes dir/tb with the independent decoder and checks
// that it holds exactly the values of dir/metrics.csv: one scalar per
// column (the step column aside) per row, at the row's step, equal to the
// CSV value rounded to float32.
func checkTBMatchesCSV(t *testing.T, dir string, stepCol int) {
	t.Helper()
	files, err := tbread.Dir(filepath.Join(dir, TensorBoardDir))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Version != "brain.Event:2" {
		t.Fatalf("%d event files in %s/tb (want 1 with version brain.Event:2)", len(files), dir)
	}
	got := files[0].Scalars
	data, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	header := strings.Split(lines[0], ",")
	k := 0
	for _, ln := range lines[1:] {
		f := strings.Split(ln, ",")
		step, _ := strconv.ParseFloat(f[stepCol], 64)
		for j, h := range header {
			if j == stepCol {
				continue
			}
			if k >= len(got) {
				t.Fatalf("event file ends after %d scalars; metrics.csv has more", k)
			}
			v, _ := strconv.ParseFloat(f[j], 64)
			s := got[k]
			k++
			same := s.Value == float32(v) || (math.IsNaN(v) && math.IsNaN(float64(s.Value)))
			if s.Tag != h || s.Step != int64(step) || !same {
				t.Fatalf("scalar %d = %s@%d %g; metrics.csv has %s@%d %g", k-1, s.Tag, s.Step, s.Value, h, int64(step), v)
			}
		}
	}
	if k != len(got) || k == 0 {
		t.Fatalf("%d scalars in the event file, %d in metrics.csv", len(got), k)
	}
}

// An RL run writes tb/ beside metrics.csv; killed after an epoch and
// resumed, its log is rewritten to hold exactly the rows of metrics.csv.
func TestRLTensorBoard(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	runRLStoppedAfter(t, ctx, dir, 2)
	checkTBMatchesCSV(t, dir, rlStepColumn)
	if _, err := RunRL(ctx, tinyRL(), 3, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	checkTBMatchesCSV(t, dir, rlStepColumn)
	if n := strings.Count(metricsWithoutTime(t, dir), "\n"); n != 3 {
		t.Fatalf("%d epochs", n)
	}
}

// A smooth-game run writes tb/ only with record: {tensorboard: true};
// a misspelt key under record is an error naming it and its line.
func TestRecordTensorBoard(t *testing.T) {
	base := "name: sga\ngame: {builtin: duopoly}\ndynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\niterations: 50\nrecord_every: 7\ninit: {x: [10], y: [10]}\n"
	for _, tb := range []bool{false, true} {
		src := base
		if tb {
			src += "record: {tensorboard: true}\n"
		}
		cfg, err := ParseConfig([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err != nil {
			t.Fatal(err)
		}
		_, err = os.Stat(filepath.Join(dir, TensorBoardDir))
		if !tb {
			if err == nil {
				t.Error("tb/ written without record.tensorboard")
			}
			continue
		}
		checkTBMatchesCSV(t, dir, 0)
	}
	_, err := ParseConfig([]byte(base + "record:\n  tensorbord: true\n"))
	if err == nil || !strings.Contains(err.Error(), `[8:3] unknown field "tensorbord"`) {
		t.Errorf("misspelt record key: %v", err)
	}
}

// TestResumeFinishedRunKeepsTensorBoard: a finished RL run given again
// (`stackel run --resume DIR`) changes nothing, its event files included.
// It used to delete tb/ and write a new event file from metrics.csv: a new
// name (the second of the resume) and the wall times of the resume, and a
// kill between the deletion and the write left the finished run without
// its log. An event file that is missing (deleted by hand, a run from
// before tb/ existed) is written from metrics.csv.
func TestResumeFinishedRunKeepsTensorBoard(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := RunRL(ctx, tinyRL(), 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	tbDir := filepath.Join(dir, TensorBoardDir)
	before := snapshot(t, tbDir)
	if _, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "tb/ of a finished run given again", before, snapshot(t, tbDir))
	checkTBMatchesCSV(t, dir, rlStepColumn)

	if err := os.RemoveAll(tbDir); err != nil {
		t.Fatal(err)
	}
	if _, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	checkTBMatchesCSV(t, dir, rlStepColumn)
}

// TestResumeFinishedRunGlobCharacters: a run directory named with glob
// characters, run[x (a bad pattern) and run[1] (a pattern matching
// "run1"), keeps its event file when the finished run is given again.
// The event files were found by a glob of the directory's path: run[x
// failed ("syntax error in pattern") and in run[1] the file was not found
// and written anew, under a new name and wall times.
func TestResumeFinishedRunGlobCharacters(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"run[x", "run[1]", "a*b?"} {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := RunRL(ctx, tinyRL(), 5, dir, false, nil); err != nil {
			t.Fatal(err)
		}
		tbDir := filepath.Join(dir, TensorBoardDir)
		before := snapshot(t, tbDir)
		if _, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sameFiles(t, name+": tb/ of a finished run given again", before, snapshot(t, tbDir))
	}
}

// TestResumeFinishedRunRepairsTensorBoard: a finished run given again
// keeps its event file only if it holds what metrics.csv holds. The event
// file is not synced with the checkpoint (metrics.csv is), so a power cut
// after the last checkpoint can leave it short (empty, or cut inside a
// record); kept as it was, the finished run's log stayed short for good,
// where a finished run given again used to write it anew from metrics.csv.
// An event file of another run left in tb/ is replaced too.
func TestResumeFinishedRunRepairsTensorBoard(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := RunRL(ctx, tinyRL(), 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	tbDir := filepath.Join(dir, TensorBoardDir)
	files, err := filepath.Glob(filepath.Join(tbDir, "events.out.tfevents.*"))
	if err != nil || len(files) != 1 {
		t.Fatalf("%v %v", files, err)
	}
	full, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{0, len(full) / 2, len(full) - 3} {
		if err := os.WriteFile(files[0], full[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); err != nil {
			t.Fatal(err)
		}
		checkTBMatchesCSV(t, dir, rlStepColumn)
		files, _ = filepath.Glob(filepath.Join(tbDir, "events.out.tfevents.*"))
	}
	// Another run's (an extra, whole event file of its own).
	extra := filepath.Join(tbDir, "events.out.tfevents.1.elsewhere")
	if err := os.WriteFile(extra, full, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	checkTBMatchesCSV(t, dir, rlStepColumn)
}

// A resumed run's replayed events carry the wall times its seconds column
// gives, counted back from the resume: consecutive kept epochs are that
// many seconds apart in TensorBoard (they all had the resume's wall time,
// so its relative-time axis showed the kept epochs as taking no time).
func TestResumeReplaysEpochWallTimes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	runRLStoppedAfter(t, ctx, dir, 2)
	data, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	secCol := slices.Index(strings.Split(lines[0], ","), "seconds")
	var secs []float64
	for _, ln := range lines[1:] {
		v, err := strconv.ParseFloat(strings.Split(ln, ",")[secCol], 64)
		if err != nil {
			t.Fatal(err)
		}
		secs = append(secs, v)
	}
	if len(secs) != 2 {
		t.Fatalf("%d epochs before the resume, want 2", len(secs))
	}
	if _, err := RunRL(ctx, tinyRL(), 3, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	files, err := tbread.Dir(filepath.Join(dir, TensorBoardDir))
	if err != nil || len(files) != 1 {
		t.Fatalf("event files: %d, %v", len(files), err)
	}
	// The first scalar of each epoch's event group (steps in order).
	var walls []float64
	last := int64(-1)
	for _, s := range files[0].Scalars {
		if s.Step != last {
			walls = append(walls, s.WallTime)
			last = s.Step
		}
	}
	if len(walls) != 3 {
		t.Fatalf("%d epochs in the event file, want 3", len(walls))
	}
	// Epoch 1 ended epoch 2's seconds before epoch 2 (to the microsecond
	// the float64 Unix time keeps).
	if d := walls[1] - walls[0]; math.Abs(d-secs[1]) > 1e-5 {
		t.Errorf("replayed epochs 1 and 2 are %.6f s apart, want epoch 2's %.6f s", d, secs[1])
	}
	if walls[2] < walls[1] {
		t.Errorf("epoch 3's wall time %f before epoch 2's %f", walls[2], walls[1])
	}
}

// runRLStoppedAfter starts tinyRL with seed 3 in dir and cancels it once
// epochs epochs are done, as a killed run leaves its directory.
func runRLStoppedAfter(t *testing.T, ctx context.Context, dir string, epochs int) {
	t.Helper()
	kctx, cancel := context.WithCancel(ctx)
	defer cancel()
	progress := func(done, total int) {
		if done == epochs {
			cancel()
		}
	}
	if _, err := RunRL(kctx, tinyRL(), 3, dir, false, progress); err == nil {
		t.Fatal("cancelled run reported success")
	}
}

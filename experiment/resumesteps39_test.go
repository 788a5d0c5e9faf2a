package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResumeRefusesBadStepColumn: on resuming an RL run the kept rows of
// metrics.csv are replayed to TensorBoard at their steps column, and their
// steps and epochs fold into the summary. A hand-edited row whose epoch or
// steps is not a whole number in range (NaN, 1e300 past MaxInt64, a
// negative, a fraction, text), or whose steps do not increase, is refused
// naming the file, its line and the column, and nothing in the directory
// changes; so is a header other than the run's, naming both. Before, int64(NaN) and int64(1e300) gave an arbitrary step (the
// event was logged at -9223372036854775808), an epoch of 1.5 passed as
// epoch 1, and decreasing steps were replayed as they stood.
func TestResumeRefusesBadStepColumn(t *testing.T) {
	ctx := context.Background()
	stopped := t.TempDir()
	kctx, cancel := context.WithCancel(ctx)
	progress := func(done, total int) {
		if done == 2 {
			cancel() // during epoch 3, with the checkpoint at epoch 2
		}
	}
	if _, err := RunRL(kctx, tinyRL(), 5, stopped, false, progress); err == nil {
		t.Fatal("cancelled run reported success")
	}
	saved := snapshot(t, stopped)
	data, err := os.ReadFile(filepath.Join(stopped, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) != 4 {
		t.Fatalf("metrics of the stopped run: %q", data)
	}
	header := strings.Split(strings.TrimSpace(lines[0]), ",")
	if header[0] != "epoch" || header[rlStepColumn] != "steps" {
		t.Fatalf("header %q", header)
	}
	set := func(line string, col int, v string) string {
		f := strings.Split(strings.TrimSpace(line), ",")
		f[col] = v
		return strings.Join(f, ",") + "\n"
	}
	row1 := strings.Split(strings.TrimSpace(lines[1]), ",")
	for _, c := range []struct {
		col  int
		v    string
		want string
	}{
		{1, "NaN", `line 3, column steps: NaN is not a whole number from 0 to 2^53`},
		{1, "1e300", `line 3, column steps: 1e300 is not a whole number from 0 to 2^53`},
		{1, "9223372036854775808", `line 3, column steps: 9223372036854775808 is not a whole number from 0 to 2^53`},
		{1, "-5", `line 3, column steps: -5 is not a whole number from 0 to 2^53`},
		{1, "2.5", `line 3, column steps: 2.5 is not a whole number from 0 to 2^53`},
		{1, "abc", `line 3, column steps: "abc" is not a number`},
		{1, row1[1], `line 3, column steps: ` + row1[1] + ` is not more than ` + row1[1] + ` on line 2; the rows are not in order`},
		{0, "2.5", `line 3, column epoch: 2.5 is not a whole number from 0 to 2^53`},
		{0, "NaN", `line 3, column epoch: NaN is not a whole number from 0 to 2^53`},
		{3, "abc", `line 3, column ` + header[3] + `: "abc" is not a number`},
		{-1, "", `line 1, the header, is "` + strings.Join(header[:len(header)-1], ",") + `"; this run's columns are "` + strings.Join(header, ",") + `"`},
	} {
		// A fresh copy of the stopped run for each edit.
		dir := t.TempDir()
		for p, b := range saved {
			q := filepath.Join(dir, strings.TrimPrefix(p, stopped))
			if err := os.MkdirAll(filepath.Dir(q), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(q, []byte(b), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, MetricsFile)
		edited := lines[0] + lines[1] + set(lines[2], max(c.col, 0), c.v)
		name := header[max(c.col, 0)] + " = " + c.v
		if c.col < 0 {
			// A header without its last column (seconds).
			edited = strings.Join(header[:len(header)-1], ",") + "\n" + lines[1] + lines[2]
			name = "header"
		}
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, dir)
		_, err := RunRL(ctx, tinyRL(), 5, dir, true, nil)
		want := "resuming: " + path + ": " + c.want
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v\nwant %s", name, err, want)
		}
		sameFiles(t, name, before, snapshot(t, dir))
	}
}

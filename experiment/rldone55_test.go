package experiment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rlDigest55 reads the metrics_rows and metrics_sha256 that the summary.json
// in dir records (nil and "" when it has none).
func rlDigest55(t *testing.T, dir string) (*int, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var d MetricsDigest
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d.MetricsRows, d.MetricsSHA256
}

// checkRLDigest55 fails t unless the summary.json in dir records rows
// rows and the SHA-256 of dir's metrics.csv as it is (the test hashes the
// file itself), and metrics.csv holds a header and rows lines.
func checkRLDigest55(t *testing.T, what, dir string, rows int) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != rows+1 {
		t.Fatalf("%s: metrics.csv has %d lines; want a header and %d rows", what, n, rows)
	}
	h := sha256.Sum256(data)
	gotRows, gotSum := rlDigest55(t, dir)
	if gotRows == nil || *gotRows != rows || gotSum != hex.EncodeToString(h[:]) {
		t.Errorf("%s: summary.json records metrics_rows %v, metrics_sha256 %q; want %d and %x", what, gotRows, gotSum, rows, h)
	}
}

// TestRLSummaryRecordsMetricsDigest55: a finished RL run's summary.json
// records metrics.csv's rows (3 epochs of tinyRL) and its SHA-256, as its
// last two keys: the keys before them are those it had without them, in
// their order (sorted, as a map's).
func TestRLSummaryRecordsMetricsDigest55(t *testing.T) {
	_, dir := runTinyRL(t, t.TempDir(), tinyRL(), 3)
	checkRLDigest55(t, "a finished run", dir, 3)
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	// The run's settings follow the digest, as the last key
	// (TestRLSummaryRecordsSettings55b): cut off here.
	if i := bytes.Index(b, []byte(",\n  \"settings\": {")); i >= 0 {
		b = append(b[:i:i], "\n}\n"...)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	n := len(lines)
	if n < 4 || !strings.HasPrefix(lines[n-3], `  "metrics_rows": 3,`) || !strings.HasPrefix(lines[n-2], `  "metrics_sha256": "`) {
		t.Fatalf("summary.json does not end in metrics_rows and metrics_sha256:\n%s", b)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "metrics_rows")
	delete(m, "metrics_sha256")
	without, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	// The text before the digest is the summary without it, but for the
	// comma after its last key.
	want := strings.Split(string(without), "\n")
	got := append(append([]string(nil), lines[:n-3]...), "}")
	got[len(got)-2] = strings.TrimSuffix(got[len(got)-2], ",")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("summary.json before its digest:\n%s\nwant the summary without it:\n%s", strings.Join(got, "\n"), without)
	}
}

// TestRLDigestResumedAndLengthened55: the digest is of the whole
// metrics.csv as the run leaves it, the rows of the epochs before a
// resume or a lengthening included: a run stopped after its first epoch
// and resumed (stackel run --resume), a finished run given again, and a
// job lengthened from one epoch to three, stopped after its second and
// run again (resumed from its checkpoint), all record the file's 3 rows
// and SHA-256; the lengthened job is then reused as finished.
func TestRLDigestResumedAndLengthened55(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	if _, err := RunRL(stop, tinyRL(), 5, dir, false, func(done, total int) {
		if done == 1 {
			cancel()
		}
	}); !Interrupted(err) {
		t.Fatalf("stopping after epoch 1: %v", err)
	}
	checkRLDigest55(t, "stopped after epoch 1", dir, 1)
	if sum, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); err != nil || sum.ResumedFrom != 1 {
		t.Fatalf("resume: %+v, %v", sum, err)
	}
	checkRLDigest55(t, "resumed from epoch 1", dir, 3)
	if _, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); err != nil {
		t.Fatalf("the finished run given again: %v", err)
	}
	checkRLDigest55(t, "the finished run given again", dir, 3)

	short := tinyRL()
	short.Steps = 200
	jShort, err := NewJob(&Config{Name: "tiny", RL: &short}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	long := tinyRL()
	jLong, err := NewJob(&Config{Name: "tiny", RL: &long}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	ldir := t.TempDir()
	if rec, err := RunJob(ctx, jShort, ldir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("short job: %s, %v", rec.Status, err)
	}
	checkRLDigest55(t, "the one-epoch job", ldir, 1)
	stop, cancel = context.WithCancel(ctx)
	defer cancel()
	if rec, err := RunJob(stop, jLong, ldir, func(done, total int) {
		if done == 2 {
			cancel()
		}
	}); !Interrupted(err) || rec.Status != JobRunning {
		t.Fatalf("lengthening stopped after epoch 2: %s, %v", rec.Status, err)
	}
	if rec, err := RunJob(ctx, jLong, ldir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("lengthening resumed: %s, %v", rec.Status, err)
	}
	checkRLDigest55(t, "lengthened and resumed", ldir, 3)
	var js struct {
		Extended int `json:"extended_from_steps"`
		Resumed  int `json:"resumed_from_epoch"`
	}
	if b, err := os.ReadFile(filepath.Join(ldir, SummaryFile)); err != nil || json.Unmarshal(b, &js) != nil || js.Extended != 200 || js.Resumed != 2 {
		t.Errorf("summary.json of the lengthened run: %+v (%v); want extended from 200 steps, resumed from epoch 2", js, err)
	}
	if _, finished, err := JobState(ldir, jLong); err != nil || !finished {
		t.Errorf("the lengthened job: finished %v, %v; want reused as finished", finished, err)
	}
}

// TestDoneRLRunCheckedWhole55: a finished RL run whose metrics.csv lost a
// row in the middle is not reused as finished (its epoch rows counted, as
// before); one whose middle row was replaced by a copy of the first, or
// by a file of the same length whose rows count and last step are the
// run's (a middle row's digits changed), is not reused either, with the
// error the other kinds give: the check counted the epoch rows and read
// the last step, and took both for the run's. CRLF line ends and a blank
// last line leave the rows the run wrote, and the run is reused. The
// report reads the bytes the check accepted (JobStateRead).
func TestDoneRLRunCheckedWhole55(t *testing.T) {
	root := t.TempDir()
	j, dir := runTinyRL(t, root, tinyRL(), 3)
	path := filepath.Join(dir, MetricsFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(orig), "\n") // header, 3 rows, ""
	if len(lines) != 5 || !strings.HasPrefix(lines[2], "2,400,") {
		t.Fatalf("metrics.csv:\n%s\nwant a header and epochs 1 to 3, epoch 2 at 400 steps", orig)
	}
	// Epoch 2's first field "2" for "9": the same length, the same last row.
	swapped := append([]string(nil), lines...)
	swapped[2] = "9" + strings.TrimPrefix(lines[2], "2")
	for _, c := range []struct {
		name, data string
		want       string // "" for none: reused as finished
	}{
		{"intact", string(orig), ""},
		{"CRLF line ends", strings.ReplaceAll(string(orig), "\n", "\r\n"), ""},
		{"blank last line", string(orig) + "\n", ""},
		{"middle row lost", lines[0] + lines[1] + lines[3],
			"and summary.json records 3 epochs (600 steps), but metrics.csv holds 2 epoch rows (600 steps): "},
		{"middle row lost, the first twice", lines[0] + lines[1] + lines[1] + lines[3],
			"metrics.csv's rows are not those the run wrote (SHA-256 of its rows "},
		{"same length, a middle row changed", strings.Join(swapped, ""),
			"metrics.csv's rows are not those the run wrote (SHA-256 of its rows "},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "same length, a middle row changed" && len(c.data) != len(orig) {
				t.Fatalf("the changed file has %d bytes, the run's %d", len(c.data), len(orig))
			}
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, finished, err := Pending(root, []Job{j})
			if c.want == "" {
				if err != nil || len(finished) != 1 {
					t.Errorf("finished %d, %v; want finished", len(finished), err)
				}
				_, ok, read, err := JobStateRead(dir, j)
				if err != nil || !ok || !read.OK || string(read.Metrics) != c.data {
					t.Errorf("JobStateRead: finished %v, OK %v, %d metrics bytes, %v; want finished and the file's %d bytes", ok, read.OK, len(read.Metrics), err, len(c.data))
				}
				return
			}
			if err == nil || len(finished) != 0 {
				t.Fatalf("finished %d, %v; want an error and nothing finished", len(finished), err)
			}
			for _, w := range []string{dir + ": job.json records job " + j.ID + " as done", c.want, doneRemedy} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestDoneRLRunFileMissing55: a finished RL run whose summary.json or
// metrics.csv is missing is not reused as finished (the check left such
// a run unchecked, and a report counted it finished from metrics.csv
// alone or missing), as a smooth, Hi-C or Markov run is not; no stackel
// records an RL run done without writing both.
func TestDoneRLRunFileMissing55(t *testing.T) {
	for _, name := range []string{SummaryFile, MetricsFile} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			j, dir := runTinyRL(t, root, tinyRL(), 3)
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
			_, finished, err := JobState(dir, j)
			want := dir + ": job.json records job " + j.ID + " as done, but its " + name + " is missing: " + doneRemedy
			if finished || err == nil || err.Error() != want {
				t.Errorf("finished %v, %v; want not finished and %q", finished, err, want)
			}
		})
	}
}

// TestDoneRLRunWithoutDigest55: an RL run whose summary.json has no
// metrics_rows and metrics_sha256 (an older stackel's) is checked by its
// rows' count and last step, as before: a middle row changed, digit for
// digit, goes unseen and the run is reused, and the Provenance names it
// (metrics_rows_counted); a row lost is still refused. A run whose
// summary.json records them is not named.
func TestDoneRLRunWithoutDigest55(t *testing.T) {
	root := t.TempDir()
	j, dir := runTinyRL(t, root, tinyRL(), 3)
	if p := JobProvenance(root, []Job{j}); len(p.MetricsRowsCounted) != 0 {
		t.Errorf("a run with its digest named in metrics_rows_counted: %v", p.MetricsRowsCounted)
	}
	sumPath := filepath.Join(dir, SummaryFile)
	b, err := os.ReadFile(sumPath)
	if err != nil {
		t.Fatal(err)
	}
	// The two keys and the comma before them removed: the summary as an
	// older stackel wrote it.
	i := bytes.Index(b, []byte(",\n  \"metrics_rows\""))
	if i < 0 {
		t.Fatalf("summary.json has no metrics_rows:\n%s", b)
	}
	if err := os.WriteFile(sumPath, append(b[:i:i], "\n}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, MetricsFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(orig), "\n")
	swapped := append([]string(nil), lines...)
	swapped[2] = "9" + strings.TrimPrefix(lines[2], "2")
	if err := os.WriteFile(path, []byte(strings.Join(swapped, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, finished, err := JobState(dir, j); err != nil || !finished {
		t.Errorf("a middle row changed under an older summary.json: finished %v, %v; want it reused (its rows counted only)", finished, err)
	}
	p := JobProvenance(root, []Job{j})
	if len(p.MetricsRowsCounted) != 1 || p.MetricsRowsCounted[0] != filepath.ToSlash(j.Out) || len(p.MetricsNotChecked) != 0 || len(p.MetricsUnchecked) != 0 {
		t.Errorf("provenance: rows counted %v, not checked %v, unchecked %v; want [%s] and none", p.MetricsRowsCounted, p.MetricsNotChecked, p.MetricsUnchecked, j.Out)
	}
	if err := os.WriteFile(path, []byte(lines[0]+lines[1]+lines[3]), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := JobState(dir, j); err == nil || !strings.Contains(err.Error(), "but metrics.csv holds 2 epoch rows (600 steps)") {
		t.Errorf("a row lost under an older summary.json: %v; want the epoch-row refusal", err)
	}
}

// TestCSVRowsOf55: csvRowsOf, the digest of metrics.csv's bytes as the
// RL check read them, is readCSVRows's of the same file, CRLF line ends,
// blank lines (at the end and before a row), white space only lines and
// a last line without its newline included.
func TestCSVRowsOf55(t *testing.T) {
	dir := t.TempDir()
	for _, text := range []string{
		"", "\n", "a,b\n", "a,b", "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\n1,2\n\n \n",
		"a,b\n\n1,2\n", "a,b\n1,2", "a,b\n1,2\r", " \n\na,b\n1,2\n\t\n3,4\n  ",
	} {
		path := filepath.Join(dir, "m.csv")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		want, err := readCSVRows(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := csvRowsOf([]byte(text)); got != want {
			t.Errorf("%q: csvRowsOf %+v, readCSVRows %+v", text, got, want)
		}
	}
}

package experiment

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestPendingReadsSmoothRunEndsOnly51: Pending's check of a finished
// smooth-game run (checkDoneSmoothRows) reads the first and the last line
// of its metrics.csv, not the rows between: for a run of 100 000
// iterations recorded each (7.9 MB), Pending allocates less than 1 MB
// (runtime.MemStats.TotalAlloc, one goroutine). Before, it read the file
// whole and split it into lines (more than 7.9 MB; a run of 10⁶ rows took
// about as long to check as to run). The run is still found finished,
// and its metrics.csv cut after its row 49 999 is still refused.
func TestPendingReadsSmoothRunEndsOnly51(t *testing.T) {
	root := t.TempDir()
	cfg := strings.Replace(jobTestConfig, "iterations: 300\nrecord_every: 10", "iterations: 100000\nrecord_every: 1", 1)
	j := mustJob(t, cfg, 3, "duo")
	if rec, err := RunJob(context.Background(), j, filepath.Join(root, j.Out), nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %s, %v", rec.Status, err)
	}
	path := filepath.Join(root, j.Out, MetricsFile)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() < 7<<20 {
		t.Fatalf("metrics.csv holds %d bytes; want at least 7 MiB", st.Size())
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, finished, err := Pending(root, []Job{j})
	runtime.ReadMemStats(&after)
	if err != nil || len(finished) != 1 {
		t.Fatalf("finished %d, %v; want the run finished", len(finished), err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc >= 1<<20 {
		t.Errorf("Pending allocated %d bytes for a run whose metrics.csv holds %d; want under 1 MB (the file's ends only)", alloc, st.Size())
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := strings.Index(string(data), "\n50000,")
	if err := os.WriteFile(path, data[:cut+1], 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = Pending(root, []Job{j})
	if want := "metrics.csv's last row is iteration 49999, and summary.json records 100000 iterations"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("cut after row 49999: %v; want an error with %q", err, want)
	}
}

// TestReadCSVEnds51: readCSVEnds gives a text file's first and last lines
// as strings.Split of the whole file would, for lines shorter and longer
// than its 32 KiB reads.
func TestReadCSVEnds51(t *testing.T) {
	long := strings.Repeat("x", csvEndsChunk+5)
	longer := strings.Repeat("y", 3*csvEndsChunk)
	for _, c := range []struct {
		name, data string
		want       csvEnds
	}{
		{"empty", "", csvEnds{Empty: true}},
		{"cut", "iter,x\n0,1", csvEnds{Cut: true}},
		{"newline only", "\n", csvEnds{OneLine: true}},
		{"header only", "iter,x\n", csvEnds{Header: "iter,x", Last: "iter,x", OneLine: true}},
		{"two rows", "iter,x\n0,1\n1,2\n", csvEnds{Header: "iter,x", Last: "1,2"}},
		{"trailing empty line", "iter,x\n0,1\n\n", csvEnds{Header: "iter,x", Last: ""}},
		{"CRLF", "iter,x\r\n0,1\r\n", csvEnds{Header: "iter,x\r", Last: "0,1\r"}},
		{"long last line", "iter,x\n" + long + "\n", csvEnds{Header: "iter,x", Last: long}},
		{"long header", long + "\n1,2\n", csvEnds{Header: long, Last: "1,2"}},
		{"long both", longer + "\n" + long + "\n" + longer + "\n", csvEnds{Header: longer, Last: longer}},
		{"long one line", longer + "\n", csvEnds{Header: longer, Last: longer, OneLine: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.csv")
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := readCSVEnds(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got %+v; want %+v", short(got), short(c.want))
			}
		})
	}
	if _, err := readCSVEnds(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a directory: %v; want an error saying it is not a regular file", err)
	}
}

// short cuts e's lines for a failure message.
func short(e csvEnds) csvEnds {
	cut := func(s string) string {
		if len(s) > 20 {
			return s[:10] + "…" + s[len(s)-10:]
		}
		return s
	}
	e.Header, e.Last = cut(e.Header), cut(e.Last)
	return e
}

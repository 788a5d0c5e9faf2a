package tblog_test

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/tblog"
)

// TestCutFileReadsWholeRecords: a run killed mid-write leaves a file cut
// at any byte. For every cut, Records counts exactly the records that end
// at or before it (the ends found by walking the lengths of the whole
// file), with an error unless the cut falls on a record's end, and the
// independent decoder reads those records with the values written.
func TestCutFileReadsWholeRecords(t *testing.T) {
	dir := t.TempDir()
	w, err := tblog.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	for step := int64(-1); step < 3; step++ {
		if err := w.Scalar("loss/é", step, float64(step)/4); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	var ends []int
	for off := 0; off < len(data); {
		off += 12 + int(binary.LittleEndian.Uint64(data[off:])) + 4
		ends = append(ends, off)
	}
	if len(ends) != 5 || ends[4] != len(data) {
		t.Fatalf("record ends %v in %d bytes; want 5 records", ends, len(data))
	}
	cut := filepath.Join(dir, "cut")
	// Every cut, for the in-memory decoder and for Records. (The tests
	// that lower RLIMIT_FSIZE run in a child process, so the test log of
	// the files opened here cannot fail the package while they run.)
	for n := 0; n <= len(data); n++ {
		whole, atEnd := 0, n == 0
		for _, e := range ends {
			if e <= n {
				whole++
				atEnd = atEnd || e == n
			}
		}
		if err := os.WriteFile(cut, data[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := tblog.Records(cut); got != whole || (err == nil) != atEnd {
			t.Errorf("cut at %d of %d bytes: Records = %d, %v; want %d whole records, error %v", n, len(data), got, err, whole, !atEnd)
		}
		recs, _ := fmtRecords(data[:n])
		if len(recs) != whole {
			t.Errorf("cut at %d: independent decoder reads %d records, want %d", n, len(recs), whole)
		}
		if len(recs) == 0 {
			continue
		}
		for i, r := range recs[1:] {
			ev, err := fmtDecodeEvent(r)
			if err != nil {
				t.Fatalf("cut at %d: record %d: %v", n, i+2, err)
			}
			if ev.step != int64(i)-1 || len(ev.tags) != 1 || ev.tags[0] != "loss/é" || ev.values[0] != math.Float32bits(float32(ev.step)/4) {
				t.Errorf("cut at %d: record %d: %+v", n, i+2, ev)
			}
		}
	}
}

package experiment

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stackel/stackel/tblog"
)

// A finished run given again keeps its event file only when it is whole:
// the file-version event, one event per metric of each row and, in a file
// a resume rewrote, the SessionLog STARTs before them. A resumed run's
// file missing its last record (a power cut before the file reached the
// disk, cut at a record's end) has as many records as a whole file with
// one START fewer; session 52 took the counts of zero and one START for
// whole whatever the file held, so the run kept a log without its last
// value (the last epoch's seconds). The count is now taken with the
// STARTs the file holds; the cut file is written anew from metrics.csv.
func TestCutResumedEventFileRewritten52(t *testing.T) {
	ctx := context.Background()
	fresh := t.TempDir()
	if _, err := RunRL(ctx, tinyRL(), 3, fresh, false, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	runRLStoppedAfter(t, ctx, dir, 2)
	if _, err := RunRL(ctx, tinyRL(), 3, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	tbDir := filepath.Join(dir, TensorBoardDir)
	files, err := tblog.Files(tbDir)
	if err != nil || len(files) != 1 {
		t.Fatalf("%v, %v", files, err)
	}
	whole, err := tblog.Records(files[0])
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], data[:lastRecordStart(t, data)], 0o644); err != nil {
		t.Fatal(err)
	}
	if n, err := tblog.Records(files[0]); err != nil || n != whole-1 {
		t.Fatalf("the cut file: %d records, %v; want %d", n, err, whole-1)
	}

	if _, err := RunRL(ctx, tinyRL(), 3, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := tblog.Records(files[0]); err == nil && n == whole-1 {
		t.Errorf("given again, the run kept its cut event file (%d records, a whole one has %d)", n, whole)
	}
	got := mustRead(t, dir)
	if n := len(got.Scalars); n != 3*18 {
		t.Errorf("given again, the run's event file holds %d values, want 3 rows of 18", n)
	}
	if want := scalarsOf(mustRead(t, fresh)); !slices.Equal(scalarsOf(got), want) {
		t.Errorf("given again, the run's event file holds %d values (the last %v), want the %d of a run never stopped", len(scalarsOf(got)), scalarsOf(got)[len(scalarsOf(got))-1:], len(want))
	}
}

// lastRecordStart is the offset of the last TFRecord in an event file's
// data (each: an 8-byte length, its 4-byte checksum, the data, its 4-byte
// checksum).
func lastRecordStart(t *testing.T, data []byte) int {
	t.Helper()
	off, last := 0, -1
	for off < len(data) {
		last = off
		off += 12 + int(binary.LittleEndian.Uint64(data[off:])) + 4
	}
	if off != len(data) || last < 0 {
		t.Fatalf("not whole records: %d of %d bytes", off, len(data))
	}
	return last
}

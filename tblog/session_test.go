package tblog_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stackel/stackel/internal/tbread"
	"github.com/stackel/stackel/tblog"
)

// TestSessionStart51: Writer.SessionStart writes TensorFlow's
// Event{wall_time, step, session_log: SessionLog{status: START}} (event.proto:
// session_log = 7, SessionLog.status = 1, START = 1), compared byte for
// byte with its encoding worked out by hand, for a small, a negative and
// the lowest step. A resumed run's rewritten event file needs it for
// TensorBoard's Python loader to drop the steps it read from the older
// file (brain.Event:2 files are purged on a START only); tblog had no way
// to write it. Both decoders read the file: the package's independent one
// (format_test.go) and internal/tbread, which lists the START steps.
func TestSessionStart51(t *testing.T) {
	w, err := tblog.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1_700_000_000, 500_000_000) // 1700000000.5, exact in a double
	w.Now = func() time.Time { return at }
	steps := []int64{300, -1, math.MinInt64}
	for _, s := range steps {
		if err := w.SessionStart(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Scalar("loss", 300, 0.5); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	recs, err := fmtRecords(b)
	if err != nil || len(recs) != 5 {
		t.Fatalf("%d records, %v; want 5", len(recs), err)
	}
	varints := [][]byte{
		{0xac, 0x02}, // 300
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, // -1 as uint64
		{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, // -2⁶³ as uint64
	}
	for i, v := range varints {
		// wall_time (1, fixed64), step (2, varint), session_log (7,
		// bytes) holding status (1, varint) = START (1).
		want := binary.LittleEndian.AppendUint64([]byte{0x09}, math.Float64bits(1_700_000_000.5))
		want = append(want, 0x10)
		want = append(want, v...)
		want = append(want, 0x3a, 0x02, 0x08, 0x01)
		if !bytes.Equal(recs[1+i], want) {
			t.Errorf("SessionStart(%d):\n% x\nwant\n% x", steps[i], recs[1+i], want)
		}
	}
	got := fmtDecodeFile(t, w.Path())
	if len(got) != 1 || got[0].tag != "loss" || got[0].step != 300 || got[0].bits != math.Float32bits(0.5) {
		t.Errorf("independent decoder: scalars %+v, want loss@300 = 0.5", got)
	}
	f, err := tbread.Read(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Starts) != 3 || f.Starts[0] != 300 || f.Starts[1] != -1 || f.Starts[2] != math.MinInt64 || len(f.Scalars) != 1 {
		t.Errorf("tbread: starts %v, %d scalars; want [300 -1 %d] and 1", f.Starts, len(f.Scalars), int64(math.MinInt64))
	}
	if n, err := tblog.Records(w.Path()); n != 5 || err != nil {
		t.Errorf("Records = %d, %v; want 5, nil", n, err)
	}
	if err := w.SessionStart(1); err == nil || err.Error() != "tblog: "+w.Path()+": SessionStart after Close" {
		t.Errorf("SessionStart after Close: %v", err)
	}
}

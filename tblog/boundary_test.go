package tblog_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stackel/stackel/tblog"
)

// TestFileEndsOnRecord51: between calls, the event file on disk ends at a
// record's end, never inside one: a run killed (SIGKILL) at any moment
// leaves whole records only, and a TensorBoard reading the file while the
// run goes never meets half a record. (TensorBoard's own reader waits for
// the rest of a record cut short, but its pure-Python fallback reader,
// without TensorFlow installed, stops with a struct or decode error on
// one.) The writer's 16 KiB buffer wrote out its bytes whenever it
// filled, mostly in the middle of a record: 32 of these 40 calls left the
// file cut inside one. Tags of 7 to 20 007 bytes (beyond the buffer: such
// a record goes to the file whole, by itself) and the record counts
// checked: every record on disk is whole, and after Flush all 41 are.
func TestFileEndsOnRecord51(t *testing.T) {
	w, err := tblog.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cut := 0
	for i := range 40 {
		tag := "metric/" + strings.Repeat("x", (i*997)%4000)
		if i == 17 {
			tag = "metric/" + strings.Repeat("y", 20000) // larger than the buffer
		}
		if err := w.Scalar(tag, int64(i), float64(i)); err != nil {
			t.Fatal(err)
		}
		n, err := tblog.Records(w.Path())
		if err != nil {
			cut++
			t.Errorf("after scalar %d: %d whole records, then %v", i, n, err)
		}
		if n > i+2 {
			t.Errorf("after scalar %d: %d records, more than the %d written", i, n, i+2)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if n, err := tblog.Records(w.Path()); n != 41 || err != nil {
		t.Errorf("after Flush: %d records, %v; want 41, nil", n, err)
	}
	if st, err := os.Stat(w.Path()); err != nil || st.Size() == 0 {
		t.Fatalf("stat: %v", err)
	}
	if cut > 0 {
		t.Logf("%d of 40 calls left the file inside a record", cut)
	}
}

package tblog_test

import (
	"testing"
	"time"

	"github.com/stackel/stackel/internal/tbread"
	"github.com/stackel/stackel/tblog"
)

// TestNilNowIsTimeNow: Writer.Now set to nil (back to "the default",
// time.Now, as its doc names it) stamps events with the current time. It
// panicked with a nil function call inside Scalar, in the middle of a run.
func TestNilNowIsTimeNow(t *testing.T) {
	w, err := tblog.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = nil
	before := float64(time.Now().UnixNano()) / 1e9
	if err := w.Scalar("loss", 3, 0.5); err != nil {
		t.Fatal(err)
	}
	after := float64(time.Now().UnixNano()) / 1e9
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := tbread.Read(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Scalars) != 1 {
		t.Fatalf("%d scalars, want 1", len(f.Scalars))
	}
	// Wall times are float64 seconds, exact to well under a microsecond.
	if s := f.Scalars[0]; s.Tag != "loss" || s.Step != 3 || s.Value != 0.5 || s.WallTime < before-1e-6 || s.WallTime > after+1e-6 {
		t.Errorf("scalar %+v, want loss@3 = 0.5 at a wall time in [%.6f, %.6f]", s, before, after)
	}
}

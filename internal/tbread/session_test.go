package tbread

import (
	"math"
	"testing"
)

// TestSessionStarts51: the steps of the SessionLog START events
// (event.proto: Event.session_log = 7, SessionLog.status = 1, START = 1),
// in file order, are listed in File.Starts, the step read wherever it
// stands in the event (after the session log too); a STOP (2) or a
// session log without a status is not a start; a session log of the wrong
// wire type is an error naming it. Files that hold them were read with
// the starts skipped uncounted, so a test could not see that a rewritten
// log marks its restart.
func TestSessionStarts51(t *testing.T) {
	wall := fixed64Field(1, math.Float64bits(1.7e9))
	start := lenField(7, []byte{key(1, 0), 1})
	stop := lenField(7, []byte{key(1, 0), 2})
	ev := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	p := writeRecords(t, versionEvent,
		ev(wall, []byte{key(2, 0), 5}, start),
		ev(wall, stop, []byte{key(2, 0), 6}),
		ev(wall, lenField(7, nil)),
		ev(start, []byte{key(2, 0), 0xac, 0x02}), // step 300 after the log
		ev(wall, start),                          // step 0 (absent)
		scalarEvent(fixed32Field(2, math.Float32bits(2))),
	)
	f, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{5, 300, 0}
	if len(f.Starts) != len(want) || f.Starts[0] != want[0] || f.Starts[1] != want[1] || f.Starts[2] != want[2] {
		t.Errorf("Starts %v, want %v", f.Starts, want)
	}
	if len(f.Scalars) != 1 || f.Scalars[0].Value != 2 || f.Skipped != 0 {
		t.Errorf("scalars %+v, skipped %d; want loss@7 = 2, 0", f.Scalars, f.Skipped)
	}
	bad := writeRecords(t, versionEvent, ev(wall, []byte{key(7, 0), 1}))
	if _, err := Read(bad); err == nil || err.Error() != bad+": record 1: Event.session_log (field 7): wire type 0, want 2" {
		t.Errorf("session_log as a varint: %v", err)
	}
}

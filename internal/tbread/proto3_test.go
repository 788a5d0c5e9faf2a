package tbread

import (
	"math"
	"strings"
	"testing"
)

// TestStringsAreUTF8: event.proto and summary.proto are proto3, whose
// parsers reject an event holding a string field that is not valid UTF-8
// (tblog writes invalid tag bytes as U+FFFD for that reason); tbread read
// a tag "loss\xff" and a file_version "brain\xfe" as given, so a writer
// that stopped sanitising would have passed.
func TestStringsAreUTF8(t *testing.T) {
	badTag := taggedEvent("los\xff")
	badVersion := append(fixed64Field(1, math.Float64bits(1.7e9)), lenField(3, []byte("brain\xfeEvent:2"))...)
	for _, c := range []struct {
		name string
		recs [][]byte
		want string
	}{
		{"tag", [][]byte{versionEvent, badTag}, `record 1: Value.tag "los\xff" is not valid UTF-8`},
		{"file_version", [][]byte{badVersion}, `record 0: Event.file_version "brain\xfeEvent:2" is not valid UTF-8`},
	} {
		_, err := Read(writeRecords(t, c.recs...))
		if err == nil || !strings.HasSuffix(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one ending %q", c.name, err, c.want)
		}
	}
	// Valid multi-byte UTF-8 and U+FFFD itself are read as written.
	ok := taggedEvent("θ\uFFFD")
	if f, err := Read(writeRecords(t, versionEvent, ok)); err != nil || len(f.Scalars) != 1 || f.Scalars[0].Tag != "θ\uFFFD" {
		t.Errorf("tag θ\\uFFFD: %+v, %v", f, err)
	}
}

// taggedEvent is an Event at step 7 with one scalar value 1 tagged tag.
func taggedEvent(tag string) []byte {
	v := append(lenField(1, []byte(tag)), fixed32Field(2, math.Float32bits(1))...)
	ev := append(fixed64Field(1, math.Float64bits(1.7e9)), key(2, 0), 7)
	return append(ev, lenField(5, lenField(1, v))...)
}

// TestFieldNumberZero: a key with field number 0 is invalid in the
// protocol-buffer encoding (parsers reject the message); tbread skipped it
// as an unknown field.
func TestFieldNumberZero(t *testing.T) {
	ev := append(scalarEvent(fixed32Field(2, math.Float32bits(1))), key(0, 0), 1)
	_, err := Read(writeRecords(t, versionEvent, ev))
	if want := "record 1: field number 0"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("field 0: error %v, want one ending %q", err, want)
	}
}

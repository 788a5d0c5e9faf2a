package tbread

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// frame wraps data as one TFRecord.
func frame(data []byte) []byte {
	var hdr [12]byte
	binary.LittleEndian.PutUint64(hdr[:8], uint64(len(data)))
	binary.LittleEndian.PutUint32(hdr[8:], masked(hdr[:8]))
	out := append(hdr[:], data...)
	return binary.LittleEndian.AppendUint32(out, masked(data))
}

// key is a protocol-buffer field key (single byte: field < 16).
func key(num, wire int) byte { return byte(num<<3 | wire) }

// lenField is a length-delimited field (payload under 128 bytes).
func lenField(num int, b []byte) []byte {
	return append([]byte{key(num, 2), byte(len(b))}, b...)
}

func fixed64Field(num int, u uint64) []byte {
	return binary.LittleEndian.AppendUint64([]byte{key(num, 1)}, u)
}

func fixed32Field(num int, u uint32) []byte {
	return binary.LittleEndian.AppendUint32([]byte{key(num, 5)}, u)
}

var versionEvent = append(fixed64Field(1, math.Float64bits(1.7e9)), lenField(3, []byte("brain.Event:2"))...)

// scalarEvent builds an Event at step 7 (varint) with one value, its
// simple_value encoded by value.
func scalarEvent(value []byte) []byte {
	v := append(lenField(1, []byte("loss")), value...)
	ev := fixed64Field(1, math.Float64bits(1.7e9))
	ev = append(ev, key(2, 0), 7)
	return append(ev, lenField(5, lenField(1, v))...)
}

func writeRecords(t *testing.T, recs ...[]byte) string {
	t.Helper()
	var b []byte
	for _, r := range recs {
		b = append(b, frame(r)...)
	}
	p := filepath.Join(t.TempDir(), "events.out.tfevents.1.test")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadsWellFormed: the hand-built records decode as written.
func TestReadsWellFormed(t *testing.T) {
	p := writeRecords(t, versionEvent, scalarEvent(fixed32Field(2, math.Float32bits(2.5))))
	f, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != "brain.Event:2" || len(f.Scalars) != 1 {
		t.Fatalf("%+v", f)
	}
	if s := f.Scalars[0]; s.Tag != "loss" || s.Step != 7 || s.Value != 2.5 || s.WallTime != 1.7e9 {
		t.Errorf("%+v", s)
	}
}

// TestWireTypesChecked: a known field with the wrong wire type is an error,
// not a value: TensorBoard's parser would skip such a field as unknown
// (a step written as fixed64 would read as step 0), so a reader that took
// it would pass a writer bug.
func TestWireTypesChecked(t *testing.T) {
	stepFixed := fixed64Field(1, math.Float64bits(1.7e9))
	stepFixed = append(stepFixed, fixed64Field(2, 7)...) // step as fixed64
	v := append(lenField(1, []byte("loss")), fixed32Field(2, math.Float32bits(1))...)
	stepFixed = append(stepFixed, lenField(5, lenField(1, v))...)
	cases := map[string][]byte{
		"step":         stepFixed,
		"simple_value": scalarEvent(fixed64Field(2, uint64(math.Float32bits(1)))), // float as fixed64
		"tag":          scalarEvent(append([]byte{key(1, 0), 3}, fixed32Field(2, 0)...)),
	}
	for name, ev := range cases {
		_, err := Read(writeRecords(t, versionEvent, ev))
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "wire type") {
			t.Errorf("%s with the wrong wire type: error %v", name, err)
		}
	}
}

// TestFileVersionFirstOnly: Version is the first event's file_version; a
// file whose version comes later is refused, not taken as versioned.
func TestFileVersionFirstOnly(t *testing.T) {
	scalar := scalarEvent(fixed32Field(2, math.Float32bits(1)))
	_, err := Read(writeRecords(t, scalar, versionEvent))
	if err == nil || !strings.Contains(err.Error(), "record 1") || !strings.Contains(err.Error(), "file_version") {
		t.Errorf("file_version in the second record: error %v", err)
	}
	f, err := Read(writeRecords(t, scalar))
	if err != nil || f.Version != "" {
		t.Errorf("no file_version: %q, %v", f.Version, err)
	}
}

// TestHugeLength: a record header whose length (with a valid CRC) exceeds
// the file is reported as truncated; near 2^64 the length once wrapped in
// the bounds check and the slice expression panicked.
func TestHugeLength(t *testing.T) {
	for _, l := range []uint64{math.MaxUint64 - 1, math.MaxUint64, 1 << 40, 5} {
		var b [20]byte
		binary.LittleEndian.PutUint64(b[:8], l)
		binary.LittleEndian.PutUint32(b[8:], masked(b[:8]))
		p := filepath.Join(t.TempDir(), "events.out.tfevents.1.test")
		if err := os.WriteFile(p, b[:], 0o644); err != nil {
			t.Fatal(err)
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("length %d: panic %v", l, r)
				}
			}()
			if _, err := Read(p); err == nil || !strings.Contains(err.Error(), "truncated data") {
				t.Errorf("length %d: error %v", l, err)
			}
		}()
	}
}

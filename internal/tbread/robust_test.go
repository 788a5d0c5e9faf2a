package tbread

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeIn writes the framed records as an event file in a new directory
// named name (inside a temporary directory) and returns that directory.
func writeIn(t *testing.T, name string, recs ...[]byte) string {
	t.Helper()
	var b []byte
	for _, r := range recs {
		b = append(b, frame(r)...)
	}
	dir := filepath.Join(t.TempDir(), name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "events.out.tfevents.1.test"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	// Neither a file of another name nor a directory is read.
	if err := os.WriteFile(filepath.Join(dir, "events.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "events.out.tfevents.2.dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDirGlobCharacters: Dir reads the event file of a directory whose
// name holds glob metacharacters. It matched dir as a glob pattern: "run[1]"
// (a class matching "run1") found no file, "run[x" failed with "syntax
// error in pattern".
func TestDirGlobCharacters(t *testing.T) {
	ev := scalarEvent(fixed32Field(2, math.Float32bits(2.5)))
	for _, name := range []string{"run[1]", "run[x", "a*b", "q?"} {
		files, err := Dir(writeIn(t, name, versionEvent, ev))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(files) != 1 || files[0].Version != "brain.Event:2" || len(files[0].Scalars) != 1 || files[0].Scalars[0].Value != 2.5 {
			t.Errorf("%s: files %+v, want one with the scalar loss@7 = 2.5", name, files)
		}
	}
	if _, err := Dir(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing directory: %v", err)
	}
}

// TestSkipsOtherKinds: events without a summary (a graph_def, a
// log_message) and summary values of another kind (a histogram, a tensor)
// are skipped, the latter counted; the scalars around them are read. A
// value of another kind was an error ("without simple_value").
func TestSkipsOtherKinds(t *testing.T) {
	graph := append(fixed64Field(1, math.Float64bits(1.7e9)), lenField(4, []byte{1, 2, 3})...)
	logMsg := append(fixed64Field(1, math.Float64bits(1.7e9)), lenField(6, lenField(2, []byte("hello")))...)
	histo := append(lenField(1, []byte("h")), lenField(5, []byte{0x09, 0, 0, 0, 0, 0, 0, 0, 0})...)
	tensor := append(lenField(1, []byte("t")), lenField(8, []byte{0x08, 0x01})...)
	scalar := append(lenField(1, []byte("s")), fixed32Field(2, math.Float32bits(-1.25))...)
	summary := append(append(lenField(1, histo), lenField(1, scalar)...), lenField(1, tensor)...)
	mixed := append(fixed64Field(1, math.Float64bits(1.7e9)), key(2, 0), 9)
	mixed = append(mixed, lenField(5, summary)...)
	f, err := Read(writeRecords(t, versionEvent, graph, logMsg, mixed, scalarEvent(fixed32Field(2, math.Float32bits(3)))))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Scalars) != 2 || f.Skipped != 2 {
		t.Fatalf("%d scalars, %d skipped; want 2 and 2: %+v", len(f.Scalars), f.Skipped, f)
	}
	if s := f.Scalars[0]; s.Tag != "s" || s.Step != 9 || s.Value != -1.25 {
		t.Errorf("first scalar %+v, want s@9 = -1.25", s)
	}
	if s := f.Scalars[1]; s.Tag != "loss" || s.Step != 7 || s.Value != 3 {
		t.Errorf("second scalar %+v, want loss@7 = 3", s)
	}
	// A value with no value at all is still an error: a writer lost it.
	_, err = Read(writeRecords(t, versionEvent, scalarEvent(nil)))
	if err == nil || !strings.HasSuffix(err.Error(), `record 1: value "loss" without simple_value`) {
		t.Errorf("a value with a tag only: %v", err)
	}
}

// TestDamagedFiles: an empty file has no events and no error; a file cut
// inside its last record (a run killed mid-write) or with a flipped byte
// is an error naming the record, with the scalars of the records before it.
func TestDamagedFiles(t *testing.T) {
	p := writeRecords(t)
	if f, err := Read(p); err != nil || f.Version != "" || len(f.Scalars) != 0 {
		t.Errorf("empty file: %+v, %v", f, err)
	}
	ev := scalarEvent(fixed32Field(2, math.Float32bits(2.5)))
	p = writeRecords(t, versionEvent, ev, ev)
	whole, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	recLen := len(frame(ev))
	for _, c := range []struct {
		cut  int
		want string
	}{
		{1, "record 2: truncated data"},
		{recLen - 12, "record 2: truncated data"}, // the header alone
		{recLen - 11, "record 2: truncated header"},
		{recLen - 1, "record 2: truncated header"},
	} {
		if err := os.WriteFile(p, whole[:len(whole)-c.cut], 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := Read(p)
		if err == nil || !strings.HasSuffix(err.Error(), c.want) || len(f.Scalars) != 1 || f.Version != "brain.Event:2" {
			t.Errorf("cut %d bytes: %d scalars, %v; want 1 and %q", c.cut, len(f.Scalars), err, c.want)
		}
	}
	for _, c := range []struct {
		at   int
		want string
	}{
		{len(whole) - recLen + 8, "record 2: length CRC mismatch"},
		{len(whole) - recLen + 2, "record 2: length CRC mismatch"},
		{len(whole) - 5, "record 2: data CRC mismatch"},
		{len(whole) - 1, "record 2: data CRC mismatch"},
	} {
		bad := append([]byte(nil), whole...)
		bad[c.at] ^= 0x10
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(p); err == nil || !strings.HasSuffix(err.Error(), c.want) {
			t.Errorf("byte %d flipped: %v; want %q", c.at, err, c.want)
		}
	}
}

package tblog_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/tbread"
	"github.com/stackel/stackel/tblog"
)

// TestCRC32CCheckValue: CRC-32C of "123456789" is 0xE3069283 (the
// catalogue check value of CRC-32/ISCSI), for the writer's table-driven
// CRC and the reader's bitwise one.
func TestCRC32CCheckValue(t *testing.T) {
	if c := tbread.CRC32C([]byte("123456789")); c != 0xE3069283 {
		t.Errorf("reader CRC-32C %#x", c)
	}
	// Masked CRC of an empty record: mask(0) = 0xa282ead8 (the same for
	// any CRC-32, so it says nothing of the polynomial).
	if m := tblog.MaskedCRC(nil); m != 0xa282ead8 {
		t.Errorf("masked CRC of nothing %#x, want 0xa282ead8", m)
	}
	// The writer's CRC on the check input: mask(0xE3069283) =
	// rotr15(0xE3069283) + 0xa282ead8 = 0xc78ab0e5 (with the IEEE
	// polynomial it would be another value).
	if m := tblog.MaskedCRC([]byte("123456789")); m != 0xc78ab0e5 {
		t.Errorf("writer's masked CRC-32C of \"123456789\" %#x, want 0xc78ab0e5", m)
	}
}

// TestRoundTrip writes scalars and reads them back with the independent
// decoder: tags, steps and float32 values exactly, in order.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	w, err := tblog.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(w.Path()), "events.out.tfevents.") {
		t.Errorf("file name %s", w.Path())
	}
	tags := []string{"avg_return", "loss", "nan", "big_step"}
	type rec struct {
		step int64
		vals []float64
	}
	recs := []rec{
		{0, []float64{1.5, -2, math.NaN(), 0}},
		{4000, []float64{-160.25, 1e-30, math.Inf(1), 3.3}},
		{1 << 40, []float64{math.Pi, math.Copysign(0, -1), math.Inf(-1), 1e30}}, // a negative zero keeps its sign
	}
	for _, r := range recs {
		if err := w.Scalars(r.step, tags, r.vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files, err := tbread.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Version != "brain.Event:2" {
		t.Fatalf("files %+v", files)
	}
	got := files[0].Scalars
	if len(got) != len(recs)*len(tags) {
		t.Fatalf("%d scalars, want %d", len(got), len(recs)*len(tags))
	}
	for i, r := range recs {
		for j, tag := range tags {
			s := got[i*len(tags)+j]
			want := float32(r.vals[j])
			same := s.Value == want || (math.IsNaN(float64(want)) && math.IsNaN(float64(s.Value)))
			if s.Tag != tag || s.Step != r.step || !same || math.Signbit(float64(s.Value)) != math.Signbit(float64(want)) {
				t.Errorf("scalar %d: %+v, want %s@%d = %g", i*len(tags)+j, s, tag, r.step, want)
			}
			if s.WallTime < 1.7e9 {
				t.Errorf("wall time %g", s.WallTime)
			}
		}
	}
}

// TestCorruptionDetected flips one byte of a record's data; the decoder's
// CRC check must refuse it (so the round trip above does check CRCs).
func TestCorruptionDetected(t *testing.T) {
	dir := t.TempDir()
	w, err := tblog.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Scalar("x", 1, 2)
	w.Close()
	b, _ := os.ReadFile(w.Path())
	b[len(b)-8] ^= 1
	os.WriteFile(w.Path(), b, 0o644)
	if _, err := tbread.Read(w.Path()); err == nil || !strings.Contains(err.Error(), "CRC") {
		t.Errorf("corrupted file: error %v", err)
	}
}

// TestUniqueNames: two writers in one second get two files, and RemoveAll
// deletes event files only.
func TestUniqueNames(t *testing.T) {
	dir := t.TempDir()
	a, _ := tblog.Create(dir)
	b, err := tblog.Create(dir)
	if err != nil || a.Path() == b.Path() {
		t.Fatalf("%v %s %s", err, a.Path(), b.Path())
	}
	a.Close()
	b.Close()
	os.WriteFile(filepath.Join(dir, "keep.txt"), nil, 0o644)
	if err := tblog.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 1 || left[0].Name() != "keep.txt" {
		t.Errorf("left %v", left)
	}
}

// TestWriteAfterClose: a Scalar or Flush after Close is an error naming
// the file (it returned nil, the event kept in a buffer nobody would
// flush), and a second Close does nothing.
func TestWriteAfterClose(t *testing.T) {
	w, err := tblog.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Scalar("a", 1, 1); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Scalar("a", 2, 2); err == nil || !strings.Contains(err.Error(), "Scalar after Close") || !strings.Contains(err.Error(), w.Path()) {
		t.Errorf("Scalar after Close: %v", err)
	}
	if err := w.Flush(); err == nil || !strings.Contains(err.Error(), "Flush after Close") {
		t.Errorf("Flush after Close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func BenchmarkScalar(b *testing.B) {
	w, err := tblog.Create(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	for i := 0; i < b.N; i++ {
		w.Scalar("avg_return", int64(i), float64(i))
	}
}

// TestInvalidUTF8Tag: a tag that is not valid UTF-8 is written with U+FFFD
// in place of the bad bytes. Tags are proto3 strings, and TensorBoard's
// protobuf parser refuses an Event whose string field is not UTF-8
// (DecodeError, which its event-file loader does not catch).
func TestInvalidUTF8Tag(t *testing.T) {
	dir := t.TempDir()
	w, err := tblog.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Scalars(3, []string{"loss\xff/θ", "ok/θ₁"}, []float64{1, 2}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := tbread.Read(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, s := range f.Scalars {
		tags = append(tags, s.Tag)
	}
	if len(tags) != 2 || tags[0] != "loss\uFFFD/θ" || tags[1] != "ok/θ₁" {
		t.Errorf("tags %q, want %q", tags, []string{"loss\uFFFD/θ", "ok/θ₁"})
	}
}

// TestRecords counts a file's whole records (the file version and one
// event per scalar), and refuses a file cut anywhere inside a record or
// with a flipped byte.
func TestRecords(t *testing.T) {
	dir := t.TempDir()
	w, err := tblog.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	for step := int64(0); step < 3; step++ {
		if err := w.Scalars(step, []string{"a", "b"}, []float64{1, 2}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := tblog.Records(w.Path()); err != nil || n != 1+3*2 {
		t.Fatalf("whole file: %d records, %v; want 7", n, err)
	}
	data, _ := os.ReadFile(w.Path())
	for _, cut := range []int{1, 4, 12, len(data) / 2} {
		os.WriteFile(w.Path(), data[:len(data)-cut], 0o644)
		if n, err := tblog.Records(w.Path()); err == nil {
			t.Errorf("cut %d bytes short: %d records, no error", cut, n)
		}
	}
	bad := append([]byte(nil), data...)
	bad[len(bad)-6] ^= 1
	os.WriteFile(w.Path(), bad, 0o644)
	if _, err := tblog.Records(w.Path()); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("a flipped byte: %v", err)
	}
}

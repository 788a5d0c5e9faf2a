package tblog

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of TensorFlow's event.proto and summary.proto.
const (
	eventWallTime    = 1 // double wall_time
	eventStep        = 2 // int64 step
	eventFileVersion = 3 // string file_version
	eventSummary     = 5 // Summary summary
	summaryValue     = 1 // repeated Summary.Value value
	valueTag         = 1 // string tag
	valueSimple      = 2 // float simple_value
)

// FileVersion is the file_version of the first event of every file.
const FileVersion = "brain.Event:2"

// FilePrefix starts the name of every event file.
const FilePrefix = "events.out.tfevents."

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// MaskedCRC is TFRecord's masked CRC-32C of b.
func MaskedCRC(b []byte) uint32 {
	c := crc32.Checksum(b, castagnoli)
	return ((c >> 15) | (c << 17)) + 0xa282ead8
}

// Records returns the number of whole records in the event file at path,
// or an error if it does not read, or a record is cut short or fails
// either of its checksums (TFRecord framing: the length as 8 bytes, its
// masked CRC, the data, the data's masked CRC). A file the writer was
// stopped in the middle of (a kill or power cut before it was synced)
// gives an error.
func Records(path string) (int, error) {
	n, _, err := scan(path)
	return n, err
}

// LeadingStarts returns the number of whole records in the event file at
// path, as Records does, and how many of the records right after its
// first (the file-version event) hold a SessionLog START (SessionStart):
// the restart marks a rewritten log starts with.
func LeadingStarts(path string) (records, starts int, err error) {
	return scan(path)
}

// scan reads the event file at path record by record (see Records),
// counting them and the SessionLog STARTs that follow the first.
func scan(path string) (records, starts int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	leading := true // every record after the first so far is a START
	for len(data) > 0 {
		if len(data) < 12 || MaskedCRC(data[:8]) != binary.LittleEndian.Uint32(data[8:12]) {
			return records, starts, fmt.Errorf("%s: record %d: length cut short or failing its checksum", path, records+1)
		}
		l := binary.LittleEndian.Uint64(data[:8])
		data = data[12:]
		if rest := uint64(len(data)); rest < 4 || rest-4 < l {
			return records, starts, fmt.Errorf("%s: record %d: cut short", path, records+1)
		}
		if MaskedCRC(data[:l]) != binary.LittleEndian.Uint32(data[l:l+4]) {
			return records, starts, fmt.Errorf("%s: record %d: data failing its checksum", path, records+1)
		}
		if records > 0 && leading {
			if leading = isSessionStart(data[:l]); leading {
				starts++
			}
		}
		data = data[l+4:]
		records++
	}
	return records, starts, nil
}

// isSessionStart reports whether the event ev holds a SessionLog of
// status START.
func isSessionStart(ev []byte) bool {
	field, ok := fieldValue(ev, eventSessionLog, protowire.BytesType)
	if !ok {
		return false
	}
	log, n := protowire.ConsumeBytes(field)
	if n < 0 {
		return false
	}
	if field, ok = fieldValue(log, sessionLogStatus, protowire.VarintType); !ok {
		return false
	}
	status, n := protowire.ConsumeVarint(field)
	return n > 0 && status == sessionStart
}

// fieldValue returns the encoded value of the first field num of wire
// type typ in the message msg; false when it has none or does not parse.
func fieldValue(msg []byte, num protowire.Number, typ protowire.Type) ([]byte, bool) {
	for len(msg) > 0 {
		f, t, n := protowire.ConsumeTag(msg)
		if n < 0 {
			return nil, false
		}
		msg = msg[n:]
		m := protowire.ConsumeFieldValue(f, t, msg)
		if m < 0 {
			return nil, false
		}
		if f == num && t == typ {
			return msg[:m], true
		}
		msg = msg[m:]
	}
	return nil, false
}

// Writer appends scalar events to one event file. It is not safe for
// concurrent use. The zero value is not usable; call Create.
type Writer struct {
	f    *os.File
	w    *bufio.Writer
	path string
	// Now gives the wall time of each event (default time.Now; nil also
	// means time.Now).
	Now func() time.Time
	rec []byte
	buf []byte
	// frame holds the record being written, framed (record).
	frame []byte
	// closed is set by Close: later writes are errors, not lost silently
	// in the buffer.
	closed bool
}

// Create makes dir (if needed) and a new event file in it, named
// events.out.tfevents.<unix seconds>.<host>[.<n>] (a suffix keeps names
// unique when a file of that second exists), and writes the file-version
// event to it. If that write fails (a full disk), the file is closed and
// removed and Create returns a nil Writer and the error.
func Create(dir string) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	host = strings.NewReplacer("/", "_", " ", "_").Replace(host)
	if host == "" {
		host = "localhost"
	}
	now := time.Now()
	base := filepath.Join(dir, fmt.Sprintf("%s%d.%s", FilePrefix, now.Unix(), host))
	var f *os.File
	var err error
	path := base
	for n := 1; ; n++ {
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !os.IsExist(err) {
			break
		}
		path = fmt.Sprintf("%s.%d", base, n)
	}
	if err != nil {
		return nil, err
	}
	w := &Writer{f: f, w: bufio.NewWriterSize(f, 1<<14), path: path, Now: time.Now}
	ev := protowire.AppendTag(nil, eventWallTime, protowire.Fixed64Type)
	ev = protowire.AppendFixed64(ev, math.Float64bits(unixSeconds(now)))
	ev = protowire.AppendTag(ev, eventFileVersion, protowire.BytesType)
	ev = protowire.AppendString(ev, FileVersion)
	err = w.record(ev)
	if err == nil {
		err = w.w.Flush()
	}
	if err != nil {
		// Nothing of a file that failed its first write is kept: no open
		// descriptor, no empty or partial event file beside the next one.
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("tblog: writing the file-version event: %w", err)
	}
	return w, nil
}

// Path is the event file's path.
func (w *Writer) Path() string { return w.path }

func unixSeconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// Scalar appends an event holding one scalar summary value (tag, value at
// step). Values are stored as float32 (simple_value), as TensorBoard
// stores them (rounded to nearest, ties to even); NaN and ±Inf are
// written as they are, a finite value beyond float32's range (|v| ≥
// 3.4028235677973366e38, math.MaxFloat32 plus half its last unit) as
// ±Inf, and one of at most half float32's smallest subnormal (|v| ≤
// 2⁻¹⁵⁰ ≈ 7.006e-46) as ±0; 3.401e38 stays finite and 1e-45 is written as
// the subnormal 1.4e-45. The tag is a proto3
// string, which must be valid UTF-8 (TensorBoard's protobuf parser rejects
// the whole event otherwise): each run of invalid bytes is written as one
// U+FFFD ("a\xff\xfeb" as "a\uFFFDb", strings.ToValidUTF8).
//
// Events are buffered: a nil error does not mean the event is in the file.
// A failed write (a full disk) is returned by the Scalar, Flush or Close
// that meets it and by every later call; the records written before it
// stay in the file, possibly followed by one cut short, and the events
// buffered since are lost.
func (w *Writer) Scalar(tag string, step int64, value float64) error {
	if w.closed {
		return errAfterClose(w, "Scalar")
	}
	if !utf8.ValidString(tag) {
		tag = strings.ToValidUTF8(tag, "\uFFFD")
	}
	v := protowire.AppendTag(w.buf[:0], valueTag, protowire.BytesType)
	v = protowire.AppendString(v, tag)
	v = protowire.AppendTag(v, valueSimple, protowire.Fixed32Type)
	v = protowire.AppendFixed32(v, math.Float32bits(float32(value)))
	sumStart := len(v)
	v = protowire.AppendTag(v, summaryValue, protowire.BytesType)
	v = protowire.AppendBytes(v, v[:sumStart])
	summary := v[sumStart:]

	ev := protowire.AppendTag(w.rec[:0], eventWallTime, protowire.Fixed64Type)
	ev = protowire.AppendFixed64(ev, math.Float64bits(unixSeconds(w.clock())))
	ev = protowire.AppendTag(ev, eventStep, protowire.VarintType)
	ev = protowire.AppendVarint(ev, uint64(step))
	ev = protowire.AppendTag(ev, eventSummary, protowire.BytesType)
	ev = protowire.AppendBytes(ev, summary)
	w.buf, w.rec = v, ev
	return w.record(ev)
}

// Scalars appends one event per (tags[i], values[i]) at step: one scalar
// per metric per record.
func (w *Writer) Scalars(step int64, tags []string, values []float64) error {
	if len(tags) != len(values) {
		return fmt.Errorf("tblog: %d tags for %d values", len(tags), len(values))
	}
	for i, t := range tags {
		if err := w.Scalar(t, step, values[i]); err != nil {
			return err
		}
	}
	return nil
}

// clock is the wall time of an event written now: w.Now's, or
// time.Now's when Now is nil.
func (w *Writer) clock() time.Time {
	if w.Now == nil {
		return time.Now()
	}
	return w.Now()
}

// errAfterClose is the error of a write (op) to a closed Writer.
func errAfterClose(w *Writer, op string) error {
	return fmt.Errorf("tblog: %s: %s after Close", w.path, op)
}

// record frames data as one TFRecord and buffers it whole: a record that
// does not fit in the buffer's free space first writes out what it holds,
// and one larger than the buffer goes to the file by itself in one write.
// The file thus ends at a record's end between calls (until a failed
// write: a full disk), so a kill leaves whole records and a reader of the
// file as it grows never meets half of one.
func (w *Writer) record(data []byte) error {
	fr := binary.LittleEndian.AppendUint64(w.frame[:0], uint64(len(data)))
	fr = binary.LittleEndian.AppendUint32(fr, MaskedCRC(fr[:8]))
	fr = append(fr, data...)
	fr = binary.LittleEndian.AppendUint32(fr, MaskedCRC(data))
	w.frame = fr
	if len(fr) > w.w.Available() && w.w.Buffered() > 0 {
		if err := w.w.Flush(); err != nil {
			return err
		}
	}
	// With the buffer empty, bufio writes a record larger than the buffer
	// straight to the file, whole.
	_, err := w.w.Write(fr)
	return err
}

// Flush writes buffered events to the file.
func (w *Writer) Flush() error {
	if w.closed {
		return errAfterClose(w, "Flush")
	}
	return w.w.Flush()
}

// Close flushes and closes the file. Scalar and Flush afterwards return
// an error; Close again does nothing.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	if err := w.w.Flush(); err != nil {
		w.f.Close()
		return err
	}
	return w.f.Close()
}

// Files returns the paths of the event files in dir (the names starting
// with FilePrefix; directories aside), in name order; none if dir does not
// exist. Names are compared as strings, not matched as glob patterns, so a
// dir holding *, ? or [ is read as it is.
func Files(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tblog: listing event files: %w", err)
	}
	var paths []string
	for _, e := range entries { // ReadDir sorts by name
		if !e.IsDir() && strings.HasPrefix(e.Name(), FilePrefix) {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return paths, nil
}

// RemoveAll deletes the event files in dir (and nothing else), so a run
// that rewrites its log from its metrics starts clean.
func RemoveAll(dir string) error {
	paths, err := Files(dir)
	if err != nil {
		return err
	}
	for _, p := range paths {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

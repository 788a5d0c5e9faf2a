package tbread

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Scalar is one decoded scalar summary value.
type Scalar struct {
	// Tag is the summary value's tag, the name of its series.
	Tag string
	// Step is the step of the event that holds the value (0 if the event
	// has none).
	Step int64
	// Value is the simple_value, a float32 as stored.
	Value float32
	// WallTime is the event's wall_time in seconds since the Unix epoch
	// (0 if the event has none).
	WallTime float64
}

// File is a decoded event file.
type File struct {
	// Version is the file_version of the first event ("" if it has
	// none; a file_version in a later event is an error).
	Version string
	// Scalars are the scalar values in file order.
	Scalars []Scalar
	// Skipped counts the summary values of other kinds (an image, a
	// histogram, audio, a tensor), which are not read. Events without a
	// summary (a graph, a log message, a session log) are skipped too,
	// uncounted (a session log's START listed in Starts). A value with
	// none of these is an error.
	Skipped int
	// Starts are the steps of the events holding a SessionLog of status
	// START (TensorBoard's mark of a restart: its Python loader drops the
	// values it read before at steps ≥ that step), in file order.
	Starts []int64
}

// crc32c computes CRC-32C bit by bit (reflected polynomial 0x82F63B78).
func crc32c(b []byte) uint32 {
	c := ^uint32(0)
	for _, x := range b {
		c ^= uint32(x)
		for k := 0; k < 8; k++ {
			if c&1 != 0 {
				c = c>>1 ^ 0x82F63B78
			} else {
				c >>= 1
			}
		}
	}
	return ^c
}

func masked(b []byte) uint32 {
	c := crc32c(b)
	return (c>>15 | c<<17) + 0xa282ead8
}

// CRC32C exposes the bitwise CRC-32C for a check-value test.
func CRC32C(b []byte) uint32 { return crc32c(b) }

// Dir decodes every events.out.tfevents.* file in dir, in name order.
// Names are compared as strings, not matched as a glob pattern, so that a
// dir holding *, ? or [ is read as it is.
func Dir(dir string) ([]File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []File
	for _, e := range entries { // ReadDir sorts by name
		if e.IsDir() || !strings.HasPrefix(e.Name(), "events.out.tfevents.") {
			continue
		}
		f, err := Read(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Read decodes one event file, checking both CRCs of every record.
func Read(path string) (File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return File{}, err
	}
	var f File
	for off, n := 0, 0; off < len(data); n++ {
		if len(data)-off < 12 {
			return f, fmt.Errorf("%s: record %d: truncated header", path, n)
		}
		l := binary.LittleEndian.Uint64(data[off:])
		if masked(data[off:off+8]) != binary.LittleEndian.Uint32(data[off+8:]) {
			return f, fmt.Errorf("%s: record %d: length CRC mismatch", path, n)
		}
		off += 12
		// Compared as rest-4 < l, not rest < l+4, which wraps for a huge l.
		if rest := uint64(len(data) - off); rest < 4 || rest-4 < l {
			return f, fmt.Errorf("%s: record %d: truncated data", path, n)
		}
		rec := data[off : off+int(l)]
		if masked(rec) != binary.LittleEndian.Uint32(data[off+int(l):]) {
			return f, fmt.Errorf("%s: record %d: data CRC mismatch", path, n)
		}
		off += int(l) + 4
		if err := decodeEvent(rec, n == 0, &f); err != nil {
			return f, fmt.Errorf("%s: record %d: %w", path, n, err)
		}
	}
	return f, nil
}

// field is one decoded protocol-buffer field.
type field struct {
	num   int
	wire  int
	u     uint64
	bytes []byte
}

func fields(b []byte) ([]field, error) {
	var out []field
	for len(b) > 0 {
		key, n := uvarint(b)
		if n <= 0 {
			return nil, fmt.Errorf("bad tag")
		}
		b = b[n:]
		if key>>3 == 0 || key>>3 > maxField {
			return nil, fmt.Errorf("field number %d", key>>3)
		}
		fd := field{num: int(key >> 3), wire: int(key & 7)}
		switch fd.wire {
		case 0:
			fd.u, n = uvarint(b)
			if n <= 0 {
				return nil, fmt.Errorf("bad varint")
			}
			b = b[n:]
		case 1:
			if len(b) < 8 {
				return nil, fmt.Errorf("short fixed64")
			}
			fd.u, b = binary.LittleEndian.Uint64(b), b[8:]
		case 5:
			if len(b) < 4 {
				return nil, fmt.Errorf("short fixed32")
			}
			fd.u, b = uint64(binary.LittleEndian.Uint32(b)), b[4:]
		case 2:
			l, n := uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return nil, fmt.Errorf("bad length")
			}
			fd.bytes, b = b[n:n+int(l)], b[n+int(l):]
		default:
			return nil, fmt.Errorf("wire type %d", fd.wire)
		}
		out = append(out, fd)
	}
	return out, nil
}

// maxField is the largest valid field number (2²⁹ − 1); field number 0 is
// invalid too, and protocol-buffer parsers reject a message holding
// either.
const maxField = 1<<29 - 1

func uvarint(b []byte) (uint64, int) {
	var x uint64
	for i := 0; i < len(b) && i < 10; i++ {
		x |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return x, i + 1
		}
	}
	return 0, -1
}

// Event.session_log (event.proto) and SessionLog.START, its status of a
// (re)started run.
const (
	eventSessionLog = 7
	sessionStart    = 1
)

// Wire types of the protocol-buffer encoding.
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

// The other members of Summary.Value's oneof value (summary.proto): a
// value holding one of them is not a simple_value scalar and is skipped.
const (
	valueOldHistogram = 3 // bytes obsolete_old_style_histogram
	valueImage        = 4 // Image image
	valueHistogram    = 5 // HistogramProto histo
	valueAudio        = 6 // Audio audio
	valueTensor       = 8 // TensorProto tensor
)

// want returns an error unless fd has the wire type of its declared field
// (a parser such as TensorBoard's would otherwise skip it as unknown).
func want(msg, name string, fd field, wire int) error {
	if fd.wire != wire {
		return fmt.Errorf("%s.%s (field %d): wire type %d, want %d", msg, name, fd.num, fd.wire, wire)
	}
	return nil
}

// utf8String returns fd's bytes as a string, or an error unless they are
// valid UTF-8: Event and Summary are proto3 messages, whose parsers reject
// a string field that is not (tblog writes invalid bytes as U+FFFD).
func utf8String(msg, name string, fd field) (string, error) {
	if !utf8.Valid(fd.bytes) {
		return "", fmt.Errorf("%s.%s %q is not valid UTF-8", msg, name, fd.bytes)
	}
	return string(fd.bytes), nil
}

// decodeEvent reads tensorflow.Event: 1 wall_time (double), 2 step
// (int64), 3 file_version (string, in the first event only), 5 summary
// (Summary: 1 repeated Value: 1 tag, 2 simple_value float), 7 session_log
// (SessionLog: 1 status, START = 1, listed in f.Starts), checking the
// wire type of each of these fields and that the strings are UTF-8; other
// fields are skipped, and so are values of another kind (counted in
// f.Skipped).
func decodeEvent(b []byte, first bool, f *File) error {
	fs, err := fields(b)
	if err != nil {
		return err
	}
	var wall float64
	var step int64
	var values []field
	start := false
	for _, fd := range fs {
		switch fd.num {
		case 1:
			if err := want("Event", "wall_time", fd, wireFixed64); err != nil {
				return err
			}
			wall = math.Float64frombits(fd.u)
		case 2:
			if err := want("Event", "step", fd, wireVarint); err != nil {
				return err
			}
			step = int64(fd.u)
		case 3:
			if err := want("Event", "file_version", fd, wireBytes); err != nil {
				return err
			}
			if !first {
				return fmt.Errorf("file_version %q after the first event", fd.bytes)
			}
			if f.Version, err = utf8String("Event", "file_version", fd); err != nil {
				return err
			}
		case 5:
			if err := want("Event", "summary", fd, wireBytes); err != nil {
				return err
			}
			sf, err := fields(fd.bytes)
			if err != nil {
				return err
			}
			values = append(values, sf...)
		case eventSessionLog:
			if err := want("Event", "session_log", fd, wireBytes); err != nil {
				return err
			}
			lf, err := fields(fd.bytes)
			if err != nil {
				return err
			}
			for _, x := range lf { // the last status counts (a merge)
				if x.num == 1 {
					if err := want("SessionLog", "status", x, wireVarint); err != nil {
						return err
					}
					start = x.u == sessionStart
				}
			}
		}
	}
	if start {
		f.Starts = append(f.Starts, step)
	}
	for _, v := range values {
		if v.num != 1 {
			continue
		}
		if err := want("Summary", "value", v, wireBytes); err != nil {
			return err
		}
		vf, err := fields(v.bytes)
		if err != nil {
			return err
		}
		s := Scalar{Step: step, WallTime: wall}
		hasValue, otherKind := false, false
		for _, x := range vf {
			switch x.num {
			case 1:
				if err := want("Value", "tag", x, wireBytes); err != nil {
					return err
				}
				if s.Tag, err = utf8String("Value", "tag", x); err != nil {
					return err
				}
			case 2:
				if err := want("Value", "simple_value", x, wireFixed32); err != nil {
					return err
				}
				s.Value, hasValue = math.Float32frombits(uint32(x.u)), true
			case valueOldHistogram, valueImage, valueHistogram, valueAudio, valueTensor:
				otherKind = true
			}
		}
		switch {
		case hasValue:
			f.Scalars = append(f.Scalars, s)
		case otherKind:
			f.Skipped++
		default:
			return fmt.Errorf("value %q without simple_value", s.Tag)
		}
	}
	return nil
}

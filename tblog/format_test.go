package tblog_test

// An independent decoder of what tblog writes, from the published formats
// only: TensorFlow's TFRecord framing (a little-endian uint64 length, the
// masked CRC-32C of those 8 bytes, the data, the masked CRC-32C of the
// data; mask(c) = ((c >> 15) | (c << 17)) + 0xa282ead8) and the protocol-
// buffer messages tensorflow.Event (wall_time = 1 double, step = 2 int64,
// file_version = 3 string, summary = 5 Summary) and tensorflow.Summary
// (value = 1 repeated Value; Value: tag = 1 string, simple_value = 2
// float; metadata = 9 and tensor = 8 are not written by tblog and are
// refused here). It shares no code with tblog nor with internal/tbread:
// its own CRC-32C table (reflected Castagnoli polynomial 0x82F63B78),
// varint and wire-type decoding.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/tblog"
)

var fmtCRCTable = func() (t [256]uint32) {
	for i := range t {
		c := uint32(i)
		for range 8 {
			if c&1 == 1 {
				c = 0x82F63B78 ^ (c >> 1)
			} else {
				c >>= 1
			}
		}
		t[i] = c
	}
	return
}()

func fmtCRC32C(b []byte) uint32 {
	c := uint32(0xFFFFFFFF)
	for _, x := range b {
		c = fmtCRCTable[byte(c)^x] ^ (c >> 8)
	}
	return c ^ 0xFFFFFFFF
}

func fmtMask(c uint32) uint32 { return ((c >> 15) | (c << 17)) + 0xa282ead8 }

// fmtRecords splits a file into its TFRecords' data, checking both CRCs of
// each and that the file holds nothing after the last record.
func fmtRecords(b []byte) ([][]byte, error) {
	var recs [][]byte
	for len(b) > 0 {
		if len(b) < 12 {
			return recs, fmt.Errorf("record %d: %d bytes left, a header needs 12", len(recs), len(b))
		}
		n := binary.LittleEndian.Uint64(b[:8])
		if got, want := binary.LittleEndian.Uint32(b[8:12]), fmtMask(fmtCRC32C(b[:8])); got != want {
			return recs, fmt.Errorf("record %d: length CRC %#08x, want %#08x", len(recs), got, want)
		}
		b = b[12:]
		if uint64(len(b)) < 4 || n > uint64(len(b))-4 {
			return recs, fmt.Errorf("record %d: length %d beyond the file", len(recs), n)
		}
		data := b[:n]
		if got, want := binary.LittleEndian.Uint32(b[n:n+4]), fmtMask(fmtCRC32C(data)); got != want {
			return recs, fmt.Errorf("record %d: data CRC %#08x, want %#08x", len(recs), got, want)
		}
		recs = append(recs, data)
		b = b[n+4:]
	}
	return recs, nil
}

type fmtField struct {
	num  uint64
	wire int
	v    uint64 // varint, fixed32 or fixed64
	b    []byte // length-delimited
}

// fmtVarint reads a minimal base-128 varint: at most 10 bytes, the 10th
// at most 1 (no bits past the 64th), and no zero last byte after others
// (an overlong encoding, which protowire never writes).
func fmtVarint(b []byte) (uint64, int, error) {
	var x uint64
	for i := 0; i < len(b) && i < 10; i++ {
		if i == 9 && b[i] > 1 {
			return 0, 0, fmt.Errorf("varint: byte 10 = %#x sets bits past the 64th", b[i])
		}
		x |= uint64(b[i]&0x7f) << (7 * uint(i))
		if b[i]&0x80 == 0 {
			if i > 0 && b[i] == 0 {
				return 0, 0, fmt.Errorf("varint: overlong (% x)", b[:i+1])
			}
			return x, i + 1, nil
		}
	}
	return 0, 0, fmt.Errorf("bad varint")
}

func fmtFields(b []byte) ([]fmtField, error) {
	var fs []fmtField
	for len(b) > 0 {
		key, n, err := fmtVarint(b)
		if err != nil {
			return nil, err
		}
		b = b[n:]
		f := fmtField{num: key >> 3, wire: int(key & 7)}
		switch f.wire {
		case 0:
			if f.v, n, err = fmtVarint(b); err != nil {
				return nil, err
			}
			b = b[n:]
		case 1:
			if len(b) < 8 {
				return nil, fmt.Errorf("field %d: short fixed64", f.num)
			}
			f.v, b = binary.LittleEndian.Uint64(b), b[8:]
		case 2:
			l, n, err := fmtVarint(b)
			if err != nil || l > uint64(len(b)-n) {
				return nil, fmt.Errorf("field %d: bad length", f.num)
			}
			f.b, b = b[n:n+int(l)], b[n+int(l):]
		case 5:
			if len(b) < 4 {
				return nil, fmt.Errorf("field %d: short fixed32", f.num)
			}
			f.v, b = uint64(binary.LittleEndian.Uint32(b)), b[4:]
		default:
			return nil, fmt.Errorf("field %d: wire type %d", f.num, f.wire)
		}
		fs = append(fs, f)
	}
	return fs, nil
}

// fmtEvent is a decoded tensorflow.Event of the kinds tblog writes.
type fmtEvent struct {
	wallTime            float64
	step                int64
	hasStep, hasVersion bool
	version             string
	hasSummary          bool
	tags                []string
	values              []uint32 // simple_value bits
	wallSet             bool
	// start is set by a session_log (field 7) of status START (1), the
	// only other kind of event tblog writes (Writer.SessionStart).
	start bool
}

func fmtDecodeEvent(data []byte) (fmtEvent, error) {
	var ev fmtEvent
	fs, err := fmtFields(data)
	if err != nil {
		return ev, err
	}
	wire := func(f fmtField, w int, name string) error {
		if f.wire != w {
			return fmt.Errorf("%s: wire type %d, want %d", name, f.wire, w)
		}
		return nil
	}
	for _, f := range fs {
		switch f.num {
		case 1:
			if err := wire(f, 1, "Event.wall_time"); err != nil {
				return ev, err
			}
			ev.wallTime, ev.wallSet = math.Float64frombits(f.v), true
		case 2:
			if err := wire(f, 0, "Event.step"); err != nil {
				return ev, err
			}
			ev.step, ev.hasStep = int64(f.v), true
		case 3:
			if err := wire(f, 2, "Event.file_version"); err != nil {
				return ev, err
			}
			ev.version, ev.hasVersion = string(f.b), true
		case 5:
			if err := wire(f, 2, "Event.summary"); err != nil {
				return ev, err
			}
			if ev.hasSummary {
				return ev, fmt.Errorf("two Event.summary fields")
			}
			ev.hasSummary = true
			sfs, err := fmtFields(f.b)
			if err != nil {
				return ev, err
			}
			for _, sf := range sfs {
				if sf.num != 1 {
					return ev, fmt.Errorf("Summary field %d", sf.num)
				}
				if err := wire(sf, 2, "Summary.value"); err != nil {
					return ev, err
				}
				vfs, err := fmtFields(sf.b)
				if err != nil {
					return ev, err
				}
				var tag string
				var val uint32
				var hasTag, hasVal bool
				for _, vf := range vfs {
					switch vf.num {
					case 1:
						if err := wire(vf, 2, "Value.tag"); err != nil {
							return ev, err
						}
						tag, hasTag = string(vf.b), true
					case 2:
						if err := wire(vf, 5, "Value.simple_value"); err != nil {
							return ev, err
						}
						val, hasVal = uint32(vf.v), true
					default: // metadata (9), tensor (8), images, …
						return ev, fmt.Errorf("Summary.Value field %d, which tblog does not write", vf.num)
					}
				}
				if !hasTag || !hasVal {
					return ev, fmt.Errorf("Summary.Value with tag %v, simple_value %v", hasTag, hasVal)
				}
				ev.tags = append(ev.tags, tag)
				ev.values = append(ev.values, val)
			}
		case 7:
			if err := wire(f, 2, "Event.session_log"); err != nil {
				return ev, err
			}
			lfs, err := fmtFields(f.b)
			if err != nil {
				return ev, err
			}
			if len(lfs) != 1 || lfs[0].num != 1 || lfs[0].wire != 0 || lfs[0].v != 1 {
				return ev, fmt.Errorf("SessionLog %+v, want status START (1) alone", lfs)
			}
			ev.start = true
		default:
			return ev, fmt.Errorf("Event field %d, which tblog does not write", f.num)
		}
	}
	return ev, nil
}

// fmtScalar is one scalar as TensorBoard would show it.
type fmtScalar struct {
	tag  string
	step int64
	bits uint32
	wall float64
}

// fmtDecodeFile decodes an event file: the first event must be the file
// version (and nothing else), every later one a step and one summary
// without a file version.
func fmtDecodeFile(t *testing.T, path string) []fmtScalar {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := fmtRecords(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: no records", path)
	}
	var out []fmtScalar
	for i, r := range recs {
		ev, err := fmtDecodeEvent(r)
		if err != nil {
			t.Fatalf("%s: record %d: %v", path, i, err)
		}
		if !ev.wallSet || ev.wallTime < 1e9 {
			t.Errorf("%s: record %d: wall_time %v (set %v)", path, i, ev.wallTime, ev.wallSet)
		}
		if i == 0 {
			if !ev.hasVersion || ev.version != "brain.Event:2" || ev.hasStep || ev.hasSummary {
				t.Fatalf("%s: first event %+v, want file_version brain.Event:2 alone", path, ev)
			}
			continue
		}
		if ev.start && !ev.hasVersion && !ev.hasSummary {
			continue // a SessionLog START, checked by fmtDecodeEvent
		}
		if ev.hasVersion || !ev.hasSummary || len(ev.tags) == 0 {
			t.Fatalf("%s: record %d: %+v, want a step and a summary", path, i, ev)
		}
		for k := range ev.tags {
			out = append(out, fmtScalar{ev.tags[k], ev.step, ev.values[k], ev.wallTime})
		}
	}
	return out
}

// TestEventFileIndependentDecode: every record of a file tblog writes has
// valid CRCs, the first is the file version brain.Event:2, and the scalars
// are those logged — tags, steps (negative and 2⁶³−1 included) and the
// float32 bits of each value, NaN, infinities, subnormals and −0
// included — with the wall times of Writer.Now.
func TestEventFileIndependentDecode(t *testing.T) {
	dir := t.TempDir()
	before := time.Now().Unix()
	w, err := tblog.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now().Unix()
	clock := time.Unix(1_800_000_000, 123_456_789)
	w.Now = func() time.Time { clock = clock.Add(time.Millisecond); return clock }
	type logged struct {
		tag  string
		step int64
		v    float64
		wall float64
	}
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, math.Pi, 1e-45, 1e-40, math.SmallestNonzeroFloat32,
		math.MaxFloat32, 3.5e38, -3.5e38, 1e300, math.Inf(1), math.Inf(-1), math.NaN(), 123456789.123, -160.25}
	steps := []int64{0, 1, 127, 128, 300, 4000, 1 << 40, math.MaxInt64, -1}
	var want []logged
	for i, v := range values {
		step := steps[i%len(steps)]
		tag := "metric_" + strconv.Itoa(i)
		if i == 3 {
			tag = "loss/θ₁ avg" // UTF-8 and a slash stay as they are
		}
		if err := w.Scalar(tag, step, v); err != nil {
			t.Fatal(err)
		}
		want = append(want, logged{tag, step, v, float64(clock.UnixNano()) / 1e9})
	}
	if err := w.Scalars(77, []string{"a", "b"}, []float64{2, 3}); err != nil {
		t.Fatal(err)
	}
	want = append(want, logged{"a", 77, 2, float64(clock.Add(-time.Millisecond).UnixNano()) / 1e9}, logged{"b", 77, 3, float64(clock.UnixNano()) / 1e9})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// The name: events.out.tfevents.<unix seconds of Create>.<host>.
	name := filepath.Base(w.Path())
	m := regexp.MustCompile(`^events\.out\.tfevents\.(\d+)\.(.+)$`).FindStringSubmatch(name)
	if m == nil {
		t.Fatalf("event file name %q", name)
	}
	if ts, _ := strconv.ParseInt(m[1], 10, 64); ts < before || ts > after {
		t.Errorf("event file name %q: timestamp %d outside [%d, %d]", name, ts, before, after)
	}
	host, _ := os.Hostname()
	host = strings.NewReplacer("/", "_", " ", "_").Replace(host)
	if host == "" {
		host = "localhost"
	}
	if m[2] != host {
		t.Errorf("event file name %q: host %q, want %q", name, m[2], host)
	}
	if !strings.Contains(name, "tfevents") { // TensorBoard's test for an event file
		t.Errorf("%q is not an event file name to TensorBoard", name)
	}

	got := fmtDecodeFile(t, w.Path())
	if len(got) != len(want) {
		t.Fatalf("%d scalars decoded, %d logged", len(got), len(want))
	}
	for i, g := range got {
		wt := want[i]
		wb := math.Float32bits(float32(wt.v))
		if g.tag != wt.tag || g.step != wt.step || g.bits != wb || g.wall != wt.wall {
			t.Errorf("scalar %d: %s@%d bits %#08x wall %.9f; logged %s@%d %g (float32 bits %#08x) at %.9f",
				i, g.tag, g.step, g.bits, g.wall, wt.tag, wt.step, wt.v, wb, wt.wall)
		}
	}
}

// TestEventBytes compares one scalar event byte for byte with its encoding
// worked out by hand from the TFRecord and protobuf specifications.
func TestEventBytes(t *testing.T) {
	w, err := tblog.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1_700_000_000, 500_000_000) // 1700000000.5, exact in a double
	w.Now = func() time.Time { return at }
	if err := w.Scalar("ab", 300, 1.5); err != nil {
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
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	// Value: tag (1, bytes) "ab"; simple_value (2, fixed32) 1.5 = 0x3fc00000.
	value := []byte{0x0a, 0x02, 'a', 'b', 0x15, 0x00, 0x00, 0xc0, 0x3f}
	// Summary: value (1, bytes).
	summary := append([]byte{0x0a, byte(len(value))}, value...)
	// Event: wall_time (1, fixed64), step (2, varint) 300 = 0xac 0x02,
	// summary (5, bytes).
	event := []byte{0x09}
	event = binary.LittleEndian.AppendUint64(event, math.Float64bits(1_700_000_000.5))
	event = append(event, 0x10, 0xac, 0x02, 0x2a, byte(len(summary)))
	event = append(event, summary...)
	if !bytes.Equal(recs[1], event) {
		t.Errorf("event\n% x\nwant\n% x", recs[1], event)
	}
	// The framing of that record, at the end of the file.
	frame := binary.LittleEndian.AppendUint64(nil, uint64(len(event)))
	frame = binary.LittleEndian.AppendUint32(frame, fmtMask(fmtCRC32C(frame[:8])))
	frame = append(frame, event...)
	frame = binary.LittleEndian.AppendUint32(frame, fmtMask(fmtCRC32C(event)))
	if !bytes.HasSuffix(b, frame) {
		t.Errorf("file does not end with the framed event")
	}
}

// TestIndependentCRC32C checks this file's CRC-32C against the catalogue
// check value, so that the decoder's CRC test means something.
func TestIndependentCRC32C(t *testing.T) {
	if c := fmtCRC32C([]byte("123456789")); c != 0xE3069283 {
		t.Fatalf("CRC-32C check value %#08x", c)
	}
	if c := fmtCRC32C(make([]byte, 32)); c != 0x8A9136AA { // RFC 3720 B.4: 32 bytes of zeros
		t.Fatalf("CRC-32C of 32 zero bytes %#08x", c)
	}
}

package safeyaml

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/fifotest"
)

// TestReadFileRefusesSpecialFiles checks that a named pipe, a device and a
// directory are refused by name without being read: a FIFO with no writer
// would block the open, /dev/zero would be read without end.
func TestReadFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "c.yaml")
	if err := fifotest.Mkfifo(fifo); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	cases := []struct{ path, what string }{
		{fifo, "is a named pipe (FIFO), not a regular file"},
		{dir, "is a directory, not a regular file"},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases = append(cases, struct{ path, what string }{"/dev/zero", "is a device, not a regular file"})
	}
	for _, c := range cases {
		b, err := ReadFile(c.path)
		if err == nil {
			t.Errorf("%s: read %d bytes, want an error", c.path, len(b))
			continue
		}
		if want := c.path + ": " + c.what; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: error %q, want it to begin %q", c.path, err, want)
		}
	}
	// A missing file keeps the os error (naming the path).
	if _, err := ReadFile(filepath.Join(dir, "none.yaml")); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "none.yaml") {
		t.Errorf("missing file: %v", err)
	}
}

// TestReadFileLimit checks the size limit at its boundary, lowered through
// its environment variable: a file of exactly the limit is read whole, one
// byte more is refused with an error naming the path, the limit and the
// variable.
func TestReadFileLimit(t *testing.T) {
	t.Setenv(EnvMaxBytes, "64")
	dir := t.TempDir()
	at := filepath.Join(dir, "at.yaml")
	over := filepath.Join(dir, "over.yaml")
	body := "n: " + strings.Repeat("1", 60) + "\n" // 64 bytes
	os.WriteFile(at, []byte(body), 0o644)
	os.WriteFile(over, []byte(body+"\n"), 0o644)
	b, err := ReadFile(at)
	if err != nil || string(b) != body {
		t.Fatalf("64 bytes at a limit of 64: %q, %v", b, err)
	}
	_, err = ReadFile(over)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != 64 || le.Env != EnvMaxBytes {
		t.Fatalf("65 bytes at a limit of 64: %v", err)
	}
	for _, w := range []string{over, "file of 65 bytes is too large", "limit 64", "STACKEL_MAX_INPUT_BYTES"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not name %q", err, w)
		}
	}
	// ReadFileLimit with another limit and variable (a manifest's).
	if _, err := ReadFileLimit(at, 63, "STACKEL_X"); err == nil || !strings.Contains(err.Error(), "limit 63; set STACKEL_X") {
		t.Errorf("ReadFileLimit(63): %v", err)
	}
}

// TestByteOrderMark checks that a leading UTF-8 byte-order mark is
// dropped, by ReadFile and by Unmarshal, in block and flow style, and
// that the keys keep their lines.
func TestByteOrderMark(t *testing.T) {
	for in, kLine := range map[string]int{"\xef\xbb\xbfn: 7\nsub:\n  k: 3\n": 3, "\xef\xbb\xbf{\"n\": 7,\n \"sub\": {\"k\": 3}}": 2} {
		var s sample
		keys, err := UnmarshalKeys([]byte(in), &s, Limits{})
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if s.N != 7 || s.Sub == nil || s.Sub.K != 3 || keys.Lines["n"] != 1 || keys.Lines["sub.k"] != kLine {
			t.Errorf("%q: decoded %+v, lines %v", in, s, keys.Lines)
		}
	}
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, []byte("\xef\xbb\xbfn: 7\n"), 0o644)
	if b, err := ReadFile(path); err != nil || string(b) != "n: 7\n" {
		t.Errorf("ReadFile: %q, %v", b, err)
	}
	// Only a leading mark is dropped.
	if err := Unmarshal([]byte("n: 7\n\xef\xbb\xbfsub: {k: 3}\n"), new(sample), Limits{}); err == nil {
		t.Errorf("a mark inside the input was accepted")
	}
}

// TestIntegerRange checks that a whole number beyond the range of its
// integer field is refused naming the key, the line and the range (2⁶⁴,
// an integer too long for the parser's int64, was read into a uint64 as
// 2⁶³), and that the boundary values themselves decode exactly.
func TestIntegerRange(t *testing.T) {
	type ints struct {
		U  uint64 `yaml:"u"`
		I  int64  `yaml:"i"`
		N  int    `yaml:"n"`
		I8 int8   `yaml:"i8"`
		U8 uint8  `yaml:"u8"`
	}
	const (
		u64 = "outside the range of uint64 (0 to 18446744073709551615)"
		i64 = "outside the range of int64 (-9223372036854775808 to 9223372036854775807)"
	)
	refused := []struct{ in, want string }{
		{"u: 18446744073709551616", u64},  // 2⁶⁴: a string to the parser
		{"u: 18446744073709551617", u64},  // rounds to 2⁶⁴ as a float64
		{"u: 1.8446744073709552e19", u64}, // 2⁶⁴ as a float
		{"u: 1e20", u64},
		{"u: -1.0", u64},
		{"i: 9.223372036854775808e18", i64}, // 2⁶³
		{"i: 9.3e18", i64},
		{"i: -9223372036854775809", i64}, // rounds to −2⁶³ as a float64
		{"i: -9.3e18", i64},
		{"i: 1e400", i64},
		{"n: 1e19", "outside the range of int ("},
		{"i8: 128.0", "outside the range of int8 (-128 to 127)"},
		{"u8: 256.0", "outside the range of uint8 (0 to 255)"},
		{"n: 1.05e1", "is not an integer"},
		// Exponent forms without a point are strings to this parser,
		// which the decoder reads through a float64 and truncates
		// (15e-1 ran as 1) unless intString refuses the fraction.
		{"n: 15e-1", "is not an integer"},
		{"n: 5E-1", "is not an integer"},
	}
	for _, c := range refused {
		var v ints
		err := Unmarshal([]byte("# x\n"+c.in+"\n"), &v, Limits{})
		key, val, _ := strings.Cut(c.in, ": ")
		if err == nil {
			t.Errorf("%s: accepted as %+v", c.in, v)
			continue
		}
		for _, w := range []string{"line 2: " + key + ": " + strings.Trim(val, `"`) + " ", c.want} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.in, err, w)
			}
		}
	}
	accepted := []struct {
		in   string
		want ints
	}{
		{"u: 18446744073709551615", ints{U: 1<<64 - 1}},
		{"u: 1.8446744073709549568e19", ints{U: 18446744073709549568}}, // the largest float64 below 2⁶⁴ (1.8446744073709550e19, which rounds to it, is refused)
		{"u: 1e19", ints{U: 1e19}},
		{"u: -0.0", ints{}},
		{"i: 9223372036854775807", ints{I: 1<<63 - 1}},
		{"i: -9223372036854775808", ints{I: -1 << 63}},
		{"i: -9.223372036854775808e18", ints{I: -1 << 63}}, // −2⁶³ as a float
		{"i: 9.2e18", ints{I: 9.2e18}},
		{"n: 1e2", ints{N: 100}},
		{"i8: -128.0", ints{I8: -128}},
		{"u8: 255.0", ints{U8: 255}},
	}
	for _, c := range accepted {
		var v ints
		if err := Unmarshal([]byte(c.in+"\n"), &v, Limits{}); err != nil || v != c.want {
			t.Errorf("%s: %+v, %v; want %+v", c.in, v, err, c.want)
		}
	}
}

// TestQuotedNumbers: a number in quotes, in YAML or JSON, where a number
// is expected is refused naming the key and line (the decoder read "100"
// as 100, so a quoted number passed unnoticed); unquoted forms YAML 1.1
// reads as strings (1e2) still decode, and a quoted string field is text.
func TestQuotedNumbers(t *testing.T) {
	type fields struct {
		N int     `yaml:"n"`
		F float64 `yaml:"f"`
		S string  `yaml:"s"`
	}
	for _, in := range []string{`n: "100"`, `n: '100'`, `f: "0.5"`, `{"f": "1e-3"}`} {
		var v fields
		err := Unmarshal([]byte("# x\n"+in+"\n"), &v, Limits{})
		if err == nil || !strings.Contains(err.Error(), "line 2: ") || !strings.Contains(err.Error(), "is quoted text where a number is expected") {
			t.Errorf("%s: %+v, %v; want the quoted number refused", in, v, err)
		}
	}
	// Quoted text that is no number is not told to lose its quotes.
	var w fields
	if err := Unmarshal([]byte("f: \"abc\"\n"), &w, Limits{}); err == nil || !strings.Contains(err.Error(), `line 1: f: "abc": need a number`) {
		t.Errorf(`f: "abc": %v`, err)
	}
	var v fields
	if err := Unmarshal([]byte("n: 1e2\nf: 1e-3\ns: \"100\"\n"), &v, Limits{}); err != nil || v != (fields{N: 100, F: 1e-3, S: "100"}) {
		t.Errorf("unquoted numbers and a quoted string: %+v, %v", v, err)
	}
}

// TestQuotedNumbersNumericTag: below a field tagged safeyaml:"numeric" (a
// map of named numbers or words), a quoted number is refused at any depth,
// naming its key and line, while quoted words, unquoted numbers and the
// same quoted number in an untagged map of the same type are accepted.
func TestQuotedNumbersNumericTag(t *testing.T) {
	type tagged struct {
		P     map[string]any `yaml:"p" safeyaml:"numeric"`
		Plain map[string]any `yaml:"plain"`
	}
	for _, c := range []struct{ in, key string }{
		{"p: {a: \"2\"}", `p.a: "2"`},
		{"p:\n  m: [[1, '2.5']]", `p.m[0][1]: "2.5"`},
		{`{"p": {"a": "-1e3"}}`, `p.a: "-1e3"`},
		{"p:\n  a: &x \"7\"\n  b: *x", `p.a: "7"`},
	} {
		var v tagged
		err := Unmarshal([]byte("# x\n"+c.in+"\n"), &v, Limits{})
		if err == nil || !strings.Contains(err.Error(), c.key+" is quoted text where a number is expected") {
			t.Errorf("%s: %+v, %v; want %s refused", c.in, v, err, c.key)
		}
	}
	var v tagged
	in := "p: {a: 1e-3, b: \"authors\", c: [1, 2], d: \"nan\"}\nplain: {a: \"2\"}\n"
	if err := Unmarshal([]byte(in), &v, Limits{}); err != nil || v.P["b"] != "authors" || v.P["a"] != "1e-3" && v.P["a"] != 1e-3 || v.Plain["a"] != "2" {
		t.Errorf("words, unquoted numbers, an untagged map: %+v, %v", v, err)
	}
}

// TestReadOwnFile: a file stackel wrote is read as it is (binary data that
// starts like a byte-order mark keeps it), and a named pipe in its place
// is refused at once rather than waited on.
func TestReadOwnFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "checkpoint.gob")
	data := append([]byte("\xef\xbb\xbf"), 0, 1, 2, 255)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadOwnFile(p); err != nil || string(got) != string(data) {
		t.Errorf("ReadOwnFile = %q, %v; want %q", got, err, data)
	}
	fifo := filepath.Join(dir, "metrics.csv")
	if err := fifotest.Mkfifo(fifo); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if _, err := ReadOwnFile(fifo); err == nil || !strings.Contains(err.Error(), fifo+": is a named pipe (FIFO), not a regular file") {
		t.Errorf("ReadOwnFile of a FIFO: %v", err)
	}
	if _, err := ReadOwnFile(filepath.Join(dir, "none")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadOwnFile of a missing file: %v, want one wrapping fs.ErrNotExist", err)
	}
}

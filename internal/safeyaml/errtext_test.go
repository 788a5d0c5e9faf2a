package safeyaml

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// longLineError is an input whose error stands on one long line of flow
// style (n values before it), as the parser or decoder reports it: the
// error's column, and the text that begins there.
type longLineError struct {
	name  string
	input func(n int) string
	// at is the text at the error's position (the caret's).
	at   string
	want string // in the message
	into func() any
}

var longLineErrors = []longLineError{
	{"unknown key after a long list", func(n int) string {
		return `{"p": {"a": [` + strings.Repeat("1, ", n) + `1]}, "zz": 1}`
	}, `"zz": 1}`, `unknown field "zz"`, func() any { return new(sample) }},
	{"duplicate key after a long list", func(n int) string {
		return "p: {a: [" + strings.Repeat("1, ", n) + "1], a: 2}\n"
	}, "a: 2}", `mapping key "a" already defined`, func() any { return new(sample) }},
	{"unclosed list", func(n int) string {
		return "n: 1\np: {a: [" + strings.Repeat("[1, 2], ", n) + "1}\n"
	}, "}", "',' or ']' must be specified", func() any { return new(sample) }},
	// A NodeDecoder without the document (its error's text is rebuilt
	// from the tokens).
	{"alias unknown to a NodeDecoder", func(n int) string {
		var b strings.Builder
		b.WriteString("{seed: &g 3, blk: {")
		for i := range n / 4 {
			fmt.Fprintf(&b, "k%d: 1, ", i)
		}
		b.WriteString("n: *g}}")
		return b.String()
	}, "g}}", `could not find alias "g"`, func() any {
		return new(struct {
			Seed int      `yaml:"seed"`
			Blk  ctxBlock `yaml:"blk"`
		})
	}},
}

// TestErrorOnLongLine checks the error for a mistake at the far end of
// a long line: it names the line and column, and quotes the part of the
// line around the column (cut at both ends) with the caret under the
// mistake (the decoder's formatting quoted the line's first 150 bytes
// and lost the caret, after a time quadratic in the line's length).
func TestErrorOnLongLine(t *testing.T) {
	for _, c := range longLineErrors {
		in := c.input(20000)
		err := Unmarshal([]byte(in), c.into(), Limits{})
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		line := strings.Count(in[:strings.LastIndex(in, c.at)], "\n") + 1
		lineStart := strings.LastIndex(in[:strings.LastIndex(in, c.at)], "\n") + 1
		col := utf8.RuneCountInString(in[lineStart:strings.LastIndex(in, c.at)]) + 1
		msg := err.Error()
		if head := fmt.Sprintf("[%d:%d] %s", line, col, c.want); !strings.Contains(msg, head) {
			t.Errorf("%s: error does not begin %q:\n%s", c.name, head, msg)
			continue
		}
		// The error's line, then the caret under c.at.
		rows := strings.Split(msg, "\n")
		marked := fmt.Sprintf(">%3d | ", line)
		i := 0
		for i < len(rows) && !strings.HasPrefix(rows[i], marked) {
			i++
		}
		if i+1 >= len(rows) {
			t.Errorf("%s: no line marked %q followed by a caret:\n%s", c.name, marked, msg)
			continue
		}
		quoted, caret := rows[i], rows[i+1]
		if strings.Trim(caret, " ") != "^" {
			t.Errorf("%s: %q is not a caret line:\n%s", c.name, caret, msg)
			continue
		}
		k := strings.IndexByte(caret, '^') // runes: the caret line is spaces
		r := []rune(quoted)
		if k >= len(r) || !strings.HasPrefix(string(r[k:]), c.at) {
			t.Errorf("%s: the caret is not under %q:\n%s\n%s", c.name, c.at, quoted, caret)
		}
		if len(quoted) > 200 || col > 200 && !strings.Contains(quoted, "| …") {
			t.Errorf("%s: the long line is not cut: %.300q", c.name, quoted)
		}
	}
}

// TestErrorOnLongLineNonASCII checks TestErrorOnLongLine's promise on a
// line of text in characters of 2, 3 and 4 bytes: the quote of the
// error's line, cut to 120 characters around the error's column, keeps
// the error's text above the caret. The message's lines were also cut
// to 160 bytes (shorten), which in 60 characters of CJK text before the
// error cut the error's key off, the caret pointing past the quote.
func TestErrorOnLongLineNonASCII(t *testing.T) {
	for _, ch := range []string{"é", "中", "🙂"} {
		text := `"` + strings.Repeat(ch, 300) + `"`
		in := `{"p": {"a": [` + text + `]}, "zz": 1, "q": [` + text + `]}`
		err := Unmarshal([]byte(in), new(sample), Limits{})
		if err == nil {
			t.Fatalf("%s: accepted", ch)
		}
		col := utf8.RuneCountInString(in[:strings.Index(in, `"zz"`)]) + 1
		msg := err.Error()
		if head := fmt.Sprintf(`[1:%d] unknown field "zz"`, col); !strings.HasPrefix(msg, head) {
			t.Errorf("%s: error does not begin %q:\n%s", ch, head, msg)
			continue
		}
		rows := strings.Split(msg, "\n")
		if len(rows) != 3 || !strings.HasPrefix(rows[1], ">  1 | …") || strings.Trim(rows[2], " ") != "^" {
			t.Errorf("%s: want the error's line, cut, and a caret:\n%s", ch, msg)
			continue
		}
		quoted := []rune(rows[1])
		k := strings.IndexByte(rows[2], '^')
		if k >= len(quoted) || !strings.HasPrefix(string(quoted[k:]), `"zz": 1`) {
			t.Errorf("%s: the caret is not under \"zz\":\n%s", ch, msg)
		}
		if n := len(quoted); n > 140 || !strings.HasSuffix(rows[1], "…") {
			t.Errorf("%s: the quoted line (%d characters) is not cut at 120 characters: %s", ch, n, rows[1])
		}
	}
}

// allocated returns the bytes f allocates (runtime.MemStats.TotalAlloc).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestErrorOnLongLineLinear checks that the work of reporting an error
// on a long line (counted as the bytes allocated: the decoder's
// formatting of the lines around an error copied the line once per token
// on it) grows in proportion to the line, not to its square: four times
// the line costs less than six times the work.
func TestErrorOnLongLineLinear(t *testing.T) {
	for _, c := range longLineErrors {
		work := func(n int) uint64 {
			in := []byte(c.input(n))
			return allocated(func() { _ = Unmarshal(in, c.into(), Limits{}) })
		}
		work(2000) // warm the caches of types
		small, large := work(6000), work(24000)
		t.Logf("%s: %d and %d bytes allocated (%.2f times)", c.name, small, large, float64(large)/float64(small))
		if large > 6*small {
			t.Errorf("%s: %d bytes allocated for a line four times as long as one that takes %d (%.1f times)", c.name, large, small, float64(large)/float64(small))
		}
	}
}

// blankRow is a row of the decoder's formatting that quotes nothing (it
// ends the quote with the empty line after the input's last newline,
// which errorText leaves out).
var blankRow = regexp.MustCompile(`^\s*([0-9]+ \|)?\s*$`)

// TestErrorTextAsDecoder checks that errors are quoted with the input as
// the decoder's own formatting (yaml.FormatError) quotes short inputs:
// the same position, message, numbered lines and caret (without its
// trailing blank line, and without the \r of a \r\n line break).
func TestErrorTextAsDecoder(t *testing.T) {
	type doc struct {
		N int            `yaml:"n"`
		M map[string]any `yaml:"m"`
	}
	for _, in := range []string{
		"n: 1\nm: {a: 1}\nq: 2\nr: 3\n",                                           // unknown key
		"# c\n\nn: 1\n\n\nm:\n  a: 1\n  b: [1,\n    2]\nn: 2\nx: 1\ny: 2\nz: 3\n", // duplicate key, lines cut at 3
		"n: 1\nm: [1, 2\n", // syntax
		"n: 1\nm: {a: 1\n",
		"n: \"abc\ndef\"\nm: {a: 1}\nq: 2\n", // a quoted text over two lines
		"n: 1\r\nm: {}\r\nq: 1\r\n",          // CRLF
		"n: 1\nm: {a: 1, a: 2}\n",
		"n: 1\nm:\n  a: |\n    text\n    more\n  b: 1\nzz: 2", // no final newline
		"n: 1\nm: {a: 1}\nq: \"ü\", ü: 1\n",
	} {
		var v doc
		err := yaml.UnmarshalWithOptions([]byte(in), &v, yaml.Strict())
		if err == nil {
			_, err = parser.ParseBytes([]byte(in), 0)
		}
		if err == nil {
			t.Errorf("%q: no error", in)
			continue
		}
		// The decoder's formatting keeps the \r of a \r\n; errorText
		// does not.
		want := strings.Split(strings.ReplaceAll(yaml.FormatError(err, false, true), "\r", ""), "\n")
		for len(want) > 0 && blankRow.MatchString(want[len(want)-1]) {
			want = want[:len(want)-1]
		}
		for _, src := range [][]byte{[]byte(in), nil} {
			if got := errorText(err, src); got != strings.Join(want, "\n") {
				t.Errorf("%q (source given: %v):\n%s\nwant\n%s", in, src != nil, got, strings.Join(want, "\n"))
			}
		}
	}
}

// FuzzUnmarshal checks that no input makes Unmarshal panic, that every
// error is text of a bounded size: a quoted excerpt of the input (an
// error of the parser or decoder, errorText) has at most 41 lines of at
// most 170 characters; and that a value it accepts, written as YAML
// (yaml.Marshal), reads back the same (sampleText).
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{
		"n: 1\nf: 1e-3\ndims: [3, 4.0]\np: {s: \"]]]]\", a: &A [1, 2], b: *A}\nsub: {k: 7}\n",
		"n: 1\nm: {a: 1}\nq: 2\n",
		"p: {a: [1, 2], a: 3}\n",
		"p: {a: [[1, 2], [3\n",
		"n: \"abc\r\ndef\"\r\nzz: 1\r\n",
		"{\"p\": {\"ü\": [1, 2]}, \"zz\": 1}",
		"seed: &g 3\nblk: {n: *g}\n",
		"p: {\"a\\n" + strings.Repeat("b", 200) + "\": !!str 1}\n",
		// Duplicate keys, named by their full path (duplicatePath): in a
		// nested block mapping, in mappings inside lists, under an anchor
		// and a tag.
		"n: 1\nsub:\n  k: 1\n  k: 2\n",
		"p:\n  l:\n    - a: 1\n    - {b: 1, b: 2}\n",
		"p:\n  l:\n    - [0, {c: 1}]\n    - - x: 1\n        x: 2\n",
		"p: &A\n  q: !!map\n    r: 1\n    r: 2\n",
		// Tabs in quoted and plain text; integers beyond 64 bits in
		// hexadecimal, through an alias too.
		"p: {a: \"x\ty\", b: 'x\ty', c: \"x\\ty\"}\nf: 1\t\n",
		"p:\n  a: x\ty\n  b: \"x\n    y\tz\"\n",
		"f: 0x10000000000000000\np: {a: &h 0x1_0000_0000_0000_0000, b: *h}\n",
		// A tab after an escape with digits, tabs the reader drops
		// harmlessly after, quoted text past a CRLF, wide integers the
		// reader normalises.
		"p: {a: \"\\x41\ty\", b: \"\\u00e9\tz\" }\nn: \"x\ty\" # c\r\n",
		"p: {a: 'x\r\n  y', b: \"x\r\n\r\n  y\"}\r\n",
		"p: {a: 0x10000000000000000_, b: 0_x10, c: 0X10}\n",
		// A tab that drops a line break (the reader is given it as \t),
		// surrogate pairs, a quoted key with a blank before its ':'.
		"p:\n  a: \"x\ty\"\n  b: \"\\ud83d\\ude00\ty\"\n\n  c: 1\nn: \"\\ud800\\udcZZ\"\n",
		"p: {\"k\tx\" : 1}\nq: [\"a\tb\"\n, \"c\"]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v sample
		err := Unmarshal(data, &v, Limits{})
		if err == nil {
			if !printableKeys(v.P) {
				// yaml.Marshal writes a key with a line break or a
				// control character as a block scalar, which YAML does
				// not read back as a key: the writer's limit, not the
				// reader's.
				return
			}
			out, err := yaml.Marshal(&v)
			if err != nil {
				t.Fatalf("an accepted value does not marshal: %v", err)
			}
			var back sample
			if err := Unmarshal(out, &back, Limits{}); err != nil {
				t.Fatalf("an accepted value, written, is refused: %v\n%s", err, out)
			}
			if a, b := sampleText(v), sampleText(back); a != b {
				t.Fatalf("an accepted value reads back otherwise:\n%s\n%s\nwritten as\n%s", a, b, out)
			}
			return
		}
		msg := err.Error()
		if msg == "" {
			t.Fatal("empty error")
		}
		if !strings.Contains(msg, "\n") {
			return
		}
		rows := strings.Split(msg, "\n")
		if len(rows) > 41 {
			t.Fatalf("an error of %d lines", len(rows))
		}
		// The message line up to maxLine characters (and the mark of
		// the cut), as a one-line error; the quoted input's lines up to
		// 160 and the mark (shorten), with some room.
		for i, r := range rows {
			if n := utf8.RuneCountInString(r); i == 0 && n > maxLine+1 || i > 0 && n > 170 {
				t.Fatalf("an error line (%d) of %d characters: %q", i, n, r)
			}
		}
	})
}

// printableKeys reports that every map key in v (a decoded value) is
// valid UTF-8 of printable characters, no line breaks or control
// characters, and that no text value is one yaml.Marshal writes so that
// it does not read back.
func printableKeys(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !utf8.ValidString(k) || strings.IndexFunc(k, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 || !printableKeys(e) {
				return false
			}
		}
	case []any:
		for _, e := range x {
			if !printableKeys(e) {
				return false
			}
		}
	case string:
		// yaml.Marshal writes text holding a tab unquoted ("0": <TAB>,
		// "0": <TAB>0, "0": 0<TAB>0), which YAML reads as null, 0, or
		// text this reader refuses (the tab between two characters of
		// plain text): the writer's limit too.
		// So is text of decimal digits with a leading zero (08), which
		// it writes unquoted and this reader refuses as a number.
		if d := strings.TrimLeft(x, "+-"); len(d) > 1 && d[0] == '0' && strings.Trim(d, "0123456789") == "" {
			return false
		}
		return !strings.Contains(x, "\t")
	}
	return true
}

// sampleText is v as %#v text, with Sub's value rather than its address
// and an empty Dims or P as nil (YAML writes both as empty): it prints
// maps sorted and NaN as NaN, so equal texts are equal values.
func sampleText(v sample) string {
	if len(v.Dims) == 0 {
		v.Dims = nil
	}
	if len(v.P) == 0 {
		v.P = nil
	}
	sub := "nil"
	if v.Sub != nil {
		sub = fmt.Sprintf("%#v", *v.Sub)
	}
	v.Sub = nil
	return fmt.Sprintf("%#v sub %s", v, sub)
}

// TestUnknownKeysFirstInDocument: of several unknown keys of one mapping
// the error names the first the document writes, every time (the
// decoder picks one by map order: "zz" or "q" from run to run, "c" or
// "b" or "a" below), and the keys its mapping takes. Unknown keys of
// another mapping do not count.
func TestUnknownKeysFirstInDocument(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"p": {"a": 1}, "zz": 1, "q": [2]}`, `[1:17] unknown field "zz" (the top level takes n, f, dims, p, sub)`},
		{"n: 1\nc: 1\nb: 2\na: 3\n", `[2:1] unknown field "c" (the top level takes n, f, dims, p, sub)`},
		{"sub: {x: 1, k: 2, y: 3}\nw: 1\n", `[1:7] unknown field "x" (sub takes k)`},
		// Through an alias, the keys unknown where the alias stands.
		{"p: {q: &a {x: 1, k: 2, y: 3, z: 4, w: 5}}\nsub: *a\n", `[1:12] unknown field "x" (sub takes k)`},
	} {
		for range 50 {
			err := Unmarshal([]byte(c.in), new(sample), Limits{})
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("%q: %v; want it to begin %s", c.in, err, c.want)
			}
		}
	}
}

// subBlock decodes its only key, sub, through a NodeDecoder, as an
// UnmarshalYAML of a config block (experiment.DynamicsConfig) does.
type subBlock struct {
	Sub struct {
		K int `yaml:"k"`
		L int `yaml:"l"`
	}
}

func (b *subBlock) UnmarshalYAML(ctx context.Context, n ast.Node) error {
	dec, err := NewNodeDecoderContext(ctx, n)
	if err != nil {
		return err
	}
	pairs, _ := Pairs(n)
	for _, p := range pairs {
		if err := dec.DecodeAt(p.Value, &b.Sub, "blk."+Key(p)); err != nil {
			return err
		}
	}
	return nil
}

// TestNodeDecoderUnknownKeysFirstInDocument: an unknown key of a mapping
// decoded through a NodeDecoder (dynamics.solver, dynamics.leader_lr) is
// named as Unmarshal names one: the first the document writes, every
// time, with the keys its level takes (the decoder picked one by map
// order and listed none).
func TestNodeDecoderUnknownKeysFirstInDocument(t *testing.T) {
	in := "blk:\n  sub: {k: 1, zz: 1, yy: 2, xx: 3, ww: 4, vv: 5}\n"
	want := `[2:15] unknown field "zz" (blk.sub takes k, l)`
	for range 50 {
		var v struct {
			Blk subBlock `yaml:"blk"`
		}
		err := Unmarshal([]byte(in), &v, Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Fatalf("%v; want it to begin %s", err, want)
		}
	}
}

// TestInputQuotedInMessagesIsBounded: a key or value of the input that a
// message of the checks names (not an excerpt of the input's lines) is
// shown in Go's quotes when it holds a line break or bytes that are not
// UTF-8, and cut to 40 bytes, so that it cannot break the message's
// lines or flood them (found by FuzzUnmarshal in CI: a key with an
// escaped line break made a message line of 171 characters). Plain keys
// and values are named as written.
func TestInputQuotedInMessagesIsBounded(t *testing.T) {
	long := strings.Repeat("x", 100) + `\n` + strings.Repeat("y", 300)
	for _, c := range []struct{ in, want string }{
		{`p: {"` + long + `": !!str 1}`, `line 1: p."xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…: YAML tag !!str is not supported; remove it`},
		{`p: {"a\u0007b": {"c": !!str 1}}`, `line 1: p."a\ab".c: YAML tag !!str is not supported; remove it`},
		{`p: {"a.b": !!str 1}`, `line 1: p.a.b: YAML tag !!str is not supported; remove it`},
		{`dims: ["` + long + `"]`, `line 1: dims[0]: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…: need a number`},
		{`n: "` + strings.Repeat("1", 100) + `"`, `line 1: n: "111111111111111111111111111111111111111…`},
		{`n: 0.` + strings.Repeat("1", 100), `line 1: n: 0.11111111111111111111111111111111111111… is not an integer`},
		{`"` + long + `": 1`, `[1:1] unknown field "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (the top level takes n, f, dims, p, sub)`},
		{`"ab\tc": 1`, `[1:1] unknown field "ab\tc" (the top level takes n, f, dims, p, sub)`},
		{`sub: {"ü": 1}`, `[1:7] unknown field "ü" (sub takes k)`},
	} {
		err := Unmarshal([]byte(c.in), new(sample), Limits{})
		if err == nil {
			t.Errorf("%.60q: no error", c.in)
			continue
		}
		first, _, _ := strings.Cut(err.Error(), "\n")
		if !strings.HasPrefix(first, c.want) {
			t.Errorf("%.60q:\n got %q\nwant %q…", c.in, first, c.want)
		}
		for _, row := range strings.Split(err.Error(), "\n") {
			if n := utf8.RuneCountInString(row); n > 161 {
				t.Errorf("%.60q: a line of %d characters", c.in, n)
			}
		}
	}
}

// TestBoundedKeepsChain: an error shortened for the terminal still
// unwraps to the error it shortens.
func TestBoundedKeepsChain(t *testing.T) {
	base := errors.New("a\n" + strings.Repeat("z", 500))
	err := bounded(fmt.Errorf("wrapped: %w", base))
	if _, row, _ := strings.Cut(err.Error(), "\n"); utf8.RuneCountInString(row) != 161 {
		t.Errorf("a line of %d characters, want 160 and the mark of the cut", utf8.RuneCountInString(row))
	}
	if !errors.Is(err, base) {
		t.Error("the chain is lost")
	}
	if n := utf8.RuneCountInString(bounded(errors.New(strings.Repeat("é", 5000))).Error()); n != maxLine+1 {
		t.Errorf("one line of %d characters, want %d and the mark of the cut", n, maxLine)
	}
	if long := errors.New(strings.Repeat("é", maxLine)); bounded(long) != long {
		t.Error("one line of maxLine characters is cut")
	}
	if short := errors.New("short"); bounded(short) != short {
		t.Error("a short error is replaced")
	}
}

package safeyaml

import (
	"strings"
	"testing"
)

// TestSurrogatePairDigits: the second half of a \u surrogate pair must be
// four hexadecimal digits, as the first must; the parser read other
// characters there as digits and made some other character of the pair
// ("\uD83D\uDC0g" was U+1F437). Such an escape is refused, naming it; a
// right pair is read as its character, and a hexadecimal second half that
// is not one (the parser's own refusal) is still refused.
func TestSurrogatePairDigits(t *testing.T) {
	type doc struct {
		A string `yaml:"a"`
	}
	for _, c := range []struct {
		in, want string // want: the value, or "error: " and a part of the message
	}{
		{`a: "\uD83D\uDC0g"`, `error: line 1: the escape \uDC0g in double-quoted text, which YAML does not allow (\u takes 4 hexadecimal digits)`},
		{`a: "\ud800\udcZZ"`, `error: line 1: the escape \udcZZ in double-quoted text`},
		{`a: "\ud800\udc1 "`, `error: line 1: the escape \udc1  in double-quoted text`},
		{"a: \"x\"\nb: \"\\ud800\\udcZ1\"", `error: line 2: the escape \udcZ1 in double-quoted text`},
		// The parser refuses this one itself (at 2:5, "unexpected low
		// surrogate"), before this package's check sees the text.
		{"a: \"x\"\nb: \"\\ud800\\udc+1\"", "error: [2:5]"},
		{`a: "\uD83D\uDE00"`, "\U0001F600"},
		{`a: "\ud800\udc00z"`, "\U00010000z"},
		{`a: "\udbff\udfff"`, "\U0010FFFF"},
		{`a: "\ud800\u0041"`, "error: "},
		{`a: "\ud800x"`, "error: "},
		{`a: "\udc00"`, `error: line 1: the escape \udc00 in double-quoted text, which YAML does not allow (U+DC00 is half of a surrogate pair, not a character)`},
	} {
		var v doc
		err := Unmarshal([]byte(c.in+"\n"), &v, Limits{})
		if want, ok := strings.CutPrefix(c.want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: a = %q, error %v; want an error holding %q", c.in, v.A, err, want)
			}
			continue
		}
		if err != nil || v.A != c.want {
			t.Errorf("%s: a = %q, error %v; want %q", c.in, v.A, err, c.want)
		}
	}
}

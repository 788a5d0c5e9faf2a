package shellquote

import (
	"os/exec"
	"testing"
)

// TestWord: the forms of Word (letters, digits and -_./:,+=@% as they
// are; others between '…'; a control character, a tab, U+202E or a byte
// that is not UTF-8 in bash's $'…' with the character escaped), each
// read back by bash as the string given, in the C locale.
func TestWord(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"out/run-1", "out/run-1"},
		{"", "''"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{"θ", "'θ'"},
		{"a\nb.pem", `$'a\nb.pem'`},
		{"a\x1b[31mb", `$'a\x1b[31mb'`},
		{"a\nb'c\\d", `$'a\nb\'c\\d'`},
		{"a\tb", `$'a\tb'`},
		{"x\u202ey\xffz\"", `$'x\xe2\x80\xaey\xffz\"'`},
	} {
		got := Word(c.in)
		if got != c.want {
			t.Errorf("Word(%q) = %q, want %q", c.in, got, c.want)
			continue
		}
		cmd := exec.Command("bash", "-c", "printf %s "+got)
		cmd.Env = append(cmd.Environ(), "LC_ALL=C")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("bash: %v", err)
		}
		if string(out) != c.in {
			t.Errorf("bash reads %s as %q, want %q", got, out, c.in)
		}
	}
}

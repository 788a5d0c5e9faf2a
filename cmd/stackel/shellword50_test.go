package main

import (
	"os/exec"
	"testing"
)

// TestShellWordControls50: shellWord, the form of a path in a command a
// message or report.md tells the user to run, writes a path holding a
// control character, a bidirectional override or a byte that is not
// UTF-8 in bash's $'…' quotes with the character escaped, which bash
// reads back as the path: before session 50 the character went raw
// between '…' (an ESC of --out reached the terminal in the words of
// sweep collect --nats and reproduce --nats). Other paths keep their
// forms; each is read back by bash as given.
func TestShellWordControls50(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"out/run-1", "out/run-1"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{"θ", "'θ'"},
		{"a\x1b[31mb", `$'a\x1b[31mb'`},
		{"a\nb'c\\d", `$'a\nb\'c\\d'`},
		{"a\tb", `$'a\tb'`},
		{"x\u202ey\xffz\"", `$'x\xe2\x80\xaey\xffz\"'`},
	} {
		got := shellWord(c.in)
		if got != c.want {
			t.Errorf("shellWord(%q) = %q, want %q", c.in, got, c.want)
			continue
		}
		cmd := exec.Command("bash", "-c", "printf %s "+got)
		cmd.Env = append(cmd.Environ(), "LC_ALL=C.UTF-8") // $'\u202e' in UTF-8
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("bash: %v", err)
		}
		if string(out) != c.in {
			t.Errorf("bash reads %s as %q, want %q", got, out, c.in)
		}
	}
}

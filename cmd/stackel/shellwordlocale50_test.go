package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestShellWordAnyLocale50: a suggested command is pasted into whatever
// shell the user has, often one in the C or POSIX locale (a cluster's
// login node, a job's environment, a container without LANG). bash reads
// $'\u202e' as the character only in a UTF-8 locale: in the C locale it
// left the six characters "\u202E" in the path, so that the command
// named another directory. shellWord writes a character outside ASCII
// that it escapes as its UTF-8 bytes (\xe2\x80\xae), which bash reads
// back byte for byte in every locale; each form is read back by bash in
// C, POSIX and C.UTF-8.
func TestShellWordAnyLocale50(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"x\u202ey", `$'x\xe2\x80\xaey'`},
		{"a\u2066b\u2069", `$'a\xe2\x81\xa6b\xe2\x81\xa9'`},
		{"θ\x1bé", `$'θ\x1bé'`},
		{"a\u0085b\U000E0001", `$'a\xc2\x85b\xf3\xa0\x80\x81'`},
		{"x\u202ey\xffz\"", `$'x\xe2\x80\xaey\xffz\"'`},
		{"a\x1bfe", `$'a\x1bfe'`},
	} {
		got := shellWord(c.in)
		if got != c.want {
			t.Errorf("shellWord(%q) = %q, want %q", c.in, got, c.want)
			continue
		}
		for _, loc := range []string{"C", "POSIX", "C.UTF-8"} {
			cmd := exec.Command("bash", "-c", "printf %s "+got)
			cmd.Env = append(cmd.Environ(), "LC_ALL="+loc, "LANG="+loc)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("bash: %v", err)
			}
			if string(out) != c.in {
				t.Errorf("LC_ALL=%s: bash reads %s as %q, want %q", loc, got, out, c.in)
			}
		}
	}
}

// TestResumeHintQuoted50: the command that --resume DIR (a directory
// holding no run) suggests names DIR as a shell word: a directory with a
// space in its name went raw into "stackel run --resume my runs CONFIG",
// which bash reads as the run "my" and the config "runs". The message's
// own "--resume DIR:" keeps the path as given.
func TestResumeHintQuoted50(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my runs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "run", "--resume", dir)
	want := "--resume " + dir + ": no run to resume there (no config.yaml); give the config to start it there (stackel run --resume '" + dir + "' CONFIG) or run it elsewhere (stackel run CONFIG --out DIR)"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
}

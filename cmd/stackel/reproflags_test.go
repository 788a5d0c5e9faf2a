package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reproduce --list with a name or another flag is an error naming them
// (they used to be ignored without a word, or the name reported as an
// "unknown command").
func TestReproduceListRefusesOtherArgs(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"reproduce", "--list", "fiez-duopoly"}, "reproduce --list takes no name (it lists them all): give fiez-duopoly without --list to run it"},
		{[]string{"reproduce", "--list", "--quick", "--out", "x"}, "--out, --quick: no effect with --list"},
		{[]string{"reproduce", "--seeds", "3", "--list"}, "--seeds: no effect with --list"},
	}
	for _, c := range cases {
		if _, err := execute(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
	out, err := execute(t, "reproduce", "--list")
	if err != nil || !strings.Contains(out, "fiez-duopoly") {
		t.Errorf("reproduce --list: %v\n%s", err, out)
	}
}

// A reproduction refused for a flag value found only when its jobs are
// listed (--dtype float16), or with nothing to report (--report-only in
// an empty directory), leaves no output directory behind when it made
// one; a directory that existed before stays.
func TestReproduceErrorLeavesNoNewDir(t *testing.T) {
	root := t.TempDir()
	for _, args := range [][]string{
		{"reproduce", "stddpg-pendulum", "--quick", "--dtype", "float16"},
		{"reproduce", "fiez-duopoly", "--report-only"},
	} {
		out := filepath.Join(root, args[1])
		if _, err := execute(t, append(args, "--out", out)...); err == nil {
			t.Fatalf("%v: no error", args)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v left %s behind (%v)", args, out, err)
		}
	}
	kept := filepath.Join(root, "kept")
	os.Mkdir(kept, 0o755)
	if _, err := execute(t, "reproduce", "stddpg-pendulum", "--quick", "--dtype", "float16", "--out", kept); err == nil {
		t.Fatal("--dtype float16: no error")
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("the directory that existed before was removed: %v", err)
	}
}

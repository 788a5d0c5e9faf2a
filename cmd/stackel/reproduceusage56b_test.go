package main

import (
	"strings"
	"testing"
)

// TestReproduceUsageShowsList56b: `stackel reproduce --help` (and -h)
// gives both forms of the command in its usage line, the one that runs a
// reproduction and --list, which takes no NAME (it showed only `stackel
// reproduce NAME [flags]`); the rest of the help is as before: the short
// description first, the flags after the usage line, and the root's help
// still lists the command as reproduce.
func TestReproduceUsageShowsList56b(t *testing.T) {
	for _, flag := range []string{"--help", "-h"} {
		out, err := execute(t, "reproduce", flag)
		if err != nil {
			t.Fatal(err)
		}
		const want = "Reproduce a paper result (tables and figures)\n\nUsage:\n  stackel reproduce NAME [flags] | reproduce --list\n\nFlags:\n"
		if !strings.HasPrefix(out, want) {
			t.Errorf("stackel reproduce %s begins\n%.300s\nwant\n%s", flag, out, want)
		}
		if strings.Count(out, "reproduce NAME") != 1 {
			t.Errorf("stackel reproduce %s names the form NAME %d times:\n%s", flag, strings.Count(out, "reproduce NAME"), out)
		}
	}
	out, err := execute(t, "--help")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "\n  reproduce   ") {
		t.Errorf("stackel --help does not list reproduce:\n%s", out)
	}
}

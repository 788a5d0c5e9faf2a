package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOutUnderAFile: run, reproduce and sweep given an --out that is a file,
// or lies under one, failed on the ownership check's read of a file in
// it: "lstat F/x/sweep.json: not a directory", "open F/reproduction.json:
// not a directory", "mkdir F: not a directory" (run), "job ID: open
// F/job.json: not a directory" (run --job), naming neither the flag's
// directory nor the file in the way. The error now names both, and
// nothing is made.
func TestOutUnderAFile(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "afile", "x")
	spec := writeFile(t, dir, "s.yaml", sgaSpec("c"))
	cfg := writeFile(t, dir, "d.yaml", "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n")
	jobFile, _ := writeJobFile(t, dir, "job.json", "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n", 1)
	for _, c := range []struct {
		args []string
		out  string
	}{
		{[]string{"reproduce", "fiez-duopoly", "--quick", "--quiet"}, file},
		{[]string{"reproduce", "fiez-duopoly", "--quick", "--quiet"}, filepath.Join(file, "x", "y")},
		{[]string{"sweep", spec, "--emit", "slurm"}, file},
		{[]string{"sweep", spec, "--workers", "1"}, filepath.Join(file, "q")},
		{[]string{"run", cfg, "--quiet"}, filepath.Join(file, "r")},
		{[]string{"run", "--job", jobFile, "--quiet"}, file},
		{[]string{"run", "--job", jobFile, "--quiet"}, filepath.Join(file, "j")},
	} {
		_, err := execute(t, append(c.args, "--out", c.out)...)
		want := "output directory " + c.out + ": " + file + " is a file, not a directory"
		if err == nil || err.Error() != want {
			t.Errorf("%v --out %s: %v, want %q", c.args, c.out, err, want)
		}
		if b, _ := os.ReadFile(file); string(b) != "x" {
			t.Errorf("%v --out %s: the file now holds %q", c.args, c.out, b)
		}
	}
}

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestStdoutWriteErrorsEverywhere: analyze's table, version's line and
// the summary of run --job and run --manifest went to stdout without a
// look at the write's error, so a full disk or a closed pipe exited 0
// with nothing printed (the README: a command whose result goes to
// stdout exits 1 if writing it fails). Each now returns the write error.
func TestStdoutWriteErrorsEverywhere(t *testing.T) {
	dir := t.TempDir()
	const text = "name: duo\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\nrecord_every: 10\n"
	cfg := writeFile(t, dir, "d.yaml", text)
	jobFile, job := writeJobFile(t, dir, "job.json", text, 5)
	spec := writeFile(t, dir, "s.yaml", sgaSpec("c"))
	sw := filepath.Join(dir, "sw")
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", sw); err != nil {
		t.Fatal(err)
	}
	jobOut := filepath.Join(dir, "j")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"analyze", cfg, "--starts", "2"}, "no space left on device"},
		{[]string{"version"}, "no space left on device"},
		{[]string{"run", "--job", jobFile, "--out", jobOut, "--quiet"}, "job " + job.ID + " done and its outputs are in " + jobOut + ", but writing its summary to stdout failed: no space left on device"},
		{[]string{"run", "--manifest", filepath.Join(sw, "manifest.json"), "--index", "0", "--quiet"}, "but writing that to stdout failed: no space left on device"},
	} {
		cmd := newRootCmd()
		cmd.SetOut(fullWriter{})
		cmd.SetErr(fullWriter{})
		cmd.SetArgs(c.args)
		if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}

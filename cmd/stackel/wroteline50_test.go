package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWroteLinesEscapeOut50: the "wrote DIR" lines of run, run --job,
// sweep over NATS, sweep collect (DIR and --nats), reproduce (in-process
// and --nats) and plot write an --out holding an ESC and a newline
// escaped (\x1b, \n), as the error line writes a path: before session 50
// they wrote it raw, so that `--out "$(printf 'a\x1b[31mb\nc')"` coloured
// the terminal and broke the line a script reads in two. (--emit slurm
// refuses such a path; sweep collect DIR is given a Slurm sweep's
// directory renamed.) An ordinary path is written as before
// (TestPlotCommand, TestCollectRefusesOtherKindsOut, the plain line
// below).
func TestWroteLinesEscapeOut50(t *testing.T) {
	dir := t.TempDir()
	const odd = "a\x1b[31mb\nc"
	const shown = `a\x1b[31mb\nc`
	url := startLoopbackServer(t)
	cfg := writeFile(t, dir, "c.yaml", "name: c\nseed: 1\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n")
	spec := writeFile(t, dir, "s.yaml", strings.Replace(replaceSpec, "%s", "[1]", 1))
	jobFile, job := writeJobFile(t, dir, "job.json", "name: j\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n", 2)
	d := func(name string) (raw, esc string) {
		return filepath.Join(dir, name+odd), filepath.Join(dir, name) + shown
	}
	run, runE := d("run")
	jobOut, jobE := d("job")
	slurm, slurmE := d("slurm")
	plain := filepath.Join(dir, "plain")
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", plain); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(plain, slurm); err != nil {
		t.Fatal(err)
	}
	nats, natsE := d("nats")
	coll, collE := d("collect")
	repro, reproE := d("repro")
	rnats, rnatsE := d("rnats")
	plot, plotE := d("plot")
	for _, c := range []struct {
		args []string
		last string // the output's last line
	}{
		{[]string{"run", cfg, "--out", run, "--quiet"}, "wrote " + runE},
		{[]string{"run", "--job", jobFile, "--out", jobOut, "--quiet"}, fmt.Sprintf("job %s done; wrote %s", job.ID, jobE)},
		{[]string{"run", "--job", jobFile, "--out", jobOut, "--quiet"}, fmt.Sprintf("job %s already done in %s; nothing run", job.ID, jobE)},
		{[]string{"sweep", spec, "--emit", "slurm", "--out", plain}, fmt.Sprintf("wrote %s and %s: 1 job (array index 0); submit with sbatch %s, then stackel sweep collect %s",
			filepath.Join(plain, "manifest.json"), filepath.Join(plain, "sweep.sbatch"), filepath.Join(plain, "sweep.sbatch"), plain)},
		{[]string{"sweep", "collect", slurm}, fmt.Sprintf("wrote %s, %s", filepath.Join(slurmE, "sweep.json"), filepath.Join(slurmE, "report.md"))},
		{[]string{"sweep", spec, "--nats", url, "--workers", "1", "--out", nats}, "wrote " + natsE + " (sweep.json, report.md, runs/, curves/)"},
		{[]string{"sweep", "collect", "--nats", url, "grid", "--out", coll}, "wrote " + collE},
		{[]string{"reproduce", "fiez-duopoly", "--quick", "--quiet", "--out", repro}, "wrote " + reproE},
		{[]string{"reproduce", "fiez-duopoly", "--quick", "--nats", url, "--local-workers", "1", "--out", rnats}, "wrote " + rnatsE},
		{[]string{"plot", run, "--out", plot}, "wrote " + plotE + ".png, " + plotE + ".svg"},
	} {
		out, err := execute(t, c.args...)
		if err != nil {
			t.Errorf("%q: %v\n%s", c.args, err, out)
			continue
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		last := lines[len(lines)-1]
		if last != c.last || strings.ContainsRune(out, 0x1b) {
			t.Errorf("%q: last line %q, want %q, and no raw ESC in:\n%q", c.args, last, c.last, out)
		}
	}
}

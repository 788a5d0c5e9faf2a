package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestRunResumeLengthens lengthens a finished 400-step run to 800 steps
// with `run --resume DIR longer.yaml` and checks that it ends with the
// metrics of an 800-step run and that DIR/config.yaml now says 800 (so
// that a plain `--resume DIR` goes on from there); then that shortening it,
// and lengthening a run whose last epoch was cut short, are refused with
// the lengths named and the directory unchanged.
func TestRunResumeLengthens(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "long.yaml", faultRL)
	writeFile(t, dir, "short.yaml", strings.Replace(faultRL, "steps: 800", "steps: 400", 1))
	writeFile(t, dir, "cut.yaml", strings.Replace(faultRL, "steps: 800", "steps: 500", 1))
	for _, args := range [][]string{{"run", "long.yaml", "--out", "whole", "--quiet"}, {"run", "short.yaml", "--out", "run", "--quiet"}, {"run", "cut.yaml", "--out", "cut", "--quiet"}} {
		if r := runCLI(t, dir, nil, args...); r.exit != 0 {
			t.Fatalf("%v: %d %s", args, r.exit, r.out)
		}
	}
	if r := runCLI(t, dir, nil, "run", "--resume", "run", "long.yaml", "--quiet"); r.exit != 0 {
		t.Fatalf("lengthening: %d %s", r.exit, r.out)
	}
	run := filepath.Join(dir, "run")
	if got, want := metricsSansTime(t, run), metricsSansTime(t, filepath.Join(dir, "whole")); got != want {
		t.Errorf("the lengthened run's metrics differ from the 800-step run's:\n%s\nwant\n%s", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(run, "config.yaml")); !strings.Contains(string(b), "steps: 800") {
		t.Errorf("config.yaml after lengthening:\n%s", b)
	}
	if b, _ := os.ReadFile(filepath.Join(run, "summary.json")); !strings.Contains(string(b), `"extended_from_steps": 400`) {
		t.Errorf("summary.json does not record the lengthening:\n%s", b)
	}

	files := func(d string) [][]byte {
		var out [][]byte
		for _, f := range []string{"config.yaml", "metrics.csv", "summary.json", "checkpoint.gob"} {
			b, _ := os.ReadFile(filepath.Join(dir, d, f))
			out = append(out, b)
		}
		return out
	}
	for _, tc := range []struct {
		name, run, config string
		want              []string
	}{
		{"shortening", "run", "short.yaml", []string{"is 800 steps long and this one 400", "not shortened"}},
		{"after a cut epoch", "cut", "long.yaml", []string{"cut short at step 500", "steps_per_epoch 200"}},
	} {
		before := files(tc.run)
		r := runCLI(t, dir, nil, "run", "--resume", tc.run, tc.config, "--quiet")
		noCrash(t, tc.name, r)
		if r.exit != 1 {
			t.Errorf("%s: exit %d, want 1:\n%s", tc.name, r.exit, r.out)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.out, w) {
				t.Errorf("%s: the error does not say %q:\n%s", tc.name, w, r.out)
			}
		}
		for i, b := range files(tc.run) {
			if !bytes.Equal(b, before[i]) {
				t.Errorf("%s: a refused lengthening changed file %d of the run", tc.name, i)
			}
		}
	}
}

// lengtheningSummary reads DIR/summary.json and fails unless it is the
// summary of a lengthening under way: "running": true, no "final", no
// "steps" (the shorter finished run's summary, which read as final while
// the longer run was unfinished, used to be left there by a kill), and
// the length continued from.
func lengtheningSummary(t *testing.T, what, dir string, from int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: summary.json: %v", what, err)
	}
	_, final := m["final"]
	_, steps := m["steps"]
	if m["running"] != true || final || steps || m["extended_from_steps"] != float64(from) {
		t.Errorf("%s: summary.json of an unfinished lengthening from %d steps reads as a finished run's:\n%s", what, from, b)
	}
}

// TestRunLengtheningKilled kills `run --resume DIR longer.yaml` in the
// middle of its first and of its second checkpoint write (the first leaves
// the shorter run's checkpoint, the second one of the longer run) and
// checks that DIR's summary.json does not read as the finished shorter
// run's, and that `run --resume DIR` then ends with the metrics of the
// longer run and a summary.json that records the lengthening as an
// uninterrupted lengthening's does.
func TestRunLengtheningKilled(t *testing.T) {
	dir := lengtheningFiles(t)
	want := metricsSansTime(t, filepath.Join(dir, "whole"))
	for _, k := range []string{"1", "2"} {
		run := "run" + k
		if r := runCLI(t, dir, nil, "run", "short.yaml", "--out", run, "--quiet"); r.exit != 0 {
			t.Fatalf("short run: %d %s", r.exit, r.out)
		}
		r := runCLI(t, dir, []string{"STACKEL_FAULT=checkpoint-write:" + k}, "run", "--resume", run, "long.yaml", "--quiet")
		if !killed(r) {
			t.Fatalf("checkpoint-write:%s: the fault did not fire: exit %d %s", k, r.exit, r.out)
		}
		lengtheningSummary(t, "killed in checkpoint write "+k, filepath.Join(dir, run), 400)
		if r := runCLI(t, dir, nil, "run", "--resume", run, "--quiet"); r.exit != 0 {
			t.Fatalf("resume after checkpoint-write:%s: %d %s", k, r.exit, r.out)
		}
		if got := metricsSansTime(t, filepath.Join(dir, run)); got != want {
			t.Errorf("checkpoint-write:%s: the resumed lengthening's metrics differ from the 800-step run's:\n%s\nwant\n%s", k, got, want)
		}
		b, _ := os.ReadFile(filepath.Join(dir, run, "summary.json"))
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil || m["steps"] != 800.0 || m["extended_from_steps"] != 400.0 || m["running"] != nil || m["final"] == nil {
			t.Errorf("checkpoint-write:%s: summary.json of the resumed lengthening (want steps 800, extended_from_steps 400):\n%s", k, b)
		}
	}
}

// TestJobLengtheningKilled runs a 400-step RL job, then the same job with
// 800 steps into its directory (a lengthening), killed in the middle of
// writing config.yaml, just after job.json records the longer job as
// running: summary.json must not still be the finished shorter job's. Run
// again, the job ends done with the longer run's metrics and the
// lengthening in summary.json.
func TestJobLengtheningKilled(t *testing.T) {
	dir := t.TempDir()
	jobFile := func(name, text string) string {
		path, _ := writeJobFile(t, dir, name, text, 5)
		return path
	}
	short := jobFile("short.json", strings.Replace(faultRL, "steps: 800", "steps: 400", 1))
	long := jobFile("long.json", faultRL)
	if r := runCLI(t, dir, nil, "run", "--job", long, "--out", "whole", "--quiet"); r.exit != 0 {
		t.Fatalf("reference job: %d %s", r.exit, r.out)
	}
	if r := runCLI(t, dir, nil, "run", "--job", short, "--out", "j", "--quiet"); r.exit != 0 {
		t.Fatalf("short job: %d %s", r.exit, r.out)
	}
	r := runCLI(t, dir, []string{"STACKEL_FAULT=write-config.yaml"}, "run", "--job", long, "--out", "j", "--quiet")
	if !killed(r) {
		t.Fatalf("the fault did not fire: exit %d %s", r.exit, r.out)
	}
	j := filepath.Join(dir, "j")
	if rec, ok, err := experiment.ReadJobRecord(j); err != nil || !ok || rec.Status != experiment.JobRunning {
		t.Fatalf("job.json after the kill: %+v %v %v", rec, ok, err)
	}
	lengtheningSummary(t, "job killed writing config.yaml", j, 400)
	if r := runCLI(t, dir, nil, "run", "--job", long, "--out", "j", "--quiet"); r.exit != 0 || !strings.Contains(r.out, "done") {
		t.Fatalf("the job run again: %d %s", r.exit, r.out)
	}
	if got, want := metricsSansTime(t, j), metricsSansTime(t, filepath.Join(dir, "whole")); got != want {
		t.Errorf("the lengthened job's metrics differ from the 800-step job's:\n%s\nwant\n%s", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(j, "summary.json")); !strings.Contains(string(b), `"extended_from_steps": 400`) || !strings.Contains(string(b), `"steps": 800`) {
		t.Errorf("summary.json of the lengthened job:\n%s", b)
	}
}

// TestRunLengtheningRestarted stops a lengthening (Ctrl-C's
// cancellation: SIGINT), deletes its checkpoint (as the README says to
// do with a corrupt one), resumes (the run starts afresh), kills that
// run in its second checkpoint write and resumes it again: the run that
// started afresh is not recorded as a lengthening, and ends with the
// metrics of the 800-step run.
func TestRunLengtheningRestarted(t *testing.T) {
	dir := lengtheningFiles(t)
	if r := runCLI(t, dir, nil, "run", "short.yaml", "--out", "run", "--quiet"); r.exit != 0 {
		t.Fatalf("short run: %d %s", r.exit, r.out)
	}
	run := filepath.Join(dir, "run")
	// The lengthening killed in its first checkpoint write leaves the
	// running summary.json of a lengthening from 400 steps.
	if r := runCLI(t, dir, []string{"STACKEL_FAULT=checkpoint-write:1"}, "run", "--resume", "run", "long.yaml", "--quiet"); !killed(r) {
		t.Fatalf("the fault did not fire: exit %d %s", r.exit, r.out)
	}
	lengtheningSummary(t, "killed lengthening", run, 400)
	if err := os.Remove(filepath.Join(run, "checkpoint.gob")); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, dir, []string{"STACKEL_FAULT=checkpoint-write:2"}, "run", "--resume", "run", "--quiet"); !killed(r) {
		t.Fatalf("the fault did not fire: exit %d %s", r.exit, r.out)
	}
	if r := runCLI(t, dir, nil, "run", "--resume", "run", "--quiet"); r.exit != 0 {
		t.Fatalf("resume: %d %s", r.exit, r.out)
	}
	if got, want := metricsSansTime(t, run), metricsSansTime(t, filepath.Join(dir, "whole")); got != want {
		t.Errorf("metrics differ from the 800-step run's:\n%s\nwant\n%s", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(run, "summary.json")); strings.Contains(string(b), "extended_from_steps") || !strings.Contains(string(b), `"resumed_from_epoch": 1`) {
		t.Errorf("summary.json of the run started afresh:\n%s", b)
	}
}

// TestShorterRunGivenAgainAfterKilledLengthening: a lengthening killed
// after it replaced summary.json by its running one but before config.yaml
// described the longer run leaves the shorter, finished run; `run
// --resume DIR` (no CONFIG) gives it again, and its summary must be the
// one it had — here the 400-step run is itself a lengthening of a
// 200-step one, and its "extended_from_steps": 200 was lost (the running
// summary was not the finished run's, so nothing was carried over).
func TestShorterRunGivenAgainAfterKilledLengthening(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "long.yaml", faultRL)
	writeFile(t, dir, "mid.yaml", strings.Replace(faultRL, "steps: 800", "steps: 400", 1))
	writeFile(t, dir, "short.yaml", strings.Replace(faultRL, "steps: 800", "steps: 200", 1))
	for _, args := range [][]string{{"run", "short.yaml", "--out", "r"}, {"run", "--resume", "r", "mid.yaml"}} {
		if r := runCLI(t, dir, nil, append(args, "--quiet")...); r.exit != 0 {
			t.Fatalf("%v: %d %s", args, r.exit, r.out)
		}
	}
	summary := func() map[string]any {
		b, _ := os.ReadFile(filepath.Join(dir, "r", "summary.json"))
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("summary.json: %v\n%s", err, b)
		}
		return m
	}
	before := summary()
	if before["extended_from_steps"] != 200.0 || before["steps"] != 400.0 {
		t.Fatalf("the 400-step run's summary: %v", before)
	}
	r := runCLI(t, dir, []string{"STACKEL_FAULT=write-config.yaml"}, "run", "--resume", "r", "long.yaml", "--quiet")
	if !killed(r) {
		t.Fatalf("the fault did not fire: exit %d %s", r.exit, r.out)
	}
	if m := summary(); m["running"] != true {
		t.Fatalf("after the kill summary.json is %v, want the running one", m)
	}
	if r := runCLI(t, dir, nil, "run", "--resume", "r", "--quiet"); r.exit != 0 {
		t.Fatalf("the shorter run given again: %d %s", r.exit, r.out)
	}
	after := summary()
	for _, k := range []string{"steps", "extended_from_steps", "threads", "final", "steps_to_threshold"} {
		if fmt.Sprint(after[k]) != fmt.Sprint(before[k]) {
			t.Errorf("%s: %v after, %v before", k, after[k], before[k])
		}
	}
	if after["running"] != nil {
		t.Errorf("summary.json still running: %v", after)
	}
}

// lengtheningFiles writes long.yaml (faultRL, 800 steps) and short.yaml
// (400 steps) into a new directory, runs long.yaml into its "whole" (the
// reference run) and returns the directory.
func lengtheningFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "long.yaml", faultRL)
	writeFile(t, dir, "short.yaml", strings.Replace(faultRL, "steps: 800", "steps: 400", 1))
	if r := runCLI(t, dir, nil, "run", "long.yaml", "--out", "whole", "--quiet"); r.exit != 0 {
		t.Fatalf("reference run: %d %s", r.exit, r.out)
	}
	return dir
}

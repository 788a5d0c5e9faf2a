package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A MuJoCo suite on two tasks prints every table of its report.md, the
// comparison across the tasks too: before session 47 that table was
// written to report.md only, so the printed report stopped at the last
// task's rank tests.
func TestSuiteAcrossTasksPrinted47(t *testing.T) {
	t.Parallel()
	r, err := Lookup("stsac-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var log bytes.Buffer
	opt := Options{Out: dir, Seeds: 2, Steps: 20000, Envs: []string{"Hopper-v4", "Walker2d-v4"}, ReportOnly: true, Log: &log}
	jobs, err := r.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	for k, j := range jobs {
		writeRunEnding(t, filepath.Join(dir, j.Out), j, float64(100+10*k))
	}
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatalf("report-only: %v", err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	printed := strings.Split(log.String(), "\n")
	tables := 0
	for line := range strings.SplitSeq(string(md), "\n") {
		if !strings.HasPrefix(line, "|") && !strings.HasPrefix(line, "### ") {
			continue
		}
		if line == "### Provenance" {
			continue // written to report.md only, as every reproduction's
		}
		tables++
		found := false
		for _, p := range printed {
			found = found || p == line
		}
		if !found {
			t.Errorf("report.md's line %q is not printed", line)
		}
	}
	if !strings.Contains(string(md), "### Across tasks: probability of improvement over SAC") || tables < 30 {
		t.Fatalf("report.md has %d table lines, want the two tasks' and the across-task table:\n%s", tables, md)
	}
}

// A variant with no finished run (not run, unfinished or failed early)
// gives results.json's final, over_run and steps_per_second as empty
// arrays, as the README's "over the finished runs only" reads: before
// session 47 they were null, which a script taking their length or
// iterating them had to guess at.
func TestRLNoFinishedRunEmptyArrays47(t *testing.T) {
	t.Parallel()
	r, err := Lookup("stsac-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Out: dir, Seeds: 2, Steps: 20000, Envs: []string{"Hopper-v4"}, ReportOnly: true, Log: &bytes.Buffer{}}
	jobs, err := r.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if j.Labels["variant"] != "stsac-cl" { // stsac-cl: not run
			writeRunEnding(t, filepath.Join(dir, j.Out), j, 100)
		}
	}
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatalf("report-only: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "Hopper-v4", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatal(err)
	}
	res := map[string]map[string]json.RawMessage{}
	for _, v := range []string{"stsac-cl", "sac"} {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(top[v], &m); err != nil {
			t.Fatalf("results.json %s: %v", v, err)
		}
		res[v] = m
	}
	cl := res["stsac-cl"]
	for key, want := range map[string]string{"final": "[]", "over_run": "[]", "steps_per_second": "[]", "finished": "0", "steps_to_threshold": "[null,null]"} {
		if got := string(cl[key]); strings.Join(strings.Fields(got), "") != want {
			t.Errorf("results.json stsac-cl %s = %s, want %s", key, got, want)
		}
	}
	if got := strings.Join(strings.Fields(string(res["sac"]["final"])), ""); got != "[100,100]" {
		t.Errorf("results.json sac final = %s, want [100,100]", got)
	}
}

// --quick caps the critic's unrolled steps m at 5 (quickOnPolicy), so its
// "m = 80" variants run m = 5: the quick note says so, naming them, as
// it names every other setting --quick shortens; before session 47 a
// quick report's "STAC (m = 80)" and "AC (m = 80)" rows ran m = 5 and
// nothing said it. A selection without such a variant has no such clause.
func TestRLQuickNoteSaysUnroll47(t *testing.T) {
	t.Parallel()
	const want = "the critic unrolled m = 5 times instead of 80 (STAC (m = 80), AC (m = 80))"
	for _, name := range []string{"stac-cartpole", "stac-mujoco"} {
		r, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if note := r.quickNote(Options{Quick: true}); !strings.Contains(note, want) {
			t.Errorf("%s: quick note %q lacks %q", name, note, want)
		}
		if note := r.quickNote(Options{Quick: true, Variants: []string{"stac-m1"}}); strings.Contains(note, "unrolled") {
			t.Errorf("%s --variants stac-m1: quick note %q speaks of the unrolled critic", name, note)
		}
	}
	r, err := Lookup("stac-cartpole-authors")
	if err != nil {
		t.Fatal(err)
	}
	if note, want := r.quickNote(Options{Quick: true, Seeds: 2}), "the critic unrolled m = 5 times instead of 80 (AC (m = 80), authors' code)"; !strings.Contains(note, want) {
		t.Errorf("stac-cartpole-authors: quick note %q lacks %q", note, want)
	}
}

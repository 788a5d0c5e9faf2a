package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

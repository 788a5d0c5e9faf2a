package repro

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree46 lists every file and directory under dir (relative, slash
// separated), each file with its contents: what a refused reproduction
// must leave as it found.
func tree46(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			out[filepath.ToSlash(rel)+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree46 fails the test unless after holds exactly before's files and
// directories, byte for byte.
func sameTree46(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if a, ok := after[p]; !ok {
			t.Errorf("%s: %s removed", what, p)
		} else if a != b {
			t.Errorf("%s: %s changed", what, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: %s written", what, p)
		}
	}
}

// TestRefusedJobsWriteNothing46: a reproduction whose jobs the runs refuse
// (rl.steps_per_epoch over STACKEL_MAX_BUFFER) is refused before anything
// is written: a new --out is not made, an empty one stays empty, and one
// holding a finished reproduction (its report.md, results.json, figures
// and runs) is left byte for byte as it was, whether the refused command
// would run more seeds, the same runs again, or report only. It left
// reproduction.json and an empty <variant>/seed<k> per job started, and
// over a finished reproduction replaced report.md by an incomplete one
// and deleted results.json, curves.csv and the figures.
func TestRefusedJobsWriteNothing46(t *testing.T) {
	r, err := Lookup("stac-cartpole")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	prev := filepath.Join(root, "prev")
	quick := Options{Out: prev, Seeds: 1, Quick: true, Variants: []string{"stac-m1"}, Workers: 1}
	if err := r.Execute(context.Background(), quick); err != nil {
		t.Fatal(err)
	}
	before := tree46(t, prev)
	for _, f := range []string{ReproductionFile, "report.md", "results.json", "curves.csv", "stac-m1/seed1/metrics.csv"} {
		if _, ok := before[f]; !ok {
			t.Fatalf("the finished reproduction has no %s", f)
		}
	}

	t.Setenv("STACKEL_MAX_BUFFER", "100")
	const full = "stac-m1/seed1: rl.steps_per_epoch: 4000 exceeds the limit 100 (set STACKEL_MAX_BUFFER to raise it)"
	const short = "stac-m1/seed1: rl.steps_per_epoch: 500 exceeds the limit 100 (set STACKEL_MAX_BUFFER to raise it)"
	fresh := filepath.Join(root, "fresh", "out")
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opt  Options
		want string
	}{
		{"new directory", Options{Out: fresh, Seeds: 2, Steps: 8000}, full},
		{"empty directory", Options{Out: empty, Seeds: 2, Steps: 8000}, full},
		{"more seeds over a finished reproduction", Options{Out: prev, Seeds: 2, Quick: true, Variants: []string{"stac-m1"}}, short},
		{"the same runs again", quick, short},
		{"report-only", Options{Out: prev, Seeds: 1, Quick: true, Variants: []string{"stac-m1"}, ReportOnly: true}, short},
	} {
		var log strings.Builder
		c.opt.Log = &log
		err := r.Execute(context.Background(), c.opt)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
		if log.Len() > 0 {
			t.Errorf("%s: logged %q before the refusal", c.name, log.String())
		}
	}
	if _, err := os.Stat(filepath.Join(root, "fresh")); !os.IsNotExist(err) {
		t.Errorf("new directory: %s made (%v)", filepath.Join(root, "fresh"), err)
	}
	if got := tree46(t, empty); len(got) != 1 {
		t.Errorf("empty directory: now holds %v", got)
	}
	sameTree46(t, "finished reproduction", before, tree46(t, prev))
}

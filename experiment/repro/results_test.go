package repro

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// committedSets are the run sets committed under results/ (see its
// README), with the options of the reproduction that made them.
var committedSets = []struct {
	dir  string
	name string
	opt  Options
}{
	{"stsac-hopper-100k", "stsac-mujoco", Options{Seeds: 5, Steps: 100000, Envs: []string{"Hopper-v4"}}},
	{"stsac-halfcheetah-100k", "stsac-mujoco", Options{Seeds: 5, Steps: 100000, Envs: []string{"HalfCheetah-v4"}}},
	{"stac-mujoco-1m", "stac-mujoco", Options{Seeds: 7, Envs: []string{"Hopper-v4", "HalfCheetah-v4"}}},
	{"stac-walker2d-1m", "stac-mujoco", Options{Seeds: 7, Envs: []string{"Walker2d-v4"}}},
	{"stac-ant-1m", "stac-mujoco", Options{Seeds: 7, Envs: []string{"Ant-v4"}}},
	{"stddpg-hopper-100k", "stddpg-mujoco", Options{Seeds: 5, Steps: 100000, Envs: []string{"Hopper-v4"}}},
	{"stsac-walker2d-100k", "stsac-mujoco", Options{Seeds: 5, Steps: 100000, Envs: []string{"Walker2d-v4"}}},
	{"stddpg-walker2d-100k", "stddpg-mujoco", Options{Seeds: 5, Steps: 100000, Envs: []string{"Walker2d-v4"}}},
	{"stddpg-ant-100k", "stddpg-mujoco", Options{Seeds: 5, Steps: 100000, Envs: []string{"Ant-v4"}}},
	{"stsac-ant-100k", "stsac-mujoco", Options{Seeds: 5, Steps: 100000, Envs: []string{"Ant-v4"}}},
	{"stddpg-halfcheetah-100k", "stddpg-mujoco", Options{Seeds: 5, Steps: 100000, Envs: []string{"HalfCheetah-v4"}}},
	{"stddpg-hopper-200k", "stddpg-mujoco", Options{Seeds: 5, Steps: 200000, Envs: []string{"Hopper-v4"}}},
	{"stddpg-hopper-300k", "stddpg-mujoco", Options{Seeds: 5, Steps: 300000, Envs: []string{"Hopper-v4"}}},
	{"stddpg-halfcheetah-200k", "stddpg-mujoco", Options{Seeds: 5, Steps: 200000, Envs: []string{"HalfCheetah-v4"}}},
	{"stsac-pendulum", "stsac-pendulum", Options{Seeds: 5}},
	{"stac-cartpole", "stac-cartpole", Options{Seeds: 5}},
	{"stac-cartpole-f64", "stac-cartpole", Options{Seeds: 5, DType: "float64"}},
	{"stddpg-pendulum", "stddpg-pendulum", Options{Seeds: 5}},
	{"stddpg-pendulum-f64", "stddpg-pendulum", Options{Seeds: 5, DType: "float64"}},
	{"stsac-pendulum-f64", "stsac-pendulum", Options{Seeds: 5, DType: "float64"}},
}

// TestCommittedResults writes the report of every run set committed under
// results/ again from its runs' files (--report-only, no engine needed)
// and compares it with the committed report.md and results.json, which
// the README's tables quote. It fails when the report code reads the runs
// differently, or when the reproduction's jobs are no longer the ones that
// made the runs (another job ID: the configuration a job runs changed), in
// which case the set is an older binary's and must be run again or moved.
func TestCommittedResults(t *testing.T) {
	t.Parallel()
	for _, set := range committedSets {
		t.Run(set.dir, func(t *testing.T) {
			t.Parallel()
			src := filepath.Join("..", "..", "results", set.dir)
			r, err := Lookup(set.name)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := copyTree(src, dir); err != nil {
				t.Fatal(err)
			}
			opt := set.opt
			opt.Out, opt.ReportOnly = dir, true
			// The reproduction's jobs are the committed runs' own: each
			// job.json records the job's ID, which sameRun alone would
			// not compare (equal configuration text under another ID is
			// taken as the same run).
			jobs, err := r.Jobs(opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range jobs {
				rec, ok, err := experiment.ReadJobRecord(filepath.Join(src, j.Out))
				if err != nil || !ok {
					t.Fatalf("%s: job.json: %v (found %v)", j.Out, err, ok)
				}
				if rec.ID != j.ID || rec.Config != j.Config {
					t.Errorf("%s: the reproduction's job is %s, the committed run's %s", j.Out, j.ID, rec.ID)
				}
			}
			if err := r.Execute(context.Background(), opt); err != nil {
				t.Fatal(err)
			}
			files := []string{"report.md", "results.json"} // a one-task comparison (Pendulum)
			switch n := len(set.opt.Envs); {
			case n == 1:
				files[1] = filepath.Join(set.opt.Envs[0], "results.json")
			case n > 1: // results.json: the comparison across tasks
				files = append(files, filepath.Join(set.opt.Envs[0], "results.json"))
			}
			sameAsCommitted(t, src, dir, files)
		})
	}
}

// committedSuites are the four-task reports committed under results/,
// each written by --report-only from the runs of committed sets holding
// the four tasks (its README): the tasks' tables, the comparison across
// them and Fig. 3's four-panel figure.
var committedSuites = []struct {
	dir, name string
	from      []string // the sets holding each task's runs, in the suite's task order
	opt       Options  // the reproduction's options (Out and ReportOnly set by the test)
}{
	{"stddpg-mujoco-100k", "stddpg-mujoco", []string{"stddpg-hopper-100k", "stddpg-halfcheetah-100k", "stddpg-walker2d-100k", "stddpg-ant-100k"}, Options{Seeds: 5, Steps: 100000}},
	{"stsac-mujoco-100k", "stsac-mujoco", []string{"stsac-hopper-100k", "stsac-halfcheetah-100k", "stsac-walker2d-100k", "stsac-ant-100k"}, Options{Seeds: 5, Steps: 100000}},
	{"stac-mujoco-1m-4tasks", "stac-mujoco", []string{"stac-mujoco-1m", "stac-mujoco-1m", "stac-walker2d-1m", "stac-ant-1m"}, Options{Seeds: 7}},
}

// TestCommittedSuites assembles each four-task suite's runs from its
// one-task sets, writes the report again (--report-only) and compares it
// and the across-task results.json with the committed ones, which the
// README quotes.
func TestCommittedSuites(t *testing.T) {
	t.Parallel()
	for _, suite := range committedSuites {
		t.Run(suite.dir, func(t *testing.T) {
			t.Parallel()
			r, err := Lookup(suite.name)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for i, from := range suite.from {
				env := mujocoEnvs[i]
				if err := copyTree(filepath.Join("..", "..", "results", from, env), filepath.Join(dir, env)); err != nil {
					t.Fatal(err)
				}
			}
			opt := suite.opt
			opt.Out, opt.ReportOnly = dir, true
			if err := r.Execute(context.Background(), opt); err != nil {
				t.Fatal(err)
			}
			sameAsCommitted(t, filepath.Join("..", "..", "results", suite.dir), dir, []string{"report.md", "results.json"})
		})
	}
}

// sameAsCommitted reports each of files (paths relative to both
// directories) that the report written again in dir does not give as in
// the committed set src.
func sameAsCommitted(t *testing.T, src, dir string, files []string) {
	t.Helper()
	for _, f := range files {
		want, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s written again differs from the committed one:\n%s", f, got)
		}
	}
}

// copyTree copies the regular files under src into dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

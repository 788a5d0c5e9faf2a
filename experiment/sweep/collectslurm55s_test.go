package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The report of a Slurm sweep (DIR holds the sweep.sbatch and the
// manifest of these jobs) with jobs not finished says how to finish them:
// the array again (its finished tasks run nothing), or one index. A
// failed job is not among them (its task is refused, not run again); a
// sweep with every job finished or failed, and a directory without the
// script or with another sweep's manifest, get no such note.
func TestSlurmFinishNote55s(t *testing.T) {
	spec := `name: sl
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
grid: {game.params.c1: [5, 10]}
seeds: [1, 2]
`
	jobs := expandSpec(t, spec)
	// jobs[i]: point i%2, seed i/2+1.
	cases := []struct {
		name    string
		status  map[int]string // absent: no job.json
		slurm   bool
		foreign bool // the manifest is another sweep's
		moved   bool // the script names another directory's manifest
		want    string
	}{
		{name: "2 of 4 done", status: map[int]string{0: StatusDone, 1: StatusDone}, slurm: true,
			want: "Not finished: 2 of 4 jobs (game.params.c1=5 seed 2; game.params.c1=10 seed 2: indices 2, 3). Finish them with the Slurm array " +
				"(sbatch DIR/sweep.sbatch again runs only the jobs not finished: a finished job's task says \"already done … nothing run\"; " +
				"or stackel run --manifest DIR/manifest.json --index I for one), then stackel sweep collect DIR again."},
		{name: "one running, one failed", status: map[int]string{0: StatusDone, 1: StatusDone, 2: StatusRunning, 3: StatusFailed}, slurm: true,
			want: "Not finished: 1 of 4 jobs (game.params.c1=5 seed 2: index 2), 1 of them running (its task may still be at work: wait for it). Finish them with the Slurm array " +
				"(sbatch DIR/sweep.sbatch again runs only the jobs not finished: a finished job's task says \"already done … nothing run\"; " +
				"or stackel run --manifest DIR/manifest.json --index I for one), then stackel sweep collect DIR again."},
		{name: "directory moved", status: map[int]string{0: StatusDone, 1: StatusDone, 2: StatusDone}, slurm: true, moved: true,
			want: "Not finished: 1 of 4 jobs (game.params.c1=10 seed 2: index 3). Finish them with stackel run --manifest DIR/manifest.json --index I, one at a time " +
				"(DIR/sweep.sbatch runs the manifest of the directory it was written in, not this one's), then stackel sweep collect DIR again."},
		{name: "all finished", status: map[int]string{0: StatusDone, 1: StatusDone, 2: StatusDone, 3: StatusFailed}, slurm: true},
		{name: "no script", status: map[int]string{0: StatusDone}},
		{name: "another sweep's manifest", status: map[int]string{0: StatusDone}, slurm: true, foreign: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.slurm {
				m := Manifest{Name: "sl", Jobs: jobs}
				if c.foreign {
					m.Jobs = jobs[:3]
				}
				if err := WriteSlurm(dir, m, SlurmOptions{}); err != nil {
					t.Fatal(err)
				}
				if c.moved {
					p := filepath.Join(dir, SbatchFile)
					b, _ := os.ReadFile(p)
					os.WriteFile(p, []byte(strings.ReplaceAll(string(b), dir, "/elsewhere")), 0o755)
				}
			}
			for i, st := range c.status {
				writeBuiltJob(t, dir, jobs[i], st, nil)
			}
			if err := WriteReport(dir, "sl", jobs, DiskRecords(dir, jobs), nil); err != nil {
				t.Fatal(err)
			}
			md, err := os.ReadFile(filepath.Join(dir, "report.md"))
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, ln := range strings.Split(string(md), "\n") {
				if strings.HasPrefix(ln, "Not finished:") {
					got = strings.ReplaceAll(ln, dir, "DIR")
				}
			}
			if got != c.want {
				t.Errorf("note:\n%q\nwant:\n%q\nreport:\n%s", got, c.want, md)
			}
		})
	}
}

// indexRanges writes runs of three or more consecutive indices as ranges.
func TestIndexRanges55s(t *testing.T) {
	for _, c := range []struct {
		in   []int
		want string
	}{
		{[]int{2}, "2"},
		{[]int{2, 3}, "2, 3"},
		{[]int{0, 1, 2, 3, 7, 9, 10}, "0-3, 7, 9, 10"},
		{[]int{1, 3, 4, 5, 6, 1000, 1001, 1002}, "1, 3-6, 1000-1002"},
	} {
		if got := indexRanges(c.in); got != c.want {
			t.Errorf("indexRanges(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

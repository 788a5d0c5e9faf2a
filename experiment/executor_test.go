package experiment

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Two jobs of one list writing into the same directory, or a job whose
// directory is not inside the root, are refused before any job runs, naming
// the jobs and the directory. Before, with two workers, the two runs raced
// in one directory and the error was a rename of job.json.tmp that had
// vanished ("no such file or directory"), with a job.json left "running";
// with one worker the first ran and the second was refused after it.
func TestLocalExecuteRefusesSharedOrEscapingDirs(t *testing.T) {
	for _, tc := range []struct {
		name     string
		out1     string
		out2     string
		want     []string
		wantNone string // a directory that must not have been written
	}{
		{"same", "a", "a", []string{`jobs 1 (`, `and 2 (`, `both write into "a"`}, "a"},
		{"same after cleaning", "a/b", "a//b/../b", []string{`jobs 1 (`, `and 2 (`, `both write into "a/b"`}, "a"},
		{"escapes", "a", "../elsewhere", []string{`job 2`, `"../elsewhere"`, "inside the root"}, "a"},
		{"absolute", "a", "/abs/x", []string{`job 2`, `"/abs/x"`, "inside the root"}, "a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 2} {
				dir := t.TempDir()
				j1 := mustJob(t, jobTestConfig, 1, tc.out1)
				j2 := mustJob(t, jobTestConfig, 2, tc.out2)
				err := Local{Workers: workers}.Execute(context.Background(), dir, []Job{j1, j2}, nil)
				if err == nil {
					t.Fatalf("workers %d: no error", workers)
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("workers %d: error %q does not contain %q", workers, err, w)
					}
				}
				if _, statErr := os.Stat(filepath.Join(dir, tc.wantNone)); !os.IsNotExist(statErr) {
					t.Errorf("workers %d: %s was written although the jobs were refused", workers, tc.wantNone)
				}
			}
		})
	}
}

// Local's JobProgress hears each job's own progress (a smooth-game run's
// iterations) and then, as the job ends, done = total once more, before
// the job is counted in the list's progress: a progress display can count
// a job as ended from its own reports alone.
func TestLocalJobProgressEnds(t *testing.T) {
	dir := t.TempDir()
	jobs := []Job{mustJob(t, jobTestConfig, 1, "a"), mustJob(t, jobTestConfig, 2, "b")}
	var (
		mu     sync.Mutex
		last   = map[int][2]int{}
		calls  = map[int]int{}
		counts []int
		ended  = map[int]bool{}
	)
	exec := Local{Workers: 2, JobProgress: func(i, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if prev, ok := last[i]; ok && done == total && prev == [2]int{done, total} {
			ended[i] = true // the repeated last report: the job's end
		}
		last[i] = [2]int{done, total}
		calls[i]++
	}}
	err := exec.Execute(context.Background(), dir, jobs, func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if total != 2 {
			t.Errorf("progress total %d, want 2", total)
		}
		n := 0
		for range ended {
			n++
		}
		if n < done {
			t.Errorf("%d jobs counted done, %d ended by their own reports", done, n)
		}
		counts = append(counts, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 1, 2}; !slices.Equal(counts, want) {
		t.Errorf("list progress %v, want %v (the total first)", counts, want)
	}
	for i := range jobs {
		if !ended[i] || calls[i] < 3 {
			t.Errorf("job %d: %d reports, last %v, end reported %v", i, calls[i], last[i], ended[i])
		}
	}
}

package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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

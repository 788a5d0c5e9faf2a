package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteSlurmRefusesBadOptions: a binary that bash reads as a variable
// assignment (`X=stackel run --manifest …` runs `run`, not stackel), and
// a negative CPU count (it was dropped from the script without a word),
// are refused before anything is written; a path with = in it is not an
// assignment and is written as it is.
func TestWriteSlurmRefusesBadOptions(t *testing.T) {
	for _, c := range []struct {
		opt  SlurmOptions
		want string
	}{
		{SlurmOptions{Binary: "STACKEL=v2"}, `sweep: slurm binary "STACKEL=v2": the shell would take it for a variable assignment; give its path, e.g. ./STACKEL=v2`},
		{SlurmOptions{CPUsPerTask: -2}, "sweep: slurm cpus per task -2: need at least 1 (or 0 for Slurm's default)"},
	} {
		dir := t.TempDir()
		err := WriteSlurm(dir, Manifest{Name: "s", Jobs: []Job{{}}}, c.opt)
		if err == nil || err.Error() != c.want {
			t.Errorf("%+v: error %v, want %q", c.opt, err, c.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%+v: WriteSlurm wrote %d files for refused options", c.opt, len(entries))
		}
	}
	dir := t.TempDir()
	j := Job{}
	j.ID, j.Out = "abc", "runs/abc"
	if err := WriteSlurm(dir, Manifest{Name: "s", Jobs: []Job{j}}, SlurmOptions{Binary: "./STACKEL=v2", CPUsPerTask: 0}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dir + "/" + SbatchFile)
	// Written as its absolute path since session 44 (TestWriteSlurmBinaryPath).
	abs, err := filepath.Abs("STACKEL=v2")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\n"+abs+" run --manifest ") || strings.Contains(string(b), "cpus-per-task") {
		t.Errorf("sweep.sbatch:\n%s", b)
	}
}

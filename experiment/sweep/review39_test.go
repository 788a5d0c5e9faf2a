package sweep

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A path of the wrong kind in the output directory is refused by
// WriteSlurm before it writes anything: a file named runs (every task of
// the array failed on the cluster with "open DIR/runs/<id>/job.json: not
// a directory") or logs, and a directory named sweep.sbatch (refused only
// after manifest.json was written).
func TestWriteSlurmRefusesPathsOfTheWrongKind(t *testing.T) {
	j := Job{}
	j.ID, j.Out = "abc", "runs/abc"
	for _, c := range []struct {
		name string
		dir  bool
		want string
	}{
		{"runs", false, "sweep: %s is a file, where the Slurm array's tasks need a directory (for their logs and runs): remove it or use another output directory"},
		{"logs", false, "sweep: %s is a file, where the Slurm array's tasks need a directory (for their logs and runs): remove it or use another output directory"},
		{"runs/abc", false, "sweep: %s is a file, where the Slurm array's tasks need a directory (for their logs and runs): remove it or use another output directory"},
		{SbatchFile, true, "sweep: %s is a directory, where --emit slurm writes its file sweep.sbatch: remove it or use another output directory"},
		{ManifestFile, true, "sweep: %s is a directory, where --emit slurm writes its file manifest.json: remove it or use another output directory"},
	} {
		dir := t.TempDir()
		p := filepath.Join(dir, c.name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if c.dir {
			os.Mkdir(p, 0o755)
		} else {
			os.WriteFile(p, nil, 0o644)
		}
		err := WriteSlurm(dir, Manifest{Name: "s", Jobs: []Job{j}}, SlurmOptions{})
		want := fmt.Sprintf(c.want, p)
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %q", c.name, err, want)
		}
		for _, f := range []string{ManifestFile, SbatchFile} {
			if fi, err := os.Stat(filepath.Join(dir, f)); err == nil && !fi.IsDir() {
				t.Errorf("%s: %s written although refused", c.name, f)
			}
		}
	}
}

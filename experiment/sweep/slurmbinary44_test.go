package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteSlurmBinaryPath: a relative --stackel path (one with a slash)
// is written into the script as its absolute path, since the array's
// tasks run in another working directory than the one sbatch was given
// it in (bin/stackel was written as it is, and no task found it); a bare
// name stays a PATH lookup and an absolute path is kept. A value that
// begins with '-' is refused: the script would run it as the command.
func TestWriteSlurmBinaryPath(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ bin, want string }{
		{"bin/stackel", filepath.Join(wd, "bin/stackel")},
		{"./stackel", filepath.Join(wd, "stackel")},
		{"../x/stackel", filepath.Join(filepath.Dir(wd), "x/stackel")},
		{"stackel-v2", "stackel-v2"},
		{"/opt/stackel/bin/stackel", "/opt/stackel/bin/stackel"},
		{"", "stackel"},
	} {
		dir := t.TempDir()
		j := Job{}
		j.ID, j.Out = "abc", "runs/abc"
		if err := WriteSlurm(dir, Manifest{Name: "s", Jobs: []Job{j}}, SlurmOptions{Binary: c.bin}); err != nil {
			t.Fatalf("%q: %v", c.bin, err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, SbatchFile))
		if !strings.Contains(string(b), "\n"+c.want+" run --manifest ") {
			t.Errorf("--stackel %q: want the command %q in sweep.sbatch:\n%s", c.bin, c.want, b)
		}
	}
	for _, bin := range []string{"-x", "--version", "-"} {
		dir := t.TempDir()
		err := WriteSlurm(dir, Manifest{Name: "s", Jobs: []Job{{}}}, SlurmOptions{Binary: bin})
		want := `sweep: slurm binary "` + bin + `": begins with '-', which the script would run as the command; give the stackel command or its path`
		if err == nil || err.Error() != want {
			t.Errorf("%q: error %v, want %q", bin, err, want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%q: WriteSlurm wrote %d files for a refused binary", bin, len(entries))
		}
	}
}

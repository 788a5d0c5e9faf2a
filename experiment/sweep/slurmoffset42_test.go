package sweep

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSbatchOffsetRefusesLeadingZeros: bash's arithmetic reads a number
// with a leading zero as octal, so a part of an array submitted with
// STACKEL_INDEX_OFFSET=010 ran job 8 + i instead of 10 + i, without a
// word (and 01000 ran 512 + i: jobs of the first part again, the last
// ones of the part never). The script refuses an offset that is not a
// plain whole number before it runs anything, naming it; 0, 10 and
// unset run the task's job i + offset. The script passes bash -n.
func TestSbatchOffsetRefusesLeadingZeros(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	bin := filepath.Join(t.TempDir(), "fake-stackel")
	// The fake binary prints its arguments.
	if err := os.WriteFile(bin, []byte("#!/bin/bash\necho \"$*\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	jobs := make([]Job, 20)
	for i := range jobs {
		jobs[i].Index, jobs[i].ID = i, "j"+strings.Repeat("x", i+1)
		jobs[i].Out = "runs/" + jobs[i].ID
	}
	if err := WriteSlurm(dir, Manifest{Name: "s", Jobs: jobs}, SlurmOptions{Binary: bin}); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, SbatchFile)
	if out, err := exec.Command("bash", "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	run := func(env ...string) (string, error) {
		c := exec.Command("bash", script)
		c.Env = append(os.Environ(), env...)
		out, err := c.CombinedOutput()
		return string(out), err
	}
	for _, c := range []struct {
		offset string // "-" for unset
		want   string
	}{{"-", "--index 3\n"}, {"0", "--index 3\n"}, {"10", "--index 13\n"}} {
		env := []string{"SLURM_ARRAY_TASK_ID=3"}
		if c.offset != "-" {
			env = append(env, "STACKEL_INDEX_OFFSET="+c.offset)
		}
		out, err := run(env...)
		if err != nil || !strings.HasSuffix(out, c.want) {
			t.Errorf("offset %s: %v, output %q; want it to end %q", c.offset, err, out, c.want)
		}
	}
	for _, bad := range []string{"010", "01000", "-5", "0x10"} {
		out, err := run("SLURM_ARRAY_TASK_ID=3", "STACKEL_INDEX_OFFSET="+bad)
		want := "sweep.sbatch: STACKEL_INDEX_OFFSET=" + bad + ": need a whole number without leading zeros"
		if err == nil || strings.Contains(out, "--index") || !strings.Contains(out, want) {
			t.Errorf("offset %s: %v, output %q; want an error %q and nothing run", bad, err, out, want)
		}
	}
}

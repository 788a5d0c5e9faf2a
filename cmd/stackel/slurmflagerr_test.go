package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `--emit slurm` refusing a value for the Slurm script names the flag it
// came from, or the output path as the command was given it, in the
// command's terms: before, a reproduction's refusal said "sweep: output
// directory …", and a bad --partition was `sweep: slurm option "a b"`,
// naming no flag. The output directory made for the refused command is
// removed again.
func TestEmitSlurmErrorsNameTheFlag(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "s.yaml", sgaSpec("grid"))
	spaced := filepath.Join(dir, "a b")
	ok := filepath.Join(dir, "ok")
	const pathRule = ": --emit slurm writes the path into the Slurm script, which takes none with spaces or shell characters: use a path of letters, digits and _.:/@+=,- only"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", spec, "--emit", "slurm", "--out", spaced}, `--out "` + spaced + `"` + pathRule},
		{[]string{"reproduce", "fiez-duopoly", "--quick", "--emit", "slurm", "--out", spaced}, `--out "` + spaced + `"` + pathRule},
		{[]string{"sweep", spec, "--emit", "slurm", "--out", ok, "--partition", "a b"}, `--partition "a b": only letters, digits and _.:/@+=,- are allowed (it is written into the Slurm script)`},
		{[]string{"reproduce", "fiez-duopoly", "--quick", "--emit", "slurm", "--out", ok, "--time", "1;reboot"}, `--time "1;reboot": only letters, digits and _.:/@+=,- are allowed (it is written into the Slurm script)`},
		{[]string{"sweep", spec, "--emit", "slurm", "--out", ok, "--stackel", "V=2"}, `--stackel "V=2": the shell would take it for a variable assignment; give its path, e.g. ./V=2 (it is written into the Slurm script)`},
		// Since session 44: written as the command, it ran no stackel.
		{[]string{"sweep", spec, "--emit", "slurm", "--out", ok, "--stackel", "-x"}, `--stackel "-x": begins with '-', which the script would run as the command; give the stackel command or its path (it is written into the Slurm script)`},
		{[]string{"reproduce", "fiez-duopoly", "--quick", "--emit", "slurm", "--out", ok, "--stackel", "--time"}, `--stackel "--time": begins with '-', which the script would run as the command; give the stackel command or its path (it is written into the Slurm script)`},
	} {
		_, err := execute(t, c.args...)
		if err == nil || err.Error() != c.want {
			t.Errorf("%v:\n error %v\n want  %s", c.args, err, c.want)
		}
		for _, d := range []string{spaced, ok} {
			if _, err := os.Stat(d); err == nil {
				t.Errorf("%v: left %s", c.args, d)
				os.RemoveAll(d)
			}
		}
	}
	// The default output directory, under a working directory with a
	// space: named as the default, with its absolute path.
	cwd := filepath.Join(dir, "c d")
	if err := os.Mkdir(cwd, 0o755); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, cwd, nil, "sweep", spec, "--emit", "slurm")
	want := "stackel: output directory \"" + filepath.Join("out", "grid") + "\" (the default; give --out): --emit slurm writes the path into the Slurm script, which takes none with spaces or shell characters (its absolute path is \"" + filepath.Join(cwd, "out", "grid") + "\"): use a path of letters, digits and _.:/@+=,- only\n"
	if r.exit != 1 || r.out != want {
		t.Errorf("default --out: exit %d, output\n%q\nwant\n%q", r.exit, r.out, want)
	}
	if strings.Contains(r.out, "sweep:") {
		t.Errorf("the sweep package's terms: %s", r.out)
	}
}

package main

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dirContents maps every file under dir (relative path) to its contents.
func dirContents(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// `sweep collect --nats URL NAME --out DIR` refuses, before writing
// anything, a DIR of the other kind: a sweep's outputs into a
// reproduction's directory (it replaced the reproduction's manifest.json
// and report.md, which `stackel sweep` itself refuses to do), a
// reproduction's into a sweep's (it replaced the sweep's manifest.json and
// then failed on the report), and a file given as DIR (it said "mkdir F:
// not a directory"). Exit 1 with the error alone; both directories are
// left byte for byte.
func TestCollectRefusesOtherKindsOut(t *testing.T) {
	url := startLoopbackServer(t)
	dir := t.TempDir()
	spec := writeFile(t, dir, "a.yaml", strings.Replace(replaceSpec, "%s", "[1, 2]", 1))
	sweepOut, reproOut := filepath.Join(dir, "sweep"), filepath.Join(dir, "repro")
	if o, err := execute(t, "sweep", spec, "--nats", url, "--workers", "1", "--out", sweepOut); err != nil {
		t.Fatalf("%v\n%s", err, o)
	}
	if o, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--nats", url, "--local-workers", "1", "--out", reproOut); err != nil {
		t.Fatalf("%v\n%s", err, o)
	}
	file := writeFile(t, dir, "file", "kept\n")
	sweepBefore, reproBefore := dirContents(t, sweepOut), dirContents(t, reproOut)

	for _, c := range []struct{ name, out, want string }{
		{"grid", reproOut, "stackel: " + reproOut + " holds the reproduction fiez-duopoly (reproduction.json), whose manifest.json, report.md and sweep.sbatch a sweep's would replace: use another output directory\n"},
		{"fiez-duopoly", sweepOut, "stackel: fiez-duopoly: " + sweepOut + " holds a sweep (sweep.json), whose report.md fiez-duopoly would replace: use another output directory\n"},
		{"grid", file, "stackel: output directory " + file + ": " + file + " is a file, not a directory\n"},
	} {
		r := runCLI(t, dir, nil, "sweep", "collect", "--nats", url, c.name, "--out", c.out)
		if r.exit != 1 || r.out != c.want {
			t.Errorf("collect %s --out %s: exit %d, want 1; output:\n%q\nwant:\n%q", c.name, c.out, r.exit, r.out, c.want)
		}
	}
	if after := dirContents(t, sweepOut); !maps.Equal(after, sweepBefore) {
		t.Errorf("the sweep's directory changed: %d files, %d before", len(after), len(sweepBefore))
	}
	if after := dirContents(t, reproOut); !maps.Equal(after, reproBefore) {
		t.Errorf("the reproduction's directory changed: %d files, %d before", len(after), len(reproBefore))
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "kept\n" {
		t.Errorf("the file given as --out: %q, %v", b, err)
	}
	// Each into a directory of its own kind is collected.
	for _, c := range []struct{ name, out string }{{"grid", sweepOut}, {"fiez-duopoly", reproOut}} {
		if r := runCLI(t, dir, nil, "sweep", "collect", "--nats", url, c.name, "--out", c.out); r.exit != 0 || !strings.HasSuffix(r.out, "wrote "+c.out+"\n") {
			t.Errorf("collect %s into its own directory: exit %d\n%s", c.name, r.exit, r.out)
		}
	}
}

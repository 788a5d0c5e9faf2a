package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A missing or extra positional argument names the argument the command
// takes, where cobra said "accepts 1 arg(s), received 0".
func TestMissingArgumentNamesIt(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run"}, "stackel run needs one argument, CONFIG, the configuration file (or --resume DIR, --job FILE, --manifest FILE --index I); none given (see stackel run --help)"},
		{[]string{"run", "a.yaml", "b.yaml"}, "stackel run takes one argument, CONFIG, the configuration file (or --resume DIR, --job FILE, --manifest FILE --index I); 2 given (a.yaml b.yaml)"},
		{[]string{"run", "--resume", "d", "a.yaml", "b.yaml"}, "run --resume DIR takes at most one argument, the CONFIG that lengthens the run; 2 given (a.yaml b.yaml)"},
		{[]string{"run", "--job", "j.json", "c.yaml"}, "run --manifest and run --job take no CONFIG argument (the job holds its config); 1 given (c.yaml)"},
		{[]string{"analyze"}, "stackel analyze needs one argument, CONFIG, the configuration file of a smooth or bimatrix game; none given (see stackel analyze --help)"},
		{[]string{"reproduce", "hic-cournot", "fiez-duopoly"}, "stackel reproduce takes one argument, NAME, the reproduction (stackel reproduce --list lists them); 2 given (hic-cournot fiez-duopoly)"},
		{[]string{"sweep"}, "stackel sweep needs one argument, SPEC, the sweep specification file; none given (see stackel sweep --help)"},
		{[]string{"sweep", "collect"}, "stackel sweep collect needs one argument, DIR, the sweep's directory (with --nats, NAME, the sweep's name); none given (see stackel sweep collect --help)"},
		{[]string{"sweep", "status", "--nats", "nats://127.0.0.1:1"}, "stackel sweep status needs one argument, NAME, the sweep's name; none given (see stackel sweep status --help)"},
		{[]string{"sweep", "cancel", "--nats", "nats://127.0.0.1:1", "a", "b"}, "stackel sweep cancel takes one argument, NAME, the sweep's name; 2 given (a b)"},
	}
	for _, c := range cases {
		_, err := execute(t, c.args...)
		if err == nil || err.Error() != c.want {
			t.Errorf("stackel %s: error %v, want %q", strings.Join(c.args, " "), err, c.want)
		}
	}
}

// `stackel completion` without a shell, or with one it has no script for,
// is an error (cobra printed its help and exited 0, so that
// `source <(stackel completion tcsh)` sourced the help text); a known
// shell still gets its script.
func TestCompletionNeedsShell(t *testing.T) {
	for args, want := range map[string]string{
		"completion":      "completion needs a shell: bash, zsh, fish or powershell (e.g. source <(stackel completion bash))",
		"completion tcsh": `completion: unknown shell "tcsh"; give bash, zsh, fish or powershell`,
	} {
		out, err := execute(t, strings.Fields(args)...)
		if err == nil || err.Error() != want {
			t.Errorf("stackel %s: error %v, want %q", args, err, want)
		}
		if out != "" {
			t.Errorf("stackel %s wrote %q, want nothing", args, out)
		}
	}
	out, err := execute(t, "completion", "bash")
	if err != nil || !strings.HasPrefix(out, "# bash completion V2 for stackel") {
		t.Errorf("stackel completion bash: %v, output begins %q", err, out[:min(len(out), 60)])
	}
}

// A reproduction refused before writing anything removes every directory
// it created for its --out, the parents too: before, a nested --out a/b/c
// left a/b, and the default out/NAME-quick left out/.
func TestRefusedReproductionLeavesNoParents(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	want := "hic-cournot: 100001 seeds exceed the limit 100000 (each seed is a run of every variant, listed before any starts)"
	for _, args := range [][]string{
		{"reproduce", "hic-cournot", "--quick", "--seeds", "100001", "--out", filepath.Join("a", "b", "c")},
		{"reproduce", "hic-cournot", "--quick", "--seeds", "100001"},
	} {
		_, err := execute(t, args...)
		if err == nil || err.Error() != want {
			t.Fatalf("stackel %s: error %v, want %q", strings.Join(args, " "), err, want)
		}
	}
	assertEmptyDir(t, dir)
}

// --emit slurm with --nats is refused naming both, before anything is
// created (it said `--emit "slurm": the only form is slurm, without
// --nats`, as if slurm were the mistake, and left the --out parents).
func TestReproduceEmitWithNATSNamesBoth(t *testing.T) {
	dir := t.TempDir()
	_, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--emit", "slurm", "--nats", "nats://127.0.0.1:1", "--out", filepath.Join(dir, "a", "b"))
	want := "--emit slurm and --nats: give one of them (--emit writes the jobs as a Slurm array, --nats runs them on NATS workers)"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	assertEmptyDir(t, dir)
}

// A sweep refused after its output directory was made (a --listen address
// without authentication) removes the directory's new parents too.
func TestRefusedSweepLeavesNoParents(t *testing.T) {
	t.Setenv("STACKEL_NATS_TOKEN", "")
	t.Setenv("STACKEL_NATS_PASSWORD", "")
	dir := t.TempDir()
	spec := writeFile(t, t.TempDir(), "s.yaml", "name: s\nconfig: {game: {builtin: duopoly}, dynamics: {kind: sga}}\ngrid:\n  iterations: [10, 20]\n")
	_, err := execute(t, "sweep", spec, "--out", filepath.Join(dir, "a", "b", "c"), "--listen", "0.0.0.0:0")
	if err == nil || !strings.HasPrefix(err.Error(), "refusing to listen on 0.0.0.0:0 without authentication") {
		t.Fatalf("error %v, want the refusal of an unauthenticated --listen", err)
	}
	assertEmptyDir(t, dir)
}

// A file given as a worker's --work-dir is refused at once, before the
// worker waits for its server: before, every job it was delivered was
// handed back ("this worker cannot run it: mkdir …: not a directory"),
// for ever. The context's deadline only ends the command that has no
// such check (a worker waits for its server without one).
func TestWorkerWorkDirFileRefused(t *testing.T) {
	file := writeFile(t, t.TempDir(), "f.yaml", "x: 1\n")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs([]string{"worker", "--nats", "nats://127.0.0.1:1", "--work-dir", file})
	err := cmd.ExecuteContext(ctx)
	want := "--work-dir " + file + ": not a directory"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q (output %q)", err, want, out.String())
	}
}

// A file given as the server's --store is refused naming the flag.
func TestServerStoreFileRefused(t *testing.T) {
	file := writeFile(t, t.TempDir(), "f.yaml", "x: 1\n")
	_, err := execute(t, "server", "--listen", "127.0.0.1:0", "--store", file)
	want := "--store " + file + ": not a directory"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
}

// makeOutDir's undo removes exactly the directories it created, deepest
// first, and only while they are empty; an existing directory is kept, and
// a file on the path is named.
func TestMakeOutDir(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "keep"), 0o755); err != nil {
		t.Fatal(err)
	}
	undo, err := makeOutDir(filepath.Join(root, "keep", "x", "y"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(root, "keep", "x", "y")); err != nil || !fi.IsDir() {
		t.Fatalf("not made: %v", err)
	}
	undo()
	if _, err := os.Stat(filepath.Join(root, "keep", "x")); !os.IsNotExist(err) {
		t.Errorf("keep/x left after undo: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "keep")); err != nil {
		t.Errorf("the existing keep/ removed: %v", err)
	}

	undo, err = makeOutDir(filepath.Join(root, "p", "q"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "p", "q"), "written", "")
	undo()
	if _, err := os.Stat(filepath.Join(root, "p", "q", "written")); err != nil {
		t.Errorf("undo removed a directory holding a file: %v", err)
	}

	file := writeFile(t, root, "f", "")
	_, err = makeOutDir(filepath.Join(file, "sub"))
	want := "output directory " + filepath.Join(file, "sub") + ": " + file + " is a file, not a directory"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// assertEmptyDir fails if dir holds anything.
func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("%s left in %s", e.Name(), dir)
	}
}

// --resume DIR, DIR an existing directory that holds no run (no
// config.yaml), says there is no run there and how to start one, rather
// than "open DIR/config.yaml: no such file or directory"; it writes
// nothing into DIR.
func TestResumeDirWithoutRun(t *testing.T) {
	dir := t.TempDir()
	_, err := execute(t, "run", "--resume", dir)
	want := "--resume " + dir + ": no run to resume there (no config.yaml); give the config to start it there (stackel run --resume " + dir + " CONFIG) or run it elsewhere (stackel run CONFIG --out DIR)"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	assertEmptyDir(t, dir)
}

// The help of run and sweep names what the README's Commands table does:
// every form of run and every file they write.
func TestHelpNamesFormsAndOutputs(t *testing.T) {
	out, err := execute(t, "run", "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"stackel run CONFIG | run --resume DIR [CONFIG] | run --job FILE | run --manifest DIR/manifest.json --index I [flags]",
		"DIR/metrics.csv, DIR/summary.json, a copy of the config as DIR/config.yaml",
		"DIR/checkpoint.gob and DIR/tb/",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stackel run --help lacks %q:\n%s", want, out)
		}
	}
	out, err = execute(t, "sweep", "--help")
	if err != nil {
		t.Fatal(err)
	}
	want := "Outputs: DIR/runs/<job-id>/ (config.yaml, metrics.csv, summary.json, tb/,\njob.json, attempt.json), DIR/manifest.json, DIR/sweep.json and DIR/report.md\nwith curves/point<k>.png/svg."
	if !strings.Contains(out, want) {
		t.Errorf("stackel sweep --help lacks %q:\n%s", want, out)
	}
}

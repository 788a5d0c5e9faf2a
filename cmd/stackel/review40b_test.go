package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A subcommand's switch given before the command (`stackel --quiet run
// x.yaml`) is an unknown flag of stackel, said so with the commands it
// belongs to. Before, cobra took "run" as the value of --quiet and said
// `unknown command "x.yaml" for "stackel"`. An unknown command is still
// one (with a did-you-mean), and stackel alone still prints its help.
func TestSubcommandFlagBeforeCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "x.yaml", "name: x\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n")
	_, err := execute(t, "--quiet", "run", cfg)
	want := "unknown flag: --quiet: --quiet is a flag of analyze, eval, reproduce, run; give it after the command (stackel COMMAND --quiet …)"
	if err == nil || err.Error() != want {
		t.Errorf("--quiet run: error %v\nwant %s", err, want)
	}
	if _, err := execute(t, "runn", cfg); err == nil || err.Error() != `unknown command "runn" for "stackel"; did you mean run?` {
		t.Errorf("runn: error %v", err)
	}
	if out, err := execute(t); err != nil || !strings.Contains(out, "Available Commands:") {
		t.Errorf("stackel alone: %v\n%s", err, out)
	}
}

// A run whose environment this build lacks names the config file and
// rl.env's line, and says "env" once. Before: "rl.env: env: Hopper-v4
// needs the MuJoCo physics engine…", without file or line.
func TestRunMissingEnvLocated(t *testing.T) {
	if mujocoLinked {
		t.Skip("this build has MuJoCo")
	}
	dir := t.TempDir()
	cfg := writeFile(t, dir, "w.yaml", "name: w\nrl: {env: Hopper-v4, algo: sac}\n")
	_, err := execute(t, "run", cfg, "--out", filepath.Join(dir, "o"), "--quiet")
	want := cfg + ": config: line 2: rl.env: Hopper-v4 needs the MuJoCo physics engine"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v\nwant it to begin %s", err, want)
	}
}

// The same smooth run given again into its directory is refused saying it
// holds a run of this config (which is rerun with --force, not continued),
// not "another run"; a run of another seed there is still "another run".
func TestRunSameConfigAgainSaysSo(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "duo.yaml", "name: duo\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\nrecord_every: 10\n")
	out := filepath.Join(dir, "d")
	if _, err := execute(t, "run", cfg, "--out", out, "--quiet"); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "run", cfg, "--out", out, "--quiet")
	want := "the output directory " + out + " holds a run of this config (seed 0) already; a smooth run is not continued but run again: rerun it with --force (which deletes that run first), or choose another --out"
	if err == nil || err.Error() != want {
		t.Errorf("same config again: error %v\nwant %s", err, want)
	}
	if _, err := execute(t, "run", cfg, "--out", out, "--quiet", "--seed", "4"); err == nil || !strings.Contains(err.Error(), "holds another run") {
		t.Errorf("another seed: error %v; want \"holds another run\"", err)
	}
}

// A mistyped reproduction gets the closest name, and the names are a
// comma-separated list, not a Go slice.
func TestReproduceUnknownNameSuggests(t *testing.T) {
	_, err := execute(t, "reproduce", "hic_cournot")
	if err == nil || !strings.Contains(err.Error(), `unknown reproduction "hic_cournot"; did you mean hic-cournot? (the reproductions: fiez-duopoly, fiez-torus, hic-cournot,`) ||
		strings.Contains(err.Error(), "[") {
		t.Errorf("error %v", err)
	}
}

// run --job with --seed: the refusal reads as English (before: "its seed
// is the job file's and its directory --out's").
func TestRunJobSeedWording(t *testing.T) {
	dir := t.TempDir()
	jobFile, _ := writeJobFile(t, dir, "job.json", "name: duo\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n", 5)
	_, err := execute(t, "run", "--job", jobFile, "--seed", "3")
	want := "--seed: not with --job, which runs the job as written, with the job file's seed, into --out (resuming an unfinished job there)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
}

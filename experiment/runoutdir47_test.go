package experiment

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestRunCreatesMissingOut: Run into an output directory that does not
// exist (nor its parent) creates it, as RunJob and `stackel run --out`
// do, and runs there. Before, it failed with "writing DIR/config.yaml:
// creating its temporary file: open …: no such file or directory". A
// resume into a directory that does not exist is refused naming it, as
// `stackel run --resume DIR` refuses it, with nothing created.
func TestRunCreatesMissingOut(t *testing.T) {
	cfg, err := ParseConfig([]byte("name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "a", "b")
	if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err != nil {
		t.Fatalf("run into a missing directory: %v", err)
	}
	for _, name := range []string{ConfigFile, MetricsFile, SummaryFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	rl, err := ParseConfig([]byte("name: r\nrl: {env: Pendulum-v1, algo: ddpg, steps: 1200, steps_per_epoch: 300}\n"))
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "c")
	_, err = Run(context.Background(), rl, RunOptions{Out: missing, Resume: true})
	if want := "resume: no such run directory " + missing + " (to start a run there, run with RunOptions.Resume false)"; err == nil || err.Error() != want {
		t.Errorf("resume into a missing directory: %v, want %s", err, want)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("resume into a missing directory created it (%v)", err)
	}
}

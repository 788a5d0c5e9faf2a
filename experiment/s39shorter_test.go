package experiment

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// simulateKilledLengthening leaves dir, which holds the finished 400-step run of
// short (seed 5), as a lengthening to 600 steps killed before its first
// epoch leaves it: summary.json replaced by the running one and
// config.yaml by the longer run's (RunRLConfig's record).
func simulateKilledLengthening(t *testing.T, dir string, short, long *Config) {
	t.Helper()
	sa, err := RLAgentConfig(*short.RL, short.Seed)
	if err != nil {
		t.Fatal(err)
	}
	la, err := RLAgentConfig(*long.RL, long.Seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeRunningSummary(dir, la, sa.Steps); err != nil {
		t.Fatal(err)
	}
	if err := saveConfig(long, dir); err != nil {
		t.Fatal(err)
	}
}

// TestShorterRunGivenAgainRecordsItsConfig: `stackel run --resume DIR
// short.yaml` after `stackel run --resume DIR long.yaml` was killed before
// its first epoch gets back the shorter run's summary.json and leaves
// config.yaml describing the run recorded, the shorter one. Before
// session 39 config.yaml kept the longer run's, so that `stackel run
// --resume DIR` (no CONFIG) lengthened the run again.
func TestShorterRunGivenAgainRecordsItsConfig(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sr := tinyRL()
	sr.Steps = 400
	short := &Config{Name: "r", Seed: 5, RL: &sr}
	if err := saveConfig(short, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := RunRLConfig(ctx, short, RunOptions{Out: dir}); err != nil {
		t.Fatal(err)
	}
	summary, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	lr := tinyRL()
	long := &Config{Name: "r", Seed: 5, RL: &lr}
	simulateKilledLengthening(t, dir, short, long)

	if _, err := RunRLConfig(ctx, short, RunOptions{Out: dir, Resume: true}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, SummaryFile)); err != nil || string(b) != string(summary) {
		t.Fatalf("summary.json not restored (%v):\n%s\nwant\n%s", err, b, summary)
	}
	got, err := LoadConfig(filepath.Join(dir, ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	if got.RL.Steps != 400 {
		t.Fatalf("config.yaml says rl.steps %d after the 400-step run was given again; want 400", got.RL.Steps)
	}
}

// TestShorterJobGivenAgainRecordsIt: the finished 400-step job A, whose
// lengthening by the 600-step job B was killed before B's first epoch
// (job.json: B running; config.yaml: B's; summary.json: running), run
// again, ends with job.json recording A done, config.yaml A's, and A's
// summary.json, with the checkpoint reused (no epoch run again).
func TestShorterJobGivenAgainRecordsIt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sr := tinyRL()
	sr.Steps = 400
	short := &Config{Name: "r", Seed: 5, RL: &sr}
	lr := tinyRL()
	long := &Config{Name: "r", Seed: 5, RL: &lr}
	ja, err := NewJob(short, 5, "x")
	if err != nil {
		t.Fatal(err)
	}
	jb, err := NewJob(long, 5, "x")
	if err != nil {
		t.Fatal(err)
	}
	recA, err := RunJob(ctx, ja, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	summary, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	// What RunJob(B) writes before B's first epoch.
	if err := markLengthening(dir, long, ja); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(dir, JobFile, startRecord(jb, recA, true)); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dir, ConfigFile, []byte(jb.Config)); err != nil {
		t.Fatal(err)
	}

	rec, err := RunJob(ctx, ja, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.ID != ja.ID || rec.Status != JobDone {
		t.Errorf("record: job %s %s, want %s done", rec.ID, rec.Status, ja.ID)
	}
	disk, ok, err := ReadJobRecord(dir)
	if err != nil || !ok || disk.ID != ja.ID || disk.Status != JobDone {
		t.Errorf("job.json: job %s %s (%v), want %s done", disk.ID, disk.Status, err, ja.ID)
	}
	if b, err := os.ReadFile(filepath.Join(dir, ConfigFile)); err != nil || string(b) != ja.Config {
		t.Errorf("config.yaml (%v):\n%s\nwant job A's:\n%s", err, b, ja.Config)
	}
	if b, err := os.ReadFile(filepath.Join(dir, SummaryFile)); err != nil || string(b) != string(summary) {
		t.Errorf("summary.json not job A's (%v):\n%s\nwant\n%s", err, b, summary)
	}
}

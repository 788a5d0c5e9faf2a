package experiment

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusedLengtheningChangesNothing: a lengthening (`stackel run
// --resume DIR longer.yaml`) of a finished run whose metrics.csv does not
// hold the checkpoint's epochs 1…k in order is refused naming the file,
// and leaves every file of DIR as it was. Before, the refusal came after
// the lengthening had replaced summary.json by its running summary and
// config.yaml by the longer run's, so that the finished shorter run read
// as an unfinished longer one. With the rows repaired, the same command
// then lengthens the run to the numbers of a run configured longer from
// the start.
func TestRefusedLengtheningChangesNothing(t *testing.T) {
	ctx := context.Background()
	whole := t.TempDir()
	if _, err := RunRL(ctx, tinyRL(), 5, whole, false, nil); err != nil {
		t.Fatal(err)
	}
	damage := []struct {
		name string
		edit func(lines []string) []string // lines[0] is the header
		want string
	}{
		{"row lost", func(l []string) []string { return []string{l[0], l[2]} }, "has 1 row and header"},
		{"row repeated", func(l []string) []string { return []string{l[0], l[1], l[1]} }, "row 2 is epoch 1, want 2"},
		{"empty", func([]string) []string { return nil }, "is empty; the checkpoint is at epoch 2"},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			short := tinyRL()
			short.Steps = 400
			cfg := &Config{Name: "r", Seed: 5, RL: &short}
			if err := saveConfig(cfg, dir); err != nil {
				t.Fatal(err)
			}
			if _, err := RunRLConfig(ctx, cfg, RunOptions{Out: dir}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, MetricsFile)
			good, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.SplitAfter(string(good), "\n")
			if len(lines) != 4 || lines[3] != "" {
				t.Fatalf("metrics.csv of the 2-epoch run has %d lines", len(lines)-1)
			}
			if err := os.WriteFile(path, []byte(strings.Join(d.edit(lines[:3]), "")), 0o644); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			long := tinyRL()
			lcfg := &Config{Name: "r", Seed: 5, RL: &long}
			_, err = RunRLConfig(ctx, lcfg, RunOptions{Out: dir, Resume: true})
			if want := fmt.Sprintf("resuming: %s", path); err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), d.want) {
				t.Fatalf("error %v\nwant %q … %q", err, want, d.want)
			}
			sameFiles(t, "refused lengthening", before, snapshot(t, dir))

			if err := os.WriteFile(path, good, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := RunRLConfig(ctx, lcfg, RunOptions{Out: dir, Resume: true}); err != nil {
				t.Fatal(err)
			}
			if a, b := metricsWithoutTime(t, whole), metricsWithoutTime(t, dir); a != b {
				t.Fatalf("lengthened after the repair:\n%s\n---\n%s", b, a)
			}
		})
	}
}

// TestRefusedJobLengtheningChangesNothing: the same refusal through a
// job (a reproduction or sweep lengthening a finished job to more
// steps). RunJob marked the lengthening (summary.json replaced by a
// running one) and wrote the longer job's job.json and config.yaml
// before the resume refused the damaged metrics.csv, then recorded the
// job as failed; now it refuses before writing anything, naming the file.
func TestRefusedJobLengtheningChangesNothing(t *testing.T) {
	ctx := context.Background()
	short := tinyRL()
	short.Steps = 400
	jShort, err := NewJob(&Config{Name: "tiny", RL: &short}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	long := tinyRL()
	jLong, err := NewJob(&Config{Name: "tiny", RL: &long}, 4, "rl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if rec, err := RunJob(ctx, jShort, dir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("short job: %+v, %v", rec, err)
	}
	path := filepath.Join(dir, MetricsFile)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	if err := os.WriteFile(path, []byte(lines[0]+lines[2]), 0o644); err != nil { // epoch 1's row lost
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	_, err = RunJob(ctx, jLong, dir, nil)
	if want := "resuming: " + path + " has 1 row and header"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v, want one starting %q", err, want)
	}
	sameFiles(t, "refused job lengthening", before, snapshot(t, dir))
}

package natsq

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
)

// tinyRLJob is a DDPG run on Pendulum-v1 of steps steps in epochs of 200,
// with small networks (well under a second).
func tinyRLJob(t *testing.T, steps int) experiment.Job {
	t.Helper()
	rc := experiment.RLConfig{Env: "Pendulum-v1", Algo: "ddpg", Steps: steps, StepsPerEpoch: 200, Hidden: []int{8},
		Extra: map[string]any{"start_steps": 100, "update_after": 100, "update_every": 50, "batch_size": 16, "test_episodes": 1}}
	j, err := experiment.NewJob(&experiment.Config{Name: "tiny", RL: &rc}, 3, "ddpg/seed1")
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// A queued job that lengthens a finished run in the submitter's directory
// is taken by the worker from that run's checkpoint (which the executor
// stores as the job's own), not from the start, and its outputs come back
// as those of the longer run: metrics.csv as a run of that length from the
// start, job.json the longer job's.
func TestExtendsRunInDirectory(t *testing.T) {
	c, log := startQueue(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	short, long := tinyRLJob(t, 400), tinyRLJob(t, 600)

	whole := t.TempDir()
	if _, err := experiment.RunJob(ctx, long, filepath.Join(whole, long.Out), nil); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if _, err := experiment.RunJob(ctx, short, filepath.Join(root, short.Out), nil); err != nil {
		t.Fatal(err)
	}
	if err := (Executor{Conn: c, Name: "longer"}).Execute(ctx, root, []experiment.Job{long}, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logString(log), "started longer "+long.ID+" (ddpg/seed1), attempt 1, from its stored checkpoint") {
		t.Errorf("the worker did not start from the shorter run's checkpoint:\n%s", logString(log))
	}
	rec, ok, err := experiment.ReadJobRecord(filepath.Join(root, long.Out))
	if err != nil || !ok || rec.ID != long.ID || rec.Status != experiment.JobDone {
		t.Fatalf("job.json after the longer job: %+v, %v", rec, err)
	}
	if a, b := metricsNoTime(t, filepath.Join(whole, long.Out)), metricsNoTime(t, filepath.Join(root, long.Out)); a != b || strings.Count(a, "\n") != 3 {
		t.Errorf("metrics of the continued run differ from the longer run's:\n%s\n---\n%s", a, b)
	}
}

// metricsNoTime returns dir's metrics.csv without its last (wall-clock)
// column.
func metricsNoTime(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, experiment.MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, ln := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		rows = append(rows, ln[:strings.LastIndexByte(ln, ',')])
	}
	return strings.Join(rows, "\n")
}

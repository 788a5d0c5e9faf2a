package natsq

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment/sweep"
)

// A job whose outputs make an archive larger than a download takes
// (maxOutputsBytes, lowered here) is refused by the worker before the
// upload, the job recorded failed at its first attempt with an error
// naming the largest file, its size and the limit, and nothing stored.
// Before session 40 the worker stored them and recorded the job done,
// and every download (the sweep's wait, a collect) refused them: the
// outputs were on the server but could never be had.
func TestOutputsPastDownloadLimitRefusedByWorker(t *testing.T) {
	old := maxOutputsBytes
	maxOutputsBytes = 2048
	t.Cleanup(func() { maxOutputsBytes = old })
	c, log := startQueue(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 3})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := jobsWithSeeds(t, "bigout", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "bigout", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	st, err := c.Wait(ctx, "bigout", sweep.Plain(jobs), t.TempDir(), nil, nil)
	if err != nil {
		t.Fatalf("wait: %v\n%s", err, logString(log))
	}
	s := st[0]
	id := jobs[0].ID
	want := regexp.MustCompile(`^storing its outputs: the outputs of job ` + id +
		` make an archive of ([0-9]+) bytes, more than the 2048 bytes a download takes \(natsq.MaxOutputsBytes\), so they are not stored: the largest file is ([a-z_./]+), ([0-9]+) bytes$`)
	m := want.FindStringSubmatch(s.Error)
	if s.Status != sweep.StatusFailed || s.Attempts != 1 || s.Completions != 0 || m == nil {
		t.Fatalf("job: %+v\nwant failed at attempt 1, no completion, error matching %s\n%s", s, want, logString(log))
	}
	var size, fileSize int64
	fmt.Sscan(m[1], &size)
	fmt.Sscan(m[3], &fileSize)
	if size <= 2048 || fileSize <= 0 || fileSize >= size {
		t.Errorf("sizes in %q: archive %d, file %d", s.Error, size, fileSize)
	}
	for _, obj := range []string{outputsObject(id), finalObject(id)} {
		if _, err := c.Obj.GetInfo(ctx, obj); !errors.Is(err, jetstream.ErrObjectNotFound) {
			t.Errorf("%s after the refusal: %v, want none stored", obj, err)
		}
	}
	if !strings.Contains(logString(log), "failed bigout "+id+" at attempt 1, not retried: storing its outputs: ") {
		t.Errorf("log:\n%s", logString(log))
	}
}

// outputsSize counts, before reading any file, the exact size of the
// archive tarDir makes of a job's outputs (empty files, files of whole
// blocks and a byte past them, a subdirectory), leaving out the files
// tarDir leaves out, and names the largest file.
func TestOutputsSizeCountsTheArchive(t *testing.T) {
	dir := t.TempDir()
	files := map[string]int{"empty": 0, "one": 1, "block": 512, "tb/events.out": 513, "metrics.csv": 1500,
		"checkpoint.gob": 5000, "summary.json.tmp": 4000}
	for name, n := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := tarDir(dir, outputFile)
	if err != nil {
		t.Fatal(err)
	}
	size, file, fileSize, err := outputsSize(dir)
	if err != nil || size != int64(len(b)) || file != "metrics.csv" || fileSize != 1500 {
		t.Errorf("outputsSize: %d, %s, %d, %v; want %d (the archive), metrics.csv, 1500", size, file, fileSize, err, len(b))
	}
}

package natsq

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment/sweep"
)

// A manifest on the server is stored by whoever holds its credentials (a
// hostile or broken client): one whose job's directory leaves the
// collect's directory (../, an absolute path) or whose ID is not a key
// token is refused by Manifest, which `sweep status`, `collect` and
// `cancel` read, naming the job. Before, `sweep collect --nats URL NAME
// --out DIR` fetched a finished job's outputs to DIR/../<dir>, removing
// what was there first.
func TestStoredManifestOutsideRefused(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx := context.Background()
	jobs := smallJobs(t, "outside")
	for _, tc := range []struct {
		out, id, want string
	}{
		{"../victim", jobs[0].ID, `the manifest of sweep "outside" on this server: job 0 (` + jobs[0].ID + `): out "../victim": not a directory inside the sweep's`},
		{"runs/../../victim", jobs[0].ID, `the manifest of sweep "outside" on this server: job 0 (` + jobs[0].ID + `): out "runs/../../victim": not a directory inside the sweep's`},
		{"/tmp/victim", jobs[0].ID, `the manifest of sweep "outside" on this server: job 0 (` + jobs[0].ID + `): out "/tmp/victim": not a directory inside the sweep's`},
		{".", jobs[0].ID, `the manifest of sweep "outside" on this server: job 0 (` + jobs[0].ID + `): out ".": not a directory inside the sweep's`},
		{"runs/x", "a.>", `the manifest of sweep "outside" on this server: job 0: id "a.>": not a job's (use letters, digits, - and _ only, at most 128 of them)`},
	} {
		m := sweep.Manifest{Name: "outside", Jobs: append([]sweep.Job(nil), jobs...)}
		m.Jobs[0].Out, m.Jobs[0].ID = tc.out, tc.id
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Obj.PutBytes(ctx, manifestObject("outside"), b); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Manifest(ctx, "outside"); err == nil || err.Error() != tc.want {
			t.Errorf("out %q id %q: %v\nwant %s", tc.out, tc.id, err, tc.want)
		}
	}
	// The manifest a sweep stores is read back as it was.
	m := sweep.Manifest{Name: "outside", Jobs: jobs}
	if _, _, _, err := c.Submit(ctx, m, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	got, err := c.Manifest(ctx, "outside")
	if err != nil || len(got.Jobs) != 2 || got.Jobs[1].Out != jobs[1].Out || got.Jobs[1].ID != jobs[1].ID {
		t.Fatalf("the sweep's own manifest: %+v, %v", got, err)
	}
}

// With a manifest refused nothing is fetched: a finished job's outputs
// stored on the server do not reach the directory the manifest names
// outside the collect's.
func TestCollectWithEscapingManifestWritesNothing(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx := context.Background()
	jobs := smallJobs(t, "escape")[:1]
	parent := t.TempDir()
	root := filepath.Join(parent, "out")
	victim := filepath.Join(parent, "victim")
	if err := os.MkdirAll(victim, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(victim, "keep"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := tarOf(t, "hello", "from the server")
	if _, err := c.Obj.PutBytes(ctx, outputsObject(jobs[0].ID), data); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "escape", jobs[0].ID, State{Status: sweep.StatusDone, Attempts: 1}); err != nil {
		t.Fatal(err)
	}
	jobs[0].Out = "../victim"
	b, _ := json.Marshal(sweep.Manifest{Name: "escape", Jobs: jobs})
	if _, err := c.Obj.PutBytes(ctx, manifestObject("escape"), b); err != nil {
		t.Fatal(err)
	}
	// What `sweep collect --nats URL escape --out root` does.
	m, err := c.Manifest(ctx, "escape")
	if err == nil {
		_, err = c.Collect(ctx, "escape", sweep.Plain(m.Jobs), root)
	}
	if err == nil {
		t.Error("collect with a job directory outside --out: no error")
	}
	if b, err := os.ReadFile(filepath.Join(victim, "keep")); err != nil || string(b) != "mine" {
		t.Errorf("the directory outside: keep = %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(victim, "hello")); !os.IsNotExist(err) {
		t.Errorf("outputs written outside: %v", err)
	}
}

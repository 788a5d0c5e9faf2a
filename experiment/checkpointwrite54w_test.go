package experiment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// agent54w returns an agent of a small run after its first epoch: DDPG
// on Pendulum-v1 (steps transitions in its replay buffer, all of the
// epoch's, none of them updates' before start_steps) or, with algo
// "stac", STAC on CartPole-v1 (no buffer).
func agent54w(t testing.TB, algo string, steps int) *agent.Agent {
	t.Helper()
	rc := RLConfig{Env: "Pendulum-v1", Algo: algo, Steps: 2 * steps, StepsPerEpoch: steps, Hidden: []int{8},
		Extra: map[string]any{"start_steps": steps, "update_after": steps - 1, "update_every": 50, "batch_size": 16, "replay_size": 2 * steps, "test_episodes": 1}}
	if algo == "stac" {
		rc = RLConfig{Env: "CartPole-v1", Algo: algo, Steps: 2 * steps, StepsPerEpoch: steps, Hidden: []int{8}, Unroll: 5,
			Extra: map[string]any{"test_episodes": 1}}
	}
	cfg, err := RLAgentConfig(rc, 3)
	if err != nil {
		t.Fatal(err)
	}
	a, err := agent.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.RunEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a
}

// payload54w returns a.Save's bytes.
func payload54w(t testing.TB, a *agent.Agent) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// onlyFile54w fails the test unless dir holds the one file name (no
// temporary file left beside it).
func onlyFile54w(t *testing.T, dir, name string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 || ents[0].Name() != name {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("the directory holds %q, want only %s", names, name)
	}
}

// TestSaveCheckpointSameBytes54w: saveCheckpoint, which streams the
// agent's state into the file and completes the header's length and
// SHA-256 once it is written, writes the bytes of the in-memory frame
// (encodeCheckpoint of agent.Save's payload), byte for byte, for an
// off-policy run (a replay buffer of 200, then of 5000 transitions) and
// an on-policy one; the file is readable by all (0644), alone in its
// directory, and a resume reads it back with the rows' digest.
func TestSaveCheckpointSameBytes54w(t *testing.T) {
	for _, c := range []struct {
		algo  string
		steps int
	}{{"ddpg", 200}, {"ddpg", 5000}, {"stac", 300}} {
		a := agent54w(t, c.algo, c.steps)
		rows := sha256.Sum256([]byte("header\n1,2,3"))
		dir := t.TempDir()
		path := filepath.Join(dir, CheckpointFile)
		if err := saveCheckpoint(path, a, rows); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		payload := payload54w(t, a)
		if want := encodeCheckpoint(payload, rows); !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Fatalf("%s %d: the file has %d bytes, the in-memory frame %d; first difference at byte %d", c.algo, c.steps, len(got), len(want), i)
		}
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
			t.Errorf("%s %d: mode %v, %v; want 0644", c.algo, c.steps, st.Mode().Perm(), err)
		}
		onlyFile54w(t, dir, CheckpointFile)
		b, gotRows, err := readResumeCheckpoint(path)
		if err != nil {
			t.Fatal(err)
		}
		b.Close()
		if !bytes.Equal(gotRows, rows[:]) {
			t.Errorf("%s %d: rows digest %x, want %x", c.algo, c.steps, gotRows, rows)
		}
	}
}

// failingFile54w is a checkpoint file that takes left bytes, then fails
// every write with errFull54w, as a full disk does; with failAt it fails
// the header's completion (WriteAt) instead.
type failingFile54w struct {
	f      *os.File
	left   int64
	failAt bool
}

var errFull54w = errors.New("no space left on device (a test's)")

func (w *failingFile54w) Write(p []byte) (int, error) {
	if int64(len(p)) <= w.left {
		w.left -= int64(len(p))
		return w.f.Write(p)
	}
	n, _ := w.f.Write(p[:w.left])
	w.left = 0
	return n, errFull54w
}

func (w *failingFile54w) WriteAt(p []byte, off int64) (int, error) {
	if w.failAt {
		return 0, errFull54w
	}
	return w.f.WriteAt(p, off)
}

// TestSaveCheckpointWriteFails54w: a checkpoint write whose file fails
// (a full disk, injected: in the header, in the snapshot, in the replay
// buffer's rows, at its last byte, or at the header's completion) returns
// the file's error ("writing PATH: ERR (the previous checkpoint.gob, if
// any, is unchanged)", as a whole file's write said), and leaves the
// previous checkpoint as it was and no temporary file; an agent that
// cannot be saved (loaded for evaluation only) gives the agent's own
// error, as it is, with the same guarantees.
func TestSaveCheckpointWriteFails54w(t *testing.T) {
	first, second := agent54w(t, "ddpg", 200), agent54w(t, "ddpg", 400)
	dir := t.TempDir()
	path := filepath.Join(dir, CheckpointFile)
	rows := sha256.Sum256([]byte("rows"))
	if err := saveCheckpoint(path, first, rows); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	size := int64(len(encodeCheckpoint(payload54w(t, second), rows)))
	want := "writing " + path + ": " + errFull54w.Error() + " (the previous checkpoint.gob, if any, is unchanged)"
	for _, c := range []struct {
		name   string
		left   int64
		failAt bool
	}{
		{"at the start", 0, false},
		{"in the header", 40, false},
		{"in the snapshot", 200, false},
		{"in the replay buffer's rows", size - 10000, false},
		{"at the last byte", size - 1, false},
		{"at the header's completion", size, true},
	} {
		err := writeAtomic(path, func(f *os.File) error {
			return writeCheckpoint(&failingFile54w{f: f, left: c.left, failAt: c.failAt}, second.Save, rows, "")
		})
		if err == nil || err.Error() != want || !errors.Is(err, errFull54w) {
			t.Errorf("%s: error %v\nwant %s", c.name, err, want)
		}
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, before) {
			t.Errorf("%s: the previous checkpoint changed (%d bytes, %v; was %d)", c.name, len(got), err, len(before))
		}
		onlyFile54w(t, dir, CheckpointFile)
	}
	pol, err := ReadCheckpointPolicy(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pol.Close()
	own := pol.Save(io.Discard)
	if own == nil {
		t.Fatal("an agent loaded for evaluation only was saved")
	}
	if err := saveCheckpoint(path, pol, rows); err == nil || err.Error() != own.Error() {
		t.Errorf("saving an evaluation-only agent: error %v\nwant the agent's own: %v", err, own)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, before) {
		t.Errorf("the evaluation-only agent's save changed the previous checkpoint (%d bytes, %v)", len(got), err)
	}
	onlyFile54w(t, dir, CheckpointFile)
}

// TestSaveCheckpointAllocates54w: writing the checkpoint of a run whose
// replay buffer holds 20000 transitions (1.44 MB) allocates under 0.2 of
// the file's bytes (the snapshot's encoding, a 64 KiB write buffer and
// the buffer's 64 KiB scratch): no copy of the replay buffer, nor of the
// file. The in-memory write allocated 4.07 times the file (the buffer's
// bytes, gob's message, the payload and the frame, the growing ones
// doubled).
func TestSaveCheckpointAllocates54w(t *testing.T) {
	a := agent54w(t, "ddpg", 20000)
	path := filepath.Join(t.TempDir(), CheckpointFile)
	rows := sha256.Sum256(nil)
	if err := saveCheckpoint(path, a, rows); err != nil { // gob's types registered
		t.Fatal(err)
	}
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	if err := saveCheckpoint(path, a, rows); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&m1)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	ratio := float64(m1.TotalAlloc-m0.TotalAlloc) / float64(st.Size())
	t.Logf("saveCheckpoint allocates %d bytes, %.3f of the %d-byte file", m1.TotalAlloc-m0.TotalAlloc, ratio, st.Size())
	if st.Size() < 20000*9*8 {
		t.Fatalf("a checkpoint of %d bytes, under the buffer's 1440000", st.Size())
	}
	if ratio > 0.2 {
		t.Errorf("saveCheckpoint allocates %.3f times the %d-byte file, want under 0.2", ratio, st.Size())
	}
}

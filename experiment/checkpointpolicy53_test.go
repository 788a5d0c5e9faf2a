package experiment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// trainedPayload53 returns agent.Save's bytes after one epoch of a small
// DDPG run on Pendulum-v1 (an off-policy run: its checkpoint holds a
// replay buffer of 200 transitions).
func trainedPayload53(t testing.TB) []byte {
	t.Helper()
	cfg, err := RLAgentConfig(RLConfig{Env: "Pendulum-v1", Algo: "ddpg", Steps: 400, StepsPerEpoch: 200, Hidden: []int{8},
		Extra: map[string]any{"start_steps": 100, "update_after": 100, "update_every": 50, "batch_size": 16, "replay_size": 1000, "test_episodes": 1}}, 3)
	if err != nil {
		t.Fatal(err)
	}
	a, err := agent.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.RunEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// frameV2_53 frames payload as stackel wrote checkpoints before session
// 45: "stackel checkpoint v2\n", the length, the payload's SHA-256, the
// payload.
func frameV2_53(payload []byte) []byte {
	out := append([]byte(checkpointMagicV2), binary.BigEndian.AppendUint64(nil, uint64(len(payload)))...)
	sum := sha256.Sum256(payload)
	return append(append(out, sum[:]...), payload...)
}

// writeCheckpoint53 writes data as dir/checkpoint.gob.
func writeCheckpoint53(t *testing.T, dir string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, CheckpointFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadCheckpointPolicyFormats53 checks that each format
// ReadCheckpoint reads (the v3 frame, the v2 frame, an unframed payload)
// loads with ReadCheckpointPolicy too, the agent policy-only (ReadCheckpoint's
// not), at the same epoch and steps, with the same actor parameters bit for
// bit, and that the two agents play the same episodes bit for bit.
func TestReadCheckpointPolicyFormats53(t *testing.T) {
	payload := trainedPayload53(t)
	for _, c := range []struct {
		name string
		file []byte
	}{
		{"v3", encodeCheckpoint(payload, sha256.Sum256([]byte("rows")))},
		{"v2", frameV2_53(payload)},
		{"unframed", payload},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeCheckpoint53(t, dir, c.file)
			full, err := ReadCheckpoint(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer full.Close()
			pol, err := ReadCheckpointPolicy(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer pol.Close()
			if full.PolicyOnly() || !pol.PolicyOnly() {
				t.Errorf("PolicyOnly: ReadCheckpoint's %v, ReadCheckpointPolicy's %v; want false, true", full.PolicyOnly(), pol.PolicyOnly())
			}
			if pol.Epoch() != 1 || pol.Steps() != 200 || full.Epoch() != 1 || full.Steps() != 200 {
				t.Errorf("epoch, steps: ReadCheckpointPolicy's %d, %d, ReadCheckpoint's %d, %d; want 1, 200", pol.Epoch(), pol.Steps(), full.Epoch(), full.Steps())
			}
			fa, pa := full.ActorParams().Data, pol.ActorParams().Data
			if len(fa) == 0 || len(fa) != len(pa) {
				t.Fatalf("actor parameters: %d and %d", len(fa), len(pa))
			}
			for i := range fa {
				if math.Float64bits(fa[i]) != math.Float64bits(pa[i]) {
					t.Fatalf("actor parameter %d: %v and %v", i, fa[i], pa[i])
				}
			}
			o := agent.EvalOptions{Episodes: 2, Seed: 9}
			want, err := full.Evaluate(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pol.Evaluate(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
				t.Errorf("episodes %+v, ReadCheckpoint's %+v", got, want)
			}
		})
	}
}

// TestReadCheckpointPolicyErrors53 checks the errors of damaged
// checkpoints, the whole message, from ReadCheckpoint (a resume's
// advice to delete the file to restart the run, as before) and from
// ReadCheckpointPolicy (the same damage named, with no advice to delete
// it); a checkpoint of another format version is to be resumed, or
// evaluated, with the stackel that wrote it.
func TestReadCheckpointPolicyErrors53(t *testing.T) {
	payload := trainedPayload53(t)
	file := encodeCheckpoint(payload, [32]byte{})
	flipped := bytes.Clone(file)
	flipped[len(flipped)-50] ^= 4
	const head = len(checkpointMagic) + 8 + 2*sha256.Size
	n := strconv.Itoa(len(payload))
	const del = "; delete it to restart the run from scratch"
	for _, c := range []struct {
		name       string
		data       []byte
		want       string // ReadCheckpointPolicy's error after the path
		resumeWant string // ReadCheckpoint's
	}{
		{"empty", nil, "corrupt checkpoint: the file is empty (0 bytes)", ""},
		{"shorter than its header", file[:head-1], "corrupt checkpoint: " + strconv.Itoa(head-1) + " bytes, shorter than its header", ""},
		{"cut", file[:len(file)-7], "corrupt checkpoint: the payload has " + strconv.Itoa(len(payload)-7) + " bytes, the header says " + n + " (a cut or padded file)", ""},
		{"padded", append(bytes.Clone(file), 0), "corrupt checkpoint: the payload has " + strconv.Itoa(len(payload)+1) + " bytes, the header says " + n + " (a cut or padded file)", ""},
		{"byte changed", flipped, "corrupt checkpoint: SHA-256 mismatch (the file was changed after it was written)", ""},
		{"damaged magic", append([]byte("xtackel checkpoint v3\n"), file[len(checkpointMagic):]...), `corrupt checkpoint: damaged header ("xtackel checkpoint v3\n" where "stackel checkpoint v3\n" belongs)`, ""},
		{"damaged version line", append([]byte("stackel checkpoint vv\n"), []byte("x")...), "corrupt checkpoint: damaged header", ""},
		// Cut inside the agent's state, before its replay buffer's
		// message (an unframed checkpoint, of a stackel before the
		// frame, holds the buffer inside the state).
		{"cut unframed", payload[:300], `corrupt checkpoint (an unframed one, written before "stackel checkpoint v2", so without a checksum): agent: reading checkpoint: unexpected EOF`, ""},
		{"another version", append([]byte("stackel checkpoint v7\n"), file[len(checkpointMagic):]...),
			`checkpoint of another format version (header "stackel checkpoint v7"; this stackel reads "stackel checkpoint v3" and "stackel checkpoint v2"): evaluate it with the stackel that wrote it`,
			`checkpoint of another format version (header "stackel checkpoint v7"; this stackel reads "stackel checkpoint v3" and "stackel checkpoint v2"): resume the run with the stackel that wrote it, or move the file away to restart from scratch`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeCheckpoint53(t, dir, c.data)
			path := filepath.Join(dir, CheckpointFile) + ": "
			resumeWant := c.resumeWant
			if resumeWant == "" {
				resumeWant = c.want + del
			}
			if _, err := ReadCheckpointPolicy(dir); err == nil || err.Error() != path+c.want {
				t.Errorf("ReadCheckpointPolicy: %v\nwant %s", err, path+c.want)
			}
			if _, err := ReadCheckpoint(dir); err == nil || err.Error() != path+resumeWant {
				t.Errorf("ReadCheckpoint: %v\nwant %s", err, path+resumeWant)
			}
		})
	}
}

// TestReadCheckpointPolicyNotRegular53 checks that a checkpoint.gob that
// is a directory is refused by both readers, naming it, as ReadCheckpoint
// refused it when it read the file whole, and that a run directory
// without a checkpoint gives an error wrapping fs.ErrNotExist.
func TestReadCheckpointPolicyNotRegular53(t *testing.T) {
	dir := t.TempDir()
	for name, read := range map[string]func(string) (*agent.Agent, error){"ReadCheckpoint": ReadCheckpoint, "ReadCheckpointPolicy": ReadCheckpointPolicy} {
		if _, err := read(dir); err == nil || !os.IsNotExist(err) {
			t.Errorf("%s without a checkpoint: %v; want one wrapping fs.ErrNotExist", name, err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, CheckpointFile), 0o755); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, CheckpointFile) + ": is a directory, not a regular file (stackel reads files, its inputs and its own outputs, only from regular files)"
	for name, read := range map[string]func(string) (*agent.Agent, error){"ReadCheckpoint": ReadCheckpoint, "ReadCheckpointPolicy": ReadCheckpointPolicy} {
		if _, err := read(dir); err == nil || err.Error() != want {
			t.Errorf("%s: %v\nwant %s", name, err, want)
		}
	}
}

// FuzzCheckpointPolicy checks that no checkpoint file makes the
// evaluation loader (readCheckpointFrom with forEval) panic, and that it
// accepts every file the resume's loader accepts, with the same
// counters; a file it refuses that the resume's accepts would be an
// evaluation refused for no damage to its policy. With framed set, the
// fuzzer's bytes are framed with a valid checksum so that they reach the
// agent decoder itself.
func FuzzCheckpointPolicy(f *testing.F) {
	payload, file := smallCheckpoint(f)
	f.Add(file, false)
	f.Add(payload, true)
	f.Add(payload[:len(payload)/2], true)
	f.Fuzz(func(t *testing.T, data []byte, framed bool) {
		if framed {
			data = encodeCheckpoint(data, [32]byte{})
		}
		pol, _, errPol := readCheckpointFrom(bytes.NewReader(data), int64(len(data)), forEval)
		if pol != nil {
			defer pol.Close()
		}
		if errPol != nil && !strings.Contains(errPol.Error(), "checkpoint") {
			t.Fatalf("an error not naming the checkpoint: %v", errPol)
		}
		full, _, errFull := decodeCheckpointRows(data)
		if errFull != nil {
			return
		}
		defer full.Close()
		if errPol != nil {
			t.Fatalf("the resume's loader accepts the file, the evaluation's refuses it: %v", errPol)
		}
		if !pol.PolicyOnly() || pol.Steps() != full.Steps() || pol.Epoch() != full.Epoch() || !agent.SameConfig(pol.Config(), full.Config()) {
			t.Fatalf("policy-only %v, epoch %d, steps %d; the resume's agent: epoch %d, steps %d", pol.PolicyOnly(), pol.Epoch(), pol.Steps(), full.Epoch(), full.Steps())
		}
	})
}

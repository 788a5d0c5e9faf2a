package agent

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"io"
	"runtime"
	"testing"

	"github.com/stackel/stackel/ad"
)

// saveInMemory54w is Save as it wrote a checkpoint before its messages
// were streamed, the reference Save's bytes are compared with: the
// snapshot (snapshotInMemory55, its optimiser states MarshalBinary's
// bytes) and then the bytes of replay.Buffer.MarshalBinary, both encoded
// by one gob.Encoder.
func saveInMemory54w(t testing.TB, a *Agent) []byte {
	t.Helper()
	s, buf := snapshotInMemory55(t, a)
	var out bytes.Buffer
	enc := gob.NewEncoder(&out)
	if err := enc.Encode(s.written()); err != nil {
		t.Fatal(err)
	}
	if buf != nil {
		b, err := buf.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if err := enc.Encode(b); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

// TestReplayHeaderIsGobs54w: replayHeader(n) is, byte for byte, what
// gob.Encoder writes before a []byte of n bytes (the lengths at each width
// of gob's integers: one byte up to 127, then two, three, four, the count
// crossing each width before the length does), and replayMessage reads
// n back from it. A message of gob's bound (gobTooBig) or more is gob's
// error, one byte below it is not.
func TestReplayHeaderIsGobs54w(t *testing.T) {
	for _, n := range []int64{0, 1, 68, 124, 125, 126, 127, 128, 129, 251, 252, 253, 255, 256, 257,
		65530, 65531, 65532, 65535, 65536, 1_440_068, 1<<24 - 5, 1 << 24} {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(make([]byte, n)); err != nil {
			t.Fatal(err)
		}
		want := b.Bytes()[:int64(b.Len())-n]
		got, err := replayHeader(n)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("n=%d: header % x, gob writes % x", n, got, want)
		}
		m, err := replayMessage(bytes.NewReader(got))
		if err != nil || m != n {
			t.Errorf("n=%d: replayMessage reads %d, %v", n, m, err)
		}
	}
	// The count is the message's bytes after it: type id, delta, length
	// and the string.
	body := func(n int64) int64 { return 2 + int64(len(appendGobUint(nil, uint64(n)))) }
	last := int64(gobTooBig) - 1 - body(gobTooBig-10)
	if body(last) != body(gobTooBig-10) {
		t.Fatalf("the length's width changes at %d", last)
	}
	if _, err := replayHeader(last); err != nil {
		t.Errorf("a message of %d bytes, one under gob's bound: %v", last+body(last), err)
	}
	for _, n := range []int64{last + 1, gobTooBig, -1} {
		if _, err := replayHeader(n); err == nil || err.Error() != "gob: encoder: message too big" {
			t.Errorf("n=%d: error %v, want gob's \"gob: encoder: message too big\"", n, err)
		}
	}
}

// filledAgent54w returns a DDPG Pendulum agent whose replay buffer holds
// steps transitions added by hand (of capacity replaySize; a smaller one
// has wrapped), its counters set as after the run's last epoch.
func filledAgent54w(t *testing.T, steps, replaySize int) *Agent {
	t.Helper()
	cfg := policyConfig53(t, "Pendulum-v1", DDPG, ad.Float64)
	cfg.Steps, cfg.ReplaySize = steps, replaySize
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	o := a.algo.(*offPolicy)
	obs, act := []float64{0.5, -0.5, 0.25}, []float64{1}
	for i := range steps {
		obs[2] = float64(i)
		o.buf.Add(obs, act, -1, obs, i%7 == 0)
	}
	a.epoch, a.steps = cfg.Epochs(), cfg.Steps
	return a
}

// TestSaveSameBytes54w: Save, which streams the replay buffer's message
// from its storage, writes the bytes the in-memory encoder wrote
// (saveInMemory54w), byte for byte, for an on-policy run (no buffer,
// version 1), off-policy runs after an epoch (DDPG and SAC, float64 and
// float32), a buffer of 20000 transitions (a 1.44 MB byte string, whose
// length takes 4 bytes of gob's) and one that has wrapped; Load reads
// it back and Save saves the loaded agent to the same bytes again.
func TestSaveSameBytes54w(t *testing.T) {
	trained := func(env string, algo Algo, dt ad.DType) func(*testing.T) *Agent {
		return func(t *testing.T) *Agent {
			a, err := New(policyConfig53(t, env, algo, dt))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.RunEpoch(context.Background()); err != nil {
				t.Fatal(err)
			}
			return a
		}
	}
	for _, c := range []struct {
		name  string
		agent func(*testing.T) *Agent
	}{
		{"stac/CartPole/float32", trained("CartPole-v1", STAC, ad.Float32)},
		{"ddpg/Pendulum/float64", trained("Pendulum-v1", DDPG, ad.Float64)},
		{"sac/Pendulum/float32", trained("Pendulum-v1", SAC, ad.Float32)},
		{"ddpg/20000 transitions", func(t *testing.T) *Agent { return filledAgent54w(t, 20000, 20000) }},
		{"ddpg/wrapped", func(t *testing.T) *Agent { return filledAgent54w(t, 1200, 1000) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := c.agent(t)
			defer a.Close()
			want := saveInMemory54w(t, a)
			var got bytes.Buffer
			if err := a.Save(&got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				i := 0
				for i < min(got.Len(), len(want)) && got.Bytes()[i] == want[i] {
					i++
				}
				t.Fatalf("Save wrote %d bytes, the in-memory encoder %d; first difference at byte %d", got.Len(), len(want), i)
			}
			b, err := Load(bytes.NewReader(want))
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			var again bytes.Buffer
			if err := b.Save(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Bytes(), want) {
				t.Errorf("the loaded agent saves %d bytes, not the %d it was loaded from", again.Len(), len(want))
			}
		})
	}
}

// TestSaveAllocates54w: Save of an agent whose replay buffer holds 20000
// transitions (1.44 MB) allocates under 0.1 of the checkpoint's bytes
// (the snapshot's encoding and WriteTo's 64 KiB scratch): it copies no
// part of the buffer. The in-memory encoder allocated 2.06 times them
// (the buffer's bytes, gob's message, grown by doubling).
func TestSaveAllocates54w(t *testing.T) {
	a := filledAgent54w(t, 20000, 20000)
	defer a.Close()
	var n countingDiscard54w
	if err := a.Save(&n); err != nil { // the first Save registers gob's types
		t.Fatal(err)
	}
	payload := n.n
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	if err := a.Save(io.Discard); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&m1)
	ratio := float64(m1.TotalAlloc-m0.TotalAlloc) / float64(payload)
	t.Logf("Save allocates %d bytes, %.3f of the %d-byte checkpoint", m1.TotalAlloc-m0.TotalAlloc, ratio, payload)
	if ratio > 0.1 {
		t.Errorf("Save allocates %.3f times the %d-byte checkpoint, want under 0.1", ratio, payload)
	}
}

// countingDiscard54w counts the bytes written to it.
type countingDiscard54w struct{ n int64 }

func (c *countingDiscard54w) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// failAfter54w takes left bytes, then fails every write with errFull54w,
// as a full disk does (the bytes that fit written).
type failAfter54w struct {
	w    bytes.Buffer
	left int
}

var errFull54w = errors.New("no space left on device (test)")

func (f *failAfter54w) Write(p []byte) (int, error) {
	if len(p) <= f.left {
		f.left -= len(p)
		return f.w.Write(p)
	}
	n := f.left
	f.w.Write(p[:n])
	f.left = 0
	return n, errFull54w
}

// TestSaveWriterFails54w: a writer that fails after k bytes (in the
// snapshot, in the buffer message's header, in its rows, at its
// checksum) makes Save return an error wrapping the writer's, saying
// which message it was writing; the bytes written before are the
// checkpoint's first k.
func TestSaveWriterFails54w(t *testing.T) {
	a := filledAgent54w(t, 20000, 20000)
	defer a.Close()
	var whole bytes.Buffer
	if err := a.Save(&whole); err != nil {
		t.Fatal(err)
	}
	s, buf := snapshotInMemory55(t, a)
	var head bytes.Buffer
	if err := gob.NewEncoder(&head).Encode(s.written()); err != nil {
		t.Fatal(err)
	}
	h := head.Len()
	for _, c := range []struct {
		k      int
		prefix string
	}{
		{0, "agent: checkpoint: "},
		{h / 2, "agent: checkpoint: "},
		{h, "agent: checkpoint: replay buffer: "},
		{h + 3, "agent: checkpoint: replay buffer: "},
		{h + 5 + 100000, "agent: checkpoint: replay buffer: "},
		{whole.Len() - 1, "agent: checkpoint: replay buffer: "},
	} {
		f := &failAfter54w{left: c.k}
		err := a.Save(f)
		if !errors.Is(err, errFull54w) || err.Error() != c.prefix+errFull54w.Error() {
			t.Errorf("failing after %d bytes: error %v, want %q", c.k, err, c.prefix+errFull54w.Error())
		}
		if !bytes.Equal(f.w.Bytes(), whole.Bytes()[:c.k]) {
			t.Errorf("failing after %d bytes: %d bytes written, not the checkpoint's first", c.k, f.w.Len())
		}
	}
	if int64(whole.Len()) != int64(h)+10+buf.BinarySize() {
		t.Errorf("checkpoint of %d bytes, want the snapshot's %d, 10 of the buffer message's header and the buffer's %d", whole.Len(), h, buf.BinarySize())
	}
}

package agent

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/replay"
)

// snapshotInMemory55 is the snapshot as Save wrote it before the
// networks' part was streamed, the reference of writeSnapshot's bytes:
// snapshot's, with the optimiser states' MarshalBinary bytes in ActorOpt
// and CriticOpt; and the replay buffer whose message follows it.
func snapshotInMemory55(t testing.TB, a *Agent) (snapshot, *replay.Buffer) {
	t.Helper()
	s, buf, err := a.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if s.ActorOpt, err = a.actorOpt.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	if s.CriticOpt, err = a.criticOpt.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	return s, buf
}

// TestSaveSnapshotSameBytes55: Save, which streams the snapshot's
// networks and optimiser states from their storage, writes the bytes of
// the in-memory encoder (gob.Encoder of the snapshot with the states'
// MarshalBinary bytes, then the replay buffer's; saveInMemory54w), byte
// for byte, for every algorithm (ac, stac, ddpg, stddpg and stsac with
// either leader, sac, td3-like twin critics), float32 and float64, an
// agent before its first epoch (epoch and steps 0, which gob leaves out;
// Adam's step count 0), one after two epochs, SGD with momentum off
// policy, gradient noise (its stream), a zero learning rate (a field of
// the optimiser's state gob leaves out) and a network of 9000 parameters
// (gob's lengths wider than two bytes); and Load reads the bytes back.
func TestSaveSnapshotSameBytes55(t *testing.T) {
	type c55 struct {
		name   string
		env    string
		algo   Algo
		dt     ad.DType
		epochs int
		set    func(*Config)
	}
	cases := []c55{
		{"ac/float64", "CartPole-v1", AC, ad.Float64, 1, nil},
		{"stac/float32/grad noise", "CartPole-v1", STAC, ad.Float32, 1, func(c *Config) { c.GradNoise = 0.1 }},
		{"ddpg/float64/fresh", "Pendulum-v1", DDPG, ad.Float64, 0, nil},
		{"ddpg/float64/two epochs", "Pendulum-v1", DDPG, ad.Float64, 2, nil},
		{"ddpg/float32", "Pendulum-v1", DDPG, ad.Float32, 1, nil},
		{"stddpg-al/float64", "Pendulum-v1", STDDPG, ad.Float64, 1, func(c *Config) { c.Leader = ActorLeads }},
		{"stddpg-al/float32", "Pendulum-v1", STDDPG, ad.Float32, 1, func(c *Config) { c.Leader = ActorLeads }},
		{"stddpg-cl/float64", "Pendulum-v1", STDDPG, ad.Float64, 1, func(c *Config) { c.Leader = CriticLeads }},
		{"stsac-al/float64", "Pendulum-v1", STSAC, ad.Float64, 1, func(c *Config) { c.Leader = ActorLeads }},
		{"stsac-al/float32", "Pendulum-v1", STSAC, ad.Float32, 1, func(c *Config) { c.Leader = ActorLeads }},
		{"stsac-cl/float32", "Pendulum-v1", STSAC, ad.Float32, 1, func(c *Config) { c.Leader = CriticLeads }},
		{"sac/float64/zero actor rate", "Pendulum-v1", SAC, ad.Float64, 1, func(c *Config) { c.ActorLR = 0 }},
		{"ddpg/sgd", "Pendulum-v1", DDPG, ad.Float64, 1, func(c *Config) { c.Optimizer = "sgd" }},
		{"ddpg/9000 parameters", "Pendulum-v1", DDPG, ad.Float64, 1, func(c *Config) { c.Hidden = []int{90, 90} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := policyConfig53(t, c.env, c.algo, c.dt)
			if c.set != nil {
				c.set(&cfg)
			}
			a, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			for range c.epochs {
				if _, err := a.RunEpoch(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
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
			b, err := Load(bytes.NewReader(got.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			b.Close()
		})
	}
}

// bigNets55 returns a DDPG Pendulum agent with two hidden layers of 512
// (0.27 M actor and 0.27 M critic parameters, 13 MB of optimiser state),
// before its first epoch (no transition in its replay buffer).
func bigNets55(t testing.TB) *Agent {
	cfg := policyConfig53(t, "Pendulum-v1", DDPG, ad.Float64)
	cfg.Hidden = []int{512, 512}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestSaveSnapshotAllocates55: Save of bigNets55's agent (an 8 MB
// checkpoint) allocates under 0.02 of the checkpoint's bytes (about
// 100 kB: gob's encoding of the snapshot's first fields and of the
// optimisers' hyperparameters, replay.Buffer.WriteTo's 64 KiB scratch):
// it copies no network and no optimiser state. The in-memory encoder
// allocated about 7 times them (MarshalBinary's bytes and gob's buffer,
// each grown by doubling).
func TestSaveSnapshotAllocates55(t *testing.T) {
	a := bigNets55(t)
	defer a.Close()
	var n countingDiscard54w
	if err := a.Save(&n); err != nil { // the first Save registers gob's types
		t.Fatal(err)
	}
	alloc := func(save func(io.Writer) error) float64 {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		if err := save(io.Discard); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&m1)
		return float64(m1.TotalAlloc-m0.TotalAlloc) / float64(n.n)
	}
	old := alloc(func(w io.Writer) error {
		_, err := w.Write(saveInMemory54w(t, a))
		return err
	})
	ratio := alloc(a.Save)
	t.Logf("Save allocates %.4f of the %d-byte checkpoint; the in-memory encoder %.2f", ratio, n.n, old)
	if ratio > 0.02 {
		t.Errorf("Save allocates %.4f times the %d-byte checkpoint, want under 0.02", ratio, n.n)
	}
}

// BenchmarkSave55 measures Save of bigNets55's agent (an 8 MB
// checkpoint), streamed and by the in-memory encoder.
func BenchmarkSave55(b *testing.B) {
	a := bigNets55(b)
	defer a.Close()
	b.Run("streamed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := a.Save(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("in-memory", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = saveInMemory54w(b, a)
		}
	})
}

// TestSaveFreshProcessSameBytes55: in a process that has encoded nothing
// with gob yet (a run's first checkpoint), Save writes the bytes the
// in-memory encoder writes in such a process, for an Adam run (ddpg) and
// an SGD one (stac). gob numbers a type when the process first encodes
// it, and a message's type definitions carry the numbers: the in-memory
// encoder encoded the optimisers' states (MarshalBinary) before the
// snapshot, so their types took the first numbers, and Save, which
// streams them after the snapshot's first fields, must let them take
// the same ones. Each encoder runs in a process of its own (this test
// binary again); within one process the numbers are shared, and
// TestSaveSnapshotSameBytes55 cannot tell.
func TestSaveFreshProcessSameBytes55(t *testing.T) {
	if mode := os.Getenv("STACKEL_SAVE55"); mode != "" {
		algo, env := DDPG, "Pendulum-v1"
		if strings.HasSuffix(mode, "stac") {
			algo, env = STAC, "CartPole-v1"
		}
		a, err := New(policyConfig53(t, env, algo, ad.Float64))
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		var out bytes.Buffer
		if strings.HasPrefix(mode, "in-memory") {
			out.Write(saveInMemory54w(t, a))
		} else if err := a.Save(&out); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(os.Getenv("STACKEL_SAVE55_OUT"), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	dir := t.TempDir()
	run := func(mode string) []byte {
		out := filepath.Join(dir, mode)
		cmd := exec.Command(os.Args[0], "-test.run=^TestSaveFreshProcessSameBytes55$")
		cmd.Env = append(os.Environ(), "STACKEL_SAVE55="+mode, "STACKEL_SAVE55_OUT="+out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", mode, err, b)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	for _, algo := range []string{"ddpg", "stac"} {
		want, got := run("in-memory "+algo), run("save "+algo)
		if !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: Save wrote %d bytes, the in-memory encoder %d; first difference at byte %d", algo, len(got), len(want), i)
		}
	}
}

package agent

import (
	"context"
	"math"
	"testing"
)

// TestRunEpochNilContext: RunEpoch(nil) is an error before anything
// changes (it panicked inside the epoch, after the environment's reset),
// and the agent stays usable: its next epoch gives, bit for bit, the
// statistics and parameters of a fresh agent's first.
func TestRunEpochNilContext(t *testing.T) {
	cfg, a := tinyCartPoleAC(t)
	var nilCtx context.Context
	_, err := a.RunEpoch(nilCtx)
	const want = "agent: run an epoch: nil context (use context.Background())"
	if err == nil || err.Error() != want {
		t.Fatalf("RunEpoch(nil): got %v, want %s", err, want)
	}
	if a.Epoch() != 0 || a.Steps() != 0 {
		t.Fatalf("after RunEpoch(nil): epoch %d, steps %d, want 0 and 0", a.Epoch(), a.Steps())
	}
	got, err := a.RunEpoch(context.Background())
	if err != nil {
		t.Fatalf("RunEpoch after RunEpoch(nil): %v", err)
	}
	fresh, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want1, err := fresh.RunEpoch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !sameStats(got, want1) {
		t.Errorf("epoch after RunEpoch(nil):\n%v\nfresh agent's first epoch:\n%v", got.Values(), want1.Values())
	}
	for _, p := range []struct {
		name     string
		got, new []float64
	}{{"actor", a.ActorParams().Data, fresh.ActorParams().Data}, {"critic", a.CriticParams().Data, fresh.CriticParams().Data}} {
		for i := range p.got {
			if math.Float64bits(p.got[i]) != math.Float64bits(p.new[i]) {
				t.Fatalf("%s parameter %d: %v after RunEpoch(nil), %v fresh", p.name, i, p.got[i], p.new[i])
			}
		}
	}
}

// TestLoadNilReader: Load(nil) is an error, not a panic.
func TestLoadNilReader(t *testing.T) {
	a, err := Load(nil)
	const want = "agent: reading checkpoint: nil io.Reader"
	if err == nil || err.Error() != want || a != nil {
		t.Fatalf("Load(nil): got %v, %v, want nil, %s", a, err, want)
	}
}

// tinyCartPoleAC returns a small AC configuration on CartPole-v1 (two
// epochs of 200 steps, one hidden layer of 8) and a new agent of it.
func tinyCartPoleAC(t *testing.T) (Config, *Agent) {
	t.Helper()
	cfg, err := Defaults("CartPole-v1", AC)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Hidden, cfg.TestEpisodes, cfg.StepsPerEpoch, cfg.Steps = []int{8}, 1, 200, 400
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, a
}

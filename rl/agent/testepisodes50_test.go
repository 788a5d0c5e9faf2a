package agent

import (
	"context"
	"math"
	"testing"
)

// TestTestEpisodesLeaveTrainingAlone50: the test episodes run on their own
// environment with their own random source, so a run without them
// (rl.options.test_episodes: 0, the README's way to save their cost on
// MuJoCo) trains exactly as one with them: every column of every epoch
// but test_return, test_length and seconds is the same bit for bit, for
// each algorithm family; without them the test columns are NaN.
func TestTestEpisodesLeaveTrainingAlone50(t *testing.T) {
	for _, c := range []struct {
		env    string
		algo   Algo
		leader Leader
	}{
		{"CartPole-v1", STAC, ActorLeads},
		{"Pendulum-v1", AC, ActorLeads},
		{"Pendulum-v1", STDDPG, CriticLeads},
		{"Pendulum-v1", STSAC, ActorLeads},
	} {
		run := func(testEpisodes int) []EpochStats {
			cfg := tinyConfig(t, c.env, c.algo, c.leader)
			cfg.TestEpisodes = testEpisodes
			a, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			var out []EpochStats
			for range 2 {
				st, err := a.RunEpoch(context.Background())
				if err != nil {
					t.Fatalf("%s on %s: %v", c.algo, c.env, err)
				}
				out = append(out, st)
			}
			return out
		}
		with, without := run(3), run(0)
		cols := EpochStats{}.Columns()
		for e := range with {
			if !(with[e].TestLength > 0) || !math.IsNaN(without[e].TestReturn) || !math.IsNaN(without[e].TestLength) {
				t.Errorf("%s on %s epoch %d: test length %v with 3 episodes (want > 0), test return/length %v/%v with none (want NaN)",
					c.algo, c.env, e+1, with[e].TestLength, without[e].TestReturn, without[e].TestLength)
			}
			vw, vo := with[e].Values(), without[e].Values()
			for i, name := range cols {
				if name == "test_return" || name == "test_length" || name == "seconds" {
					continue
				}
				if math.Float64bits(vw[i]) != math.Float64bits(vo[i]) {
					t.Errorf("%s on %s epoch %d: %s is %v with test episodes, %v without", c.algo, c.env, e+1, name, vw[i], vo[i])
				}
			}
		}
	}
}

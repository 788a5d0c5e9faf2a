//go:build mujoco

package agent

import (
	"bytes"
	"context"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/env"
)

// TestMuJoCoResumeWithEpisodeInProgress: on HalfCheetah-v4 (episodes of
// 1000 steps that never terminate) and Ant-v4, epochs of 150 steps end
// with an episode in progress. A run saved and restored (fresh MuJoCo
// environments) after every epoch gives the uninterrupted run's statistics
// and, at the end, its checkpoint bytes: the episode in progress is cut at
// the epoch's end in both (the next epoch starts from a reset drawn from
// the saved environment stream), so the checkpoint needs no physics state,
// episode counters or observation.
func TestMuJoCoResumeWithEpisodeInProgress(t *testing.T) {
	ctx := context.Background()
	for _, v := range []struct {
		task   string
		algo   Algo
		leader Leader
		dtype  ad.DType
	}{
		{"HalfCheetah-v4", DDPG, ActorLeads, ad.Float32},
		{"HalfCheetah-v4", STSAC, ActorLeads, ad.Float64},
		{"Ant-v4", STDDPG, CriticLeads, ad.Float32},
	} {
		c, err := Defaults(v.task, v.algo)
		if err != nil {
			t.Fatal(err)
		}
		c.Leader, c.Seed, c.DType = v.leader, 5, v.dtype
		c.Steps, c.StepsPerEpoch, c.Hidden = 450, 150, []int{8, 8}
		c.StartSteps, c.UpdateAfter, c.UpdateEvery, c.BatchSize = 100, 100, 50, 16
		c.TestEpisodes, c.LanczosIters, c.CG.Iters = 1, 2, 2
		name := v.task + " " + string(v.algo) + "-" + string(v.leader) + " " + v.dtype.String()

		full, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		resumed, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		for !full.Done() {
			want, err := full.RunEpoch(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if tl, ok := full.env.(*env.TimeLimit); !ok || tl.Elapsed() == 0 {
				t.Fatalf("%s: no episode in progress at the end of epoch %d (%T)", name, want.Epoch, full.env)
			}
			got, err := resumed.RunEpoch(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !sameStats(got, want) {
				t.Fatalf("%s: epoch %d after a restore\n%+v\nwant\n%+v", name, want.Epoch, got, want)
			}
			old := resumed
			resumed = reload(t, old)
			old.Close()
		}
		var a, b bytes.Buffer
		if err := full.Save(&a); err != nil {
			t.Fatal(err)
		}
		if err := resumed.Save(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: the final checkpoint of the run restored after every epoch differs from the uninterrupted run's", name)
		}
		full.Close()
		resumed.Close()
	}
}

package agent

import (
	"context"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestThreadsGiveIdenticalRunsCriticLeadsUnrolled extends
// TestThreadsGiveIdenticalRuns (actor leading, one follower step) to the
// other update orders the off-policy Stackelberg agents have: the critic
// leading (its CG on the actor's Hessian) and m = 2 follower steps per
// leader step (a fresh mini-batch each), on 1, 2 and 3 threads; metrics
// and both networks' parameters must be equal bit for bit.
func TestThreadsGiveIdenticalRunsCriticLeadsUnrolled(t *testing.T) {
	cases := []struct {
		algo   Algo
		leader Leader
		unroll int
	}{
		{STDDPG, CriticLeads, 1},
		{STSAC, CriticLeads, 2},
		{STDDPG, ActorLeads, 2},
	}
	for _, tc := range cases {
		t.Run(string(tc.algo)+"-"+string(tc.leader), func(t *testing.T) {
			c := tinyConfig(t, "Pendulum-v1", tc.algo, tc.leader)
			c.Hidden, c.BatchSize, c.DType, c.Unroll = []int{128, 128}, 128, ad.Float32, tc.unroll
			c.StepsPerEpoch, c.Steps, c.StartSteps, c.UpdateAfter, c.UpdateEvery = 75, 150, 100, 100, 25
			var want []EpochStats
			var wantActor, wantCritic []float64
			for _, threads := range []int{1, 2, 3} {
				a, err := New(c)
				if err != nil {
					t.Fatal(err)
				}
				a.SetThreads(threads)
				var got []EpochStats
				for !a.Done() {
					st, err := a.RunEpoch(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, st)
				}
				if threads == 1 {
					want, wantActor = got, append([]float64(nil), a.actor.Data...)
					wantCritic = append([]float64(nil), a.critic.Data...)
					continue
				}
				for e := range want {
					if !sameStats(got[e], want[e]) {
						t.Errorf("%d threads, epoch %d: %+v, 1 thread %+v", threads, e+1, got[e], want[e])
					}
				}
				if !sameBits(a.actor.Data, wantActor) || !sameBits(a.critic.Data, wantCritic) {
					t.Errorf("%d threads: parameters differ from 1 thread's", threads)
				}
			}
		})
	}
}

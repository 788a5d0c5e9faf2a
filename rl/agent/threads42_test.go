package agent

import (
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
			checkThreadIndependent(t, c)
		})
	}
}

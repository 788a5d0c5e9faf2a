package agent

import (
	"bytes"
	"context"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestLoadPolicyRefusalOnPolicy53w: the refusal of RunEpoch on an agent
// LoadPolicy loaded gives the replay buffer as the reason only for an
// off-policy run. A STAC run's checkpoint holds no buffer, and its error
// used to say "loaded for evaluation only (agent.LoadPolicy), without its
// checkpoint's replay buffer" all the same.
func TestLoadPolicyRefusalOnPolicy53w(t *testing.T) {
	for _, c := range []struct {
		env  string
		algo Algo
		want string
	}{
		{"CartPole-v1", STAC, "agent: run an epoch: the agent was loaded for evaluation only (agent.LoadPolicy) and cannot continue the run; load the checkpoint with agent.Load to train it"},
		{"Pendulum-v1", DDPG, "agent: run an epoch: the agent was loaded for evaluation only (agent.LoadPolicy), without its checkpoint's replay buffer, and cannot continue the run; load the checkpoint with agent.Load to train it"},
	} {
		t.Run(string(c.algo), func(t *testing.T) {
			a, err := LoadPolicy(bytes.NewReader(trainedCheckpoint53(t, policyConfig53(t, c.env, c.algo, ad.Float64))))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if _, err := a.RunEpoch(context.Background()); err == nil || err.Error() != c.want {
				t.Errorf("got  %v\nwant %s", err, c.want)
			}
		})
	}
}

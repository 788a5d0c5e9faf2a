package agent

import (
	"bytes"
	"encoding/gob"
	"strings"
	"testing"
)

// TestLoadRefusesOffPolicyPartsInOnPolicyCheckpoint: the checkpoint of an
// on-policy run (STAC) holding a target critic or a replay buffer, which
// Save never writes for such a run, is refused naming the part; before,
// Load ignored them and returned the agent as if the file were the run's.
func TestLoadRefusesOffPolicyPartsInOnPolicyCheckpoint(t *testing.T) {
	onPol := snapshotOf(t, tinyConfig(t, "CartPole-v1", STAC, ActorLeads), 1)
	off := snapshotOf(t, tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads), 1)
	if len(onPol.Target) != 0 || len(onPol.Replay) != 0 || len(off.Target) == 0 || len(off.Replay) == 0 {
		t.Fatalf("snapshots: on-policy target %d, replay %d; off-policy target %d, replay %d", len(onPol.Target), len(onPol.Replay), len(off.Target), len(off.Replay))
	}
	for _, c := range []struct {
		name   string
		mutate func(s *snapshot)
		want   string
	}{
		{"target critic", func(s *snapshot) { s.Target = off.Target }, "agent: checkpoint has a target critic ("},
		{"replay buffer", func(s *snapshot) { s.Replay = off.Replay }, "agent: checkpoint has a replay buffer ("},
	} {
		s := onPol
		c.mutate(&s)
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
			t.Fatal(err)
		}
		a, err := Load(&buf)
		if err == nil {
			a.Close()
			t.Errorf("%s: loaded", c.name)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.want) || !strings.Contains(err.Error(), "which a stac run does not keep") {
			t.Errorf("%s: error %q, want it to start with %q and say a stac run does not keep it", c.name, err, c.want)
		}
	}
}

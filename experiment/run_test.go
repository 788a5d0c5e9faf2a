package experiment

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// TestKindOf checks that each kind of configuration reaches the run kind
// registered for it, and that the registry lists all four.
func TestKindOf(t *testing.T) {
	for _, tc := range []struct{ yaml, kind string }{
		{"game: {builtin: duopoly}\ndynamics: {kind: stackelberg}\n", "smooth"},
		{"game: {builtin: duopoly}\ndynamics: {kind: sga}\n", "smooth"},
		{"game: {builtin: cournot}\ndynamics: {kind: hic}\nstages: 10\n", "hic"},
		{"game: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg}\n", "markov"},
		{"rl: {env: CartPole-v1, algo: stac}\n", "rl"},
	} {
		cfg, err := ParseConfig([]byte(tc.yaml))
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		k, err := KindOf(cfg)
		if err != nil || k.Name != tc.kind {
			t.Errorf("%q: kind %q, %v; want %q", tc.yaml, k.Name, err, tc.kind)
		}
	}
	var builtIn []string // without the kinds tests register ("test-…")
	for _, k := range RunKinds() {
		if !strings.HasPrefix(k, "test-") {
			builtIn = append(builtIn, k)
		}
	}
	if got := strings.Join(builtIn, ","); got != "hic,markov,negotiation,rl,smooth" {
		t.Errorf("RunKinds() = %s", got)
	}
}

// TestThresholdFor checks that the thresholds come from the environments'
// registered specs: Gymnasium's for CartPole-v1, Acrobot-v1 and
// MountainCarContinuous-v0, −200 for Pendulum-v1, on the training return for
// on-policy and the test return for off-policy algorithms.
func TestThresholdFor(t *testing.T) {
	for _, tc := range []struct {
		env    string
		algo   agent.Algo
		want   float64
		onTest bool
	}{
		{"CartPole-v1", agent.STAC, 475, false},
		{"Acrobot-v1", agent.AC, -100, false},
		{"Pendulum-v1", agent.DDPG, -200, true},
		{"MountainCarContinuous-v0", agent.SAC, 90, true},
	} {
		th, ok := ThresholdFor(tc.env, tc.algo)
		if !ok || th.Value != tc.want || th.OnTest != tc.onTest {
			t.Errorf("ThresholdFor(%s, %s) = %+v, %v; want %g, onTest %v", tc.env, tc.algo, th, ok, tc.want, tc.onTest)
		}
	}
	if _, ok := ThresholdFor("NoSuchEnv-v0", agent.AC); ok {
		t.Error("an unknown environment has a threshold")
	}
}

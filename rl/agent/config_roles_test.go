package agent

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// AC's update (ac.go) takes one actor step and then Config.Unroll critic
// steps whatever Config.Leader says: Algorithm 2 with the actor leading.
// Config.Leader documents, for the plain algorithms, "the player whose
// partner Unroll repeats", so a critic leader on AC would mean the actor
// repeated, which the code never does. The Go API accepted it and ran the
// actor-leading update (the CLI refused it in package experiment); now
// Validate refuses it, as it does for STAC, and keeps accepting the
// off-policy plain algorithms' critic leader, which the code honours.
func TestACRefusesCriticLeader(t *testing.T) {
	for _, tc := range []struct {
		env  string
		algo Algo
		want string // "" for accepted
	}{
		{"CartPole-v1", AC, `rl.leader: "critic"; not used by ac`},
		{"Pendulum-v1", AC, `rl.leader: "critic"; not used by ac`},
		{"CartPole-v1", STAC, `rl.leader: "critic"; STAC's leader is the actor`},
		{"Pendulum-v1", DDPG, ""},
		{"Pendulum-v1", SAC, ""},
		{"Pendulum-v1", STDDPG, ""},
		{"Pendulum-v1", STSAC, ""},
	} {
		c, err := Defaults(tc.env, tc.algo)
		if err != nil {
			t.Fatal(err)
		}
		c.Leader = CriticLeads
		err = c.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s on %s with the critic leading: %v, want accepted", tc.algo, tc.env, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s on %s with the critic leading: error %v, want one containing %q", tc.algo, tc.env, err, tc.want)
		}
		if _, err := New(c); tc.want != "" && err == nil {
			t.Errorf("%s on %s: New accepted the critic leading", tc.algo, tc.env)
		}
	}
}

// The Gaussian policy of AC and STAC samples with σ = e^{InitLogStd} and
// its log-likelihood multiplies by e^{−InitLogStd} (nn.Gaussian), so a
// non-finite InitLogStd, or one beyond ±log(largest finite value of the
// DType), made the first rollout's actions or the first actor gradient
// NaN, and the run stopped with an error naming the environment ("the
// reward is NaN", for InitLogStd = NaN on Pendulum) or the actor update.
// Validate now names the setting. Bounds: log(MaxFloat64) = 709.78 and
// log(MaxFloat32) = 88.72; a value just inside them is accepted.
func TestInitLogStdMustKeepSigmaFinite(t *testing.T) {
	for _, tc := range []struct {
		dtype ad.DType
		v     float64
		ok    bool
	}{
		{ad.Float64, math.NaN(), false},
		{ad.Float64, math.Inf(1), false},
		{ad.Float64, math.Inf(-1), false},
		{ad.Float64, 710, false},
		{ad.Float64, -710, false},
		{ad.Float64, 709, true},
		{ad.Float64, -709, true},
		{ad.Float32, 89, false},
		{ad.Float32, -89, false},
		{ad.Float32, 88, true},
		{ad.Float32, -0.5, true},
	} {
		c, err := Defaults("Pendulum-v1", AC)
		if err != nil {
			t.Fatal(err)
		}
		c.DType, c.InitLogStd = tc.dtype, tc.v
		err = c.Validate()
		if tc.ok {
			if err != nil {
				t.Errorf("%v init_log_std %v: %v, want accepted", tc.dtype, tc.v, err)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), "rl.options.init_log_std: ") {
			t.Errorf("%v init_log_std %v: error %v, want one naming rl.options.init_log_std", tc.dtype, tc.v, err)
		}
	}

	// The run that used to reach the environment: a NaN log σ is refused
	// by New, before any step.
	c, err := Defaults("Pendulum-v1", AC)
	if err != nil {
		t.Fatal(err)
	}
	c.InitLogStd, c.StepsPerEpoch, c.Steps, c.Hidden, c.TestEpisodes = math.NaN(), 20, 20, []int{4}, 0
	a, err := New(c)
	if err == nil {
		_, err = a.RunEpoch(context.Background())
		t.Fatalf("a NaN init_log_std was accepted; the epoch ended with %v", err)
	}
	if !strings.Contains(err.Error(), "rl.options.init_log_std: NaN") {
		t.Errorf("New: %v, want an error naming rl.options.init_log_std", err)
	}
}

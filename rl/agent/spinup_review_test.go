package agent

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/replay"
)

// scriptedEnv replays a fixed sequence of rewards and end flags, with a
// 4-dimensional observation holding the step count (CartPole-v1's shapes,
// so that it can stand in for the environment of a CartPole agent).
type scriptedEnv struct {
	rew         []float64
	term, trunc []bool
	t           int
	obs         []float64
}

func (e *scriptedEnv) ObservationSpace() env.Space {
	return env.NewBox([]float64{-10, -10, -10, -10}, []float64{10, 10, 10, 10})
}
func (e *scriptedEnv) ActionSpace() env.Space { return env.Discrete{N: 2} }
func (e *scriptedEnv) Reset(*rand.Rand) []float64 {
	e.obs = []float64{float64(e.t), 0, 0, 0}
	return e.obs
}
func (e *scriptedEnv) Step([]float64) ([]float64, float64, bool, bool) {
	t := e.t
	e.t++
	e.obs = []float64{float64(e.t), 0, 0, 0}
	return e.obs, e.rew[t], e.term[t], e.trunc[t]
}

// GAE-λ advantages and value targets of an AC epoch, through collect, for a
// scripted 8-step epoch with γ = λ = 1/2 and a critic V_w ≡ 1 (output
// layer zeroed, its bias 1), against numbers computed by hand (exact in
// binary, compared to 1e-15):
//
//	path 1, r = (1, 2, 3), terminated (bootstrap 0):
//	  δ = (0.5, 1.5, 2), Â = (1, 2, 2), R̂ = (2.75, 3.5, 3)
//	path 2, r = (4, −2), truncated (bootstrap V = 1):
//	  δ = (3.5, −2.5), Â = (2.875, −2.5), R̂ = (3.25, −1.5)
//	path 3, r = (5), terminated and truncated at once (bootstrap 0, as
//	  Spinning Up's VPG, whose timeout bootstraps only when not terminal):
//	  Â = 4, R̂ = 5
//	path 4, r = (0, 1), cut by the epoch's end (bootstrap V = 1):
//	  δ = (−0.5, 0.5), Â = (−0.375, 0.5), R̂ = (0.75, 1.5)
//
// with δ_t = r_t + γV(s_{t+1}) − V(s_t), Â_t = δ_t + γλÂ_{t+1} and
// R̂_t = r_t + γR̂_{t+1}. Only termination is stored as done.
func TestGAEByHandThroughCollect(t *testing.T) {
	c, err := Defaults("CartPole-v1", AC)
	if err != nil {
		t.Fatal(err)
	}
	c.Seed, c.Hidden, c.StepsPerEpoch, c.Steps, c.Gamma, c.Lam, c.DType = 1, []int{4}, 8, 8, 0.5, 0.5, ad.Float64
	c.LanczosIters = 0
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	o := a.algo.(*onPolicy)
	o.v.ScaleLast(a.critic, 0)
	a.critic.Data[a.critic.Len()-1] = 1
	if v := o.value(a, []float64{3, -1, 2, 5}); v != 1 {
		t.Fatalf("V_w = %v after zeroing the output layer, want 1", v)
	}
	a.env = &scriptedEnv{
		rew:   []float64{1, 2, 3, 4, -2, 5, 0, 1},
		term:  []bool{false, false, true, false, false, true, false, false},
		trunc: []bool{false, false, false, false, true, true, false, false},
	}
	copy(a.obs, a.env.Reset(a.envRng))
	var st EpochStats
	if err := o.collect(context.Background(), a, 8, &st); err != nil {
		t.Fatal(err)
	}
	b := o.buf
	wantAdv := []float64{1, 2, 2, 2.875, -2.5, 4, -0.375, 0.5}
	wantRet := []float64{2.75, 3.5, 3, 3.25, -1.5, 5, 0.75, 1.5}
	wantTerm := []float64{0, 0, 1, 0, 0, 1, 0, 0}
	for i := range wantAdv {
		if math.Abs(b.adv[i]-wantAdv[i]) > 1e-15 || math.Abs(b.ret[i]-wantRet[i]) > 1e-15 || b.term[i] != wantTerm[i] {
			t.Errorf("step %d: Â = %v, R̂ = %v, done %v; want %v, %v, %v", i, b.adv[i], b.ret[i], b.term[i], wantAdv[i], wantRet[i], wantTerm[i])
		}
	}
	if !slices.Equal(b.starts, []int{0, 3, 5, 6}) {
		t.Errorf("path starts %v, want [0 3 5 6]", b.starts)
	}
	if st.Episodes != 3 {
		t.Errorf("%d episodes ended, want 3 (the fourth is cut by the epoch)", st.Episodes)
	}
}

// sacConstantNets builds a Pendulum-v1 SAC agent with mini-batches of 2
// whose networks are constant: the actor's output layer zeroed except its
// biases (μ, log σ) = (mu, 0), the critics' output layers zeroed with
// biases Q₁ ≡ 1, Q₂ ≡ 3 and target critics Q₀,₁ ≡ 2, Q₀,₂ ≡ −1.
func sacConstantNets(t *testing.T, mu float64) (*Agent, *sac) {
	t.Helper()
	c, err := Defaults("Pendulum-v1", SAC)
	if err != nil {
		t.Fatal(err)
	}
	c.Seed, c.Hidden, c.BatchSize, c.DType = 1, []int{4}, 2, ad.Float64
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	s := a.algo.(*offPolicy).g.(*sac)
	s.pi.Net.ScaleLast(a.actor, 0)
	a.actor.Data[a.actor.Len()-2] = mu // the μ output's bias; log σ's is last
	s.q1.ScaleLast(a.critic, 0)
	s.q2.ScaleLast(a.critic, 0)
	s.q1.ScaleLast(a.target, 0)
	s.q2.ScaleLast(a.target, 0)
	half := a.critic.Len() / 2 // Q₁'s parameters, then Q₂'s, of equal size
	a.critic.Data[half-1], a.critic.Data[2*half-1] = 1, 3
	a.target.Data[half-1], a.target.Data[2*half-1] = 2, -1
	in, q := []float64{0.3, -0.2, 1.1, 0.5}, make([]float64, 1)
	for _, x := range []struct {
		name   string
		q      func() float64
		expect float64
	}{
		{"Q₁", func() float64 { s.q1.Apply(a.critic, in, q); return q[0] }, 1},
		{"Q₂", func() float64 { s.q2.Apply(a.critic, in, q); return q[0] }, 3},
		{"Q₀,₁", func() float64 { s.q1.Apply(a.target, in, q); return q[0] }, 2},
		{"Q₀,₂", func() float64 { s.q2.Apply(a.target, in, q); return q[0] }, -1},
	} {
		if got := x.q(); got != x.expect {
			t.Fatalf("%s = %v, want the constant %v", x.name, got, x.expect)
		}
	}
	return a, s
}

// SAC's objectives with constant networks (sacConstantNets, μ = 0, σ = 1),
// α = 0.2, γ = 0.99, the noise of a_θ(s) set to ε = 0 and of a_θ(s') to
// ε' = 1, and a batch of two transitions with r = (1, −1), d = (0, 1),
// against numbers computed by hand (1e-12 relative):
//
//	log π(a_θ(s)|s)   = −½ log 2π                         = −0.9189385332046727
//	log π(a_θ(s')|s') = −½ − ½ log 2π + 2 log cosh 1      = −0.5513768722386184
//	J = min(1, 3) − 0.2·(−0.9189385332046727)              = 1.1837877066409346
//	y₁ = 1 + 0.99·(min(2, −1) − 0.2·(−0.5513768722386184)) = 0.11917262070324652
//	y₂ = −1 (terminal: no bootstrap)
//	L = ½[(1 − y₁)² + (3 − y₁)² + (1 − y₂)² + (3 − y₂)²]   = 14.537511630712295
//
// The target takes the smaller target critic (−1, not 2), the entropy term
// at s' with its own noise ε', and (1 − d). The test action is the mean
// squashed: 2·tanh(0.5) = 0.9242343145200195 for μ = 0.5 on Pendulum's
// [−2, 2].
func TestSACObjectivesWithConstantNetworks(t *testing.T) {
	a, s := sacConstantNets(t, 0)
	if a.cfg.Alpha != 0.2 || a.cfg.Gamma != 0.99 {
		t.Fatalf("α = %v, γ = %v; the hand computation assumes Spinning Up's 0.2 and 0.99", a.cfg.Alpha, a.cfg.Gamma)
	}
	b := replay.NewBatch(2, a.obsDim, a.actDim)
	copy(b.Obs, []float64{0.3, -0.2, 1.1, -0.7, 0.4, 0.9})
	copy(b.NextObs, []float64{0.1, 0.6, -1.3, 0.2, -0.5, 0.8})
	copy(b.Act, []float64{1.5, -0.25})
	copy(b.Rew, []float64{1, -1})
	copy(b.Done, []float64{0, 1})
	s.prepare(b, rand.New(rand.NewPCG(1, 2)))
	copy(s.eps.Data, []float64{0, 0})
	copy(s.epsNext.Data, []float64{1, 1})
	j, l := tapeValues(a, s)
	if !closeTo(j, 1.1837877066409346, 1e-12) || !closeTo(l, 14.537511630712295, 1e-12) {
		t.Errorf("J = %.17g, L = %.17g; by hand 1.1837877066409346, 14.537511630712295", j, l)
	}

	a, s = sacConstantNets(t, 0.5)
	dst := make([]float64, 1)
	s.testAction(a, []float64{0.3, -0.2, 1.1}, dst)
	if !closeTo(dst[0], 0.9242343145200195, 1e-15) {
		t.Errorf("SAC test action %.17g, want 2·tanh(0.5) = 0.9242343145200195", dst[0])
	}
}

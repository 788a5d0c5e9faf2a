package agent

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// collectedAgent builds a tiny AC agent on envName (one hidden layer of 8,
// an epoch of n steps, m = unroll critic steps, float64 so that tolerances
// test the formulas rather than float32 rounding) and collects one epoch.
func collectedAgent(t *testing.T, envName string, n, unroll int) (*Agent, *onPolicy) {
	t.Helper()
	c := tinyConfig(t, envName, AC, ActorLeads)
	c.StepsPerEpoch, c.Steps, c.Unroll, c.DType = n, n, unroll, ad.Float64
	return collectEpoch(t, c, n)
}

// collectEpoch builds an on-policy agent from c, resets its environment
// and collects n steps of one epoch (paths, advantages and targets),
// without updating.
func collectEpoch(t *testing.T, c Config, n int) (*Agent, *onPolicy) {
	t.Helper()
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	o := a.algo.(*onPolicy)
	copy(a.obs, a.env.Reset(a.envRng))
	var st EpochStats
	if err := o.collect(context.Background(), a, n, &st); err != nil {
		t.Fatal(err)
	}
	return a, o
}

// A path cut short (Pendulum-v1's time limit at step 200, the epoch's end
// at step 250) is bootstrapped with the critic's value of the next state,
// and a terminated one (CartPole-v1) with 0: at the path's last step t,
// R̂_t = r_t + γ·v and Â_t = r_t + γ·v − V_w(s_t), v = V_w(s_{t+1}) after a
// cut and 0 after termination (1e-12 absolute).
func TestOnPolicyPathsBootstrapFromTheCritic(t *testing.T) {
	check := func(t *testing.T, a *Agent, o *onPolicy, step int, cut bool) {
		t.Helper()
		b := o.buf
		v := 0.0
		if cut {
			v = o.value(a, b.next[step*b.obsDim:(step+1)*b.obsDim])
		}
		wantRet := b.rew[step] + a.cfg.Gamma*v
		wantAdv := wantRet - b.val[step]
		if math.Abs(b.ret[step]-wantRet) > 1e-12 || math.Abs(b.adv[step]-wantAdv) > 1e-12 {
			t.Errorf("step %d (cut %v): R̂ = %.15g, Â = %.15g; want %.15g, %.15g", step, cut, b.ret[step], b.adv[step], wantRet, wantAdv)
		}
	}
	t.Run("Pendulum-v1", func(t *testing.T) {
		a, o := collectedAgent(t, "Pendulum-v1", 250, 1)
		if len(o.buf.starts) != 2 || o.buf.starts[1] != 200 {
			t.Fatalf("path starts %v, want [0 200]", o.buf.starts)
		}
		check(t, a, o, 199, true) // time limit
		check(t, a, o, 249, true) // end of the epoch
	})
	t.Run("CartPole-v1", func(t *testing.T) {
		a, o := collectedAgent(t, "CartPole-v1", 300, 1)
		terms := 0
		for i := 0; i < o.buf.n; i++ {
			if o.buf.term[i] == 1 {
				terms++
				check(t, a, o, i, false)
			}
		}
		if terms == 0 {
			t.Fatal("no CartPole episode terminated in 300 random-policy steps")
		}
		check(t, a, o, o.buf.n-1, o.buf.term[o.buf.n-1] == 0)
	})
}

// One AC update (Eq. 5–6 with the paper's SGD) moves the actor by
// α_θ ∇θ S, S(θ) = (1/N) Σ_t Ân_t log π_θ(a_t|s_t) with Ân the advantages
// centred and divided by their (population) standard deviation, and the
// critic by m = 2 steps w ← w − α_w ∇w L, L(w) = (1/N) Σ_t (V_w(s_t) − R̂_t)².
// The gradients are central finite differences (step 1e-6) of S and L
// written with the networks' plain forward passes and a hand-written
// log-softmax; steps agree to 1e-6 relative.
func TestOnPolicyUpdateStepsAreTheGradients(t *testing.T) {
	a, o := collectedAgent(t, "CartPole-v1", 300, 2)
	b, n := o.buf, o.buf.n
	mu, sd := 0.0, 0.0
	for _, v := range b.adv[:n] {
		mu += v
	}
	mu /= float64(n)
	for _, v := range b.adv[:n] {
		sd += (v - mu) * (v - mu)
	}
	sd = math.Sqrt(sd / float64(n))
	logits := make([]float64, 2)
	surrogate := func() float64 {
		s := 0.0
		for i := 0; i < n; i++ {
			o.pol.(categorical).Net.Apply(a.actor, b.obs[i*b.obsDim:(i+1)*b.obsDim], logits)
			m := max(logits[0], logits[1])
			lse := m + math.Log(math.Exp(logits[0]-m)+math.Exp(logits[1]-m))
			s += (b.adv[i] - mu) / sd * (logits[int(b.act[i])] - lse)
		}
		return s / float64(n)
	}
	out := make([]float64, 1)
	loss := func() float64 {
		s := 0.0
		for i := 0; i < n; i++ {
			o.v.Apply(a.critic, b.obs[i*b.obsDim:(i+1)*b.obsDim], out)
			s += (out[0] - b.ret[i]) * (out[0] - b.ret[i])
		}
		return s / float64(n)
	}
	fd := func(x []float64, f func() float64) []float64 {
		g := make([]float64, len(x))
		const h = 1e-6
		for i := range x {
			v := x[i]
			x[i] = v + h
			p := f()
			x[i] = v - h
			m := f()
			x[i] = v
			g[i] = (p - m) / (2 * h)
		}
		return g
	}
	th0, w0 := a.actor.Clone(), a.critic.Clone()
	s0, l0 := surrogate(), loss()
	wantTh := fd(a.actor.Data, surrogate)
	for i := range wantTh {
		wantTh[i] *= a.cfg.ActorLR
	}
	g1 := fd(a.critic.Data, loss) // first critic step, then the second from there
	for i := range g1 {
		a.critic.Data[i] -= a.cfg.CriticLR * g1[i]
	}
	g2 := fd(a.critic.Data, loss)
	wantW := make([]float64, len(g1))
	for i := range wantW {
		wantW[i] = -a.cfg.CriticLR * (g1[i] + g2[i])
	}
	copy(a.critic.Data, w0.Data)

	var st EpochStats
	if err := o.update(context.Background(), a, &st); err != nil {
		t.Fatal(err)
	}
	gotTh, gotW := make([]float64, a.actor.Len()), make([]float64, a.critic.Len())
	for i := range gotTh {
		gotTh[i] = a.actor.Data[i] - th0.Data[i]
	}
	for i := range gotW {
		gotW[i] = a.critic.Data[i] - w0.Data[i]
	}
	if e := relErr(gotTh, wantTh); e > 1e-6 {
		t.Errorf("actor step: relative error %.3g from α_θ ∇θS", e)
	}
	if e := relErr(gotW, wantW); e > 1e-6 {
		t.Errorf("critic steps: relative error %.3g from two steps −α_w ∇wL", e)
	}
	// The epoch's statistics: one update, −S and L at the start of it, and
	// the norms of the actor's step direction and the critic's first
	// gradient.
	if st.Updates != 1 || !closeTo(st.ActorLoss, -s0, 1e-12) || !closeTo(st.CriticLoss, l0, 1e-12) {
		t.Errorf("updates %d, actor loss %.15g, critic loss %.15g; want 1, %.15g, %.15g", st.Updates, st.ActorLoss, st.CriticLoss, -s0, l0)
	}
	if want := norm(wantTh) / a.cfg.ActorLR; !closeTo(st.ActorGradNorm, want, 1e-6) {
		t.Errorf("actor gradient norm %.15g, want ‖∇θS‖ = %.15g", st.ActorGradNorm, want)
	}
	if want := norm(g1); !closeTo(st.CriticGradNorm, want, 1e-6) {
		t.Errorf("critic gradient norm %.15g, want ‖∇wL(w₀)‖ = %.15g", st.CriticGradNorm, want)
	}
}

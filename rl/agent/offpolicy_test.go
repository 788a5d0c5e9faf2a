package agent

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/replay"
)

// preparedBatch samples a mini-batch from the agent's replay buffer, marks
// every third transition terminal (so that the (1 − d) factor of the
// targets is exercised on both values) and loads it into the game.
func preparedBatch(t *testing.T, a *Agent, g game) *replay.Batch {
	t.Helper()
	o := a.algo.(*offPolicy)
	b := replay.NewBatch(a.cfg.BatchSize, a.obsDim, a.actDim)
	rng := rand.New(rand.NewPCG(77, 78))
	o.buf.Sample(rng, b)
	for i := range b.Done {
		b.Done[i] = 0
		if i%3 == 0 {
			b.Done[i] = 1
		}
	}
	g.prepare(b, rng)
	return b
}

// tapeValues records J(θ, w) and L(θ, w) at the agent's current parameters.
func tapeValues(a *Agent, g game) (j, l float64) {
	tp := ad.NewTape()
	j = g.J(tp, a.actor.Const(tp), a.critic.Const(tp)).Scalar()
	tp = ad.NewTape()
	l = g.L(tp, a.actor.Const(tp), a.critic.Const(tp)).Scalar()
	return j, l
}

// closeTo reports |got − want| ≤ tol·max(1, |want|).
func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// DDPG's J (Eq. 7) and L (Eq. 8) recorded on the tape equal the same sums
// evaluated one sample at a time with the networks' plain forward passes
// (MLP.Apply, Deterministic.Apply, pinned against the tape by package nn's
// tests), to 1e-12 relative:
//
//	J = (1/B) Σ_i Q_w(s_i, μθ(s_i)),
//	L = (1/B) Σ_i (Q_w(s_i, a_i) − r_i − γ(1 − d_i) Q₀(s'_i, μθ(s'_i)))²,
//
// with Q₀ the target critic, which smallAgent moves away from Q_w.
func TestDDPGObjectivesByHand(t *testing.T) {
	a, g := smallAgent(t, DDPG, ActorLeads, []int{6})
	d := g.(*ddpg)
	b := preparedBatch(t, a, g)
	in, q, mu := make([]float64, a.obsDim+a.actDim), make([]float64, 1), make([]float64, a.actDim)
	qOf := func(p []float64, s, act []float64) float64 {
		copy(in, s)
		copy(in[a.obsDim:], act)
		params := a.critic
		if p != nil {
			params = a.target
		}
		d.q.Apply(params, in, q)
		return q[0]
	}
	var wantJ, wantL float64
	for i := 0; i < b.Size; i++ {
		s := b.Obs[i*a.obsDim : (i+1)*a.obsDim]
		s2 := b.NextObs[i*a.obsDim : (i+1)*a.obsDim]
		d.pi.Apply(a.actor, s, mu)
		wantJ += qOf(nil, s, mu)
		d.pi.Apply(a.actor, s2, mu)
		y := b.Rew[i] + 0.99*(1-b.Done[i])*qOf(a.target.Data, s2, mu)
		e := qOf(nil, s, b.Act[i*a.actDim:(i+1)*a.actDim]) - y
		wantL += e * e
	}
	wantJ /= float64(b.Size)
	wantL /= float64(b.Size)
	if a.cfg.Gamma != 0.99 {
		t.Fatalf("γ = %v, the hand computation assumes 0.99", a.cfg.Gamma)
	}
	j, l := tapeValues(a, g)
	if !closeTo(j, wantJ, 1e-12) || !closeTo(l, wantL, 1e-12) {
		t.Errorf("DDPG: J = %.15g, L = %.15g; by hand J = %.15g, L = %.15g", j, l, wantJ, wantL)
	}
}

// SAC's J (Eq. 9) and L (Eq. 10) recorded on the tape equal the sums
// evaluated one sample at a time from the policy network's outputs, to
// 1e-12 relative, with the squashed Gaussian's log-density written out
// independently of nn.Squashed.Rsample:
//
//	u = μ(s) + σ(s)ε,  a = 2 tanh(u) (Pendulum's box [−2, 2]),
//	log π(a|s) = −ε²/2 − log σ − ½ log 2π − log(1 − tanh²u),
//	J = (1/B) Σ_i [min(Q_{w₁}, Q_{w₂})(s_i, a_θ(s_i)) − η log π(a_θ(s_i)|s_i)],
//	L = (1/B) Σ_i Σ_k (Q_{w_k}(s_i, a_i) − y_i)²,
//	y_i = r_i + γ(1 − d_i)(min_k Q_{0,k}(s'_i, a_θ(s'_i)) − η log π(a_θ(s'_i)|s'_i)).
//
// The batch is checked to contain samples where each of the twin critics
// is the smaller, so that taking one critic instead of the minimum fails.
func TestSACObjectivesByHand(t *testing.T) {
	a, g := smallAgent(t, SAC, ActorLeads, []int{6})
	s := g.(*sac)
	b := preparedBatch(t, a, g)
	if a.cfg.Gamma != 0.99 || a.cfg.Alpha != 0.2 || a.actDim != 1 {
		t.Fatalf("γ = %v, η = %v, actDim %d; the hand computation assumes 0.99, 0.2, 1", a.cfg.Gamma, a.cfg.Alpha, a.actDim)
	}
	const gamma, eta = 0.99, 0.2
	in, q, out := make([]float64, a.obsDim+1), make([]float64, 1), make([]float64, 2)
	qs := func(p2 bool, obs []float64, act float64) (q1, q2 float64) {
		copy(in, obs)
		in[a.obsDim] = act
		params := a.critic
		if p2 {
			params = a.target
		}
		s.q1.Apply(params, in, q)
		q1 = q[0]
		s.q2.Apply(params, in, q)
		return q1, q[0]
	}
	policy := func(obs []float64, eps float64) (act, logp float64) {
		s.pi.Net.Apply(a.actor, obs, out)
		logStd := min(max(out[1], -20), 2)
		u := out[0] + math.Exp(logStd)*eps
		th := math.Tanh(u)
		return 2 * th, -eps*eps/2 - logStd - 0.5*math.Log(2*math.Pi) - math.Log(1-th*th)
	}
	// Shift Q₂'s output bias (the critic vector's last element) by the
	// median of Q₁ − Q₂ over the batch's (s, a_θ(s)), so that each critic
	// is the smaller on about half the samples.
	diffs := make([]float64, b.Size)
	for i := range diffs {
		act, _ := policy(b.Obs[i*a.obsDim:(i+1)*a.obsDim], s.eps.Data[i])
		q1, q2 := qs(false, b.Obs[i*a.obsDim:(i+1)*a.obsDim], act)
		diffs[i] = q1 - q2
	}
	slices.Sort(diffs)
	a.critic.Data[a.critic.Len()-1] += (diffs[b.Size/2-1] + diffs[b.Size/2]) / 2
	var wantJ, wantL float64
	var q1Lower, q2Lower int
	for i := 0; i < b.Size; i++ {
		obs := b.Obs[i*a.obsDim : (i+1)*a.obsDim]
		next := b.NextObs[i*a.obsDim : (i+1)*a.obsDim]
		act, logp := policy(obs, s.eps.Data[i])
		q1, q2 := qs(false, obs, act)
		if q1 < q2 {
			q1Lower++
		} else {
			q2Lower++
		}
		wantJ += min(q1, q2) - eta*logp
		act2, logp2 := policy(next, s.epsNext.Data[i])
		t1, t2 := qs(true, next, act2)
		y := b.Rew[i] + gamma*(1-b.Done[i])*(min(t1, t2)-eta*logp2)
		c1, c2 := qs(false, obs, b.Act[i])
		wantL += (c1-y)*(c1-y) + (c2-y)*(c2-y)
	}
	if q1Lower == 0 || q2Lower == 0 {
		t.Fatalf("Q₁ lower on %d samples, Q₂ on %d: the minimum is not exercised", q1Lower, q2Lower)
	}
	wantJ /= float64(b.Size)
	wantL /= float64(b.Size)
	j, l := tapeValues(a, g)
	if !closeTo(j, wantJ, 1e-12) || !closeTo(l, wantL, 1e-12) {
		t.Errorf("SAC: J = %.15g, L = %.15g; by hand J = %.15g, L = %.15g", j, l, wantJ, wantL)
	}
}

// One off-policy update with plain SGD moves each player by exactly its
// learning rate times the gradient the algorithm prescribes, evaluated at
// the parameters before the update on the mini-batch the update drew, and
// then Polyak-averages the target critic:
//
//   - DDPG, SAC (Eq. 5–6): θ += α_θ ∇θJ, w −= α_w ∇wL;
//   - actor leading (Eq. 11–12): θ −= α_θ ∇^λ(−J), the total derivative of
//     Eq. 15 computed densely (denseTotal, an LU solve on explicit
//     Hessians), w −= α_w ∇wL;
//   - critic leading (Eq. 13–14): w −= α_w ∇^λL with follower cost −J
//     (Eq. 16 regularised on −∇²θJ + λI), θ += α_θ ∇θJ;
//   - target: w₀ ← ρ w₀ + (1 − ρ) w with the updated w.
//
// Steps agree to 1e-7 relative (CG runs to convergence) and the target to
// 1e-14. With m = 1 there is exactly one follower step.
func TestOffPolicyUpdateStepsAreThePrescribedGradients(t *testing.T) {
	for _, tc := range []struct {
		algo   Algo
		leader Leader
	}{{DDPG, ActorLeads}, {SAC, ActorLeads}, {STDDPG, ActorLeads}, {STDDPG, CriticLeads}, {STSAC, ActorLeads}, {STSAC, CriticLeads}} {
		t.Run(string(tc.algo)+"/"+string(tc.leader), func(t *testing.T) {
			a, g := smallAgent(t, tc.algo, tc.leader, []int{5})
			const lrA, lrC, rho = 0.01, 0.02, 0.9
			a.actorOpt = newOptimizer("sgd", a.actor.Data, a.actorGrad, lrA)
			a.criticOpt = newOptimizer("sgd", a.critic.Data, a.criticGrad, lrC)
			a.cfg.Polyak, a.cfg.Unroll = rho, 1
			a.cfg.CG = CG{Iters: 500, Tol: 1e-15}
			o := a.algo.(*offPolicy)
			// λ: the follower Hessian's smallest eigenvalue on the batch the
			// update will draw (drawn here, then the agent's random state
			// put back) shifted to 0.5, so that the regularised system is
			// positive definite.
			lambda := 0.0
			if tc.algo.Stackelberg() {
				state, err := a.agentSrc.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				o.sample(a)
				f1, f2, leader, follower := costs(a, g, tc.leader)
				_, _, minEig := denseTotal(t, f1, f2, leader, follower, 0)
				lambda = math.Max(0, -minEig) + 0.5
				if err := a.agentSrc.UnmarshalBinary(state); err != nil {
					t.Fatal(err)
				}
			}
			th0, w0, tg0 := a.actor.Clone(), a.critic.Clone(), a.target.Clone()
			var acc accum
			if err := o.update(context.Background(), a, lambda, &acc); err != nil {
				t.Fatal(err)
			}
			th1, w1, tg1 := a.actor.Clone(), a.critic.Clone(), a.target.Clone()
			// Back to the parameters before the update, on the batch it drew.
			copy(a.actor.Data, th0.Data)
			copy(a.critic.Data, w0.Data)
			copy(a.target.Data, tg0.Data)
			s := newSolver(ad.Float64, ad.Float64)
			gJ, gL := make([]float64, a.actor.Len()), make([]float64, a.critic.Len())
			s.partial(g.J, a.actor, a.critic, true, gJ)
			s.partial(g.L, a.actor, a.critic, false, gL)
			wantTh, wantW := make([]float64, len(gJ)), make([]float64, len(gL))
			for i := range gJ {
				wantTh[i] = lrA * gJ[i]
			}
			for i := range gL {
				wantW[i] = -lrC * gL[i]
			}
			if tc.algo.Stackelberg() {
				f1, f2, leader, follower := costs(a, g, tc.leader)
				tot, indiv, _ := denseTotal(t, f1, f2, leader, follower, lambda)
				if tot == nil {
					t.Fatal("regularised follower Hessian not positive definite")
				}
				if e := relErr(indiv, tot); e < 1e-4 {
					t.Fatalf("total derivative equals the individual gradient (rel. diff %.3g); the test is vacuous", e)
				}
				dst, lr := wantTh, lrA
				if tc.leader == CriticLeads {
					dst, lr = wantW, lrC
				}
				for i := range tot {
					dst[i] = -lr * tot[i]
				}
			}
			gotTh, gotW := make([]float64, len(gJ)), make([]float64, len(gL))
			for i := range gotTh {
				gotTh[i] = th1.Data[i] - th0.Data[i]
			}
			for i := range gotW {
				gotW[i] = w1.Data[i] - w0.Data[i]
			}
			if e := relErr(gotTh, wantTh); e > 1e-7 {
				t.Errorf("actor step: relative error %.3g from the prescribed gradient step", e)
			}
			if e := relErr(gotW, wantW); e > 1e-7 {
				t.Errorf("critic step: relative error %.3g from the prescribed gradient step", e)
			}
			for i := range tg1.Data {
				want := rho*tg0.Data[i] + (1-rho)*w1.Data[i]
				if !closeTo(tg1.Data[i], want, 1e-14) {
					t.Fatalf("target[%d] = %.17g, want ρ·w₀ + (1−ρ)·w = %.17g", i, tg1.Data[i], want)
				}
			}
		})
	}
}

// A time-limit cut is stored in the replay buffer as not done (the target
// still bootstraps from s'), on Pendulum-v1, which never terminates: after
// 250 steps every stored transition has done = 0, including the 200th,
// where the episode was truncated — which the test checks happened, by the
// next stored observation being the reset one rather than s'.
func TestTimeLimitCutIsNotStoredAsDone(t *testing.T) {
	c := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	c.StepsPerEpoch, c.Steps, c.StartSteps, c.UpdateAfter, c.ReplaySize = 250, 250, 250, 250, 1000
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	copy(a.obs, a.env.Reset(a.envRng))
	var st EpochStats
	if err := a.algo.epoch(context.Background(), a, 250, &st); err != nil {
		t.Fatal(err)
	}
	buf := a.algo.(*offPolicy).buf
	if buf.Len() != 250 || st.Episodes != 1 {
		t.Fatalf("%d transitions, %d episodes; want 250 and 1", buf.Len(), st.Episodes)
	}
	for i := 0; i < buf.Len(); i++ {
		if buf.At(i).Done {
			t.Fatalf("transition %d stored as done; Pendulum only truncates", i)
		}
	}
	cut, after := buf.At(199), buf.At(200)
	same := true
	for j := range cut.NextObs {
		same = same && cut.NextObs[j] == after.Obs[j]
	}
	if same {
		t.Fatal("transition 200 starts at transition 199's s': no truncation happened at step 200")
	}
}

// DDPG's behaviour policy on Pendulum-v1 (actions in [−2, 2], half-width
// h = 2): the first StartSteps = 100 actions are uniform on the box, a =
// −2 + 4U, and the later ones μθ(s) + σ·h·ε clipped to the box (σ = 0.1),
// with U and ε the agent's random stream in order. The stream is replayed
// from the agent's seed and the 160 stored actions must match it exactly
// (1e-15); no update runs (UpdateAfter is past the epoch), so μθ stays the
// initial actor. Some noisy actions are checked to differ from μθ(s) by
// more than σ, and some to be clipped, so that the test sees the scale h
// and the box.
func TestDDPGExplorationReplaysTheAgentStream(t *testing.T) {
	c := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	// Steps 200: a run that ends before its first update (step 200) is
	// refused; the epoch below stops at 160.
	c.StepsPerEpoch, c.Steps, c.StartSteps, c.UpdateAfter = 160, 200, 100, 160
	c.ActNoise = 0.1
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	// Push the actor's output towards the box's edge so that clipping occurs.
	d := a.algo.(*offPolicy).g.(*ddpg)
	d.pi.Net.ScaleLast(a.actor, 0)
	a.actor.Data[a.actor.Len()-1] = math.Atanh(0.95) // μθ(s) = 1.9 everywhere
	state, err := a.agentSrc.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	copy(a.obs, a.env.Reset(a.envRng))
	var st EpochStats
	if err := a.algo.epoch(context.Background(), a, 160, &st); err != nil {
		t.Fatal(err)
	}
	src := &rand.PCG{}
	if err := src.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(src)
	buf := a.algo.(*offPolicy).buf
	var wide, clipped int
	for i := 0; i < 160; i++ {
		var want float64
		if i < 100 {
			want = -2 + 4*rng.Float64()
		} else {
			noisy := 1.9 + 0.1*2*rng.NormFloat64()
			want = min(max(noisy, -2), 2)
			if math.Abs(noisy-1.9) > 0.1 {
				wide++
			}
			if noisy > 2 {
				clipped++
			}
		}
		if got := buf.At(i).Action[0]; math.Abs(got-want) > 1e-15 {
			t.Fatalf("action %d = %.17g, want %.17g", i, got, want)
		}
	}
	if wide == 0 || clipped == 0 {
		t.Fatalf("%d noisy actions beyond σ, %d clipped: the test does not see h or the box", wide, clipped)
	}
}

// Updates run in bursts of UpdateEvery once UpdateAfter steps have been
// taken, on the steps that are multiples of UpdateEvery: with
// UpdateAfter = 100 and UpdateEvery = 50, an epoch of 200 steps updates
// after steps 100, 150 and 200, 150 updates.
func TestOffPolicyUpdateSchedule(t *testing.T) {
	c := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	c.StepsPerEpoch, c.Steps, c.StartSteps, c.UpdateAfter, c.UpdateEvery = 200, 200, 100, 100, 50
	c.LanczosIters = 0
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	st, err := a.RunEpoch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Updates != 150 {
		t.Fatalf("%d updates, want 150", st.Updates)
	}
}

// The λ of the epoch's schedule reaches the Stackelberg solves, on-policy
// and off-policy: with λ = 10¹⁵ the regularised correction
// ∇_{FL}ᵀf2 (∇²_F f2 + λI)⁻¹ ∇_F f1 is of order 10⁻¹⁵ of the individual
// gradient (Proposition 2's λ → ∞ limit), so one epoch of STDDPG-AL
// (STAC) ends with the parameters of one epoch of DDPG (AC) on the same
// seed and step sizes, to 1e-9 relative; with λ = 10 (STDDPG) or 0.1
// (STAC) they differ by more than 1e-6, so the comparison sees λ.
func TestScheduledLambdaReachesTheSolve(t *testing.T) {
	for _, tc := range []struct {
		env            string
		st, plain      Algo
		moderateLambda float64
	}{{"Pendulum-v1", STDDPG, DDPG, 10}, {"CartPole-v1", STAC, AC, 0.1}} {
		t.Run(string(tc.st), func(t *testing.T) {
			run := func(algo Algo, lambda float64) (*Agent, EpochStats) {
				c := tinyConfig(t, tc.env, algo, ActorLeads)
				c.DType, c.LanczosIters, c.TestEpisodes = ad.Float64, 0, 1
				c.ActorLR = 0.01
				c.CG = CG{Iters: 20, Tol: 1e-12, Lambda: lambda, LambdaDecay: 1}
				a, err := New(c)
				if err != nil {
					t.Fatal(err)
				}
				st, err := a.RunEpoch(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				return a, st
			}
			params := func(a *Agent) []float64 {
				return append(append([]float64(nil), a.actor.Data...), a.critic.Data...)
			}
			plain, _ := run(tc.plain, 0)
			huge, st := run(tc.st, 1e15)
			if st.Lambda != 1e15 || st.Updates == 0 {
				t.Fatalf("epoch λ %v, %d updates", st.Lambda, st.Updates)
			}
			if e := relErr(params(huge), params(plain)); e > 1e-9 {
				t.Errorf("λ = 1e15: parameters differ from %s's by %.3g relative", tc.plain, e)
			}
			moderate, _ := run(tc.st, tc.moderateLambda)
			if e := relErr(params(moderate), params(plain)); e < 1e-6 {
				t.Errorf("λ = %v: parameters within %.3g of %s's; the test does not see λ", tc.moderateLambda, e, tc.plain)
			}
		})
	}
}

package agent

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/nn"
)

// The authors' estimator (Config.Mixed = MixedAuthors) equals a dense
// evaluation of their construction written independently: ∇wJ the gradient
// of the batch's mean value, the mixed Jacobian ∇w∇θS of the surrogate
// S = 2·mean_t(log π(a_t|s_t) Ân_t)·(R̂_0 − V_w(s_0)) by ad.Jacobian, a dense
// regularised critic Hessian and an LU solve; total = ∇θJ − ∇w∇θS·z.
// Tolerance 1e-6 relative. The test also checks the consequence stated in
// the documentation: the result is parallel to ∇θJ.
func TestAuthorsEstimatorMatchesDense(t *testing.T) {
	c, err := Defaults("CartPole-v0", STAC)
	if err != nil {
		t.Fatal(err)
	}
	c.Hidden, c.StepsPerEpoch, c.Steps, c.Seed, c.Mixed = []int{5}, 60, 60, 3, MixedAuthors
	a, o := collectEpoch(t, c, 60)
	n := o.buf.n
	mu, sd := meanStd(o.buf.adv[:n])
	for i := 0; i < n; i++ {
		o.advN[i] = (o.buf.adv[i] - mu) / sd
	}
	gJ := make([]float64, a.actor.Len())
	o.logLikelihoodGrad(a, o.advN, gJ)

	obs, act, _, _ := o.batch()
	surrogate := func(tp *ad.Tape, th, w nn.Bound) *ad.Node {
		lp := o.pol.logProb(th, tp.Const(obs), tp.Const(act))
		j := ad.Mean(ad.Mul(lp, tp.Const(ad.NewTensor(n, 1, o.advN[:n]))))
		v0 := ad.Sum(o.v.Forward(w, tp.Const(ad.NewTensor(1, obs.Cols, obs.Data[:obs.Cols]))))
		return ad.Scale(ad.Mul(j, ad.Sub(tp.Const(ad.NewTensor(1, 1, []float64{o.buf.ret[0]})), v0)), 2)
	}
	tp := ad.NewTape()
	th, w := a.actor.Var(tp), a.critic.Var(tp)
	gth := ad.Grad(surrogate(tp, th, w), th.Nodes...)
	flat := make([]*ad.Node, len(gth))
	for i, g := range gth {
		flat[i] = ad.Reshape(g, 1, g.Rows()*g.Cols())
	}
	M := ad.Jacobian(ad.ConcatCols(flat...), w.Nodes...) // nθ × nw
	nth, nw := a.actor.Len(), a.critic.Len()
	tp = ad.NewTape()
	w = a.critic.Var(tp)
	H := ad.Hessian(o.valueLoss(tp, nn.Bound{}, w), w.Nodes...)
	gwJ := fd(a.critic, func() float64 { // ∇w mean_t V_w(s_t) by finite differences
		out := make([]float64, 1)
		s := 0.0
		for i := 0; i < n; i++ {
			o.v.Apply(a.critic, obs.Data[i*obs.Cols:(i+1)*obs.Cols], out)
			s += out[0]
		}
		return s / float64(n)
	})
	lambda := max(0, -symMinEig(H)) + 0.1
	Hl := append([]float64(nil), H.Data...)
	for i := 0; i < nw; i++ {
		Hl[i*nw+i] += lambda
	}
	z := denseSolve(t, nw, Hl, gwJ)
	want := append([]float64(nil), gJ...)
	for i := 0; i < nth; i++ {
		for j := 0; j < nw; j++ {
			want[i] -= M.Data[i*nw+j] * z[j]
		}
	}

	copy(a.actorGrad, gJ)
	a.cfg.CG = CG{Iters: 20 * nw, Tol: 1e-14}
	if _, err := o.authorsCorrection(context.Background(), a, sd, lambda); err != nil {
		t.Fatal(err)
	}
	if e := relErr(a.actorGrad, want); e > 1e-6 {
		t.Fatalf("authors' total derivative vs dense construction: relative error %.3g", e)
	}
	if e := relErr(gJ, want); e < 1e-3 {
		t.Fatalf("correction negligible (%.3g relative); the test is vacuous", e)
	}
	// Parallel to ∇θJ: |cos| = 1 within 1e-12.
	var dot, nn1, nn2 float64
	for i := range gJ {
		dot += gJ[i] * a.actorGrad[i]
		nn1 += gJ[i] * gJ[i]
		nn2 += a.actorGrad[i] * a.actorGrad[i]
	}
	if cos := math.Abs(dot) / math.Sqrt(nn1*nn2); math.Abs(cos-1) > 1e-12 {
		t.Fatalf("authors' total derivative not parallel to ∇θJ: |cos| = %.15f", cos)
	}
}

// Gradient noise: with σ > 0, the actor's first step differs from the
// noiseless run by exactly −α_θ·σ·ε (Eq. 5 plus the authors' noise), ε the
// first normals of the noise stream; the critic's parameters differ too.
// With σ = 0 nothing is drawn and the run is the noiseless one.
func TestGradientNoiseIsTheStatedPerturbation(t *testing.T) {
	base := tinyConfig(t, "CartPole-v0", AC, ActorLeads)
	base.Steps, base.LanczosIters = base.StepsPerEpoch, 0
	run := func(c Config) *Agent {
		a, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.RunEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
		return a
	}
	plain := run(base)
	noisy := base
	noisy.GradNoise = 0.05
	b := run(noisy)
	eps := rand.New(rand.NewPCG(base.Seed, seedConstant+streamNoise))
	for i, v := range b.actor.Data {
		want := plain.actor.Data[i] - base.ActorLR*0.05*eps.NormFloat64()
		if math.Abs(v-want) > 1e-12*max(1, math.Abs(want)) {
			t.Fatalf("actor[%d] = %v, want %v", i, v, want)
		}
	}
	if sameBits(b.critic.Data, plain.critic.Data) {
		t.Fatal("critic unaffected by gradient noise")
	}
	zero := base
	zero.GradNoise = 0
	if z := run(zero); !sameBits(z.actor.Data, plain.actor.Data) || !sameBits(z.critic.Data, plain.critic.Data) {
		t.Fatal("σ = 0 changed the run")
	}
}

// Without normalisation the actor's individual gradient is the
// log-likelihood gradient weighted by the raw advantages; with it, by the
// normalised ones: the first is σ_A times the second plus the mean's term.
// Checked through the first actor step of AC: θ₁ − θ₀ = α_θ ∇θJ.
func TestRawAdvantagesOption(t *testing.T) {
	c := tinyConfig(t, "CartPole-v0", AC, ActorLeads)
	c.Steps, c.LanczosIters, c.RawAdvantages = c.StepsPerEpoch, 0, true
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	th0 := append([]float64(nil), a.actor.Data...)
	if _, err := a.RunEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
	o := a.algo.(*onPolicy)
	n := o.buf.n
	// The rollout still holds the epoch; recompute ∇θJ with raw advantages at θ₀.
	th1 := append([]float64(nil), a.actor.Data...)
	copy(a.actor.Data, th0)
	g := make([]float64, len(th0))
	o.logLikelihoodGrad(a, o.buf.adv[:n], g)
	for i := range g {
		if want := th0[i] + c.ActorLR*g[i]; math.Abs(th1[i]-want) > 1e-12*max(1, math.Abs(want)) {
			t.Fatalf("θ[%d] = %v after one step with raw advantages, want %v", i, th1[i], want)
		}
	}
}

// CartPole-v0 is CartPole with 200-step episodes and threshold 195.
func TestCartPoleV0(t *testing.T) {
	s, ok := env.Lookup("CartPole-v0")
	if !ok || s.MaxEpisodeSteps != 200 || s.RewardThreshold != 195 {
		t.Fatalf("CartPole-v0 spec %+v", s)
	}
}

// A run "as in the authors' code" (CartPole-v0, σ = 0.05, the authors'
// estimator) resumed from a checkpoint continues bit for bit: the noise
// stream is saved.
func TestAuthorsRunResumesBitIdentical(t *testing.T) {
	c := tinyConfig(t, "CartPole-v0", STAC, ActorLeads)
	c.GradNoise, c.Mixed, c.Steps = 0.05, MixedAuthors, 2*c.StepsPerEpoch
	ctx := context.Background()
	full, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	var last EpochStats
	for !full.Done() {
		if last, err = full.RunEpoch(ctx); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := New(c)
	if _, err := a.RunEpoch(ctx); err != nil {
		t.Fatal(err)
	}
	b := reload(t, a)
	st, err := b.RunEpoch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !sameStats(st, last) || !sameBits(b.actor.Data, full.actor.Data) || !sameBits(b.critic.Data, full.critic.Data) {
		t.Fatal("resumed run differs from the uninterrupted one")
	}
}

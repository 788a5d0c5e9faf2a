package agent

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/nn"
	"github.com/stackel/stackel/rl/replay"
	"gonum.org/v1/gonum/mat"
)

// smallAgent builds an off-policy agent with tiny networks on Pendulum-v1
// and a replay buffer of random transitions, with one mini-batch prepared.
func smallAgent(t *testing.T, algo Algo, leader Leader, hidden []int) (*Agent, game) {
	return smallAgentOf(t, algo, leader, hidden, ad.Float64)
}

// smallAgentOf is smallAgent computing in dtype d. (The tests of the
// mathematics use float64, so that their tolerances test the formulas
// rather than float32 rounding.)
func smallAgentOf(t *testing.T, algo Algo, leader Leader, hidden []int, d ad.DType) (*Agent, game) {
	t.Helper()
	c, err := Defaults("Pendulum-v1", algo)
	if err != nil {
		t.Fatal(err)
	}
	c.Hidden, c.Leader, c.BatchSize, c.Seed, c.DType = hidden, leader, 16, 3, d
	a, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	o := a.algo.(*offPolicy)
	rng := rand.New(rand.NewPCG(5, 6))
	obs, act, next := make([]float64, 3), make([]float64, 1), make([]float64, 3)
	for i := 0; i < 64; i++ {
		for j := range obs {
			obs[j], next[j] = rng.NormFloat64(), rng.NormFloat64()
		}
		act[0] = 4*rng.Float64() - 2
		o.buf.Add(obs, act, -rng.Float64()*5, next, i%7 == 0)
	}
	// Move the target critic away from the online one so that the target
	// term is not a copy.
	for i := range a.target.Data {
		a.target.Data[i] += 0.1 * rng.NormFloat64()
	}
	o.sample(a)
	return a, o.g
}

// denseTotal computes ∇_L f1 − (∇_L∇_F f2)(∇²_F f2 + λI)⁻¹ ∇_F f1 with dense
// Hessians and Jacobians from package ad and an LU solve, and returns it
// with the individual gradient ∇_L f1 and the follower Hessian's smallest
// eigenvalue. The total is nil when ∇²_F f2 + λI is not positive definite.
func denseTotal(t *testing.T, f1, f2 objective, leader, follower *nn.Params, lambda float64) ([]float64, []float64, float64) {
	t.Helper()
	nL, nF := leader.Len(), follower.Len()
	tp := ad.NewTape()
	L, F := leader.Var(tp), follower.Var(tp)
	gs := ad.Grad(f1(tp, L, F), append(append([]*ad.Node{}, L.Nodes...), F.Nodes...)...)
	gL, gF := make([]float64, nL), make([]float64, nF)
	L.Flatten(gs[:len(L.Nodes)], gL)
	F.Flatten(gs[len(L.Nodes):], gF)

	tp = ad.NewTape()
	L, F = leader.Var(tp), follower.Var(tp)
	y2 := f2(tp, L, F)
	H := ad.Hessian(y2, F.Nodes...)
	g2 := F.GradNodes(y2)
	flat := make([]*ad.Node, len(g2))
	for i, g := range g2 {
		flat[i] = ad.Reshape(g, 1, g.Rows()*g.Cols())
	}
	M := ad.Jacobian(ad.ConcatCols(flat...), L.Nodes...) // nF × nL

	Hm := mat.NewDense(nF, nF, append([]float64(nil), H.Data...))
	sym := mat.NewSymDense(nF, nil)
	for i := 0; i < nF; i++ {
		for j := 0; j < nF; j++ {
			sym.SetSym(i, j, (Hm.At(i, j)+Hm.At(j, i))/2)
		}
		Hm.Set(i, i, Hm.At(i, i)+lambda)
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, false) {
		t.Fatal("eigen-decomposition failed")
	}
	minEig := eig.Values(nil)[0]
	if minEig+lambda <= 0 {
		return nil, gL, minEig // (H + λI) is not positive definite: no solve
	}
	var z mat.VecDense
	if err := z.SolveVec(Hm, mat.NewVecDense(nF, gF)); err != nil {
		t.Fatal(err)
	}
	total := append([]float64(nil), gL...)
	for i := 0; i < nL; i++ {
		for j := 0; j < nF; j++ {
			total[i] -= M.Data[j*nL+i] * z.AtVec(j)
		}
	}
	return total, gL, minEig
}

func relErr(got, want []float64) float64 {
	d := make([]float64, len(got))
	for i := range got {
		d[i] = got[i] - want[i]
	}
	return norm(d) / norm(want)
}

// costs returns (f1, f2, leader, follower) for the leader designation.
func costs(a *Agent, g game, leader Leader) (objective, objective, *nn.Params, *nn.Params) {
	if leader == CriticLeads {
		return swap(g.L), swap(neg(g.J)), a.critic, a.actor
	}
	return neg(g.J), g.L, a.actor, a.critic
}

// The total derivative of Eq. 15/16 computed with CG on Hessian–vector
// products matches the dense solve with explicit Hessian and mixed Jacobian
// to 1e-6 relative, for DDPG and SAC games with either leader. λ is set
// just above what makes the follower Hessian positive definite, so that CG
// applies; CG runs to convergence (tolerance 1e-13, as many iterations as
// unknowns).
func TestTotalDerivativeCGMatchesDense(t *testing.T) {
	for _, tc := range []struct {
		algo   Algo
		leader Leader
	}{{STDDPG, ActorLeads}, {STDDPG, CriticLeads}, {STSAC, ActorLeads}, {STSAC, CriticLeads}} {
		t.Run(string(tc.algo)+"-"+string(tc.leader), func(t *testing.T) {
			a, g := smallAgent(t, tc.algo, tc.leader, []int{6})
			f1, f2, leader, follower := costs(a, g, tc.leader)
			_, _, minEig := denseTotal(t, f1, f2, leader, follower, 0)
			lambda := max(0, -minEig) + 0.05
			want, _, _ := denseTotal(t, f1, f2, leader, follower, lambda)
			got := make([]float64, leader.Len())
			gF := make([]float64, follower.Len())
			cg := CG{Iters: 10 * follower.Len(), Tol: 1e-13}
			st, err := a.solver.total(context.Background(), f1, f2, leader, follower, cg, lambda, got, gF)
			if err != nil {
				t.Fatal(err)
			}
			if e := relErr(got, want); e > 1e-6 {
				t.Fatalf("CG total derivative differs from the dense one by %.3g relative (CG %d iterations, residual %.3g)", e, st.CG.Iterations, st.CG.Residual)
			}
			t.Logf("n_F=%d λ=%.3g: relative error %.2g after %d CG iterations", follower.Len(), lambda, relErr(got, want), st.CG.Iterations)
		})
	}
}

// Proposition 2: as λ → ∞ the regularised total derivative tends to the
// individual gradient ∇_L f1, the gap shrinking like 1/λ; as λ → 0 it
// tends to the unregularised total derivative (here with a positive-definite
// follower Hessian, the critic's of DDPG at λ = 0 after shifting by its
// smallest eigenvalue).
func TestProposition2Limits(t *testing.T) {
	a, g := smallAgent(t, STDDPG, ActorLeads, []int{6})
	f1, f2, leader, follower := costs(a, g, ActorLeads)
	got := make([]float64, leader.Len())
	gF := make([]float64, follower.Len())
	cg := CG{Iters: 10 * follower.Len(), Tol: 1e-13}
	gap := func(lambda float64) float64 {
		if _, err := a.solver.total(context.Background(), f1, f2, leader, follower, cg, lambda, got, gF); err != nil {
			t.Fatal(err)
		}
		_, indiv, _ := denseTotal(t, f1, f2, leader, follower, 0)
		return relErr(got, indiv)
	}
	g4, g6, g10 := gap(1e4), gap(1e6), gap(1e10)
	if g10 > 1e-7 {
		t.Errorf("λ=1e10: total derivative differs from the individual gradient by %.3g relative, want < 1e-7", g10)
	}
	if r := g4 / g6; math.Abs(r-100)/100 > 0.05 {
		t.Errorf("gap ratio between λ=1e4 and λ=1e6 is %.4g, want 100 ± 5%% (gap ∝ 1/λ)", r)
	}
	// λ → 0, on a game whose follower Hessian is positive definite at
	// λ = 0 (a linear critic): the solver's regularised total derivative
	// approaches the unregularised dense one.
	g2, actor, critic := linearCriticGame(t, DDPG, rand.New(rand.NewPCG(31, 32)))
	want, _, minEig := denseTotal(t, neg(g2.J), g2.L, actor, critic, 0)
	if want == nil || minEig <= 0 {
		t.Fatalf("linear-critic Hessian not positive definite (smallest eigenvalue %g)", minEig)
	}
	s := newSolver(ad.Float64, ad.Float64)
	got2, gF2 := make([]float64, actor.Len()), make([]float64, critic.Len())
	var prev float64 = math.Inf(1)
	for _, l := range []float64{1e-2, 1e-4, 1e-8} {
		if _, err := s.total(context.Background(), neg(g2.J), g2.L, actor, critic, cg, l, got2, gF2); err != nil {
			t.Fatal(err)
		}
		e := relErr(got2, want)
		if e >= prev {
			t.Errorf("λ=%g: gap %.3g did not shrink (previous %.3g)", l, e, prev)
		}
		prev = e
	}
	if prev > 1e-6 {
		t.Errorf("λ=1e-8: regularised total derivative differs from the λ=0 one by %.3g relative", prev)
	}
}

// linearCriticGame builds DDPG and SAC games whose critics are linear in
// their inputs, so that L(θ, ·) is quadratic and the follower's best
// response w*(θ) = argmin_w L(θ, w) is the solution of one linear system.
func linearCriticGame(t *testing.T, algo Algo, rng *rand.Rand) (game, *nn.Params, *nn.Params) {
	const obsDim, actDim, batch = 3, 1, 12
	actor, critic := &nn.Params{}, &nn.Params{}
	low, high := []float64{-2}, []float64{2}
	var g game
	switch algo {
	case DDPG:
		d := &ddpg{gamma: 0.9, discount: make([]float64, batch)}
		d.pi = nn.NewDeterministic(actor, obsDim, []int{5}, nn.Tanh, low, high)
		d.pi.Net.Init(actor, rng)
		d.q = nn.NewMLP(critic, []int{obsDim + actDim, 1}, nn.Relu, nn.Identity)
		d.q.Init(critic, rng)
		d.target = critic.Clone()
		g = d
	case SAC:
		s := &sac{gamma: 0.9, alpha: 0.2, discount: make([]float64, batch),
			eps: ad.Zeros(batch, actDim), epsNext: ad.Zeros(batch, actDim)}
		s.pi = nn.NewSquashed(actor, obsDim, []int{5}, nn.Tanh, low, high)
		s.pi.Net.Init(actor, rng)
		s.q1 = nn.NewMLP(critic, []int{obsDim + actDim, 1}, nn.Relu, nn.Identity)
		s.q2 = nn.NewMLP(critic, []int{obsDim + actDim, 1}, nn.Relu, nn.Identity)
		s.q1.Init(critic, rng)
		s.q2.Init(critic, rng)
		s.target = critic.Clone()
		g = s
	}
	for i := range critic.Data {
		critic.Data[i] += 0.3 * rng.NormFloat64()
	}
	b := replay.NewBatch(batch, obsDim, actDim)
	for i := range b.Obs {
		b.Obs[i], b.NextObs[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	for i := 0; i < batch; i++ {
		b.Act[i] = 4*rng.Float64() - 2
		b.Rew[i] = -5 * rng.Float64()
		if i%5 == 0 {
			b.Done[i] = 1
		}
	}
	g.prepare(b, rng)
	return g, actor, critic
}

// bestResponse sets w to argmin_w L(θ, w) for a game whose L is quadratic
// in w: one Newton step from any w is exact.
func bestResponse(t *testing.T, g game, actor, critic *nn.Params) {
	t.Helper()
	tp := ad.NewTape()
	th, w := actor.Const(tp), critic.Var(tp)
	y := g.L(tp, th, w)
	H := ad.Hessian(y, w.Nodes...)
	grad := make([]float64, critic.Len())
	w.Flatten(w.GradNodes(y), grad)
	n := critic.Len()
	var step mat.VecDense
	if err := step.SolveVec(mat.NewDense(n, n, H.Data), mat.NewVecDense(n, grad)); err != nil {
		t.Fatal(err)
	}
	for i := range critic.Data {
		critic.Data[i] -= step.AtVec(i)
	}
}

// Eq. 15 is the derivative of θ ↦ J(θ, w*(θ)) (implicit function theorem):
// with linear critics the best response is exact, so the Stackelberg
// gradient computed by the solver (λ = 0, CG to convergence) must match
// central finite differences (step 1e-5) of J(θ, w*(θ)) to 1e-6 relative.
func TestActorLeaderTotalDerivativeFiniteDifferences(t *testing.T) {
	for _, algo := range []Algo{DDPG, SAC} {
		t.Run(string(algo), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(21, 22))
			g, actor, critic := linearCriticGame(t, algo, rng)
			bestResponse(t, g, actor, critic)
			s := newSolver(ad.Float64, ad.Float64)
			got := make([]float64, actor.Len())
			gF := make([]float64, critic.Len())
			cg := CG{Iters: 100, Tol: 1e-14}
			if _, err := s.total(context.Background(), neg(g.J), g.L, actor, critic, cg, 0, got, gF); err != nil {
				t.Fatal(err)
			}
			scale(got, -1) // ∇J = −∇(−J)
			if n := norm(gF); n > 1e-8 {
				t.Fatalf("critic not at its best response: ‖∇wL‖ = %g", n)
			}
			jStar := func() float64 {
				bestResponse(t, g, actor, critic)
				tp := ad.NewTape()
				return g.J(tp, actor.Const(tp), critic.Const(tp)).Scalar()
			}
			fd := fdStep(actor, 1e-5, jStar)
			bestResponse(t, g, actor, critic)
			if e := relErr(got, fd); e > 1e-6 {
				t.Fatalf("total derivative vs finite differences of J(θ, w*(θ)): relative error %.3g", e)
			}
			// And it differs from the individual gradient, or the test
			// would not distinguish them.
			indiv := make([]float64, actor.Len())
			s.partial(g.J, actor, critic, true, indiv)
			if e := relErr(indiv, fd); e < 1e-3 {
				t.Fatalf("individual gradient equals the total derivative (rel. diff %.3g); the test is vacuous", e)
			}
		})
	}
}

// The regularised total derivative (CG on Hessian–vector products, the
// mixed product) computed by a float32 agent agrees with the float64 one on
// the same small networks and mini-batch to 1e-4 relative, for DDPG and SAC
// with either leader.
func TestTotalDerivativeFloat32MatchesFloat64(t *testing.T) {
	for _, algo := range []Algo{STDDPG, STSAC} {
		for _, leader := range []Leader{ActorLeads, CriticLeads} {
			t.Run(string(algo)+"/"+string(leader), func(t *testing.T) {
				a64, g64 := smallAgentOf(t, algo, leader, []int{16, 16}, ad.Float64)
				a32, g32 := smallAgentOf(t, algo, leader, []int{16, 16}, ad.Float32)
				// The same parameters in both, representable in float32.
				for _, p := range [][2]*nn.Params{{a64.actor, a32.actor}, {a64.critic, a32.critic}} {
					for i, v := range p[0].Data {
						p[0].Data[i] = float64(float32(v))
						p[1].Data[i] = p[0].Data[i]
					}
				}
				total := func(a *Agent, g game) ([]float64, totalStats) {
					f1, f2, leader, follower := costs(a, g, leader)
					dst, gF := make([]float64, leader.Len()), make([]float64, follower.Len())
					st, err := a.solver.total(context.Background(), f1, f2, leader, follower, CG{Iters: 10, Tol: 1e-10}, 500, dst, gF)
					if err != nil {
						t.Fatal(err)
					}
					return dst, st
				}
				want, st64 := total(a64, g64)
				got, st32 := total(a32, g32)
				if e := relErr(got, want); e > 1e-4 {
					t.Errorf("total derivative: float32 differs from float64 by %.3g relative", e)
				}
				if math.Abs(st32.Value-st64.Value) > 1e-4*(1+math.Abs(st64.Value)) {
					t.Errorf("leader cost: float32 %v, float64 %v", st32.Value, st64.Value)
				}
				if st64.TotalNorm == 0 || math.Abs(st64.TotalNorm-st64.IndividualNorm) < 1e-6*st64.TotalNorm {
					t.Errorf("the correction is negligible (‖∇f1‖ %v, ‖∇^λ f1‖ %v); the test is vacuous", st64.IndividualNorm, st64.TotalNorm)
				}
			})
		}
	}
}

// TestHessianPrecision checks which element type the follower's Hessian
// products get (Config.HessianDType), and why float64 is the default when
// λ = 0: on an indefinite, ill-conditioned follower Hessian (diagonal, with
// eigenvalues from 10³ down to ±10⁻³, condition number 10⁶) fifteen CG
// steps solve H z = b to 2e-8 relative with float64 products and are off
// by 120 % with float32 ones; at ten steps float32's residual is 30 times
// float64's.
func TestHessianPrecision(t *testing.T) {
	cartpole, err := Defaults("CartPole-v1", STAC)
	if err != nil {
		t.Fatal(err)
	}
	pendulum, err := Defaults("Pendulum-v1", STDDPG)
	if err != nil {
		t.Fatal(err)
	}
	with := func(c Config, edit func(*Config)) Config { edit(&c); return c }
	for _, tc := range []struct {
		name string
		c    Config
		want ad.DType
	}{
		{"CartPole λ=0", cartpole, ad.Float64},
		{"CartPole λ=0, hessian float32", with(cartpole, func(c *Config) { c.CG.Hessian = HessianFloat32 }), ad.Float32},
		{"Pendulum λ=500", pendulum, ad.Float32},
		{"Pendulum λ=500, dtype float64", with(pendulum, func(c *Config) { c.DType = ad.Float64 }), ad.Float64},
		{"Pendulum λ=500, hessian float64", with(pendulum, func(c *Config) { c.CG.Hessian = HessianFloat64 }), ad.Float64},
		{"Pendulum λ=0", with(pendulum, func(c *Config) { c.CG.Lambda = 0 }), ad.Float64},
		{"Pendulum λ decaying to 0", with(pendulum, func(c *Config) { c.CG.LambdaDecay = 0.9 }), ad.Float64},
		{"Pendulum λ decaying to 1", with(pendulum, func(c *Config) { c.CG.LambdaDecay, c.CG.LambdaMin = 0.9, 1 }), ad.Float32},
	} {
		if got := tc.c.HessianDType(); got != tc.want {
			t.Errorf("%s: Hessian dtype %v, want %v", tc.name, got, tc.want)
		}
	}
	a, err := New(cartpole)
	if err != nil {
		t.Fatal(err)
	}
	if a.solver.tape.DType() != ad.Float32 || a.solver.hvpTape.DType() != ad.Float64 {
		t.Errorf("STAC on CartPole: tapes %v/%v, want float32 with float64 Hessian products", a.solver.tape.DType(), a.solver.hvpTape.DType())
	}
	if err := with(cartpole, func(c *Config) { c.CG.Hessian = "float16" }).Validate(); err == nil || !strings.Contains(err.Error(), "hessian_dtype") {
		t.Errorf("hessian float16: error %v, want one naming hessian_dtype", err)
	}

	eig := []float64{1e3, 300, 50, 10, 1, -1, -20, 0.05, -0.01, 1e-3}
	b := []float64{0.3, -1.2, 0.7, 2.1, -0.4, 1.5, -0.9, 0.25, 0.6, -0.8}
	follower, leader := &nn.Params{}, &nn.Params{}
	follower.Add(1, len(eig))
	leader.Add(1, 1)
	follower.Data = make([]float64, len(eig))
	leader.Data = make([]float64, 1)
	f2 := func(tp *ad.Tape, _, f nn.Bound) *ad.Node { // ½ Σ_i eig_i x_i²
		return ad.Scale(ad.Sum(ad.Mul(tp.Const(ad.NewTensor(1, len(eig), eig)), ad.Square(f.Nodes[0]))), 0.5)
	}
	solve := func(hd ad.DType, iters int) (relErrZ, residual float64) {
		s := newSolver(ad.Float32, hd)
		z, res, err := s.solve(context.Background(), s.hessian(f2, leader, follower), b, CG{Iters: iters, Tol: 1e-14}, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]float64, len(b))
		for i := range b {
			want[i] = b[i] / eig[i]
		}
		return relErr(z, want), res.Residual
	}
	// Fifteen steps: float64 has converged, float32 has not.
	if e, _ := solve(ad.Float64, 15); e > 1e-6 {
		t.Errorf("15 CG steps, float64 Hessian products: solution off by %.3g relative, want ≤ 1e-6", e)
	}
	if e, _ := solve(ad.Float32, 15); e < 1e-2 {
		t.Errorf("15 CG steps, float32 Hessian products: solution off by only %.3g relative; the case does not show why float64 is the default", e)
	}
	// Ten steps (the default): neither has converged, and float32's
	// residual is the blow-up seen in float32 STAC runs (172 against 6).
	_, r64 := solve(ad.Float64, 10)
	_, r32 := solve(ad.Float32, 10)
	if r32 < 10*r64 {
		t.Errorf("10 CG steps: residual %.3g with float32 products, %.3g with float64; want float32's ≥ 10× float64's", r32, r64)
	}
}

// quadraticActorGame is a two-player game on small parameter vectors
// θ ∈ R³ and w ∈ R⁴ whose actor objective is strictly concave and
// quadratic in θ,
//
//	J(θ, w) = −½ θᵀAθ + θ·tanh(Bw),       A = diag(a) ≻ 0,
//	L(θ, w) = ‖w − tanh(Cᵀθ) − r‖² + ‖θ ⊙ θ‖²/10,
//
// so that the actor's best response to w, regularised as in Section 4.5
// (the critic, leading, sees the actor minimise −J + λ/2‖θ‖²), is
// θ*_λ(w) = (A + λI)⁻¹ tanh(Bw) in closed form. It returns J, L, θ, w and
// θ*_λ.
func quadraticActorGame(rng *rand.Rand) (J, L objective, actor, critic *nn.Params, best func(lambda float64) []float64) {
	const nTh, nW = 3, 4
	actor, critic = &nn.Params{}, &nn.Params{}
	actor.Add(1, nTh)
	critic.Add(1, nW)
	a := []float64{1.5, 0.8, 2.2}
	B, C, r := ad.Zeros(nW, nTh), ad.Zeros(nTh, nW), ad.Zeros(1, nW)
	for _, x := range [][]float64{B.Data, C.Data, r.Data, actor.Data, critic.Data} {
		for i := range x {
			x[i] = rng.NormFloat64()
		}
	}
	A := ad.Zeros(1, nTh)
	copy(A.Data, a)
	J = func(t *ad.Tape, th, w nn.Bound) *ad.Node {
		x, y := th.Nodes[0], w.Nodes[0]
		quad := ad.Scale(ad.Dot(ad.Mul(t.Const(A), x), x), -0.5)
		return ad.Add(quad, ad.Dot(x, ad.Tanh(ad.MatMul(y, t.Const(B)))))
	}
	L = func(t *ad.Tape, th, w nn.Bound) *ad.Node {
		x, y := th.Nodes[0], w.Nodes[0]
		e := ad.Sub(y, ad.Add(ad.Tanh(ad.MatMul(x, t.Const(C))), t.Const(r)))
		return ad.Add(ad.Sum(ad.Square(e)), ad.Scale(ad.Sum(ad.Square(ad.Mul(x, x))), 0.1))
	}
	best = func(lambda float64) []float64 {
		out := make([]float64, nTh)
		for i := range out {
			u := 0.0
			for j := 0; j < nW; j++ {
				u += critic.Data[j] * B.Data[j*nTh+i]
			}
			out[i] = math.Tanh(u) / (a[i] + lambda)
		}
		return out
	}
	return J, L, actor, critic, best
}

// Eq. 16 (critic leading) is the derivative of w ↦ L(θ*(w), w), and its
// regularised form is what Section 4.5 says it is: the derivative of
// w ↦ L(θ*_λ(w), w) for the best response θ*_λ of an actor that minimises
// −J + λ/2‖θ‖² (Proposition 2's "regularised cost"). The solver's
// critic-leading total derivative — follower cost −J, (−∇²_θ J + λI)⁻¹, as
// offPolicy.update calls it — must match central finite differences (step
// 1e-6) of that composite at θ = θ*_λ(w) to 1e-7 relative, for λ = 0 and
// λ = 0.7. The printed form of Algorithm 2, (∇²_θ J + λI)⁻¹, coincides at
// λ = 0 and must miss it at λ = 0.7 (relative error above 0.05: here
// ∇²_θ J = −A, so it inverts λI − A), as must the individual gradient ∇wL.
func TestCriticLeaderTotalDerivativeFiniteDifferences(t *testing.T) {
	J, L, actor, critic, best := quadraticActorGame(rand.New(rand.NewPCG(41, 42)))
	s := newSolver(ad.Float64, ad.Float64)
	cg := CG{Iters: 100, Tol: 1e-14}
	value := func() float64 {
		tp := ad.NewTape()
		return L(tp, actor.Const(tp), critic.Const(tp)).Scalar()
	}
	for _, lambda := range []float64{0, 0.7} {
		copy(actor.Data, best(lambda))
		got, gF := make([]float64, critic.Len()), make([]float64, actor.Len())
		if _, err := s.total(context.Background(), swap(L), swap(neg(J)), critic, actor, cg, lambda, got, gF); err != nil {
			t.Fatal(err)
		}
		if n := norm(gF); lambda == 0 && n > 1e-12 {
			t.Fatalf("actor not at its best response: ‖∇θJ‖ = %g", n)
		}
		fd := fdStep(critic, 1e-6, func() float64 {
			copy(actor.Data, best(lambda))
			return value()
		})
		copy(actor.Data, best(lambda))
		if e := relErr(got, fd); e > 1e-7 {
			t.Errorf("λ=%g: critic-leader total derivative vs finite differences of L(θ*_λ(w), w): relative error %.3g", lambda, e)
		}
		// Algorithm 2 as printed: follower "cost" J, ∇²_θ J + λI.
		printed := make([]float64, critic.Len())
		if _, err := s.total(context.Background(), swap(L), swap(J), critic, actor, cg, lambda, printed, gF); err != nil {
			t.Fatal(err)
		}
		e := relErr(printed, fd)
		if lambda == 0 && e > 1e-7 {
			t.Errorf("λ=0: the printed form differs from Eq. 16 by %.3g relative", e)
		}
		if lambda > 0 && e < 0.05 {
			t.Errorf("λ=%g: the printed form (∇²_θ J + λI)⁻¹ matches the regularised best response to %.3g; the test does not separate the conventions", lambda, e)
		}
		indiv := make([]float64, critic.Len())
		s.partial(L, actor, critic, false, indiv)
		if e := relErr(indiv, fd); e < 0.05 {
			t.Errorf("λ=%g: individual gradient ∇wL matches the total derivative to %.3g; the test is vacuous", lambda, e)
		}
		t.Logf("λ=%g: code vs FD %.2g; Algorithm 2 as printed vs FD %.3g; individual vs FD %.3g", lambda, relErr(got, fd), e, relErr(indiv, fd))
	}
}

// Where λ enters with the actor leading (Algorithm 2, Section 4.5): the
// regularised total derivative ∇θJ − ∇wθᵀL (∇²_w L + λI)⁻¹ ∇wJ, taken at
// the best response w*_λ(θ) of a critic minimising L + λ/2‖w‖², is the
// derivative of θ ↦ J(θ, w*_λ(θ)). With linear critics L is quadratic in w
// and w*_λ is one Newton step; the solver's result (CG to convergence,
// λ = 0.3) must match central finite differences (step 1e-5) to 1e-6
// relative, for DDPG and SAC, while the unregularised total derivative and
// the individual gradient miss by more than 10⁻⁴ (measured: 0.3 % and 2 %
// for DDPG, 7 % and 47 % for SAC).
func TestActorLeaderRegularisedTotalDerivativeFiniteDifferences(t *testing.T) {
	const lambda = 0.3
	for _, algo := range []Algo{DDPG, SAC} {
		t.Run(string(algo), func(t *testing.T) {
			g, actor, critic := linearCriticGame(t, algo, rand.New(rand.NewPCG(21, 22)))
			// w ← w − (∇²_w L + λI)⁻¹ (∇wL + λw): exact for a quadratic L.
			best := func() {
				tp := ad.NewTape()
				w := critic.Var(tp)
				y := g.L(tp, actor.Const(tp), w)
				H := ad.Hessian(y, w.Nodes...)
				n := critic.Len()
				grad := make([]float64, n)
				w.Flatten(w.GradNodes(y), grad)
				Hl := mat.NewDense(n, n, append([]float64(nil), H.Data...))
				for i := 0; i < n; i++ {
					Hl.Set(i, i, Hl.At(i, i)+lambda)
					grad[i] += lambda * critic.Data[i]
				}
				var step mat.VecDense
				if err := step.SolveVec(Hl, mat.NewVecDense(n, grad)); err != nil {
					t.Fatal(err)
				}
				for i := range critic.Data {
					critic.Data[i] -= step.AtVec(i)
				}
			}
			best()
			s := newSolver(ad.Float64, ad.Float64)
			cg := CG{Iters: 100, Tol: 1e-14}
			got, gF := make([]float64, actor.Len()), make([]float64, critic.Len())
			if _, err := s.total(context.Background(), neg(g.J), g.L, actor, critic, cg, lambda, got, gF); err != nil {
				t.Fatal(err)
			}
			scale(got, -1)
			unreg := make([]float64, actor.Len())
			if _, err := s.total(context.Background(), neg(g.J), g.L, actor, critic, cg, 0, unreg, gF); err != nil {
				t.Fatal(err)
			}
			scale(unreg, -1)
			jStar := func() float64 {
				best()
				tp := ad.NewTape()
				return g.J(tp, actor.Const(tp), critic.Const(tp)).Scalar()
			}
			fd := fdStep(actor, 1e-5, jStar)
			best()
			if e := relErr(got, fd); e > 1e-6 {
				t.Fatalf("regularised total derivative vs finite differences of J(θ, w*_λ(θ)): relative error %.3g", e)
			}
			indiv := make([]float64, actor.Len())
			s.partial(g.J, actor, critic, true, indiv)
			for name, v := range map[string][]float64{"unregularised total derivative": unreg, "individual gradient": indiv} {
				if e := relErr(v, fd); e < 1e-4 {
					t.Errorf("the %s matches to %.3g: the test does not locate λ", name, e)
				}
			}
			t.Logf("vs FD: regularised %.2g, unregularised %.3g, individual %.3g", relErr(got, fd), relErr(unreg, fd), relErr(indiv, fd))
		})
	}
}

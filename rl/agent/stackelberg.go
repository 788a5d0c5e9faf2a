package agent

import (
	"context"
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/rl/nn"
	"github.com/stackel/stackel/total"
)

// objective records a scalar cost f(leader, follower) — a player's
// objective to be minimised — on a tape, with the given parameter nodes.
type objective func(t *ad.Tape, leader, follower nn.Bound) *ad.Node

// neg turns an objective to maximise (the actor's J) into a cost.
func neg(f objective) objective {
	return func(t *ad.Tape, l, f2 nn.Bound) *ad.Node { return ad.Neg(f(t, l, f2)) }
}

// swap exchanges the argument order of an objective written as f(θ, w), so
// that it can be called as f(leader, follower) with the critic leading.
func swap(f objective) objective {
	return func(t *ad.Tape, l, f2 nn.Bound) *ad.Node { return f(t, f2, l) }
}

// solver computes the individual gradients, Hessian–vector products and
// regularised total derivatives of a two-player game whose costs are
// recorded as objectives.
//
// It owns two tapes (one for the Hessian operator used inside CG and the
// mixed product, one for everything else) that are Reset and reused, so a
// training loop stops allocating tape storage after its first update. The
// two may have different element types (Config.HessianDType). A third,
// of the first-order type, is made on first use by partials on two
// threads.
type solver struct {
	tape, hvpTape *ad.Tape
	pairTape      *ad.Tape
	threads       int
	// L and F are the parameters bound on hvpTape, g the differentiable
	// gradient ∇_F f2 recorded there, mark the tape's position after it.
	L, F, g     nn.Bound
	mark        ad.Mark
	b, z, mixed []float64
	cg          total.CG
}

// newSolver returns a solver whose first-order passes run in d and whose
// Hessian–vector and mixed products run in hd (Config.HessianDType), on
// one thread.
func newSolver(d, hd ad.DType) *solver {
	return &solver{tape: ad.NewTapeOf(d), hvpTape: ad.NewTapeOf(hd), threads: 1}
}

// setThreads splits the large products and elementwise operations of the
// solver's tapes (ad.Tape.SetThreads), CG's vector passes and inner
// products over up to n goroutines.
func (s *solver) setThreads(n int) {
	s.threads = max(n, 1)
	s.tape.SetThreads(s.threads)
	s.hvpTape.SetThreads(s.threads)
	s.cg.Threads = s.threads
}

// overlap runs a and b, two passes on different tapes, at once on two
// threads, each pass on one (a on the calling goroutine, b on a helper of
// ad's pool; the caller runs b itself if no helper has started it when a
// is done). The passes record on two of the solver's tapes (tape and
// hvpTape, set to one thread for the stage, or tape and pairTape, which
// always has one) and write different results, and each computes the same
// bits on one thread as on
// several, so the numbers do not change. On two threads this beats
// splitting each of the passes' operations (one hand-off for the whole
// stage instead of one per large operation, and no operation cut small);
// with more threads, splitting every operation over all of them is kept.
func (s *solver) overlap(a, b func()) {
	s.tape.SetThreads(1)
	s.hvpTape.SetThreads(1)
	ad.ParallelBlocks(2, 2, func(i int) {
		if i == 0 {
			a()
		} else {
			b()
		}
	})
	s.tape.SetThreads(s.threads)
	s.hvpTape.SetThreads(s.threads)
}

// partials writes ∇_a fa(a, b) into da and ∇_b fb(a, b) into db, each
// with the other argument held constant (the two individual gradients of
// simultaneous play, Eq. 5–6 of the actor–critic paper), and returns the
// two values. The passes are independent: on exactly two threads they run
// at once (overlap), fb's on a tape of its own of the same element type,
// the same numbers as one after the other.
func (s *solver) partials(fa, fb objective, a, b *nn.Params, da, db []float64) (va, vb float64) {
	if s.threads != 2 {
		return s.partial(fa, a, b, true, da), s.partial(fb, a, b, false, db)
	}
	if s.pairTape == nil {
		s.pairTape = ad.NewTapeOf(s.tape.DType())
	}
	s.overlap(func() { va = partialOn(s.tape, fa, a, b, true, da) },
		func() { vb = partialOn(s.pairTape, fb, a, b, false, db) })
	return va, vb
}

// scratch returns a work vector of length n owned by s (the one total
// uses for the mixed product).
func (s *solver) scratch(n int) []float64 {
	s.mixed = grow(s.mixed, n)
	return s.mixed
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// partial writes ∇_x f into dst, where x is the first argument of f when
// first is set and the second otherwise, the other being held constant. It
// returns the value of f.
func (s *solver) partial(f objective, a, b *nn.Params, first bool, dst []float64) float64 {
	return partialOn(s.tape, f, a, b, first, dst)
}

// partialOn is partial on the tape t.
func partialOn(t *ad.Tape, f objective, a, b *nn.Params, first bool, dst []float64) float64 {
	t.Reset()
	if first {
		A := a.Var(t)
		y := f(t, A, b.Const(t))
		A.Grad(y, dst)
		return y.Scalar()
	}
	B := b.Var(t)
	y := f(t, a.Const(t), B)
	B.Grad(y, dst)
	return y.Scalar()
}

// hessian returns the operator v ↦ ∇²_F f2 · v at the current parameters,
// the leader held constant (the follower Hessian of Eq. 15–16). f2 and its
// differentiable gradient are recorded once, on the Hessian tape; each
// application differentiates that graph along v and rewinds the tape to
// where it was, so memory stays bounded however many CG or Lanczos
// iterations run. The operator is valid until the solver's next use.
func (s *solver) hessian(f2 objective, leader, follower *nn.Params) total.Hessian {
	t := s.hvpTape
	t.Reset()
	s.F = follower.Var(t)
	s.g = nn.Bound{Nodes: s.F.GradNodes(f2(t, leader.Const(t), s.F)), Params: follower}
	s.mark = t.Mark()
	return s.hvps()
}

// hvps returns the Hessian–vector products v ↦ ∇_F⟨g, v⟩, for g the
// differentiable gradient of a cost with respect to F (both recorded on
// the Hessian tape, the tape's position after them in mark): each product
// is a vector–Jacobian product of the recorded graph (ad.VJP), after
// which the tape is rewound to mark, so memory stays bounded however many
// products are taken. On a float32 tape the operator also has its float32
// form (CG then needs no conversion passes).
func (s *solver) hvps() total.Hessian {
	h := total.Hessian{Apply: func(dst, v []float64) {
		s.F.VJP(s.g, v, dst)
		s.hvpTape.Rewind(s.mark)
	}}
	if s.hvpTape.DType() == ad.Float32 {
		h.Apply32 = func(dst, v []float32) {
			s.F.VJP32(s.g, v, dst)
			s.hvpTape.Rewind(s.mark)
		}
	}
	return h
}

// checkedCG is the CG solver of package total (from z = 0) with the
// agents' check that the solution is finite.
type checkedCG struct{ cg *total.CG }

// Solve runs CG and rejects a non-finite solution.
func (c checkedCG) Solve(ctx context.Context, h total.Hessian, b, w []float64) (total.Info, error) {
	info, err := c.cg.Solve(ctx, h, b, w)
	// A NaN or infinite residual is total.CG's own error; a finite one
	// does not prove w finite.
	if err == nil && !loop.AllFinite(w) {
		err = fmt.Errorf("conjugate gradient: non-finite inverse-Hessian–vector product (residual %v after %d iterations, λ=%v)", info.Residual, info.Iterations, c.cg.Lambda)
	}
	return info, err
}

// setCG configures s's CG solver for one solve.
func (s *solver) setCG(cg CG, lambda float64) checkedCG {
	s.cg.Lambda, s.cg.Iters, s.cg.Tol = lambda, cg.Iters, cg.Tol
	return checkedCG{&s.cg}
}

// solve runs CG on (H + λI) z = b from z = 0 and returns z (owned by s)
// with CG's report. A non-finite solution is an error.
func (s *solver) solve(ctx context.Context, h total.Hessian, b []float64, cg CG, lambda float64) ([]float64, ad.CGResult, error) {
	s.z = grow(s.z, len(b))
	info, err := s.setCG(cg, lambda).Solve(ctx, h, b, s.z)
	res := ad.CGResult{Iterations: info.Iterations, Residual: info.Residual}
	if err != nil {
		return nil, res, err
	}
	return s.z, res, nil
}

// totalStats describes one total-derivative computation.
type totalStats struct {
	// Value is the leader's cost f1.
	Value float64
	// IndividualNorm is ‖∇_L f1‖ and TotalNorm ‖∇^λ f1‖.
	IndividualNorm, TotalNorm float64
	// FollowerValue is f2 and FollowerGradNorm ‖∇_F f2‖.
	FollowerValue, FollowerGradNorm float64
	// CG is the report of the inverse-Hessian–vector product.
	CG ad.CGResult
}

// total computes the leader's regularised total derivative (Eq. 15 with the
// actor leading, Eq. 16 with the critic leading, in the regularised form of
// Algorithm 2 and Proposition 2):
//
//	∇^λ f1 = ∇_L f1 − ∇_{FL}ᵀ f2 · (∇²_F f2 + λI)⁻¹ ∇_F f1,
//
// with f1 the leader's and f2 the follower's cost. It writes ∇^λ f1 into
// dst and the follower's individual gradient ∇_F f2 (at the same point, for
// the follower's first step) into gF. The formula is package total's
// (total.Derivative) with the CG solver; ctx is polled in the CG loop.
func (s *solver) total(ctx context.Context, f1, f2 objective, leader, follower *nn.Params, cg CG, lambda float64, dst, gF []float64) (totalStats, error) {
	var st totalStats
	nF := follower.Len()
	if leader == follower {
		panic("agent: total derivative of a player against itself")
	}
	s.b = grow(s.b, nF)

	var v1, v2 float64 // f1 and f2
	// ∇_L f1 and ∇_F f1 (first order).
	leaderPass := func() {
		t := s.tape
		t.Reset()
		L, F := leader.Var(t), follower.Var(t)
		y1 := f1(t, L, F)
		v1 = y1.Scalar()
		gs := ad.Grad1(y1, append(append([]*ad.Node{}, L.Nodes...), F.Nodes...)...)
		L.Flatten(gs[:len(L.Nodes)], dst)
		F.Flatten(gs[len(L.Nodes):], s.b)
	}
	// f2 and its differentiable gradient ∇_F f2, recorded once; every
	// Hessian–vector product of the CG solve and the mixed product below
	// differentiate this graph again, the products rewinding the tape.
	followerPass := func() {
		t2 := s.hvpTape
		t2.Reset()
		s.L, s.F = leader.Var(t2), follower.Var(t2)
		y2 := f2(t2, s.L, s.F)
		v2 = y2.Scalar()
		s.g = nn.Bound{Nodes: s.F.GradNodes(y2), Params: follower}
		s.F.Flatten(s.g.Nodes, gF)
		s.mark = t2.Mark()
	}
	if s.threads == 2 {
		s.overlap(followerPass, leaderPass)
	} else {
		leaderPass()
		followerPass()
	}
	st.Value = v1
	st.IndividualNorm = s.norm(dst)
	st.FollowerValue = v2
	st.FollowerGradNorm = s.norm(gF)

	// z = (∇²_F f2 + λI)⁻¹ ∇_F f1 by conjugate gradient on HVPs.
	h := s.hvps()
	// ∇_{FL}ᵀ f2 · z = ∇_L (∇_F f2 · z), the mixed second derivative.
	s.mixed = grow(s.mixed, leader.Len())
	mixed := func(z []float64) []float64 {
		s.L.VJP(s.g, z, s.mixed)
		return s.mixed
	}
	s.z = grow(s.z, nF)
	// The bare CG: Derivative checks z itself (checkedCG's pass over it
	// would be a second one every update).
	info, err := total.Derivative(ctx, s.setCG(cg, lambda).cg, dst, dst, s.b, h, s.z, mixed)
	st.CG = ad.CGResult{Iterations: info.Iterations, Residual: info.Residual}
	if err != nil {
		return st, err
	}
	st.TotalNorm = s.norm(dst)
	return st, nil
}

// norm is ‖x‖ for the solver's statistics: on float64 tapes the
// sequential sum (norm, what float64 runs have always reported), on float32
// tapes the sum in lanes (ad.DotLanes: CG32's order, several times faster;
// the float32 runs' numbers differ from float64 ones at the rounding level
// anyway).
func (s *solver) norm(x []float64) float64 {
	if s.tape.DType() == ad.Float32 {
		return math.Sqrt(ad.DotLanes(x, x))
	}
	return norm(x)
}

func norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

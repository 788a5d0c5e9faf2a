package agent

import (
	"context"
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/nn"
	"github.com/stackel/stackel/total"
)

// objective records a scalar cost f(leader, follower) — a player's
// objective to be minimised — on a tape, with the given parameter nodes:
// its part on row block blk of the mini-batch (solver), the cost being the
// sum of the parts of the solver's blocks in block order. With one block
// (blk = 0) the part is the whole cost.
type objective func(t *ad.Tape, leader, follower nn.Bound, blk int) *ad.Node

// neg turns an objective to maximise (the actor's J) into a cost.
func neg(f objective) objective {
	return func(t *ad.Tape, l, f2 nn.Bound, blk int) *ad.Node { return ad.Neg(f(t, l, f2, blk)) }
}

// swap exchanges the argument order of an objective written as f(θ, w), so
// that it can be called as f(leader, follower) with the critic leading.
func swap(f objective) objective {
	return func(t *ad.Tape, l, f2 nn.Bound, blk int) *ad.Node { return f(t, f2, l, blk) }
}

// solver computes the individual gradients, Hessian–vector products and
// regularised total derivatives of a two-player game whose costs are
// recorded as objectives.
//
// The costs are recorded on a fixed number of row blocks of the
// mini-batch (one unless set otherwise, Agent.setRowBlocks; never tied to
// the thread count), each block on tapes of its own: the off-policy
// objectives are means over the batch of per-sample terms, so a cost is
// the sum of its blocks' parts and so are its gradients, its
// Hessian–vector products and its mixed products. Each derivative is
// computed block by block — the blocks on up to the solver's threads at
// once (ad.ParallelBlocks), every block's whole pass one hand-off — and
// the blocks' results are added in block order (ad.AddBlocks), so the
// numbers are the same for every thread count. With one block there is
// nothing to add: the result is block 0's.
//
// Each block owns two tapes (one for the Hessian operator used inside CG
// and the mixed product, one for everything else) that are Reset and
// reused, so a training loop stops allocating tape storage after its first
// update. The two may have different element types (Config.HessianDType).
type solver struct {
	// tape and hvpTape are block 0's (with one block, the only ones).
	tape, hvpTape *ad.Tape
	blk           []block
	threads       int
	b, z, mixed   []float64
	parts         [][]float64
	parts32       [][]float32
	cg            total.CG
}

// block is one row block's tapes, the follower cost's graph recorded on
// its Hessian tape, and its parts of the results (blocks 1…; block 0
// writes into the destinations, to which the others' parts are added).
type block struct {
	tape, hvpTape *ad.Tape
	// L and F are the parameters bound on hvpTape, g the differentiable
	// gradient ∇_F f2 of the block's part, mark the tape's position after
	// it.
	L, F, g        nn.Bound
	mark           ad.Mark
	v1, v2         float64 // the parts of f1 (or the partial's f) and f2
	gL, gF, g2, hv []float64
	// hvNodes holds the block's Hessian–vector product until it is added.
	hvNodes []*ad.Node
}

// newSolver returns a solver whose first-order passes run in d and whose
// Hessian–vector and mixed products run in hd (Config.HessianDType), on
// the given number of row blocks (at least 1), on one thread.
func newSolver(d, hd ad.DType, blocks int) *solver {
	s := &solver{blk: make([]block, max(blocks, 1)), threads: 1}
	for k := range s.blk {
		s.blk[k].tape, s.blk[k].hvpTape = ad.NewTapeOf(d), ad.NewTapeOf(hd)
	}
	s.tape, s.hvpTape = s.blk[0].tape, s.blk[0].hvpTape
	return s
}

// setThreads lets the solver run up to n blocks at once, or, with one
// block, split that block's large products and elementwise operations
// (ad.Tape.SetThreads); the blocks' tapes then keep one thread each (a
// block's operations dispatched from a helper would find the pool busy).
// CG's vector passes and the sums of the blocks' results are split over
// n too.
func (s *solver) setThreads(n int) {
	s.threads = max(n, 1)
	per := s.threads
	if len(s.blk) > 1 {
		per = 1
	}
	for k := range s.blk {
		s.blk[k].tape.SetThreads(per)
		s.blk[k].hvpTape.SetThreads(per)
	}
	s.cg.Threads = s.threads
}

// overlap runs the two passes of one block's first-order stage at once on
// two threads, each pass on one (a(0) on the calling goroutine, b(0) on a
// helper of ad's pool; the caller runs b itself if no helper has started
// it when a is done). The passes record on different tapes (the block's
// Hessian tape and its first-order one) and write different results, and
// each computes the same bits on one thread as on several, so the
// numbers do not change. On two threads this beats splitting each of the
// passes' operations (one hand-off for the whole stage instead of one per
// large operation, and no operation cut small); with more threads,
// splitting every operation over all of them is kept.
func (s *solver) overlap(a, b func(k int)) {
	bl := &s.blk[0]
	bl.tape.SetThreads(1)
	bl.hvpTape.SetThreads(1)
	ad.ParallelBlocks(2, 2, func(i int) {
		if i == 0 {
			a(0)
		} else {
			b(0)
		}
	})
	bl.tape.SetThreads(s.threads)
	bl.hvpTape.SetThreads(s.threads)
}

// each calls f for every block, on up to s.threads goroutines.
func (s *solver) each(f func(k int)) { ad.ParallelBlocks(s.threads, len(s.blk), f) }

// part returns where block k writes its part of a result whose
// destination is dst: dst itself for block 0, *buf (grown to len(dst))
// for the others.
func part[T float32 | float64](k int, dst []T, buf *[]T) []T {
	if k == 0 {
		return dst
	}
	if cap(*buf) < len(dst) {
		*buf = make([]T, len(dst))
	}
	*buf = (*buf)[:len(dst)]
	return *buf
}

// addParts adds the parts of blocks 1… that sel picks (written with part)
// to dst, which holds block 0's, in block order.
func (s *solver) addParts(dst []float64, sel func(b *block) []float64) {
	if len(s.blk) == 1 {
		return
	}
	s.parts = s.parts[:0]
	for k := 1; k < len(s.blk); k++ {
		s.parts = append(s.parts, sel(&s.blk[k]))
	}
	ad.AddBlocks(s.threads, dst, s.parts)
}

// sumVals returns the sum of the blocks' values that sel picks, in block
// order.
func (s *solver) sumVals(sel func(b *block) float64) float64 {
	v := sel(&s.blk[0])
	for k := 1; k < len(s.blk); k++ {
		v += sel(&s.blk[k])
	}
	return v
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
	s.each(func(k int) {
		bl := &s.blk[k]
		t := bl.tape
		t.Reset()
		out := part(k, dst, &bl.gL)
		if first {
			A := a.Var(t)
			y := f(t, A, b.Const(t), k)
			A.Grad(y, out)
			bl.v1 = y.Scalar()
			return
		}
		B := b.Var(t)
		y := f(t, a.Const(t), B, k)
		B.Grad(y, out)
		bl.v1 = y.Scalar()
	})
	s.addParts(dst, func(b *block) []float64 { return b.gL })
	return s.sumVals(func(b *block) float64 { return b.v1 })
}

// hessian returns the operator v ↦ ∇²_F f2 · v at the current parameters,
// the leader held constant (the follower Hessian of Eq. 15–16). Each
// block's part of f2 and its differentiable gradient are recorded once, on
// the block's Hessian tape; each application differentiates those graphs
// along v and rewinds the tapes to where they were, so memory stays
// bounded however many CG or Lanczos iterations run. The operator is valid
// until the solver's next use.
func (s *solver) hessian(f2 objective, leader, follower *nn.Params) total.Hessian {
	s.each(func(k int) {
		bl := &s.blk[k]
		t := bl.hvpTape
		t.Reset()
		bl.F = follower.Var(t)
		bl.g = nn.Bound{Nodes: bl.F.GradNodes(f2(t, leader.Const(t), bl.F, k)), Params: follower}
		bl.mark = t.Mark()
	})
	return s.hvps()
}

// hvps returns the Hessian–vector products v ↦ Σ_blocks ∇_F⟨g, v⟩, for g
// each block's differentiable gradient of its part of a cost with respect
// to its F (both recorded on the block's Hessian tape, the tape's
// position after them in mark): each block's product is a vector–Jacobian
// product of its recorded graph (ad.VJP), after which its tape is rewound
// to mark, so memory stays bounded however many products are taken; the
// blocks' products are added in block order (the float32 form adds the
// blocks' nodes straight into dst, ad.SumBlocks). On float32 tapes the
// operator also has its float32 form (CG then needs no conversion
// passes).
func (s *solver) hvps() total.Hessian {
	h := total.Hessian{Apply: func(dst, v []float64) {
		s.each(func(k int) {
			bl := &s.blk[k]
			bl.F.VJP(bl.g, v, part(k, dst, &bl.hv))
			bl.hvpTape.Rewind(bl.mark)
		})
		s.addParts(dst, func(b *block) []float64 { return b.hv })
	}}
	if s.hvpTape.DType() == ad.Float32 && len(s.blk) == 1 {
		bl := &s.blk[0]
		h.Apply32 = func(dst, v []float32) {
			bl.F.VJP32(bl.g, v, dst)
			bl.hvpTape.Rewind(bl.mark)
		}
	} else if s.hvpTape.DType() == ad.Float32 {
		// Several blocks: each block's product stays in its tape's nodes
		// and dst is their sum, tensor by tensor, in block order (one pass
		// instead of copying every block's product out and adding).
		h.Apply32 = func(dst, v []float32) {
			s.each(func(k int) {
				bl := &s.blk[k]
				bl.hvNodes = bl.F.VJPNodes32(bl.g, v)
			})
			p := s.blk[0].F.Params
			for i := range s.blk[0].hvNodes {
				s.parts32 = s.parts32[:0]
				for k := range s.blk {
					s.parts32 = append(s.parts32, s.blk[k].hvNodes[i].Data32())
				}
				ad.SumBlocks(s.threads, p.Slice32(dst, i), s.parts32)
			}
			for k := range s.blk {
				s.blk[k].hvNodes = nil
				s.blk[k].hvpTape.Rewind(s.blk[k].mark)
			}
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
	if err == nil && (math.IsNaN(info.Residual) || math.IsInf(info.Residual, 0) || !finite(w)) {
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

	// Block k's first-order pass: ∇_L f1 and ∇_F f1.
	leaderPass := func(k int) {
		bl := &s.blk[k]
		t := bl.tape
		t.Reset()
		L, F := leader.Var(t), follower.Var(t)
		y1 := f1(t, L, F, k)
		bl.v1 = y1.Scalar()
		gs := ad.Grad1(y1, append(append([]*ad.Node{}, L.Nodes...), F.Nodes...)...)
		L.Flatten(gs[:len(L.Nodes)], part(k, dst, &bl.gL))
		F.Flatten(gs[len(L.Nodes):], part(k, s.b, &bl.gF))
	}
	// Block k's follower recording: f2 and its differentiable gradient
	// ∇_F f2, once; every Hessian–vector product of the CG solve and the
	// mixed product below differentiate this graph again, the products
	// rewinding the tape.
	followerPass := func(k int) {
		bl := &s.blk[k]
		t2 := bl.hvpTape
		t2.Reset()
		bl.L, bl.F = leader.Var(t2), follower.Var(t2)
		y2 := f2(t2, bl.L, bl.F, k)
		bl.v2 = y2.Scalar()
		bl.g = nn.Bound{Nodes: bl.F.GradNodes(y2), Params: follower}
		bl.F.Flatten(bl.g.Nodes, part(k, gF, &bl.g2))
		bl.mark = t2.Mark()
	}
	if len(s.blk) == 1 && s.threads == 2 {
		s.overlap(followerPass, leaderPass)
	} else {
		s.each(func(k int) {
			leaderPass(k)
			followerPass(k)
		})
	}
	s.addParts(dst, func(b *block) []float64 { return b.gL })
	s.addParts(s.b, func(b *block) []float64 { return b.gF })
	s.addParts(gF, func(b *block) []float64 { return b.g2 })
	st.Value = s.sumVals(func(b *block) float64 { return b.v1 })
	st.IndividualNorm = s.norm(dst)
	st.FollowerValue = s.sumVals(func(b *block) float64 { return b.v2 })
	st.FollowerGradNorm = s.norm(gF)

	// z = (∇²_F f2 + λI)⁻¹ ∇_F f1 by conjugate gradient on HVPs.
	h := s.hvps()
	// ∇_{FL}ᵀ f2 · z = ∇_L (∇_F f2 · z), the mixed second derivative.
	s.mixed = grow(s.mixed, leader.Len())
	mixed := func(z []float64) []float64 {
		s.each(func(k int) {
			bl := &s.blk[k]
			bl.L.VJP(bl.g, z, part(k, s.mixed, &bl.hv))
		})
		s.addParts(s.mixed, func(b *block) []float64 { return b.hv })
		return s.mixed
	}
	s.z = grow(s.z, nF)
	info, err := total.Derivative(ctx, s.setCG(cg, lambda), dst, dst, s.b, h, s.z, mixed)
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

func finite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

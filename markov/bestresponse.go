package markov

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// brWork is the workspace of the best-response oracle.
type brWork struct {
	pi1   []float64
	rbar  []float64 // R̄2(s,b), Eq. 13
	pbar  []float64 // P̄(t|s,b), Eq. 14, [(s*m2+b)*n+t]
	pi    []float64
	next  []float64
	q     []float64
	r     []float64
	a     *mat.Dense
	lu    mat.LU
	v     *mat.VecDense
	rv    *mat.VecDense
	theta []float64
}

// Rounding-floor test of the soft policy iteration in BestResponse.
const (
	dblEpsilon   = 0x1p-52 // float64 machine epsilon
	brFloorULPs  = 1e3     // the floor, in units of ε·max|Q|/λ
	brFloorIters = 5       // iterations at the floor that end the iteration
)

// ErrBestResponseLimit is in the chain (errors.Is) of the error of a
// follower's best response B(θ1) whose soft policy iteration reached its
// iteration limit without converging (Evaluator.BestResponse,
// BestResponseTheta, Hierarchical), and so of Run's error when that
// stopped the run (a *BestResponseLimitError, or a *ScheduleError at a
// trial step of the Backtracking rule): a non-convergence, not a
// divergence, which follows from the game and θ1 alone. Its own text is
// not in the error's.
var ErrBestResponseLimit = errors.New("markov: best response: iteration limit reached")

// brLimitError is BestResponse's error when soft policy iteration reached
// brMaxIter without converging: a non-convergence, not a divergence (no
// NaN, no singular matrix). errors.Is matches it to ErrBestResponseLimit.
type brLimitError struct{ msg string }

func (e *brLimitError) Error() string { return e.msg }

func (e *brLimitError) Is(target error) bool { return target == ErrBestResponseLimit }

// brMaxIter is the number of soft policy iterations (evaluation and
// improvement) after which BestResponse gives up; a variable so that tests
// can lower it.
var brMaxIter = 500

// brIterHook, when set (by tests), is called with the leader's θ1 and the
// index of each soft policy iteration BestResponse starts (a test may
// change brMaxIter there, to make the best response fail at chosen θ1).
var brIterHook func(theta1 []float64, it int)

// BestResponse returns the follower's best response π2 = B(θ1) (Prop. 1)
// as a flat policy (index s*|A2|+b); the slice is owned by the Evaluator.
//
// It solves the averaged MDP of Eq. 13-14, in which the leader's policy is
// folded into the rewards and transitions, by soft policy iteration:
// evaluate π exactly (a linear solve), then π ← softmax(Q/λ), until π
// changes by less than 1e-14, or until the change has stayed at the
// rounding level of the logits Q/λ (1e3·ε·(1 + max|Q|/λ)) for 5
// iterations in a row, which larger games reach before 1e-14; soft policy iteration
// improves monotonically and converges quadratically near the unique
// soft-optimal policy [16]. It gives up with an error after 500
// iterations (each one evaluation and one improvement).
// With λ = 0 it is plain policy iteration and returns a deterministic
// greedy policy (ties to the lowest action index), one element of the
// best-response set. An entry of θ1 that is NaN or +Inf, or a state whose
// entries are all −Inf, is an error naming it (an entry of −Inf is an
// action of probability 0, as the softmax makes it), and so is a θ1 whose
// length is not |S||A1|.
func (e *Evaluator) BestResponse(theta1 []float64) ([]float64, error) {
	if err := e.checkTheta1Len("BestResponse", theta1); err != nil {
		return nil, err
	}
	n, m1, m2 := e.n, e.m1, e.m2
	// A θ1 with NaN or +Inf was reported as "NaN in policy iteration",
	// blaming the iteration for its input. −Inf is a logit of
	// probability 0, whose softmax is a policy (a pure leader policy,
	// the log of one), as long as the state has a finite logit.
	if err := checkLeaderLogits("markov: best response", theta1, m1); err != nil {
		return nil, err
	}
	f := e.g
	w := e.br
	if w == nil {
		w = &brWork{
			pi1: make([]float64, n*m1), rbar: make([]float64, n*m2),
			pbar: make([]float64, n*m2*n), pi: make([]float64, n*m2),
			next: make([]float64, n*m2), q: make([]float64, n*m2),
			r: make([]float64, n), a: mat.NewDense(n, n, nil),
			v: mat.NewVecDense(n, nil), rv: mat.NewVecDense(n, nil),
			theta: make([]float64, n*m2),
		}
		e.br = w
	}
	Softmax(w.pi1, theta1, m1)
	// Averaged MDP, Eq. 13-14.
	clear(w.rbar)
	clear(w.pbar)
	for s := range n {
		for a := range m1 {
			wa := w.pi1[s*m1+a]
			for b := range m2 {
				k := (s*m1+a)*m2 + b
				w.rbar[s*m2+b] += wa * f.r2[k]
				dst := w.pbar[(s*m2+b)*n : (s*m2+b+1)*n]
				for t, p := range f.p[k*n : (k+1)*n] {
					dst[t] += wa * p
				}
			}
		}
	}
	lambda, gamma := f.lambda, f.gamma
	for i := range w.pi {
		w.pi[i] = 1 / float64(m2)
	}
	ar := w.a.RawMatrix()
	v := w.v.RawVector().Data
	// floorHits counts the iterations whose change was at the rounding
	// floor of the logits Q/λ (see brFloorIters).
	floorHits := 0
	for it := 0; ; it++ {
		if brIterHook != nil {
			brIterHook(theta1, it)
		}
		// Policy evaluation: (I − γ P̄_π) v = r̄_π + λ H(π).
		for s := range n {
			row := ar.Data[s*ar.Stride : s*ar.Stride+n]
			clear(row)
			r := 0.0
			for b := range m2 {
				p := w.pi[s*m2+b]
				if p == 0 {
					continue
				}
				r += p * w.rbar[s*m2+b]
				if lambda > 0 {
					r -= lambda * p * math.Log(p)
				}
				for t, pt := range w.pbar[(s*m2+b)*n : (s*m2+b+1)*n] {
					row[t] -= gamma * p * pt
				}
			}
			row[s] += 1
			w.rv.SetVec(s, r)
		}
		w.lu.Factorize(w.a)
		if err := w.lu.SolveVecTo(w.v, false, w.rv); err != nil {
			return nil, fmt.Errorf("markov: best response: %w", err)
		}
		// Improvement: π ← softmax(Q/λ) (or greedy when λ = 0).
		delta, qmax := 0.0, 0.0
		for s := range n {
			for b := range m2 {
				ev := 0.0
				for t, pt := range w.pbar[(s*m2+b)*n : (s*m2+b+1)*n] {
					ev += pt * v[t]
				}
				w.q[s*m2+b] = w.rbar[s*m2+b] + gamma*ev
				qmax = math.Max(qmax, math.Abs(w.q[s*m2+b]))
			}
			q := w.q[s*m2 : (s+1)*m2]
			nx := w.next[s*m2 : (s+1)*m2]
			if lambda > 0 {
				for b := range q {
					w.theta[s*m2+b] = q[b] / lambda
				}
				softmaxRow(nx, w.theta[s*m2:(s+1)*m2])
			} else {
				best := 0
				for b := range q {
					if q[b] > q[best]+1e-12*(1+math.Abs(q[best])) {
						best = b
					}
				}
				clear(nx)
				nx[best] = 1
			}
			for b := range q {
				delta = math.Max(delta, math.Abs(nx[b]-w.pi[s*m2+b]))
			}
		}
		copy(w.pi, w.next)
		if delta < 1e-14 {
			break
		}
		// The logits Q/λ carry a rounding error of about ε·max|Q|/λ, which
		// on larger games (γ near 1, small λ) is above 1e-14: there the
		// change stops shrinking at that floor. Converged once it has been
		// within brFloorULPs of it for brFloorIters iterations in a row.
		if lambda > 0 && delta <= brFloorULPs*dblEpsilon*(1+qmax/lambda) {
			if floorHits++; floorHits >= brFloorIters {
				break
			}
		} else {
			floorHits = 0
		}
		if math.IsNaN(delta) {
			return nil, fmt.Errorf("markov: best response: NaN in policy iteration")
		}
		// it+1 iterations are done.
		if it+1 >= brMaxIter {
			unit := "iterations"
			if it == 0 {
				unit = "iteration"
			}
			return nil, &brLimitError{fmt.Sprintf("markov: best response: soft policy iteration did not converge in %d %s (last change %g)", it+1, unit, delta)}
		}
	}
	return w.pi, nil
}

// greedyGap returns, after BestResponse(θ1) with λ = 0, the distance
// ‖π2 − σ‖∞ from pi2 to the best response σ nearest it in the following
// sense: at each state not marked in out (the states Eq. 19 leaves out,
// leftOut), σ is pi2 restricted to the actions
// whose Q-value (of the averaged MDP, Eq. 13-14) is the largest within the
// greedy tie tolerance, renormalised. With λ = 0 the best response is a set
// (every mixture of the optimal actions, Eq. 2); when a state has a single
// optimal action σ is BestResponse's greedy policy there, bit for bit.
func (e *Evaluator) greedyGap(pi2 []float64, out []bool) float64 {
	n, m2 := e.n, e.m2
	w := e.br
	gap := 0.0
	for s := range n {
		if out[s] {
			continue
		}
		q := w.q[s*m2 : (s+1)*m2]
		best := 0
		for b := range q {
			if q[b] > q[best]+1e-12*(1+math.Abs(q[best])) {
				best = b
			}
		}
		floor := q[best] - 1e-12*(1+math.Abs(q[best]))
		mass, count := 0.0, 0
		for b := range q {
			if q[b] >= floor {
				mass += pi2[s*m2+b]
				count++
			}
		}
		for b := range q {
			p := pi2[s*m2+b]
			sigma := 0.0
			if q[b] >= floor {
				if mass > 0 {
					sigma = p / mass
				} else {
					sigma = 1 / float64(count)
				}
			}
			gap = math.Max(gap, math.Abs(sigma-p))
		}
	}
	return gap
}

// BestResponseTheta returns θ2 = log B(θ1) (the logits of the best
// response with logsumexp 0 in every state), owned by the Evaluator. It
// needs λ > 0: with λ = 0 the best response is deterministic and has no
// finite logits. A θ1 whose length is not |S||A1| is an error, as in
// BestResponse.
func (e *Evaluator) BestResponseTheta(theta1 []float64) ([]float64, error) {
	if err := e.checkTheta1Len("BestResponseTheta", theta1); err != nil {
		return nil, err
	}
	if e.g.lambda == 0 {
		return nil, fmt.Errorf("markov: best response logits need lambda > 0 (lambda = 0: deterministic best response)")
	}
	pi, err := e.BestResponse(theta1)
	if err != nil {
		return nil, err
	}
	_ = pi
	w := e.br
	n, m2 := e.n, e.m2
	// θ2 = Q/λ − logsumexp(Q/λ), computed from the converged Q.
	for s := range n {
		row := w.theta[s*m2 : (s+1)*m2]
		for b := range row {
			row[b] = w.q[s*m2+b] / e.g.lambda
		}
		mx := row[0]
		for _, x := range row {
			mx = math.Max(mx, x)
		}
		sum := 0.0
		for _, x := range row {
			sum += math.Exp(x - mx)
		}
		lse := mx + math.Log(sum)
		for b := range row {
			row[b] -= lse
		}
	}
	return w.theta, nil
}

// Hierarchical returns the leader's hierarchical objective
// V1(θ1, B(θ1)) (Section II-c) and its gradient (Eq. 18) at θ1, together
// with θ2 = log B(θ1). reg is the Hessian regularisation of HierGrad. The
// slices are owned by the Evaluator. It needs λ > 0. A θ1 whose length
// is not |S||A1| is an error, as in BestResponse.
func (e *Evaluator) Hierarchical(theta1 []float64, reg float64) (value float64, grad, theta2 []float64, err error) {
	if err := e.checkTheta1Len("Hierarchical", theta1); err != nil {
		return 0, nil, nil, err
	}
	if err := checkReg(reg); err != nil {
		return 0, nil, nil, err
	}
	th2, err := e.BestResponseTheta(theta1)
	if err != nil {
		return 0, nil, nil, err
	}
	if e.brTheta == nil {
		e.brTheta = make([]float64, len(th2))
	}
	copy(e.brTheta, th2)
	pt := e.Eval(theta1, e.brTheta, OrderHessians)
	grad, err = e.HierGrad(reg)
	if err != nil {
		return pt.V1, nil, e.brTheta, err
	}
	return pt.V1, grad, e.brTheta, nil
}

// checkTheta1Len returns an error naming the method who and the lengths
// when len(θ1) is not |S||A1|, or nil.
func (e *Evaluator) checkTheta1Len(who string, theta1 []float64) error {
	if want := e.n * e.m1; len(theta1) != want {
		return fmt.Errorf("markov: %s: len(θ1) = %d, want |S||A1| = %d·%d = %d", who, len(theta1), e.n, e.m1, want)
	}
	return nil
}

// checkLeaderLogits returns an error, prefixed by who, naming the first
// entry of theta1 (rows of m logits) that is NaN or +Inf, or the first
// state whose logits are all −Inf, or nil: the softmax of Eq. 7 is a
// policy for any other θ1, an entry of −Inf giving its action
// probability 0.
func checkLeaderLogits(who string, theta1 []float64, m int) error {
	for s := 0; s*m < len(theta1); s++ {
		row, finiteSeen := theta1[s*m:(s+1)*m], false
		for a, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 1) {
				return fmt.Errorf("%s: theta1[%d] = %v is not finite: the softmax of θ (Eq. 7) is then no policy", who, s*m+a, v)
			}
			finiteSeen = finiteSeen || !math.IsInf(v, -1)
		}
		if !finiteSeen {
			return fmt.Errorf("%s: theta1[%d:%d] of state %d is -Inf for every action: the softmax of θ (Eq. 7) is then no policy", who, s*m, (s+1)*m, s)
		}
	}
	return nil
}

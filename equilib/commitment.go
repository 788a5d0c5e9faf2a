package equilib

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// Commitment is the leader's optimal mixed commitment in a bimatrix game
// together with the follower's best response to it (a strong Stackelberg
// equilibrium: among the follower's best responses, ties are broken in the
// leader's favour).
type Commitment struct {
	// Leader is the leader's mixed strategy: Leader[i] is the probability of
	// row i. It has one entry per row of the payoff matrices, every entry is
	// in [0, 1] and the entries sum to 1.
	Leader []float64 `json:"leader"`
	// FollowerAction is the follower's best response to Leader, a 0-based
	// column index.
	FollowerAction int `json:"follower_action"`
	// Value is the leader's expected payoff Σ_i Leader[i]·A[i][FollowerAction].
	Value float64 `json:"value"`
}

// simplexTol is the reduced-cost tolerance handed to lp.Simplex. The LPs are
// scaled so that every constraint row and the objective have entries of at
// most 1 in magnitude, so the tolerance is relative to the payoff scale.
const simplexTol = 1e-10

// OptimalCommitment computes the leader's optimal mixed commitment in the
// bimatrix game with leader payoffs a and follower payoffs b (both m×n, rows
// are leader actions, columns follower actions, both players maximise).
//
// The follower observes the commitment p and plays a best response, breaking
// ties in the leader's favour (strong Stackelberg equilibrium). Following
// Conitzer and Sandholm (2006, "Computing the optimal strategy to commit
// to"), it solves one linear program per follower action j,
//
//	maximise    Σ_i p_i a[i][j]
//	subject to  Σ_i p_i (b[i][j] − b[i][j']) ≥ 0   for every j' ≠ j,
//	            Σ_i p_i = 1,  p ≥ 0,
//
// and returns the best solution over the actions j whose LP is feasible
// (those that are a best response to some p). Ties in value (values
// within 1e-12·max|a[i][j]| of each other) go to the smallest j. Each LP
// is brought to standard form with one slack variable per constraint j'
// and solved with gonum's lp.Simplex. These LPs are highly degenerate
// (every right-hand side but one is 0), on which Simplex can cycle for
// ever, so each is first solved with those zeros replaced by distinct
// tiny negative numbers (about 1e-7 of the payoff differences, then
// 1e-9), and the optimal basis found is then solved again with the true
// right-hand side: the solution is the LP's exact one up to round-off,
// not an approximation within the perturbation. Only when neither
// perturbation's basis is optimal for the LP is Simplex run on the LP
// itself.
//
// It returns an error if a or b is empty, ragged, the two differ in shape, or
// any entry is NaN or infinite.
func OptimalCommitment(a, b [][]float64) (Commitment, error) {
	_, n, err := checkBimatrix(a, b)
	if err != nil {
		return Commitment{}, err
	}

	groups := sameRows(b)
	// Values within valueTol of each other are ties (round-off of the LP
	// solutions), relative to the leader's payoff scale max|a[i][j]| so
	// that scaling A scales the answer: an absolute floor took the values
	// 1e-12 and 2e-12 of a game with payoffs of that size for a tie.
	scaleA := 0.0
	for _, row := range a {
		for _, v := range row {
			scaleA = math.Max(scaleA, math.Abs(v))
		}
	}
	valueTol := 1e-12 * scaleA
	best := Commitment{FollowerAction: -1}
	for j := 0; j < n; j++ {
		p, err := commitTo(a, b, groups, j)
		if errors.Is(err, lp.ErrInfeasible) {
			continue // j is a best response to no commitment.
		}
		if err != nil {
			return Commitment{}, fmt.Errorf("equilib: commitment LP for follower action %d: %w", j, err)
		}
		v := 0.0
		for i, pi := range p {
			v += pi * a[i][j]
		}
		if best.FollowerAction < 0 || v > best.Value+valueTol {
			best = Commitment{Leader: p, FollowerAction: j, Value: v}
		}
	}
	if best.FollowerAction < 0 {
		// Some action is a best response to every p, so this means the
		// solver failed numerically on every LP.
		return Commitment{}, errors.New("equilib: commitment LPs: no follower action is feasible (numerical failure)")
	}
	return best, nil
}

// sameRows groups the indices of identical rows of b, in order of first
// appearance.
func sameRows(b [][]float64) [][]int {
	var groups [][]int
next:
	for i, row := range b {
		for g, grp := range groups {
			if slices.Equal(b[grp[0]], row) {
				groups[g] = append(grp, i)
				continue next
			}
		}
		groups = append(groups, []int{i})
	}
	return groups
}

// commitTo solves the LP of follower action j in standard form and returns
// the leader's mixed strategy over all rows, cleaned of round-off (entries
// clamped to [0, ∞) and renormalised to sum to 1). It returns an error
// wrapping lp.ErrInfeasible if j is never a best response.
//
// Leader actions with the same row of b (one of groups) give the LP
// identical constraint columns, so only the one with the largest a[i][j]
// (the first on ties) is worth playing; the others get probability 0 and are
// left out of the LP, which makes it smaller and less degenerate.
//
// Variables: x = (p_r for the kept rows r, then s_0 … s_{k−1}), one slack s
// per kept constraint j'. Rows: (b_j − b_j')·p − s = 0 for each kept j',
// then Σp = 1. Constraints with b[i][j] − b[i][j'] ≥ 0 for all i hold for
// every p and are dropped; this also drops the constraint of a duplicate
// follower column. Each row is scaled to a largest entry of 1 and the
// objective −a_j·p to a largest entry of 1, which leaves the solution
// unchanged.
func commitTo(a, b [][]float64, groups [][]int, j int) ([]float64, error) {
	keep := make([]int, len(groups))
	for g, grp := range groups {
		keep[g] = grp[0]
		for _, i := range grp[1:] {
			if a[i][j] > a[keep[g]][j] {
				keep[g] = i
			}
		}
	}
	m, n := len(keep), len(b[0])

	var rows [][]float64
	for jp := 0; jp < n; jp++ {
		if jp == j {
			continue
		}
		row := differences(b, keep, j, jp)
		scale, negative := 0.0, false
		for _, d := range row {
			scale = math.Max(scale, math.Abs(d))
			negative = negative || d < 0
		}
		if !negative {
			continue
		}
		for i := range row {
			row[i] /= scale
		}
		if !slices.ContainsFunc(rows, func(r []float64) bool { return slices.Equal(r, row) }) {
			rows = append(rows, row)
		}
	}

	k := len(rows)
	nv := m + k
	A := mat.NewDense(k+1, nv, nil)
	rhs := make([]float64, k+1)
	for r, row := range rows {
		for i, v := range row {
			A.Set(r, i, v)
		}
		A.Set(r, m+r, -1)
	}
	for i := 0; i < m; i++ {
		A.Set(k, i, 1)
	}
	rhs[k] = 1

	c := make([]float64, nv)
	scale := 0.0
	for _, i := range keep {
		scale = math.Max(scale, math.Abs(a[i][j]))
	}
	if scale == 0 {
		scale = 1
	}
	for r, i := range keep {
		c[r] = -a[i][j] / scale
	}

	var x []float64
	if nv == k+1 {
		// One distinct row of b (m = 1): the only candidate is p = (1),
		// feasible iff no constraint was kept (a kept row is negative).
		if k > 0 {
			return nil, lp.ErrInfeasible
		}
		x = []float64{1}
	} else {
		var err error
		if x, err = solveStandard(c, A, rhs); err != nil {
			return nil, err
		}
	}

	p := make([]float64, len(a))
	sum := 0.0
	for r, i := range keep {
		p[i] = math.Max(0, x[r])
		sum += p[i]
	}
	if !(sum > 0) {
		return nil, fmt.Errorf("solver returned a strategy summing to %g", sum)
	}
	for i := range p {
		p[i] /= sum
	}
	return p, nil
}

// differences returns the constraint row b[i][j] − b[i][jp] over the kept
// rows i, or half of it if a difference of finite payoffs overflows (1e308
// against −1e308, say): the row is scaled to a largest entry of 1 next, so
// halving changes nothing, and halving only then keeps the differences of
// subnormal payoffs exact.
func differences(b [][]float64, keep []int, j, jp int) []float64 {
	row := make([]float64, len(keep))
	overflow := false
	for r, i := range keep {
		row[r] = b[i][j] - b[i][jp]
		overflow = overflow || math.IsInf(row[r], 0)
	}
	if overflow {
		for r, i := range keep {
			row[r] = b[i][j]/2 - b[i][jp]/2
		}
	}
	return row
}

// checkBimatrix checks that a and b are non-empty m×n matrices of finite
// numbers of the same shape and returns m and n.
func checkBimatrix(a, b [][]float64) (m, n int, err error) {
	if len(a) == 0 || len(a[0]) == 0 {
		return 0, 0, errors.New("equilib: leader payoff matrix A is empty")
	}
	m, n = len(a), len(a[0])
	for _, in := range []struct {
		name string
		x    [][]float64
	}{{"A", a}, {"B", b}} {
		if len(in.x) != m {
			return 0, 0, fmt.Errorf("equilib: %s has %d rows, want %d (the rows of A)", in.name, len(in.x), m)
		}
		for i, row := range in.x {
			if len(row) != n {
				return 0, 0, fmt.Errorf("equilib: %s[%d] has %d entries, want %d", in.name, i, len(row), n)
			}
			for j, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return 0, 0, fmt.Errorf("equilib: %s[%d][%d] = %v is not finite", in.name, i, j, v)
				}
			}
		}
	}
	return m, n, nil
}

// solveStandard solves the standard-form LP min cᵀx s.t. Ax = rhs, x ≥ 0 of
// commitTo, whose right-hand side is 0 in every row but the last.
//
// The zero right-hand sides make the LP highly degenerate, and on degenerate
// LPs lp.Simplex can pivot forever: its main loop has no iteration limit and
// its Bland-rule fallback does not rule out cycling (a 25×22 integer game
// with repeated rows did so; see TestOptimalCommitmentNoCycling). So it
// first solves a relaxation in which each zero right-hand side becomes a
// distinct tiny negative number, Σ_i p_i d_i ≥ −ε_r (see perturbations).
// Its basic solutions are non-degenerate (generically), so every pivot
// improves the objective and Simplex terminates. Then:
//
//   - if the relaxation is infeasible, so is the LP;
//   - otherwise its optimal basis B is re-solved with the true right-hand
//     side, A_B x_B = rhs. Reduced costs do not depend on the right-hand
//     side, so if x_B ≥ 0 the basis is optimal for the LP too, and x is its
//     exact solution up to round-off, not an approximation within ε.
//
// If x_B is not ≥ 0 (the perturbation changed the optimal basis), it tries
// the next, smaller perturbation, and after the last it falls back to
// lp.Simplex on the LP itself (never needed in 20,000 random games of up to
// 30×30 with many ties and repeated rows).
func solveStandard(c []float64, A *mat.Dense, rhs []float64) ([]float64, error) {
	for _, pert := range perturbations {
		x, err := solveRelaxed(c, A, rhs, pert.size, pert.step)
		if x != nil || err != nil {
			return x, err
		}
	}
	_, x, err := lp.Simplex(c, A, rhs, simplexTol, nil)
	return x, err
}

// perturbations are the relaxations solveStandard tries in turn: the
// right-hand side of row r is lowered by ε_r = size·(1 + frac((r+1)·step)),
// distinct numbers in [size, 2·size). The rows are scaled to a largest entry
// of 1, so the sizes are relative to the payoff differences.
var perturbations = []struct{ size, step float64 }{
	{1e-7, math.Phi},
	{1e-9, math.Sqrt2},
}

// solveRelaxed solves the relaxation of the LP by the given perturbation
// and recovers the exact solution from its basis, as solveStandard
// describes. It returns lp.ErrInfeasible if the relaxation is infeasible, and
// nil, nil if it fails to recover a solution.
func solveRelaxed(c []float64, A *mat.Dense, rhs []float64, size, step float64) ([]float64, error) {
	nr, nc := A.Dims()
	relaxed := make([]float64, nr)
	copy(relaxed, rhs)
	for r := 0; r < nr-1; r++ {
		_, frac := math.Modf(float64(r+1) * step)
		relaxed[r] -= size * (1 + frac)
	}
	_, xr, err := lp.Simplex(c, A, relaxed, simplexTol, nil)
	if errors.Is(err, lp.ErrInfeasible) {
		return nil, err
	}
	if err != nil {
		return nil, nil
	}
	// The basis: the nr entries largest in magnitude. Simplex sets the
	// non-basic ones to exactly 0, and the basic ones are positive when
	// the relaxation is non-degenerate, as it is generically (else some
	// are round-off zeros such as −1e−17).
	idx := make([]int, nc)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return cmp.Compare(math.Abs(xr[j]), math.Abs(xr[i])) })
	basis := idx[:nr]
	ab := mat.NewDense(nr, nr, nil)
	for col, v := range basis {
		ab.SetCol(col, mat.Col(nil, v, A))
	}
	var xb mat.VecDense
	if xb.SolveVec(ab, mat.NewVecDense(nr, rhs)) != nil {
		return nil, nil
	}
	x := make([]float64, nc)
	for col, v := range basis {
		x[v] = xb.AtVec(col)
		if x[v] < -1e-12 {
			return nil, nil
		}
	}
	return x, nil
}

package markov

import "math"

// visitFloorULPs is the rounding floor of the computed visitation, in
// units of ε·Σ_t |d(t)| (ε = 2⁻⁵²), at or below which a state's
// visitation counts as 0 in Eq. 19 (see leftOut). The visitation d = Mᵀρ
// of a state entered with probability 1e-17 to 1e-100 was computed as
// −1.9e-16 to 6e-17 (|d(s)| ≤ 0.34·ε·Σd over random games of 3 to 40
// states with γ from 0.9 to 1 − 1e-7): the floor is 3000 times that, and a
// state at it carries a share of at most 2.2e-13 of the visitation.
const visitFloorULPs = 1e3

// leftOut returns the states Eq. 19 leaves out at the point of the last
// Eval (ascending; nil when there are none) and marks them in e.outMask:
// the states unreachable from ρ (visitation exactly 0, see flatGame.reach)
// and the reachable states whose computed visitation d(s) is at most
// visitFloorULPs·ε·Σ_t |d(t)|. V1 and V2λ depend on θ2(s,·) in proportion
// to d(s) (Eq. 5-6), so at such a state their dependence is below the
// rounding of the values: its Hessian rows and columns, ∇θ2V1 and Mixed
// rows (all proportional to d(s)) are rounding noise, which made a
// well-posed Eq. 19 look singular ("singular follower Hessian" for a state
// entered with probability 1e-17, while the game with 0 there ran), and a
// noise d(s) < 0 has no square root for the policy's scale (scaledSolve).
// Leaving such a state out changes Eq. 19 by its share of the visitation,
// at most 2.2e-13 relative.
func (e *Evaluator) leftOut() []int {
	if e.outMask == nil {
		e.outMask = make([]bool, e.n)
	}
	sum := 0.0
	for _, d := range e.Visitation {
		sum += math.Abs(d)
	}
	floor := visitFloorULPs * epsilon * sum
	e.out = e.out[:0]
	for s, d := range e.Visitation {
		e.outMask[s] = !e.g.reach[s] || d <= floor
		if e.outMask[s] {
			e.out = append(e.out, s)
		}
	}
	if len(e.out) == 0 {
		return nil
	}
	return e.out
}

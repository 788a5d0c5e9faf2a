package hierarchy

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// Oligopoly returns the Cournot oligopoly of n firms with linear inverse
// demand P = A − ΣQ and equal unit cost c: firm i's payoff is
// π_i = q_i (A − c − Σ_j q_j), quantities in the box [0, A]. c must lie in
// [−A, A], where the closed forms (OligopolyLeaderFollowers,
// OligopolyStaggered) are in that box and are the game's Stackelberg
// outcomes: for c > A they are negative (the firms produce 0), for c < −A
// the leader's (A − c)/2 exceeds A (the box holds it at A).
func Oligopoly(A, c float64, n int) (Game, error) {
	if n < 1 {
		return Game{}, fmt.Errorf("oligopoly: n = %d firms, need at least 1", n)
	}
	if !(A > 0) || math.IsInf(A, 0) || math.IsNaN(c) || math.IsInf(c, 0) {
		return Game{}, fmt.Errorf("oligopoly: A = %g must be positive and finite, c = %g finite", A, c)
	}
	if !oligopolyCostInRange(A, c) {
		if c >= -A && c <= A {
			return Game{}, fmt.Errorf("oligopoly: A − c = %g − (%g) overflows to +Inf: every payoff would be infinite", A, c)
		}
		return Game{}, fmt.Errorf("oligopoly: c = %g outside [−A, A] = [%g, %g]: the Stackelberg quantities (A − c)/2, (A − c)/(2(n + 1)), (A − c)/2^i would leave each firm's box [0, A]", c, -A, A)
	}
	g := Game{Sense: game.Payoff}
	for i := 0; i < n; i++ {
		i := i
		g.Players = append(g.Players, Player{
			Name: fmt.Sprintf("firm%d", i+1),
			Dim:  1,
			Objective: func(xs []*ad.Node) *ad.Node {
				total := xs[0]
				for _, q := range xs[1:] {
					total = ad.Add(total, q)
				}
				return ad.Sum(ad.Mul(xs[i], ad.RSub(A-c, total))) // π_i = q_i (A − c − ΣQ)
			},
			Domain: game.Domain{Kind: game.Box, Lo: []float64{0}, Hi: []float64{A}},
		})
	}
	return g, nil
}

// oligopolyCostInRange reports whether A > 0 is finite and −A ≤ c ≤ A,
// where the closed forms hold (see Oligopoly), with A − c finite (it
// overflows to +Inf for A near the largest float64 and c near −A, making
// every payoff and closed form infinite).
func oligopolyCostInRange(A, c float64) bool {
	return A > 0 && !math.IsInf(A, 0) && c >= -A && c <= A && !math.IsInf(A-c, 0)
}

// OligopolyLeaderFollowers returns the closed-form Stackelberg outcome of
// one leader against n Nash followers: the leader produces (A − c)/2 and
// each follower (A − c)/(2(n + 1)). Where Oligopoly has no such game (n < 1
// followers, A not positive and finite, c outside [−A, A]) both are NaN.
func OligopolyLeaderFollowers(A, c float64, n int) (leader, follower float64) {
	if n < 1 || !oligopolyCostInRange(A, c) {
		return math.NaN(), math.NaN()
	}
	return (A - c) / 2, (A - c) / (2 * float64(n+1))
}

// OligopolyStaggered returns the closed-form outcome of the staggered chain
// of n firms: firm i (from 1) produces (A − c)/2^i. Where Oligopoly has no
// such game (n < 1 firms: nil; A not positive and finite, c outside
// [−A, A]: NaN quantities) there is none.
func OligopolyStaggered(A, c float64, n int) []float64 {
	if n < 1 {
		return nil
	}
	q := make([]float64, n)
	if !oligopolyCostInRange(A, c) {
		for i := range q {
			q[i] = math.NaN()
		}
		return q
	}
	for i := range q {
		q[i] = (A - c) / math.Pow(2, float64(i+1))
	}
	return q
}

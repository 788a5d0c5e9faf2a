package hierarchy

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// Oligopoly returns the Cournot oligopoly of n firms with linear inverse
// demand P = A − ΣQ and equal unit cost c: firm i's payoff is
// π_i = q_i (A − c − Σ_j q_j), quantities in the box [0, A].
func Oligopoly(A, c float64, n int) (Game, error) {
	if n < 1 {
		return Game{}, fmt.Errorf("oligopoly: n = %d firms, need at least 1", n)
	}
	if !(A > 0) || math.IsInf(A, 0) || math.IsNaN(c) || math.IsInf(c, 0) {
		return Game{}, fmt.Errorf("oligopoly: A = %g must be positive and finite, c = %g finite", A, c)
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

// OligopolyLeaderFollowers returns the closed-form Stackelberg outcome of
// one leader against n Nash followers: the leader produces (A − c)/2 and
// each follower (A − c)/(2(n + 1)).
func OligopolyLeaderFollowers(A, c float64, n int) (leader, follower float64) {
	return (A - c) / 2, (A - c) / (2 * float64(n+1))
}

// OligopolyStaggered returns the closed-form outcome of the staggered chain
// of n firms: firm i (from 1) produces (A − c)/2^i.
func OligopolyStaggered(A, c float64, n int) []float64 {
	q := make([]float64, n)
	for i := range q {
		q[i] = (A - c) / math.Pow(2, float64(i+1))
	}
	return q
}

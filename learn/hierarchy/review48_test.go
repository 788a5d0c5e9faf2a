package hierarchy

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestReview48AsymmetricLeaderFollowers: one leader against N = 1, 2, 3
// Nash followers on a Cournot market with linear demand P = A − ΣQ and
// unequal unit costs c_i (profits π_i = q_i(A − c_i − ΣQ)). The followers'
// joint first-order conditions A − c_i − q_0 − Q_F − q_i = 0 give
// Q_F = (N(A − q_0) − C)/(N + 1) with C = Σ_{i≥1} c_i, so the leader
// maximises q_0(A − q_0 − (N + 1)c_0 + C)/(N + 1):
//
//	q_0 = (A − (N + 1)c_0 + C)/2,  q_i = A − c_i − q_0 − Q_F
//
// (N = 1 is the duopoly's Stackelberg point (A − 2c_0 + c_1)/2). A leader
// differentiating through each follower's response alone (dq_i/dq_0 = −½,
// others held) would aim elsewhere for N ≥ 2, so the converged point
// checks the joint block. Asserted: every hierarchical gradient vanishes
// at the closed form (1e-12), and the run from (40, 5, 10, 15) reaches it
// (1e-6).
func TestReview48AsymmetricLeaderFollowers(t *testing.T) {
	const A = 50.0
	costs := []float64{4, 1, 2.5, 0.5}
	for _, n := range []int{1, 2, 3} {
		g := Game{Sense: game.Payoff}
		for i := 0; i <= n; i++ {
			i, ci := i, costs[i]
			g.Players = append(g.Players, Player{
				Name: fmt.Sprintf("firm%d", i), Dim: 1,
				Objective: func(xs []*ad.Node) *ad.Node {
					total := xs[0]
					for _, q := range xs[1:] {
						total = ad.Add(total, q)
					}
					return ad.Sum(ad.Mul(xs[i], ad.RSub(A-ci, total)))
				},
				Domain: game.Domain{Kind: game.Box, Lo: []float64{0}, Hi: []float64{A}},
			})
		}
		C := 0.0
		for _, c := range costs[1 : n+1] {
			C += c
		}
		N := float64(n)
		q0 := (A - (N+1)*costs[0] + C) / 2
		qF := (N*(A-q0) - C) / (N + 1)
		want := []float64{q0}
		for i := 1; i <= n; i++ {
			want = append(want, A-costs[i]-q0-qF)
		}
		e, err := NewEvaluator(g, LeaderFollowers(n))
		if err != nil {
			t.Fatal(err)
		}
		xs, d := make([][]float64, n+1), make([][]float64, n+1)
		for p := range xs {
			xs[p], d[p] = []float64{want[p]}, []float64{0}
		}
		if err := e.Directions(d, xs); err != nil {
			t.Fatal(err)
		}
		for p := range d {
			if math.Abs(d[p][0]) > 1e-12 {
				t.Errorf("N = %d: at the closed form %v player %d's direction is %v, want 0", n, want, p, d[p][0])
			}
		}
		x0 := make([][]float64, n+1)
		for p := range x0 {
			x0[p] = []float64{[]float64{40, 5, 10, 15}[p]}
		}
		res, err := Run(context.Background(), e, x0, Config{Rates: []loop.Schedule{loop.Constant(0.05), loop.Constant(0.2)}, Settings: loop.Settings{Iterations: 3000}})
		if err != nil {
			t.Fatal(err)
		}
		for p, w := range want {
			if math.Abs(res.X[p][0]-w) > 1e-6 {
				t.Errorf("N = %d: firm %d ends at %.10g, want %.10g", n, p, res.X[p][0], w)
			}
		}
	}
}

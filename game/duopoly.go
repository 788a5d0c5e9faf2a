package game

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
)

// Duopoly is the Stackelberg/Cournot duopoly (Fiez et al. §4.1; Loftin et
// al. §3.3, Eqs. 20–21). The leader (firm 1) produces x = q1, the follower
// (firm 2) y = q2; the price is P = A − q1 − q2 and each firm's profit
//
//	f_i = q_i·P − c_i·q_i = q_i (A − q1 − q2 − c_i)
//
// is maximised (Sense Payoff). The price is linear everywhere: the game is
// the smooth one of Loftin's Eqs. 20–21, without Fiez's kink P = 0 for
// Q > A. Each quantity lies in the box [0, A] (a firm producing more than A
// alone drives the price negative).
//
// Duopoly implements Evaluator in closed form; it is immutable, allocation
// free and safe for concurrent use.
type Duopoly struct {
	name      string
	a, c1, c2 float64
}

// NewDuopoly returns the duopoly with price intercept A > 0 and unit costs
// c1, c2 ≥ 0 (finite). Fiez et al. use A = 100, c1 = 5, c2 = 2; Loftin et
// al. A = 50, c1 = c2 = 1. It refuses costs for which a closed-form
// quantity of Nash or Stackelberg is negative (2c1 − c2 > A, 2c2 − c1 > A
// or 3c2 − 2c1 > A), naming the cost: those points lie outside the box
// [0, A] and are no equilibria of the game.
func NewDuopoly(A, c1, c2 float64) (*Duopoly, error) {
	for _, p := range []struct {
		n string
		v float64
	}{{"A", A}, {"c1", c1}, {"c2", c2}} {
		if math.IsNaN(p.v) || math.IsInf(p.v, 0) {
			return nil, fmt.Errorf("param %s = %g is not finite", p.n, p.v)
		}
	}
	if !(A > 0) {
		return nil, fmt.Errorf("param A = %g must be positive (quantities lie in [0, A])", A)
	}
	for _, c := range []struct {
		n string
		v float64
	}{{"c1", c1}, {"c2", c2}} {
		if c.v < 0 {
			return nil, fmt.Errorf("param %s = %g must be ≥ 0 (a unit cost; Fiez et al. §4.1 take c_i > 0)", c.n, c.v)
		}
	}
	// With c1, c2 ≥ 0 the closed-form quantities lie in [0, A] exactly
	// when none is negative; otherwise Nash and Stackelberg would return
	// points outside the box, which are no equilibria of the game on it.
	for _, q := range []struct {
		n, what, form string
		c, v          float64
	}{
		{"c1", "Nash and Stackelberg leader quantity", "(A + c2 − 2c1)/3 and /2", c1, A + c2 - 2*c1},
		{"c2", "Nash follower quantity", "(A + c1 − 2c2)/3", c2, A + c1 - 2*c2},
		{"c2", "Stackelberg follower quantity", "(A + 2c1 − 3c2)/4", c2, A + 2*c1 - 3*c2},
	} {
		if q.v < 0 {
			return nil, fmt.Errorf("param %s = %g is too large for A = %g, c1 = %g, c2 = %g: the %s %s is negative, "+
				"so the closed-form equilibria lie outside the box [0, A] (they need 2c1 − c2 ≤ A, 2c2 − c1 ≤ A and 3c2 − 2c1 ≤ A)",
				q.n, q.c, A, c1, c2, q.what, q.form)
		}
	}
	return &Duopoly{name: "duopoly", a: A, c1: c1, c2: c2}, nil
}

// Name returns "duopoly" (or "cournot" when built under that name).
func (d *Duopoly) Name() string { return d.name }

// Dims returns (1, 1).
func (d *Duopoly) Dims() (int, int) { return 1, 1 }

// Sense returns Payoff: profits are maximised.
func (d *Duopoly) Sense() Sense { return Payoff }

// Params returns A, c1 and c2.
func (d *Duopoly) Params() map[string]ad.Tensor {
	return map[string]ad.Tensor{"A": ad.Scalar(d.a), "c1": ad.Scalar(d.c1), "c2": ad.Scalar(d.c2)}
}

// Domains returns the box [0, A] for both firms.
func (d *Duopoly) Domains() (Domain, Domain) {
	box := func() Domain { return Domain{Kind: Box, Lo: []float64{0}, Hi: []float64{d.a}} }
	return box(), box()
}

// F1 is the leader's profit x (A − x − y − c1) (Loftin Eq. 20).
func (d *Duopoly) F1(x, y *ad.Node) *ad.Node {
	return ad.Mul(x, ad.RSub(d.a-d.c1, ad.Add(x, y)))
}

// F2 is the follower's profit y (A − x − y − c2) (Loftin Eq. 21).
func (d *Duopoly) F2(x, y *ad.Node) *ad.Node {
	return ad.Mul(y, ad.RSub(d.a-d.c2, ad.Add(x, y)))
}

// Value1 returns f1(x, y).
func (d *Duopoly) Value1(x, y []float64) float64 { return x[0] * (d.a - d.c1 - x[0] - y[0]) }

// Value2 returns f2(x, y).
func (d *Duopoly) Value2(x, y []float64) float64 { return y[0] * (d.a - d.c2 - x[0] - y[0]) }

// Grad1 writes ∇x f1 = A − c1 − 2x − y.
func (d *Duopoly) Grad1(dst, x, y []float64) { dst[0] = d.a - d.c1 - 2*x[0] - y[0] }

// Grad2 writes ∇y f2 = A − c2 − x − 2y.
func (d *Duopoly) Grad2(dst, x, y []float64) { dst[0] = d.a - d.c2 - x[0] - 2*y[0] }

// BestResponse returns the follower's unconstrained best response
// r(x) = (A − c2 − x)/2, the root of ∇y f2 = 0.
func (d *Duopoly) BestResponse(x float64) float64 { return (d.a - d.c2 - x) / 2 }

// Nash returns the unique Nash equilibrium q_i* = (A + c_−i − 2c_i)/3
// (Fiez et al. §4.1), in [0, A] for every duopoly NewDuopoly accepts.
func (d *Duopoly) Nash() (x, y float64) {
	return (d.a + d.c2 - 2*d.c1) / 3, (d.a + d.c1 - 2*d.c2) / 3
}

// Stackelberg returns the unique Stackelberg equilibrium with firm 1
// leading, q1* = (A + c2 − 2c1)/2, q2* = (A + 2c1 − 3c2)/4 (Fiez et al.
// §4.1), in [0, A] for every duopoly NewDuopoly accepts.
func (d *Duopoly) Stackelberg() (x, y float64) {
	return (d.a + d.c2 - 2*d.c1) / 2, (d.a + 2*d.c1 - 3*d.c2) / 4
}

package equilib

import (
	"errors"
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// A player whose domain is game.Simplex plays logits x ∈ R^d that enter
// its objectives only through softmax(x), which a common shift x + s·1
// does not change. Every point therefore lies on a line of copies of
// itself: the field ω is orthogonal to 1 and J·1 = 0, so in logits the
// player's Hessian D_i² f_i is singular (never positive definite: no DNE,
// no DSE), J has a zero eigenvalue (never stable), the follower Hessian
// D2² f2 of ω_S is singular (J_S is round-off), Newton's Jacobian is
// singular, and one critical point is found once per shift Newton ends
// at. The analysis is therefore done in the coordinates of the quotient:
// z = Qᵀx ∈ R^(d−1), x = Qz, with Q the d×(d−1) orthonormal basis of 1⊥
// of gaugeBasis. Definitions 3 and 4 then apply to the mixed strategy
// itself: at a critical point, D_i² f_i > 0 on the directions that change
// softmax(x), and the spectra are those of J and J_S on them (d − 1
// eigenvalues per simplex player). A simplex player with one logit (one
// action) has no direction that changes its strategy: its logit is a pure
// shift, so J always has a zero eigenvalue and its Hessian is 0, and its
// reduction has no coordinate at all; such games are refused
// (checkOneAction).

// ErrOneAction is wrapped by the error of Search, Analyze and Polish for
// a game with a simplex player of one action (checkOneAction).
var ErrOneAction = errors.New("has one action")

// checkOneAction returns an error naming the player when the leader's
// (dimension d1, domain dx) or the follower's (d2, dy) domain is a
// simplex of a single logit. Its mixed strategy is always (1): the player
// has no choice, its logit is a common shift, J is singular at every
// point (no DNE, DSE or stable point could ever be found, and Newton ends
// at one root per shift), and its reduction to zero coordinates is not
// supported. The players are named by the game's own variables: the
// leader x and the follower y, or, for a game with y leading
// (rolesSwapped), the leader y and the follower x.
func checkOneAction(g game.Game, d1, d2 int, dx, dy game.Domain) error {
	lv, fv := "x", "y"
	if _, ok := g.(rolesSwapped); ok {
		lv, fv = "y", "x"
	}
	for _, p := range []struct {
		who, v string
		d      int
		dom    game.Domain
	}{{"leader", lv, d1, dx}, {"follower", fv, d2, dy}} {
		if p.dom.Kind == game.Simplex && p.d == 1 {
			return fmt.Errorf("game %q: the %s (%s) %w: its domain is a simplex of a single logit, whose mixed strategy is always (1), so it has no choice and its logit only shifts (J is singular at every point); remove the player or give it at least two actions", g.Name(), p.who, p.v, ErrOneAction)
		}
	}
	return nil
}

// gaugeBasis returns Qᵀ, (d−1)×d row-major, whose rows are the Helmert
// basis of the sum-zero subspace 1⊥ of R^d: row k−1 (k = 1 … d−1) is
// (1, …, 1, −k, 0, …, 0)/√(k(k+1)) with k ones. The rows are orthonormal,
// so z = Qᵀx keeps every difference of logits and x = Qz is the
// representative with Σx = 0.
func gaugeBasis(d int) []float64 {
	q := make([]float64, (d-1)*d)
	for k := 1; k < d; k++ {
		s := 1 / math.Sqrt(float64(k*(k+1)))
		row := q[(k-1)*d : k*d]
		for i := 0; i < k; i++ {
			row[i] = s
		}
		row[k] = -float64(k) * s
	}
	return q
}

// coords maps one player's strategy between its logits (or plain
// coordinates) x ∈ R^d and the analysed coordinates z ∈ R^r.
type coords struct {
	d, r int
	qt   []float64 // Qᵀ (r×d) of a reduced simplex player; nil otherwise
}

// newCoords returns the coordinates of a player of dimension d and domain
// dom: reduced when dom is a simplex of d ≥ 2 logits (newAnalyzer refuses
// a simplex of one).
func newCoords(d int, dom game.Domain) coords {
	if dom.Kind == game.Simplex && d >= 2 {
		return coords{d: d, r: d - 1, qt: gaugeBasis(d)}
	}
	return coords{d: d, r: d}
}

// reduce writes z = Qᵀx (a copy of x when not reduced) into z.
func (c coords) reduce(z, x []float64) {
	if c.qt == nil {
		copy(z, x)
		return
	}
	for k := range z {
		s := 0.0
		for i, v := range c.qt[k*c.d : (k+1)*c.d] {
			s += v * x[i]
		}
		z[k] = s
	}
}

// lift returns x = Qz (a copy of z when not reduced).
func (c coords) lift(z []float64) []float64 {
	if c.qt == nil {
		return append([]float64(nil), z...)
	}
	x := make([]float64, c.d)
	for k, zk := range z {
		for i, v := range c.qt[k*c.d : (k+1)*c.d] {
			x[i] += v * zk
		}
	}
	return x
}

// node records x = z·Qᵀ + s·1 on z's tape (z 1×r, s 1×1), or returns z
// when the player is not reduced (s is then nil).
func (c coords) node(z, s *ad.Node) *ad.Node {
	if c.qt == nil {
		return z
	}
	t := z.Tape()
	ones := make([]float64, c.d)
	for i := range ones {
		ones[i] = 1
	}
	return ad.Add(ad.MatMul(z, t.Const(ad.NewTensor(c.r, c.d, c.qt))),
		ad.MatMul(s, t.Const(ad.NewTensor(1, c.d, ones))))
}

// shiftTol is the relative size of ∂c_i/∂s, the derivative of an objective
// along a common shift of a simplex player's logits, above which the
// objective is not a function of softmax(x) alone.
const shiftTol = 1e-8

// checkShift returns an error when an objective changes along the common
// shift of a reduced simplex player's logits at the last evaluated point
// (x, y): the game declares a simplex domain that its objectives do not
// honour, and the reduced analysis would miss the shift direction.
func (a *analyzer) checkShift(x, y []float64) error {
	if a.nShift == 0 {
		return nil
	}
	base := outRows + 2*(a.cx.r+a.cy.r)
	var who []string
	for _, p := range []struct {
		name string
		c    coords
	}{{"leader", a.cx}, {"follower", a.cy}} {
		if p.c.qt != nil {
			who = append(who, p.name)
		}
	}
	for i := range 2 {
		// Named in the game's own terms when the roles are exchanged
		// (AnalyzeYLeads, PolishYLeads).
		_, _, oi := a.ownPoint(nil, nil, i+1)
		name := fmt.Sprintf("f%d", oi)
		scale := math.Max(1, math.Abs(a.prog.Output(outF1 + i)[0]))
		for _, v := range a.prog.Output(base + 2 + i) {
			scale = math.Max(scale, math.Abs(v))
		}
		for k, ds := range a.prog.Output(base + i) {
			if !(math.Abs(ds) <= shiftTol*scale) {
				return fmt.Errorf("game %q: the %s's domain is a simplex (softmax logits), but %s changes under a common shift of its logits (derivative %.3g at %s); a simplex strategy must enter the objectives only through softmax", a.g.Name(), who[k], name, ds, a.pointText(x, y))
			}
		}
	}
	return nil
}

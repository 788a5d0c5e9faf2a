package game

import (
	"fmt"

	"github.com/stackel/stackel/ad"
)

// Check validates a game before a learner or an analysis builds on it: the
// sense is Cost or Payoff, the dimensions are positive, each domain is of
// a known kind and fits its player's dimension
// (Domain.Validate), and F1 and F2, recorded once at x = 0, y = 0 (rows of
// d1 and d2 elements on one float64 tape), each return a scalar (a 1×1
// node). A Go-function game whose objective returns a vector (ad.Mul(x, y)
// where ad.Dot(x, y) was meant), nil, or panics on the strategies' shapes
// (ad.Index beyond Dims) is an error naming the game and the objective,
// where it would otherwise panic inside ad when its derivatives are taken.
// A game that is a Validator (SoftACToy) is first asked for the error of
// its parameters. The constructors of package learn and the analyses of
// package equilib call it.
func Check(g Game) error {
	if g == nil {
		return fmt.Errorf("game: nil")
	}
	if v, ok := g.(Validator); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("game %q: %w", g.Name(), err)
		}
	}
	if s := g.Sense(); s != Cost && s != Payoff {
		// Sense.Sign and the learners would take any other value for Cost.
		return fmt.Errorf("game %q: sense %d is neither Cost nor Payoff", g.Name(), int(s))
	}
	d1, d2 := g.Dims()
	if d1 <= 0 || d2 <= 0 {
		return fmt.Errorf("game %q: dimensions (%d, %d) must be positive", g.Name(), d1, d2)
	}
	dx, dy := g.Domains()
	if err := dx.Validate(d1); err != nil {
		return fmt.Errorf("game %q: leader domain: %w", g.Name(), err)
	}
	if err := dy.Validate(d2); err != nil {
		return fmt.Errorf("game %q: follower domain: %w", g.Name(), err)
	}
	t := ad.NewTape()
	x := t.VarVec(make([]float64, d1)...)
	y := t.VarVec(make([]float64, d2)...)
	for _, o := range []struct {
		name string
		f    Objective
	}{{"F1", g.F1}, {"F2", g.F2}} {
		if err := checkObjective(g, o.name, o.f, x, y, d1, d2); err != nil {
			return err
		}
	}
	return nil
}

// Validator is implemented by games whose constructor cannot return an
// error (NewSoftACToy): Validate returns the error of the parameters they
// were built with, nil when they are valid. Check calls it first.
type Validator interface {
	Validate() error
}

// checkObjective records one objective, turning a panic of the game's code
// into an error.
func checkObjective(g Game, name string, f Objective, x, y *ad.Node, d1, d2 int) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("game %q: %s panicked on x, y of 1×%d and 1×%d: %v", g.Name(), name, d1, d2, p)
		}
	}()
	v := f(x, y)
	switch {
	case v == nil:
		return fmt.Errorf("game %q: %s returned nil; an objective must be a scalar (a 1×1 node)", g.Name(), name)
	case v.Rows() != 1 || v.Cols() != 1:
		return fmt.Errorf("game %q: %s returned a %d×%d node; an objective must be a scalar (a 1×1 node: ad.Sum or ad.Dot reduce a vector)", g.Name(), name, v.Rows(), v.Cols())
	}
	return nil
}

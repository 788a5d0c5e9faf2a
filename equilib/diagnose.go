package equilib

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/game"
)

// own returns the game as the caller gave it and whether the analysed
// game is it with the roles exchanged (AnalyzeYLeads, PolishYLeads).
func (a *analyzer) own() (g game.Game, swapped bool) {
	if s, ok := a.g.(rolesSwapped); ok {
		return s.g, true
	}
	return a.g, false
}

// ownPoint returns the analysed game's (x, y) as the game's own strategies
// (exchanged back when the roles are) and the analysed objective i
// (1 or 2) as the game's own.
func (a *analyzer) ownPoint(x, y []float64, i int) (ox, oy []float64, oi int) {
	if _, swapped := a.own(); swapped {
		return y, x, 3 - i
	}
	return x, y, i
}

// pointText formats the analysed game's point (x, y) in the game's own
// order, "([1], [2])", followed by " with y leading" when the roles are
// exchanged.
func (a *analyzer) pointText(x, y []float64) string {
	ox, oy, _ := a.ownPoint(x, y, 1)
	if _, swapped := a.own(); swapped {
		return fmt.Sprintf("(%v, %v) with y leading", ox, oy)
	}
	return fmt.Sprintf("(%v, %v)", ox, oy)
}

// objectivesFinite returns nil where f1 and f2 are finite at the last
// evaluated point (x, y) of the analysed game, else an error naming the
// point and the objective, with the part of it a formula game names
// (game.ObjectiveDiagnoser or game.Diagnoser), as in
//
//	point ([-2], [-2]): f1 = NaN: f1: log(x[0]) is NaN at 1:22 (x = [-2], y = [-2])
//
// A point where an objective is not finite is no equilibrium that
// Analyze can classify (and its Point would not marshal to JSON).
func (a *analyzer) objectivesFinite(x, y []float64) error {
	for i, v := range []float64{a.prog.Output(outF1)[0], a.prog.Output(outF2)[0]} {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			continue
		}
		ox, oy, oi := a.ownPoint(x, y, i+1)
		err := fmt.Errorf("point %s: f%d = %v", a.pointText(x, y), oi, v)
		g, _ := a.own()
		var de error
		if od, ok := g.(game.ObjectiveDiagnoser); ok {
			de = od.DiagnoseObjective(oi, ox, oy)
		} else if d, ok := g.(game.Diagnoser); ok {
			de = d.Diagnose(ox, oy)
		}
		if de != nil {
			err = fmt.Errorf("%w: %v", err, de)
		}
		return err
	}
	return nil
}

// diagnoseDerivatives adds to err, raised where a derivative of the
// analysed game is not finite at (x, y), what a formula game
// (game.DerivativeDiagnoser) names there: the first of the objectives'
// gradients, then Hessians, that is not finite, objective first tried
// first (1 or 2 of the analysed game), as in "point ([0], [0]): the game
// Jacobian J is not finite: f1: sqrt(x[0]) has an infinite derivative at
// 1:1 (x = [0], y = [0])". Other games, and points where no derivative
// is named, return err as it is.
func (a *analyzer) diagnoseDerivatives(err error, x, y []float64, first int) error {
	g, _ := a.own()
	dd, ok := g.(game.DerivativeDiagnoser)
	if !ok || !allFinite(x) || !allFinite(y) {
		return err
	}
	for _, order := range []int{1, 2} {
		for _, i := range []int{first, 3 - first} {
			ox, oy, oi := a.ownPoint(x, y, i)
			if de := dd.DiagnoseDerivative(oi, order, ox, oy); de != nil {
				return fmt.Errorf("%w: %v", err, de)
			}
		}
	}
	return err
}

// diagnoseAt adds to err, Newton's failure at the analysed coordinates z,
// what a formula game names there: an objective that is not finite
// (objectivesFinite), else a derivative that is not (diagnoseDerivatives,
// the leader's first). Where all are finite (ω_S undefined because the
// follower Hessian is singular, a singular Jacobian) err is returned as
// it is.
func (a *analyzer) diagnoseAt(err error, z []float64) error {
	x, y := a.lift(z)
	a.evalZ(z)
	f1, f2 := a.prog.Output(outF1)[0], a.prog.Output(outF2)[0]
	if math.IsNaN(f1) || math.IsInf(f1, 0) || math.IsNaN(f2) || math.IsInf(f2, 0) {
		if oe := a.objectivesFinite(x, y); oe != nil {
			return fmt.Errorf("%w (%v)", err, oe)
		}
	}
	return a.diagnoseDerivatives(err, x, y, 1)
}

package equilib

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/game"
)

// ContinuumStep is the distance h, relative to max(1, ‖z‖∞) (z the
// analysed coordinates), at which SplitContinuum looks for another
// critical point along the null direction of a singular Jacobian.
const ContinuumStep = 0.1

// SplitContinuum separates the critical points of a search (Search, after
// KeepCritical) into the isolated ones and those that lie on a continuum
// of critical points — a curve, a surface or a region on which the field
// vanishes identically, as everywhere when f1 and f2 are constant. Newton
// ends each start at a different point of a continuum, so that a search
// listed one "critical point" per start (f1 = f2 = 0: 200 of them).
//
// The test, for each field (ω and ω_S) on which the point is critical
// (Analyze's threshold), is:
//
//  1. the field's Jacobian (J or J_S) is singular there (an eigenvalue of
//     modulus within the eigenvalue tolerance of Analyze; a point with a
//     nonsingular Jacobian is isolated, by the inverse function theorem),
//     and
//  2. the field has another zero at distance h = ContinuumStep·max(1,
//     ‖z‖∞) along the Jacobian's null direction v (the right singular
//     vector of its smallest singular value): Gauss–Newton on the field
//     restricted to the hyperplane through z ± h·v orthogonal to v
//     reaches a critical point there, within h/2 of z ± h·v.
//
// A degenerate but isolated root (ω = (x³, y) at 0, which every start
// reaches and sameDegenerateRoot merges) fails 2: its field grows like a
// power of the distance along v (10⁻³ at h = 0.1 for x³, against the
// critical threshold 10⁻⁶·σ). A point is on a continuum when it is so for
// every field on which it is critical: a DSE that is isolated for ω_S on
// a curve of critical points of ω is kept as isolated. A continuum
// smaller than h is not recognised (its points stay listed).
func SplitContinuum(g game.Game, pts []Point) (isolated, continuum []Point) {
	a, err := newAnalyzer(g)
	if err != nil {
		return pts, nil
	}
	dx, dy := g.Domains()
	torus := make([]bool, a.cx.r+a.cy.r)
	for i := range torus {
		torus[i] = (i < a.cx.r && dx.Kind == game.Torus) || (i >= a.cx.r && dy.Kind == game.Torus)
	}
	isolated = pts[:0:0]
	for _, p := range pts {
		if len(p.X) == a.d1 && len(p.Y) == a.d2 && a.onContinuum(p, torus) {
			continuum = append(continuum, p)
		} else {
			isolated = append(isolated, p)
		}
	}
	return isolated, continuum
}

// onContinuum is SplitContinuum's test of the point p; torus tells the
// analysed coordinates that are angles.
func (a *analyzer) onContinuum(p Point, torus []bool) bool {
	a.eval(p.X, p.Y)
	z := append([]float64(nil), a.z...)
	a.unitSize = 0
	size := a.jacobianSize()
	a.unitSize = math.Max(size, a.referenceSize(z))
	unit := gameUnit(a.unitSize)
	critical := false
	for _, st := range []bool{false, true} {
		eig := p.EigJ
		if st {
			eig = p.EigJS
		}
		a.evalZ(z)
		F := a.field(st)
		if len(eig) == 0 || !allFinite(F) || maxAbs(F) > a.fieldTol(0, unit, st, z) {
			continue // not critical on this field (or ω_S undefined)
		}
		critical = true
		J := a.jacobian(st)
		if !allFinite(J.RawMatrix().Data) {
			return false
		}
		small := math.Inf(1)
		for _, e := range eig {
			small = math.Min(small, math.Hypot(e[0], e[1]))
		}
		if small > eigenTol(J, definiteTol*unit) {
			return false // nonsingular: isolated
		}
		if !a.rootAlongNull(z, J, st, unit, torus) {
			return false
		}
	}
	return critical
}

// rootAlongNull reports whether field st (J its Jacobian at z) has a
// critical point on the hyperplane through z ± h·v orthogonal to v,
// within h/2 of z ± h·v, v the right singular vector of J's smallest
// singular value and h = ContinuumStep·max(1, ‖z‖∞) (SplitContinuum).
func (a *analyzer) rootAlongNull(z []float64, J *mat.Dense, st bool, unit float64, torus []bool) bool {
	d := len(z)
	var svd mat.SVD
	if !svd.Factorize(J, mat.SVDFull) {
		return false
	}
	var V mat.Dense
	svd.VTo(&V)
	v := mat.Col(nil, d-1, &V) // singular values are in decreasing order
	h := ContinuumStep * math.Max(1, maxAbs(z))
	wrap := func(w []float64) {
		for i := range w {
			if torus[i] {
				w[i] = game.WrapAngle(w[i])
			}
		}
	}
	doms := torusDomains(torus)
	w := make([]float64, d)
	c := make([]float64, d)
	A := mat.NewDense(d+1, d, nil)
	b := mat.NewVecDense(d+1, nil)
	var step mat.VecDense
	for _, sign := range []float64{1, -1} {
		for i := range c {
			c[i] = z[i] + sign*h*v[i]
		}
		wrap(c)
		copy(w, c)
		for it := 0; it < 50; it++ {
			a.evalZ(w)
			F := a.field(st)
			if !allFinite(F) {
				break
			}
			if maxAbs(F) <= a.fieldTol(0, unit, st, w) {
				return true
			}
			Jw := a.jacobian(st)
			if !allFinite(Jw.RawMatrix().Data) {
				break
			}
			// [J; vᵀ] Δ = [−F; 0]: a Gauss–Newton step that keeps w on
			// the hyperplane ⟨w − c, v⟩ = 0.
			A.Slice(0, d, 0, d).(*mat.Dense).Copy(Jw)
			A.SetRow(d, v)
			for i := range F {
				b.SetVec(i, -F[i])
			}
			b.SetVec(d, 0)
			if err := step.SolveVec(A, b); err != nil {
				if _, ok := err.(mat.Condition); !ok {
					break
				}
			}
			if !allFinite(step.RawVector().Data) || mat.Norm(&step, math.Inf(1)) <= 1e-12*math.Max(1, maxAbs(w)) {
				break
			}
			for i := range w {
				w[i] += step.AtVec(i)
			}
			wrap(w)
			if distance(w, c, doms) > h/2 {
				break
			}
		}
	}
	return false
}

// torusDomains returns, per coordinate, a torus domain where torus is
// true and an unbounded one elsewhere (for distance).
func torusDomains(torus []bool) []game.Domain {
	doms := make([]game.Domain, len(torus))
	for i, t := range torus {
		if t {
			doms[i] = game.Domain{Kind: game.Torus}
		}
	}
	return doms
}

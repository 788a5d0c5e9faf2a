package equilib

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/game"
)

// ContinuumStep is the largest distance t at which SplitContinuum looks
// for other critical points along the null direction of a singular
// Jacobian, relative to max(1, ‖z‖∞) (z the analysed coordinates; away
// from the origin it also tries t = ContinuumStep), and at t/4 and t/16.
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
//  2. the field has other zeros along a smooth curve through z tangent
//     to the Jacobian's null direction v (the right singular vector of
//     its smallest singular value), on one side of z: for t =
//     ContinuumStep·max(1, ‖z‖∞), or t = ContinuumStep when ‖z‖∞ > 1,
//     and each s of t, t/4 and t/16, Gauss–Newton on the field
//     restricted to the hyperplane through z + s·v (or z − s·v)
//     orthogonal to v reaches a zero w(s) to Newton's precision (residual
//     10⁻¹⁰·σ, or rounding) within s/2 of that point, and each w(s) is
//     nearer that point than an eighth of the last (plus 10⁻⁶·t): on a
//     smooth curve the distance falls like s², by 16 from one s to the
//     next. Its steps are least-squares steps of least norm in at most
//     as many directions as the rank of the Jacobian at z (the
//     codimension of the continuum) plus one for v: on the unit sphere
//     f1 = f2 = (|x|² + y² − 1)²/4, whose ω_S vanishes there to second
//     order in its leader rows, full steps walked off along the sphere.
//     Where those fail, it tries again with full steps: on the circle of
//     f1 = f2 = (x² + y² − 1)⁴/8 the field vanishes to third order, J =
//     0, and steps in one direction made no progress.
//
// A degenerate but isolated root (ω = (x³, y) at 0, which every start
// reaches and Search lists once) fails 2: its field grows like a
// power of the distance along v (10⁻³ at t = 0.1 for x³; 10⁻⁷ for x⁷,
// which the critical threshold 10⁻⁶·σ would take for a zero), and so does
// one with other isolated roots along v at some of the distances (ω =
// x²(x − 0.1)(x − 0.025) at 0: no zero at 0.00625) or off the tangent by
// more than a curve through z would be. Isolated roots placed at all
// three distances, on a curve tangent to v, still pass. A point is on a
// continuum when it is so for every field on which it is critical: a DSE
// that is isolated for ω_S on a curve of critical points of ω is kept as
// isolated. A continuum curved away from its tangent by more than s/2 at
// s (a circle of radius below 0.125 around the origin, t = 0.1) is not
// recognised: its points stay listed.
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
	size, sizeJ := a.jacobianSize(), a.jSize()
	ref := a.referenceSize(z) // ‖J‖∞ alone
	a.unitSize = math.Max(size, ref)
	unit := gameUnit(a.unitSize)
	// The critical and singular tests are Analyze's, with its unit.
	vunit := verdictUnit(a.unitSize, math.Max(sizeJ, ref))
	critical := false
	for _, st := range []bool{false, true} {
		eig := p.EigJ
		if st {
			eig = p.EigJS
		}
		a.evalZ(z)
		F := a.field(st)
		if len(eig) == 0 || !allFinite(F) || maxAbs(F) > a.fieldTol(0, vunit, st, z) {
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
		if small > eigenTol(J, definiteTol*vunit) {
			return false // nonsingular: isolated
		}
		if !a.rootAlongNull(z, J, st, unit, torus) {
			return false
		}
	}
	return critical
}

// rootAlongNull reports whether field st (J its Jacobian at z) passes
// SplitContinuum's test 2: for t = h and, when ‖z‖∞ > 1, t =
// ContinuumStep, on one side of z, zeros w(s) on the hyperplanes through
// z ± s·v orthogonal to v for s = t, t/4 and t/16, each within s/2 of z ±
// s·v and nearer it than an eighth of the last (plus 10⁻⁶·t): v is the
// right singular vector of J's smallest singular value and h =
// ContinuumStep·max(1, ‖z‖∞).
func (a *analyzer) rootAlongNull(z []float64, J *mat.Dense, st bool, unit float64, torus []bool) bool {
	d := len(z)
	var svd mat.SVD
	if !svd.Factorize(J, mat.SVDFull) {
		return false
	}
	var V mat.Dense
	svd.VTo(&V)
	v := mat.Col(nil, d-1, &V) // singular values are in decreasing order
	// rank is J's numerical rank, the codimension of a continuum through
	// z where the field vanishes to first order on it: Gauss–Newton first
	// tries steps in no more directions than it and v.
	rank := 0
	for _, sv := range svd.Values(nil) {
		if sv > eigenTol(J, definiteTol*unit) {
			rank++
		}
	}
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
	var gn mat.SVD
	// probe looks for a root of the field by Gauss–Newton from c = z +
	// s·v on the hyperplane through c orthogonal to v, to Newton's
	// precision and within s/2 of c, and returns its distance from c; its
	// steps use at most keep directions, and truncated tells whether one
	// of them left a direction of the Jacobian out.
	probe := func(s float64, keep int) (dev float64, found, truncated bool) {
		for i := range c {
			c[i] = z[i] + s*v[i]
		}
		wrap(c)
		copy(w, c)
		for it := 0; it < 50; it++ {
			a.evalZ(w)
			F := a.field(st)
			if !allFinite(F) {
				return 0, false, truncated
			}
			if maxAbs(F) <= a.rootTol(continuumRootTol, unit, st, w) {
				return distance(w, c, doms), true, truncated
			}
			Jw := a.jacobian(st)
			if !allFinite(Jw.RawMatrix().Data) {
				return 0, false, truncated
			}
			// [J; vᵀ] Δ = [−F; 0] in the least-squares sense, of least
			// norm (J is singular on a continuum): a Gauss–Newton step
			// that keeps w on the hyperplane ⟨w − c, v⟩ = 0.
			A.Slice(0, d, 0, d).(*mat.Dense).Copy(Jw)
			A.SetRow(d, v)
			for i := range F {
				b.SetVec(i, -F[i])
			}
			b.SetVec(d, 0)
			if !gn.Factorize(A, mat.SVDThin) {
				return 0, false, truncated
			}
			full := gn.Rank(continuumRankTol)
			truncated = truncated || keep < full
			gn.SolveVecTo(&step, b, min(keep, full))
			if !allFinite(step.RawVector().Data) || mat.Norm(&step, math.Inf(1)) <= 1e-12*math.Max(1, maxAbs(w)) {
				return 0, false, truncated
			}
			for i := range w {
				w[i] += step.AtVec(i)
			}
			wrap(w)
			if distance(w, c, doms) > math.Abs(s)/2 {
				return 0, false, truncated
			}
		}
		return 0, false, truncated
	}
	h := ContinuumStep * math.Max(1, maxAbs(z))
	steps := []float64{h}
	if h > ContinuumStep {
		steps = append(steps, ContinuumStep)
	}
	for _, t := range steps {
		for _, sign := range []float64{1, -1} {
			last := math.Inf(1)
			curve := true
			for _, f := range continuumFractions {
				// Steps in rank + 1 directions first; then, if that
				// left some out and failed, in all: where the field
				// vanishes to higher order on the continuum (f1 = f2 =
				// (x² + y² − 1)⁴/8: J = 0 on the circle, rank 0), its
				// codimension exceeds J's rank at z.
				dev, found, truncated := probe(sign*t*f, rank+1)
				if !found && truncated {
					dev, found, _ = probe(sign*t*f, d+1)
				}
				if !found || dev > last/8+1e-6*t {
					curve = false
					break
				}
				last = dev
			}
			if curve {
				return true
			}
		}
	}
	return false
}

// continuumFractions are rootAlongNull's probe distances as fractions of
// t: a continuum through z has zeros at every distance along its tangent,
// whereas an isolated root z with other isolated roots along the null
// direction has them at some distances only (ω = x²(x − 0.1) at 0: none at
// 0.025; ω = x²(x − 0.1)(x − 0.025): none at 0.00625).
var continuumFractions = []float64{1, 0.25, 0.0625}

// continuumRankTol is the relative singular value below which
// rootAlongNull's Gauss–Newton leaves a direction out of its step: on a
// continuum of dimension k the field's Jacobian has k zero singular values.
const continuumRankTol = 1e-10

// continuumRootTol is the residual, on a game of unit σ (times σ, as
// Search's default Tol), up to which rootAlongNull's Gauss–Newton has
// reached a root: a continuum's zeros are zeros to rounding, whereas
// CriticalTol (10⁻⁶) took ω = x⁷ at x = 0.1 (10⁻⁷) for one.
const continuumRootTol = 1e-10

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

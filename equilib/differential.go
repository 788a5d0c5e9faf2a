package equilib

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/total"
)

// CriticalTol is the floor of the residual ‖ω‖∞ (or ‖ω_S‖∞) up to which
// Analyze treats a point as a critical point of the vector field, on a game
// whose Jacobians reach size 1; it is multiplied by the game's unit
// σ = min(1, max(‖J‖∞, ‖J_S‖∞)), the norms measured at and around the
// point (see gameUnit), so that a game whose objectives are scaled by
// 10⁻¹² has its critical points where the unscaled one has; above 1
// Analyze's verdicts multiply it by ‖J‖∞ too (verdictUnit), so that the
// game ×10⁶ has them there as well.
// On a field of large values the threshold is relative instead: see
// RelCriticalTol.
const CriticalTol = 1e-6

// RelCriticalTol is the residual, relative to the field's scale at the
// point, up to which Analyze treats a point as critical: the threshold is
// max(σ·CriticalTol, RelCriticalTol·‖Jac‖∞·max(1, ‖z‖∞)), with σ the
// game's unit (see CriticalTol), Jac the
// field's Jacobian (J for ω, J_S for ω_S when finite, else J) and z the
// analysed coordinates. ‖Jac‖·‖z‖ bounds the size of the terms the field
// sums, so rounding leaves a residual of a few ε times it at a root (the
// duopoly with A = 10¹² has ‖ω‖∞ ≈ 10⁻⁴ at its computed Nash point; a
// matching-pennies game with payoffs ×10³⁰⁰, ≈ 10²⁸⁴). It is 4096·ε.
const RelCriticalTol = 4096 * 0x1p-52

// definiteTol is the size below which an eigenvalue (or its real part)
// counts as zero on a game of unit scale; it is multiplied by the game's
// unit σ (gameUnit), and eigenTol adds the relative, rounding part.
const definiteTol = 1e-9

// eigenRoundingFactor is c in the rounding part c·n·ε·‖M‖_F of eigenTol.
const eigenRoundingFactor = 16

// eigenTol is the threshold above which an eigenvalue (or its real part)
// of the n×n matrix m counts as positive: max(floor, 16·n·ε·‖m‖_F), with
// floor = definiteTol·σ for the game's unit σ (gameUnit). The computed
// eigenvalues of m are those of a matrix within a few n·ε·‖m‖ of m, so a
// value above that is positive and not rounding; the floor keeps a
// degenerate root located only to rounding (eigenvalues ~1e-10·σ there)
// from being called stable. A relative threshold of 1e-9·max|λ| (an
// earlier stackel's) called the eigenvalue 0.1 of a J_S with eigenvalues
// {0.1, 5·10¹²} zero.
func eigenTol(m mat.Matrix, floor float64) float64 {
	n, _ := m.Dims()
	return math.Max(floor, eigenRoundingFactor*float64(n)*0x1p-52*mat.Norm(m, 2))
}

// gameUnit is the game's unit σ ∈ (0, 1] by which the absolute floors
// CriticalTol, definiteTol and Newton's tolerance — sizes of the field and
// of eigenvalues, in the objectives' units — are multiplied: min(1, S),
// with S the largest ‖J‖∞ or ‖J_S‖∞ (finite ones) seen, and 1 where S is 0
// or not finite (nothing to measure the game by). The game c_i ↦ s·c_i has
// s times the field, the Jacobians and their eigenvalues of c_i, so a floor
// fixed in the objectives' units is a floor 1/s times as large in the
// game's own: with s = 10⁻¹² every point was critical (‖ω‖∞ < 10⁻⁶
// everywhere) and no eigenvalue positive (all below 10⁻⁹). For Newton's
// tolerance S is the Jacobians' size at the points the analysis starts
// from (Search: every start; Polish: its start, and ‖J‖∞ around it); for
// the verdicts (verdictUnit, which since 98ff4b6 takes the ‖J‖∞ part
// alone where it is positive), of Analyze, Search and Polish alike, it is
// the Jacobians' size at the analysed point and ‖J‖∞ at reference points
// around it (referenceSize; when Search took its starts' size there too,
// a DNE at 0 of ½·10⁻⁴x² + ¼·10⁴x⁴ ×10⁻⁶, which Analyze found, was none
// to Search on the box [−10, 10]):
// at a degenerate point J nearly vanishes (f1 = x⁴/4, f2 = y⁴/4 at
// (10⁻⁶, 10⁻⁶): ‖J‖∞ = 3·10⁻¹²), and σ measured there alone made the
// floors vanish with it (that point was a stable DNE and DSE). So
// σ·floor scales with the game; min(1, ·) leaves games whose derivatives
// reach 1 with their floors of before, bit for bit.
func gameUnit(s float64) float64 {
	if !(s > 0) || math.IsInf(s, 1) {
		return 1
	}
	return math.Min(1, s)
}

// verdictUnit is the unit σ_v by which the floors of Analyze's verdicts
// (the critical residual σ_v·CriticalTol, a positive eigenvalue's
// σ_v·1e-9) are multiplied: sJ, the largest finite ‖J‖∞ at and around
// the point, when it is positive and finite, else gameUnit(s), with s the
// size the game's unit is measured by (max(‖J‖∞, ‖J_S‖∞) at and around
// the point, see gameUnit). The game c_i ↦ c·c_i has c times J, its
// eigenvalues and its field, so its verdicts are those of c_i only when
// the floors grow with it too: gameUnit alone stops at 1, and above it the
// floors were fixed in the objectives' units. Matching pennies with
// entropy 0.1 and payoffs ×10⁹ — the game with payoffs ×1 and entropy
// 10⁻¹⁰, times 10⁹ — was a stable DNE and DSE (real parts 0.05 against
// the fixed floor 10⁻⁹) while the game ×1 and ×10⁻⁹ was neither (5·10⁻¹¹
// against 10⁻⁹·σ); a point 10⁻⁹ from the DNE of ½x² + ½y² ×10⁶ was no
// critical point (residual 10⁻³ against 10⁻⁶), while it was at ×1 and
// ×10⁻⁶. σ_v is measured by ‖J‖∞ only, the objectives' second
// derivatives, on both sides of 1: ‖J_S‖∞, through (D2² f2)⁻¹, may be
// large where the follower Hessian is nearly singular without the game
// being large (eig J_S = {0.1, 5·10¹²} for pennies ×10⁶, entropy 0.1,
// where ‖J‖∞ = 5·10⁵). With gameUnit(s) below 1 and sJ above it (e7ab83f
// to d78d04b) σ_v/c was ‖J_S‖∞ of the game ×1 for small c, 1/c between
// ‖J_S‖∞·c = 1 and ‖J‖∞·c = 1, and ‖J‖∞ above: that pennies game was a
// stable DNE and DSE ×c for c ≥ 10⁻⁷ and neither for c ≤ 10⁻⁸, and the
// strict DNE of ½x² + ½y², ½·10⁻⁶y² + xy (‖J_S‖∞ = 10⁶) a DNE for
// c ≥ 0.1 and an undecided one for c ≤ 10⁻³. Where ‖J_S‖∞ ≤ ‖J‖∞ (at the
// point) σ_v is gameUnit(s) below 1, bit for bit as when the verdicts'
// floors were multiplied by gameUnit(s) alone.
// Newton's tolerance keeps gameUnit(s): it says how precisely a root is
// located, not what it is.
func verdictUnit(s, sJ float64) float64 {
	if sJ > 0 && !math.IsInf(sJ, 1) {
		return sJ
	}
	return gameUnit(s)
}

// jSize is ‖J‖∞ at the last evaluated point, or 0 when J is not finite.
func (a *analyzer) jSize() float64 {
	if j := a.jacobian(false); allFinite(j.RawMatrix().Data) {
		return mat.Norm(j, math.Inf(1))
	}
	return 0
}

// jacobianSize is max(‖J‖∞, ‖J_S‖∞) at the last evaluated point, over the
// finite ones (0 when neither is).
func (a *analyzer) jacobianSize() float64 {
	s := 0.0
	for _, st := range []bool{false, true} {
		if j := a.jacobian(st); allFinite(j.RawMatrix().Data) {
			s = math.Max(s, mat.Norm(j, math.Inf(1)))
		}
	}
	return s
}

// referenceSize is the largest finite ‖J‖∞ at the reference points
// z ± s·1 and z ± s·(1, −1, 1, …), s = max(1, 10⁻⁸·‖z‖∞), around the
// analysed coordinates z (a torus player's wrapped to [−π, π)); 0 when J
// is finite at none of them. At a degenerate point J nearly vanishes
// (f = x⁴/4 has ‖J‖∞ = 3·10⁻¹² at x = 10⁻⁶), so J there cannot tell a
// degenerate point of a game of unit scale from a game scaled by 10⁻¹²; a
// unit distance away the game shows its size. The distance is 1, not
// ‖z‖∞: a root far from the origin (x = 10⁵ of c·((x − 10⁵)²/2 +
// (x − 10⁵)⁴/4)) probed 10⁵ away met a curvature of 3·10¹⁰·c, and the
// game ×10⁻¹² lost its DNE; 10⁻⁸·‖z‖∞ keeps the points distinct from z
// where a unit step would be lost to rounding. Only J is measured there:
// it is the objectives' second derivatives, c times as large in the game
// c_i ↦ c·c_i at every point, whereas J_S, through (D2² f2)⁻¹, may be
// rounding noise of any size where the follower Hessian is nearly
// singular. A reference point where J is not finite (outside a log
// barrier's domain) is skipped. It leaves the program evaluated at the
// last reference point.
func (a *analyzer) referenceSize(z []float64) float64 {
	dx, dy := a.g.Domains()
	torus := make([]bool, len(z))
	for i := range torus {
		if i < a.cx.r {
			torus[i] = dx.Kind == game.Torus
		} else {
			torus[i] = dy.Kind == game.Torus
		}
	}
	s := math.Max(1, 1e-8*maxAbs(z))
	if math.IsInf(s, 1) || math.IsNaN(s) {
		return 0
	}
	size := 0.0
	ref := make([]float64, len(z))
	for _, sign := range []float64{1, -1} {
		for _, alt := range []bool{false, true} {
			for i, v := range z {
				d := sign * s
				if alt && i%2 == 1 {
					d = -d
				}
				ref[i] = v + d
				if torus[i] {
					ref[i] = game.WrapAngle(ref[i])
				}
			}
			a.evalZ(ref)
			if j := a.jacobian(false); allFinite(j.RawMatrix().Data) {
				size = math.Max(size, mat.Norm(j, math.Inf(1)))
			}
		}
	}
	return size
}

// criticalTol is the residual threshold of a point at the analysed
// coordinates z whose field has the Jacobian jac, on a game of unit σ
// (gameUnit): max(σ·max(base, CriticalTol), RelCriticalTol·‖jac‖∞·max(1,
// ‖z‖∞)) (see RelCriticalTol).
func criticalTol(base, unit float64, jac *mat.Dense, z []float64) float64 {
	return residualTol(unit*math.Max(base, CriticalTol), jac, z)
}

// residualTol is max(thr, RelCriticalTol·‖jac‖∞·max(1, ‖z‖∞)): the
// absolute threshold thr, or the rounding of a field of large values (see
// RelCriticalTol) at the analysed coordinates z.
func residualTol(thr float64, jac *mat.Dense, z []float64) float64 {
	if jac == nil || !allFinite(jac.RawMatrix().Data) {
		return thr
	}
	s := RelCriticalTol * mat.Norm(jac, math.Inf(1)) * math.Max(1, maxAbs(z))
	if math.IsNaN(s) {
		return thr
	}
	return math.Max(thr, s)
}

// fieldTol is criticalTol at the last evaluated point, whose analysed
// coordinates are z, on a game of unit σ, for ω (stackelberg false) or ω_S
// (J_S when finite, else J).
func (a *analyzer) fieldTol(base, unit float64, stackelberg bool, z []float64) float64 {
	jac := a.jacobian(stackelberg)
	if stackelberg && !allFinite(jac.RawMatrix().Data) {
		jac = a.jacobian(false)
	}
	return criticalTol(base, unit, jac, z)
}

// rootTol is the residual up to which the field (ω_S when stackelberg, as
// in fieldTol) at the last evaluated point, whose analysed coordinates are
// z, is a root to Newton's tolerance: max(σ·tol, RelCriticalTol·‖Jac‖∞·
// max(1, ‖z‖∞)), without fieldTol's floor σ·CriticalTol. Where a field's
// Jacobian is small (‖J‖ ~ 10⁻⁴), fieldTol accepts a point up to
// CriticalTol/‖J‖ (10⁻²) from its root: the test of "the same point" of
// two fields' roots needs Newton's own precision.
func (a *analyzer) rootTol(tol, unit float64, stackelberg bool, z []float64) float64 {
	jac := a.jacobian(stackelberg)
	if stackelberg && !allFinite(jac.RawMatrix().Data) {
		jac = a.jacobian(false)
	}
	return residualTol(unit*tol, jac, z)
}

// Point is the differential analysis of a strategy pair (x, y) of a smooth
// game with player 1 (x) as the leader, on the players' costs (payoff games
// are negated: f_i ↦ −f_i). Its JSON form is the published output of
// `stackel analyze --json`.
//
// A player whose domain is game.Simplex with d ≥ 2 logits is analysed in
// d − 1 coordinates, its logits modulo their common shift (which leaves
// softmax, and so the game, unchanged): its derivatives, Hessian blocks
// and share of the spectra are those along the directions that change its
// mixed strategy, so that EigJ and EigJS have d1 + d2 − 1 entries when
// one player is a simplex player and d1 + d2 − 2 when both are (in
// logits, every such point would have a zero eigenvalue and a singular
// Hessian, and be no DNE, DSE or stable point).
type Point struct {
	// X and Y are the leader's and the follower's strategies (from
	// AnalyzeYLeads and PolishYLeads, the game's own x and y, y leading).
	X []float64 `json:"x"`
	Y []float64 `json:"y"`
	// F1 and F2 are the objectives at (X, Y) in the game's own sense,
	// always finite (a point where one is not is an error).
	F1 float64 `json:"f1"`
	F2 float64 `json:"f2"`
	// DNE: a differential Nash equilibrium (Definition 3): ω = 0,
	// D1² f1 > 0 and D2² f2 > 0. A degenerate one (det J = 0, a zero in
	// EigJ) is one too, as in the paper; it need not be isolated.
	DNE bool `json:"dne"`
	// DSE: a differential Stackelberg equilibrium (Definition 4): ω_S = 0,
	// D² f1(x, r(x)) > 0 — the Schur complement of J_S, which at a critical
	// point is the Hessian of the leader's cost along the follower's
	// reaction curve — and D2² f2 > 0. Definition 4 asks only that r be
	// defined implicitly by D2 f2 = 0; D2² f2 > 0 also makes r(x) a local
	// best response of the follower (the reaction set of Definition 2),
	// and implies the invertibility the implicit function needs.
	DSE bool `json:"dse"`
	// StableSGA: ω = 0 and spec(J) lies in the open right half-plane, so
	// (X, Y) is a locally asymptotically stable attractor of ẋ = −ω(x)
	// (simultaneous gradient play), whether or not it is a DNE.
	StableSGA bool `json:"stable_sga"`
	// StableStackelberg: ω_S = 0 and spec(J_S) lies in the open right
	// half-plane (Section 2.2: a stable point of ẋ = −ω_S(x)).
	StableStackelberg bool `json:"stable_stackelberg"`
	// EigJ are the eigenvalues of J = Dω as (real, imaginary) pairs, sorted
	// by real part, then imaginary part.
	EigJ [][2]float64 `json:"eig_J"`
	// EigJS are the eigenvalues of J_S = Dω_S, sorted likewise; empty when
	// the follower Hessian D2² f2 is singular (ω_S is undefined there),
	// numerically too: an eigenvalue of modulus at most
	// max(σ·1e-9, 16·n·ε·‖D2² f2‖_F) counts as zero, as in the DNE/DSE and
	// stability tests; and
	// empty when J_S is not finite. Empty is an empty list, "eig_JS": [] in
	// JSON, never null.
	EigJS [][2]float64 `json:"eig_JS"`
	// Undecided lists "dne" and "dse" where the verdict above is false
	// only because a second-order matrix is singular (a zero eigenvalue
	// to the tolerance of the positive-eigenvalue test) with none
	// negative, at a point where the first-order conditions hold: the
	// second-order sufficient condition of Definition 3 or 4 fails but the
	// necessary one holds, so the point may still be a local Nash or
	// Stackelberg equilibrium (f1 = x⁴/4, f2 = y²/2 at 0 is a strict
	// global Nash equilibrium but no DNE) — a degenerate point that the
	// derivatives up to second order cannot classify. "dne": ω = 0,
	// D1² f1 ⪰ 0 and D2² f2 ⪰ 0, one of them singular. "dse": ω_S = 0,
	// D2² f2 > 0 and the Schur complement D² f1(x, r(x)) ⪰ 0 and singular;
	// or D2 f2 = 0 with D2² f2 ⪰ 0 and singular (ω_S is undefined there).
	// A false verdict not listed here is a firm no: the point is not
	// critical, or a second-order matrix has a negative eigenvalue (no
	// local equilibrium of that kind). Go API only (not in the JSON).
	Undecided []string `json:"-"`
}

// analyzer is a game's compiled differential analysis: one ad program maps
// the analysed coordinates (z1, z2) — the strategies themselves, or for a
// simplex player its logits modulo their common shift (gauge.go) — to f1,
// f2, ω, ω_S and the rows of J and J_S.
type analyzer struct {
	g      game.Game
	d1, d2 int    // the players' dimensions
	cx, cy coords // each player's analysed coordinates, r1 = cx.r and r2 = cy.r of them
	prog   *ad.Program
	z      []float64 // (z1, z2) of the last eval from strategies
	// unitSize is the largest max(‖J‖∞, ‖J_S‖∞) at the points the analysis
	// started from (Search's starts, Polish's start) and ‖J‖∞ at the
	// reference points around Polish's start or Analyze's point
	// (referenceSize): the game's unit is gameUnit of it (and of the
	// analysed point's).
	unitSize float64
	// unitSizeJ is the largest finite ‖J‖∞ around the analysed point
	// (referenceSize): the verdicts' unit grows with it above 1
	// (verdictUnit).
	unitSizeJ float64
	nShift    int // reduced players; outputs outRows+2r … are ∂c1/∂s, ∂c2/∂s (one entry each), ∇z c1, ∇z c2
}

// Output indices of the analyzer program.
const (
	outF1 = iota
	outF2
	outOmega
	outOmegaS
	outRows // r rows of J, then r rows of J_S (r = r1 + r2)
)

// newAnalyzer records, on costs c_i = Sign·f_i (Section 2.1):
//
//	ω   = (D1 c1, D2 c2)
//	Df1 = D1 c1 − (D21 c2)ᵀ (D2² c2)⁻¹ D2 c1       (total derivative, Section 2.1)
//	ω_S = (Df1, D2 c2)
//	J   = Dω,  J_S = Dω_S                          (Section 2.2)
//
// all in the analysed coordinates (a simplex player's D_i is the derivative
// in z_i, its logits being x_i = Q z_i + s_i·1; gauge.go). The follower
// Hessian and the mixed block are built as ad nodes and the total
// derivative is package total's graph form (total.Graph: an ad.Solve), so
// ω_S is itself differentiated to give J_S exactly (third derivatives of
// f2 included). For each reduced simplex player the program also gives
// ∂c1/∂s_i and ∂c2/∂s_i at s_i = 0, which must vanish (checkShift). A
// simplex player with one action is refused (checkOneAction).
func newAnalyzer(g game.Game) (*analyzer, error) {
	if err := game.Check(g); err != nil {
		return nil, err
	}
	d1, d2 := g.Dims()
	dx, dy := g.Domains()
	if err := checkOneAction(g, d1, d2, dx, dy); err != nil {
		return nil, err
	}
	a := &analyzer{g: g, d1: d1, d2: d2, cx: newCoords(d1, dx), cy: newCoords(d2, dy)}
	r1, r2 := a.cx.r, a.cy.r
	a.z = make([]float64, r1+r2)
	t := ad.NewTape()
	zx := t.VarVec(make([]float64, r1)...)
	zy := t.VarVec(make([]float64, r2)...)
	inputs := []*ad.Node{zx, zy}
	var shifts []*ad.Node // s_i of the reduced players, leader first
	var sx, sy *ad.Node
	if a.cx.qt != nil {
		sx = t.VarVec(0)
		shifts = append(shifts, sx)
	}
	if a.cy.qt != nil {
		sy = t.VarVec(0)
		shifts = append(shifts, sy)
	}
	inputs = append(inputs, shifts...)
	a.nShift = len(shifts)
	x, y := a.cx.node(zx, sx), a.cy.node(zy, sy)
	f1, f2 := g.F1(x, y), g.F2(x, y)
	c1, c2 := f1, f2
	if g.Sense() == game.Payoff {
		c1, c2 = ad.Neg(f1), ad.Neg(f2)
	}
	g1 := ad.Grad(c1, zx, zy)
	g1x, g1y := g1[0], g1[1]
	g2 := ad.Grad(c2, zx, zy)
	g2y := g2[1]
	hRows := make([]*ad.Node, r2) // D2² c2, r2×r2
	mRows := make([]*ad.Node, r2) // D21 c2: row i is ∇z1 (∂c2/∂z2_i), r2×r1
	for i := 0; i < r2; i++ {
		gi := ad.Grad(ad.Index(g2y, i), zx, zy)
		mRows[i], hRows[i] = gi[0], gi[1]
	}
	df1 := total.Graph(g1x, g1y, hRows, mRows, 0) // D1 c1 − (D21 c2)ᵀ(D2² c2)⁻¹D2 c1, 1×r1
	omega := ad.ConcatCols(g1x, g2y)
	omegaS := ad.ConcatCols(df1, g2y)
	outs := []*ad.Node{f1, f2, omega, omegaS}
	for _, field := range []*ad.Node{omega, omegaS} {
		for i := 0; i < r1+r2; i++ {
			r := ad.Grad(ad.Index(field, i), zx, zy)
			outs = append(outs, ad.ConcatCols(r[0], r[1]))
		}
	}
	if len(shifts) > 0 {
		for _, c := range []*ad.Node{c1, c2} {
			outs = append(outs, ad.ConcatCols(ad.Grad(c, shifts...)...))
		}
		outs = append(outs, ad.ConcatCols(g1x, g1y), ad.ConcatCols(g2[0], g2y))
	}
	a.prog = ad.Compile(inputs, outs)
	return a, nil
}

// eval evaluates the program at the strategies (x, y), reduced to the
// analysed coordinates.
func (a *analyzer) eval(x, y []float64) {
	r1 := a.cx.r
	a.cx.reduce(a.z[:r1], x)
	a.cy.reduce(a.z[r1:], y)
	a.evalZ(a.z)
}

// evalZ evaluates the program at the analysed coordinates z = (z1, z2)
// (with every shift s_i = 0).
func (a *analyzer) evalZ(z []float64) {
	a.prog.SetInput(0, z[:a.cx.r])
	a.prog.SetInput(1, z[a.cx.r:])
	a.prog.Run()
}

// lift returns the strategies (x, y) of the analysed coordinates z: for a
// simplex player the logits with Σx = 0.
func (a *analyzer) lift(z []float64) (x, y []float64) {
	return a.cx.lift(z[:a.cx.r]), a.cy.lift(z[a.cx.r:])
}

// field returns ω (stackelberg false) or ω_S at the last evaluated point.
func (a *analyzer) field(stackelberg bool) []float64 {
	if stackelberg {
		return a.prog.Output(outOmegaS)
	}
	return a.prog.Output(outOmega)
}

// jacobian copies J (stackelberg false) or J_S at the last evaluated point
// into a new dense matrix.
func (a *analyzer) jacobian(stackelberg bool) *mat.Dense {
	d := a.cx.r + a.cy.r
	off := outRows
	if stackelberg {
		off += d
	}
	j := mat.NewDense(d, d, nil)
	for i := 0; i < d; i++ {
		j.SetRow(i, a.prog.Output(off+i))
	}
	return j
}

// Analyze evaluates the conditions of Definitions 3 and 4 of Fiez, Chasnov
// and Ratliff at (x, y) with x the leader's strategy: the vector fields
// ω = (D1 f1, D2 f2) and ω_S = (Df1, D2 f2), their Jacobians J and J_S and
// spectra, and the stability of (x, y) under simultaneous gradient play and
// under Stackelberg dynamics. A point is critical when the field's residual
// is at most max(σ·CriticalTol, RelCriticalTol·‖Jac‖∞·max(1, ‖z‖∞)) (see
// RelCriticalTol); an eigenvalue is positive above
// max(σ·1e-9, 16·n·ε·‖M‖_F) for the n×n matrix M it belongs to. σ is the
// game's unit, min(1, S) with S the largest of max(‖J‖∞, ‖J_S‖∞) at the
// point and ‖J‖∞ at the reference points z ± s·1 and z ± s·(1, −1, 1, …),
// s = max(1, 10⁻⁸·‖z‖∞), around it, those where J is not finite skipped (σ = 1
// where S is 0 or nothing is finite): floors fixed in the objectives'
// units would make every point of a game scaled by 10⁻¹² critical and
// none of its eigenvalues positive, and J at a degenerate point alone
// (‖J‖∞ = 3·10⁻¹² for f1 = x⁴/4, f2 = y⁴/4 at (10⁻⁶, 10⁻⁶)) would make
// the floors vanish there. Above 1 the verdicts' floors also grow with
// ‖J‖∞ (the largest at the point and those reference points): σ·max(1,
// ‖J‖∞), so that the game ×c gets the verdicts of the game
// ×1 for every c > 0. To analyse a point a learner converged to, polish
// it first with Polish. A simplex player's logits are analysed modulo their
// common shift (see Point); an objective that changes under that shift is
// an error (the game's simplex domain promises it does not), and so is a
// simplex player with one action (its single logit is only a shift).
// A point where f1 or f2 is not finite, or where J is not finite, is an
// error naming the point and the quantity; on a formula game
// (game.Diagnoser, game.DerivativeDiagnoser) also the sub-expression at
// fault, as in "point ([0], [0]): the game Jacobian J is not finite: f1:
// sqrt(x[0]) has an infinite derivative at 1:1 (x = [0], y = [0])".
// Analyze takes x for the leader; for y leading (learn's FollowerLeads)
// use AnalyzeYLeads.
func Analyze(g game.Game, x, y []float64) (Point, error) {
	a, err := newAnalyzer(g)
	if err != nil {
		return Point{}, err
	}
	if err := a.checkPoint(x, y); err != nil {
		return Point{}, err
	}
	// The game's unit from around the point too (referenceSize); analyze
	// adds the Jacobians' size at the point itself.
	z := make([]float64, a.cx.r+a.cy.r)
	a.cx.reduce(z[:a.cx.r], x)
	a.cy.reduce(z[a.cx.r:], y)
	a.unitSize = a.referenceSize(z)
	a.unitSizeJ = a.unitSize // referenceSize measures J alone
	return a.analyze(x, y, CriticalTol)
}

// checkPoint reports whether (x, y) has the game's dimensions and finite
// coordinates.
func (a *analyzer) checkPoint(x, y []float64) error {
	return checkPoint(a.g.Name(), a.d1, a.d2, x, y)
}

// checkPoint reports whether (x, y) has the dimensions (d1, d2) of the
// game named name and finite coordinates.
func checkPoint(name string, d1, d2 int, x, y []float64) error {
	return checkCoords(name, d1, d2, x, y, func(coord string, i int, v float64) error {
		return fmt.Errorf("point: %s[%d] = %g is not finite", coord, i, v)
	})
}

// checkCoords reports whether x and y have d1 and d2 coordinates, the
// dimensions of the game named name, and returns notFinite's error for
// the first coordinate that is NaN or ±Inf (x's before y's).
func checkCoords(name string, d1, d2 int, x, y []float64, notFinite func(coord string, i int, v float64) error) error {
	if len(x) != d1 || len(y) != d2 {
		return fmt.Errorf("point: x has %d and y %d coordinates; game %q has dimensions (%d, %d)", len(x), len(y), name, d1, d2)
	}
	for _, v := range []struct {
		name string
		c    []float64
	}{{"x", x}, {"y", y}} {
		for i, c := range v.c {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				return notFinite(v.name, i, c)
			}
		}
	}
	return nil
}

func (a *analyzer) analyze(x, y []float64, tol float64) (Point, error) {
	if err := a.checkPoint(x, y); err != nil {
		return Point{}, err
	}
	a.eval(x, y)
	// An objective that is not finite (log x[0] at x[0] < 0, whose
	// gradient 1/x[0] is finite) is no point to classify; checked before
	// the shift, whose scale it would make NaN.
	if err := a.objectivesFinite(x, y); err != nil {
		return Point{}, err
	}
	if err := a.checkShift(x, y); err != nil {
		return Point{}, err
	}
	// +0 turns a negative zero into 0 (a payoff −x² at x = 0 is −0),
	// which JSON printed as -0.
	p := Point{
		X:  plusZero(x),
		Y:  plusZero(y),
		F1: a.prog.Output(outF1)[0] + 0,
		F2: a.prog.Output(outF2)[0] + 0,
		// Empty, not nil, where J_S is undefined: the JSON is
		// "eig_JS": [], as documented, not null.
		EigJS: [][2]float64{},
	}
	d1, d := a.cx.r, a.cx.r+a.cy.r
	J := a.jacobian(false)
	if !allFinite(J.RawMatrix().Data) {
		// A formula game names the sub-expression whose derivative is
		// not finite, the objective of J's first such row first.
		first := 1
		for i := 0; i < d; i++ {
			if !allFinite(J.RawRowView(i)) {
				if i >= d1 {
					first = 2
				}
				break
			}
		}
		return Point{}, a.diagnoseDerivatives(fmt.Errorf("point %s: the game Jacobian J is not finite", a.pointText(x, y)), x, y, first)
	}
	eigJ, err := eigen(J)
	if err != nil {
		return Point{}, err
	}
	p.EigJ = eigJ
	// The game's unit: from the Jacobians here and where the analysis
	// started (a degenerate point of a unit-scale game, where J nearly
	// vanishes, keeps the unit of Search's starts).
	// Above 1 the verdicts' floors grow with ‖J‖∞ (verdictUnit), so that
	// the game ×c gets the verdicts of the game ×1 for every c > 0.
	unit := verdictUnit(math.Max(a.unitSize, a.jacobianSize()), math.Max(a.unitSizeJ, mat.Norm(J, math.Inf(1))))
	floor := definiteTol * unit
	crit := maxAbs(a.field(false)) <= a.fieldTol(tol, unit, false, a.z)
	critS := allFinite(a.field(true)) && maxAbs(a.field(true)) <= a.fieldTol(tol, unit, true, a.z)

	// Condition (II), shared: D2² f2 > 0 (the lower-right block of J).
	follower := mat.DenseCopyOf(J.Slice(d1, d, d1, d))
	followerPD := positiveDefinite(follower, floor)
	// DNE (Definition 3): ω = 0, D1² f1 > 0, D2² f2 > 0.
	leader := mat.DenseCopyOf(J.Slice(0, d1, 0, d1))
	leaderPD := positiveDefinite(leader, floor)
	p.DNE = crit && leaderPD && followerPD
	// Undecided (see Point): first-order conditions hold, second-order
	// matrices semidefinite, one singular.
	leaderPSD := leaderPD || semidefiniteSingular(leader, floor)
	followerPSD := followerPD || semidefiniteSingular(follower, floor)
	if crit && !p.DNE && leaderPSD && followerPSD {
		p.Undecided = append(p.Undecided, "dne")
	}
	p.StableSGA = crit && rightHalfPlane(J, eigJ, floor)

	JS := a.jacobian(true)
	if allFinite(JS.RawMatrix().Data) && !numericallySingular(follower, floor) {
		eigJS, err := eigen(JS)
		if err != nil {
			return Point{}, err
		}
		p.EigJS = eigJS
		// DSE (Definition 4): ω_S = 0, D² f1(x, r(x)) > 0 and D2² f2 > 0.
		// Along the reaction curve r, D²f1 = d/dx Df1(x, r(x))
		// = D1(Df1) + D2(Df1)·Dr with Dr = −(D2² f2)⁻¹ D21 f2: the Schur
		// complement J_S11 − J_S12 J_S22⁻¹ J_S21 (Proposition 2 and Eq. 3
		// in the zero-sum case, where J_S12 = 0 at critical points).
		schur, ok := schurComplement(JS, d1)
		p.DSE = critS && ok && followerPD && positiveDefinite(schur, floor)
		p.StableStackelberg = critS && rightHalfPlane(JS, eigJS, floor)
		if critS && ok && followerPD && !p.DSE && semidefiniteSingular(schur, floor) {
			p.Undecided = append(p.Undecided, "dse")
		}
	} else if !followerPD && semidefiniteSingular(follower, floor) {
		// ω_S is undefined where D2² f2 is singular; the follower's first-
		// order condition D2 f2 = 0 with D2² f2 ⪰ 0 leaves a DSE open.
		w := a.field(false)[d1:]
		if maxAbs(w) <= a.fieldTol(tol, unit, false, a.z) {
			p.Undecided = append(p.Undecided, "dse")
		}
	}
	return p, nil
}

// plusZero returns a copy of v with each negative zero made 0.
func plusZero(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, e := range v {
		out[i] = e + 0
	}
	return out
}

// numericallySingular reports whether the square m has an eigenvalue of
// modulus at most eigenTol(m, floor) — the zero of positiveDefinite and
// rightHalfPlane. A follower Hessian D2² f2 that is
// singular to that precision (12y² at y = 2.5e-17, 7.7e-33) makes
// (D2² f2)⁻¹, and so J_S, rounding noise of size 1/‖D2² f2‖ (an
// eigenvalue −1.3e32 of J_S was reported): ω_S is undefined there.
func numericallySingular(m *mat.Dense, floor float64) bool {
	eig, err := eigen(m)
	if err != nil {
		return true
	}
	thr := eigenTol(m, floor)
	for _, v := range eig {
		if math.Hypot(v[0], v[1]) <= thr {
			return true
		}
	}
	return false
}

// schurComplement returns A − B D⁻¹ C for M = [[A, B], [C, D]] with A k×k,
// or false when D is singular.
func schurComplement(m *mat.Dense, k int) (*mat.Dense, bool) {
	n, _ := m.Dims()
	A := mat.DenseCopyOf(m.Slice(0, k, 0, k))
	B := m.Slice(0, k, k, n)
	C := m.Slice(k, n, 0, k)
	D := m.Slice(k, n, k, n)
	var dinvC mat.Dense
	if err := dinvC.Solve(D, C); err != nil {
		return nil, false
	}
	var bdc mat.Dense
	bdc.Mul(B, &dinvC)
	A.Sub(A, &bdc)
	return A, allFinite(A.RawMatrix().Data)
}

// positiveDefinite reports whether the symmetric part of the square m has
// all eigenvalues above eigenTol (with the given floor) of that symmetric
// part.
func positiveDefinite(m *mat.Dense, floor float64) bool {
	pd, _ := definiteness(m, floor)
	return pd
}

// semidefiniteSingular reports whether the symmetric part of the square m
// is positive semidefinite but not definite to the threshold of
// positiveDefinite: no eigenvalue below −thr and one within ±thr. A
// second-order test on such a matrix is inconclusive.
func semidefiniteSingular(m *mat.Dense, floor float64) bool {
	_, psdSingular := definiteness(m, floor)
	return psdSingular
}

// definiteness returns, for the symmetric part s of the square m and the
// threshold thr = eigenTol of s (with the given floor), whether every
// eigenvalue of s is above thr (pd) and whether none is below −thr while
// one lies in [−thr, thr] (psdSingular). Both are false when m is not
// finite or the eigensolver fails.
func definiteness(m *mat.Dense, floor float64) (pd, psdSingular bool) {
	n, _ := m.Dims()
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, (m.At(i, j)+m.At(j, i))/2)
		}
	}
	// gonum's symmetric eigensolver panics on NaN/Inf input, and on
	// matrices of tiny norm (its scaling underflows, seen at 1e-178), so the
	// matrix is normalised by its largest entry first; eigenvalues scale
	// with it.
	if !allFinite(s.RawSymmetric().Data) {
		return false, false
	}
	norm := 0.0
	for _, v := range s.RawSymmetric().Data {
		norm = math.Max(norm, math.Abs(v))
	}
	if norm == 0 {
		return false, true // the zero matrix: every eigenvalue 0
	}
	s.ScaleSym(1/norm, s)
	var es mat.EigenSym
	if !es.Factorize(s, false) {
		return false, false
	}
	// The threshold of the normalised matrix, scaled back: eigenTol of s
	// itself without its Frobenius norm overflowing at 1e300.
	thr := math.Max(floor, eigenRoundingFactor*float64(n)*0x1p-52*mat.Norm(s, 2)*norm)
	vals := es.Values(nil)
	for i := range vals {
		vals[i] *= norm
	}
	pd, neg, zero := true, false, false
	for _, v := range vals {
		if !(v > thr) {
			pd = false
		}
		if v < -thr {
			neg = true
		} else if !(v > thr) {
			zero = true
		}
	}
	return pd, zero && !neg
}

// eigen returns the eigenvalues of the square m as sorted (re, im) pairs.
func eigen(m *mat.Dense) ([][2]float64, error) {
	var e mat.Eigen
	if !e.Factorize(m, mat.EigenNone) {
		return nil, fmt.Errorf("eigenvalue decomposition did not converge")
	}
	vals := e.Values(nil)
	out := make([][2]float64, len(vals))
	for i, v := range vals {
		out[i] = [2]float64{real(v) + 0, imag(v) + 0} // no negative zero in the JSON
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out, nil
}

// rightHalfPlane reports whether every eigenvalue eig of m has real part
// above eigenTol(m, floor).
func rightHalfPlane(m *mat.Dense, eig [][2]float64, floor float64) bool {
	thr := eigenTol(m, floor)
	for _, v := range eig {
		if !(v[0] > thr) {
			return false
		}
	}
	return true
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, a := range v {
		if math.IsNaN(a) {
			return math.NaN()
		}
		m = math.Max(m, math.Abs(a))
	}
	return m
}

func allFinite(v []float64) bool {
	for _, a := range v {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			return false
		}
	}
	return true
}

package equilib

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/game"
)

// Field selects the vector field whose zeros Newton's method seeks.
type Field int

const (
	// NashField is ω = (D1 f1, D2 f2): its zeros are the critical points of
	// simultaneous play (candidate DNE).
	NashField Field = iota
	// StackelbergField is ω_S = (Df1, D2 f2): its zeros are the critical
	// points of hierarchical play (candidate DSE).
	StackelbergField
)

// String returns "nash" or "stackelberg".
func (f Field) String() string {
	if f == StackelbergField {
		return "stackelberg"
	}
	return "nash"
}

// SearchOptions configures Search. The zero value runs 64 starts per field
// from seed 0 on games whose domains are boxes or tori.
type SearchOptions struct {
	// Starts is the number of Newton starts per field; 0 means 64.
	Starts int
	// Seed seeds the PCG source of the starting points.
	Seed uint64
	// Lo and Hi bound the starting points of coordinates whose domain is
	// neither a box nor a torus (unbounded or simplex logits), indexed over
	// the concatenation (x, y) of length d1 + d2. Box coordinates start
	// uniformly in their box, torus coordinates in [−π, π). Required when
	// some domain is unbounded or a simplex (its logits are unbounded).
	Lo, Hi []float64
	// Fields are the vector fields to solve; nil means both NashField and
	// StackelbergField. An empty non-nil list, and any other Field value,
	// is an error.
	Fields []Field
	// MaxIter caps the Newton iterations per start; 0 means 100.
	MaxIter int
	// Tol is the residual ‖field‖∞ at which Newton stops, on a game whose
	// Jacobians reach size 1 at the starts; 0 means 1e-10. It is
	// multiplied by the game's unit σ = min(1, largest ‖J‖∞ or ‖J_S‖∞ at
	// the starts), as CriticalTol is, so that a game with its objectives
	// scaled down has the same roots.
	// A start whose Newton iteration stalls above Tol with a negligible
	// step and a residual within Analyze's critical threshold (rounding, on
	// a field of large values; see RelCriticalTol) is a root too.
	Tol float64
	// DedupTol is the distance (angles wrapped on a torus) below which two
	// roots are the same point; 0 means 1e-6.
	DedupTol float64
	// Context, when not nil, is checked before each start: a cancelled
	// search returns its error, saying how many of the starts (over all
	// fields) had run.
	Context context.Context
	// Progress, when not nil, is called with (0, total) before the first
	// start and (done, total) after each, total being the starts over all
	// fields.
	Progress func(done, total int)
	// YLeads searches with the roles exchanged, the player choosing y
	// leading (learn's FollowerLeads, `dynamics.leader: y`): ω_S is the
	// y-leads field and the points are classified as AnalyzeYLeads
	// classifies them, returned in the game's own x, y, f1 and f2. Lo and
	// Hi stay in the game's own order (x's coordinates first), and
	// SearchStats names points and objectives in the game's own terms.
	YLeads bool
}

// Search finds critical points of ω and ω_S by damped Newton's method from
// many seeded starting points, de-duplicates them and classifies each one
// as Analyze does, except that a root counts as critical up to a residual
// of max(σ·max(CriticalTol, Tol), RelCriticalTol·‖Jac‖∞·max(1, ‖z‖∞)),
// with σ the game's unit (see SearchOptions.Tol; the point's own ‖J‖∞ and
// ‖J_S‖∞ count too) (Newton's
// own threshold when Tol is the largest, so that a root it accepted is not
// then called non-critical). A point found on both fields, farther apart
// than DedupTol because one field's Jacobian is singular there, is listed
// once, at the root of the field whose Jacobian is better conditioned; a
// point found on one field only moves to the other field's root next to
// it when that is the same point, located more accurately. It returns
// every distinct root inside the domains — DNE,
// DSE, both, and critical points that are neither (saddles, local maxima of
// a player, non-equilibrium attractors) — sorted by (x, y). Starts whose
// Newton iteration fails (singular Jacobian, no decrease, iteration budget)
// are dropped, and so are end points where the game Jacobian J or an
// objective is not finite (Analyze cannot classify them; SearchStats
// counts them). Newton runs, and roots are told apart, in the analysed
// coordinates (see Point): a simplex player's logits modulo their common
// shift, so that each mixed strategy is one root, reported as the logits
// with Σx = 0. Newton also stops where the field underflows (a saturated
// softmax) or has decayed below its tolerance (a cost such as e^{−x}, or
// far out): KeepCritical drops those points, as `stackel
// analyze` does. A game with a simplex player of one action is an error
// (it has no choice), as in Analyze and Polish.
func Search(g game.Game, opt SearchOptions) ([]Point, error) {
	pts, _, err := SearchWithStats(g, opt)
	return pts, err
}

// SearchStats counts what became of a search's Newton starts, so that a
// search returning no point can say why: no start converged, or the
// roots found lay outside a box domain or had a Jacobian that is not
// finite.
type SearchStats struct {
	// Starts is the number of Newton starts run, over all fields.
	Starts int `json:"starts"`
	// Converged counts the starts whose Newton iteration reached a root
	// inside the domains with a finite game Jacobian (before
	// de-duplication: many starts may reach one point).
	Converged int `json:"converged"`
	// NotConverged counts the starts whose Newton iteration failed
	// (singular Jacobian, no decrease, iteration budget).
	NotConverged int `json:"not_converged"`
	// OutsideDomain counts the starts that converged to a root outside a
	// box domain.
	OutsideDomain int `json:"outside_domain"`
	// NonFiniteJacobian counts the starts that stopped at a small residual
	// where the game Jacobian J is not finite.
	NonFiniteJacobian int `json:"nonfinite_jacobian"`
	// NonFiniteStart counts the starts at which the game itself is not
	// finite: ω = (D1 f1, D2 f2) overflows or is NaN there (not merely
	// ω_S, which is undefined where D2² f2 is singular), so Newton cannot
	// start on either field. They are not counted in NotConverged.
	NonFiniteStart int `json:"nonfinite_start,omitempty"`
	// FirstNonFinite names the first such start and the quantity that is
	// not finite there ("x = [5.2], y = [0.3]: f1 = +Inf"); empty when
	// there is none.
	FirstNonFinite string `json:"first_nonfinite,omitempty"`
	// NonFiniteObjective counts the starts that converged to a root of
	// the field where f1 or f2 is not finite (log x[0] at x[0] < 0, whose
	// gradient 1/x[0] is finite): no strategy profile of the game, so
	// Search drops it (Analyze and Polish refuse such a point).
	NonFiniteObjective int `json:"nonfinite_objective,omitempty"`
	// FirstNonFiniteObjective is Analyze's error at the first such root,
	// naming the point, the objective and, in a formula game, the
	// sub-expression ("point ([-2], [-2]): f1 = NaN: f1: log(x[0]) is NaN
	// at 1:23 (x = [-2], y = [-2])"); empty when there is none.
	FirstNonFiniteObjective string `json:"first_nonfinite_objective,omitempty"`
}

// SearchWithStats is Search, also counting what became of its starts.
// With an error the counts cover the starts run before it: none for a
// refused option or game, those run so far for an interrupted search,
// all of them when a point found could not be classified.
func SearchWithStats(g game.Game, opt SearchOptions) ([]Point, SearchStats, error) {
	var st SearchStats
	if opt.YLeads {
		pts, err := searchYLeads(g, opt, &st)
		return pts, st, err
	}
	pts, err := search(g, opt, &st)
	return pts, st, err
}

// searchYLeads is search with y leading (SearchOptions.YLeads): search on
// the game with its roles exchanged, its bounds exchanged to its order
// and its points exchanged back, sorted by the game's own (x, y).
func searchYLeads(g game.Game, opt SearchOptions, st *SearchStats) ([]Point, error) {
	if err := game.Check(g); err != nil {
		return nil, err
	}
	d1, d2 := g.Dims()
	if len(opt.Lo) == d1+d2 {
		opt.Lo = append(append([]float64(nil), opt.Lo[d1:]...), opt.Lo[:d1]...)
	}
	if len(opt.Hi) == d1+d2 {
		opt.Hi = append(append([]float64(nil), opt.Hi[d1:]...), opt.Hi[:d1]...)
	}
	opt.YLeads = false
	pts, err := search(rolesSwapped{g}, opt, st)
	if err != nil {
		return nil, err
	}
	for i := range pts {
		pts[i] = pts[i].rolesBack()
	}
	sort.SliceStable(pts, func(i, j int) bool {
		a := append(append([]float64(nil), pts[i].X...), pts[i].Y...)
		b := append(append([]float64(nil), pts[j].X...), pts[j].Y...)
		for k := range a {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return false
	})
	return pts, nil
}

// search is Search, counting its starts' outcomes in st.
func search(g game.Game, opt SearchOptions, st *SearchStats) ([]Point, error) {
	a, err := newAnalyzer(g)
	if err != nil {
		return nil, err
	}
	d1, d2 := a.d1, a.d2
	d := d1 + d2
	starts := opt.Starts
	if starts < 0 {
		return nil, fmt.Errorf("search.starts: %d is negative", starts)
	}
	if starts == 0 {
		starts = 64
	}
	if opt.MaxIter < 0 {
		return nil, fmt.Errorf("search.max_iter: %d is negative", opt.MaxIter)
	}
	if !(opt.Tol >= 0) || !(opt.DedupTol >= 0) || math.IsInf(opt.Tol, 0) || math.IsInf(opt.DedupTol, 0) {
		// An infinite Tol would take every start for a root, an infinite
		// DedupTol every root for one point.
		return nil, fmt.Errorf("search.tol/dedup_tol: %g and %g must be finite non-negative numbers", opt.Tol, opt.DedupTol)
	}
	opt.MaxIter, opt.Tol, opt.DedupTol = orDefault(opt.MaxIter, 100), orDefaultF(opt.Tol, 1e-10), orDefaultF(opt.DedupTol, 1e-6)
	fields := opt.Fields
	if fields == nil {
		fields = []Field{NashField, StackelbergField}
	}
	if len(fields) == 0 {
		// A non-nil empty list ran no start and returned no point, as if
		// the game had no critical point.
		return nil, fmt.Errorf("search.fields: empty list (nil means both NashField and StackelbergField)")
	}
	for i, f := range fields {
		if f != NashField && f != StackelbergField {
			return nil, fmt.Errorf("search.fields[%d]: unknown field %d (want NashField or StackelbergField)", i, int(f))
		}
	}
	dx, dy := g.Domains()
	doms := make([]game.Domain, d) // per coordinate, box bounds sliced to one entry
	for i := 0; i < d; i++ {
		dom, j := dx, i
		if i >= d1 {
			dom, j = dy, i-d1
		}
		switch dom.Kind {
		case game.Box:
			if len(dom.Lo) <= j || len(dom.Hi) <= j {
				return nil, fmt.Errorf("game %q: box domain has no bounds for coordinate %d", g.Name(), i)
			}
			doms[i] = game.Domain{Kind: game.Box, Lo: dom.Lo[j : j+1], Hi: dom.Hi[j : j+1]}
		case game.Torus:
			doms[i] = game.Domain{Kind: game.Torus}
		default:
			if len(opt.Lo) != d || len(opt.Hi) != d {
				return nil, fmt.Errorf("search.lo/hi: game %q: %s; give %d lower and upper bounds for the starts (have %d and %d)", g.Name(), unboundedWhat(dom, i, d1), d, len(opt.Lo), len(opt.Hi))
			}
			if !(opt.Lo[i] <= opt.Hi[i]) || math.IsInf(opt.Lo[i], 0) || math.IsInf(opt.Hi[i], 0) {
				return nil, fmt.Errorf("search.lo/hi: bounds [%g, %g] of coordinate %d are not finite and ordered", opt.Lo[i], opt.Hi[i], i)
			}
			doms[i] = game.Domain{Kind: game.Unbounded, Lo: opt.Lo[i : i+1], Hi: opt.Hi[i : i+1]}
		}
	}
	zdoms := a.coordDomains(doms)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed5eed))
	var roots [][]float64
	var rootFields []Field // the field each root was found on
	var onBoth []bool      // whether a start of the other field reached the root too (within DedupTol)
	// Every start, drawn first (in the order the loop uses them), so that
	// the game's unit (gameUnit) is the Jacobians' size over all of them.
	allStarts := make([][]float64, len(fields)*starts)
	notFinite := make([]string, len(allStarts)) // at each start, the quantity not finite there ("" when all are)
	z := make([]float64, len(zdoms))
	for k := range allStarts {
		start := make([]float64, d)
		for i, dom := range doms {
			switch dom.Kind {
			case game.Torus:
				start[i] = -math.Pi + 2*math.Pi*rng.Float64()
			default:
				start[i] = dom.Lo[0] + (dom.Hi[0]-dom.Lo[0])*rng.Float64()
			}
		}
		allStarts[k] = start
		a.cx.reduce(z[:a.cx.r], start[:d1])
		a.cy.reduce(z[a.cx.r:], start[d1:])
		a.evalZ(z)
		a.unitSize = math.Max(a.unitSize, a.jacobianSize())
		notFinite[k] = a.notFinite()
	}
	if opt.Progress != nil {
		opt.Progress(0, len(allStarts))
	}
	for fi, f := range fields {
		for s := 0; s < starts; s++ {
			if opt.Context != nil {
				if err := opt.Context.Err(); err != nil {
					return nil, fmt.Errorf("search interrupted after %d of %d starts: %w", fi*starts+s, len(fields)*starts, err)
				}
			}
			k := fi*starts + s
			if opt.Progress != nil && k > 0 {
				opt.Progress(k, len(allStarts)) // the starts before this one are done
			}
			start := allStarts[k]
			a.cx.reduce(z[:a.cx.r], start[:d1])
			a.cy.reduce(z[a.cx.r:], start[d1:])
			st.Starts++
			if notFinite[k] != "" {
				// The game overflows (or is NaN) at the start itself:
				// no Newton step can be taken from it.
				st.NonFiniteStart++
				if st.FirstNonFinite == "" {
					sx, sy, _ := a.ownPoint(start[:d1], start[d1:], 1)
					st.FirstNonFinite = fmt.Sprintf("x = %v, y = %v: %s", sx, sy, notFinite[k])
				}
				continue
			}
			if ok, _ := a.newton(z, f, zdoms, opt.MaxIter, opt.Tol); !ok {
				st.NotConverged++
				continue
			}
			if !inside(z, zdoms) {
				st.OutsideDomain++
				continue
			}
			if a.evalZ(z); !allFinite(a.jacobian(false).RawMatrix().Data) {
				// Newton stopped at a small residual where J is not
				// finite (newton's "no further progress"): Analyze cannot
				// classify the point, and the whole search failed on it.
				st.NonFiniteJacobian++
				continue
			}
			if f1, f2 := a.prog.Output(outF1)[0], a.prog.Output(outF2)[0]; !allFinite([]float64{f1, f2}) {
				// Newton stopped at a root of a finite field where an
				// objective is not finite (log x[0] at x[0] < 0, whose
				// gradient is finite): no point of the game to classify.
				st.NonFiniteObjective++
				if st.FirstNonFiniteObjective == "" {
					rx, ry := a.lift(z)
					st.FirstNonFiniteObjective = a.objectivesFinite(rx, ry).Error()
				}
				continue
			}
			st.Converged++
			dup := false
			for k, r := range roots {
				if near := distance(r, z, zdoms) <= opt.DedupTol; near || a.sameDegenerateRoot(r, z, rootFields[k], f, zdoms, opt.Tol) {
					// Only a start of the other field ending within
					// DedupTol counts as reaching the root: one merged as
					// the same degenerate root (up to ~5e-6 away) may be
					// the better located, and relocateOneFieldRoots is
					// left to move the root there.
					onBoth[k] = onBoth[k] || near && rootFields[k] != f
					dup = true
					break
				}
				if rootFields[k] != f && a.samePointAcrossFields(r, z, rootFields[k], f, zdoms, opt) {
					// One point found on both fields: keep the root of the
					// field whose Jacobian determines it (the better
					// conditioned), where Newton located it to rounding.
					if a.conditionOf(z, f) < a.conditionOf(r, rootFields[k]) {
						roots[k] = append([]float64(nil), z...)
						rootFields[k] = f
					}
					onBoth[k] = true
					dup = true
					break
				}
			}
			if !dup {
				roots = append(roots, append([]float64(nil), z...))
				rootFields = append(rootFields, f)
				onBoth = append(onBoth, false)
			}
		}
	}
	if opt.Progress != nil {
		opt.Progress(len(allStarts), len(allStarts))
	}
	roots = a.relocateOneFieldRoots(roots, rootFields, onBoth, zdoms, opt)
	lifted := make([][]float64, len(roots)) // the roots as (x, y)
	for i, r := range roots {
		x, y := a.lift(r)
		lifted[i] = append(x, y...)
	}
	sort.Slice(lifted, func(i, j int) bool {
		for k := range lifted[i] {
			if lifted[i][k] != lifted[j][k] {
				return lifted[i][k] < lifted[j][k]
			}
		}
		return false
	})
	points := make([]Point, 0, len(lifted))
	zr := make([]float64, a.cx.r+a.cy.r)
	startsSize := a.unitSize
	defer func() { a.unitSize = startsSize }()
	for _, r := range lifted {
		// The verdicts' unit is measured around the root, as Analyze
		// measures it, not at the starts (which keep Newton's
		// tolerance): a box of starts reaching ‖J‖∞ = 3·10⁶ (¼·10⁴x⁴ +
		// ½·10⁻⁴x² on [−10, 10]) would make the DNE of curvature 10⁻⁴ at 0
		// undecided to Search and a DNE to Analyze, and the game ×10⁻⁶ a
		// DNE to neither (TestVerdictsOfSearchPolishAnalyze50).
		a.cx.reduce(zr[:a.cx.r], r[:d1])
		a.cy.reduce(zr[a.cx.r:], r[d1:])
		a.unitSize = a.referenceSize(zr)
		a.unitSizeJ = a.unitSize // referenceSize measures J alone
		// Classify with the Newton tolerance's scale: roots are accurate to
		// Tol, so the critical threshold (looser) accepts them.
		p, err := a.analyze(r[:d1], r[d1:], math.Max(CriticalTol, opt.Tol))
		if err != nil {
			return nil, err
		}
		points = append(points, p)
	}
	return points, nil
}

// degenerateMergeRadius is the relative distance (× max(1, ‖z‖∞)) within
// which sameDegenerateRoot compares two Newton end points.
const degenerateMergeRadius = 1e-3

// unboundedWhat names coordinate i (of (x, y), the leader's first d1) of
// domain dom for the error of missing starting bounds.
func unboundedWhat(dom game.Domain, i, d1 int) string {
	who, v, j := "leader", "x", i
	if i >= d1 {
		who, v, j = "follower", "y", i-d1
	}
	if dom.Kind == game.Simplex {
		return fmt.Sprintf("the %s's strategy is softmax logits (simplex domain), which are unbounded (coordinate %d = %s[%d])", who, i, v, j)
	}
	return fmt.Sprintf("the %s's coordinate %d = %s[%d] is unbounded", who, i, v, j)
}

// sameDegenerateRoot reports whether the Newton end points r (found on
// field fr) and z (on fz), farther apart than DedupTol, are one degenerate
// critical point located only to rounding: they lie within
// degenerateMergeRadius·max(1, ‖z‖∞) of each other and both fields stay
// critical (‖F‖∞ at most fieldTol there) at the points ¼, ½ and ¾ of the
// way between them. Where J is singular the field grows like a power of
// the distance along its null direction (ω ~ t³ at a cubic root), so a
// residual at the rounding floor of the field's evaluation (1.2e-16 for
// sin(π − fl(π))) pins the root only to ~(1e-16)^(1/3) ≈ 5e-6: each start
// ends at a different point of that neighbourhood, and without this test
// one critical point was listed once per start. Two distinct roots have
// a field of order σ·distance between them and are not merged unless the
// Jacobian is nearly singular on the whole segment.
func (a *analyzer) sameDegenerateRoot(r, z []float64, fr, fz Field, doms []game.Domain, tol float64) bool {
	scale := math.Max(1, math.Max(maxAbs(r), maxAbs(z)))
	if distance(r, z, doms) > degenerateMergeRadius*scale {
		return false
	}
	p := make([]float64, len(z))
	for _, t := range []float64{0.25, 0.5, 0.75} {
		for i := range p {
			v := z[i] - r[i]
			if doms[i].Kind == game.Torus {
				v = game.WrapAngle(v)
			}
			p[i] = r[i] + t*v
			if doms[i].Kind == game.Torus {
				p[i] = game.WrapAngle(p[i])
			}
		}
		a.evalZ(p)
		for _, f := range []Field{fr, fz} {
			if !(maxAbs(a.field(f == StackelbergField)) <= a.fieldTol(tol, gameUnit(a.unitSize), f == StackelbergField, p)) {
				return false
			}
		}
	}
	return true
}

// samePointAcrossFields reports whether the Newton end points r (found on
// field fr) and z (on fz ≠ fr), within degenerateMergeRadius·max(1, ‖z‖∞)
// of each other but farther apart than DedupTol, are one critical point of
// both fields located more accurately on one of them: Newton on fz from r
// ends within DedupTol of z at a point where fr's field is a root too, to
// Newton's tolerance (rootTol), or Newton on fr from z ends within DedupTol
// of r where fz's field is. (Analyze's looser critical threshold merged a
// DNE and a distinct DSE 10⁻⁴ apart where ‖J‖ was 10⁻⁴ along the way
// between them: flatLeader.) Where one field's Jacobian is singular (J a Jordan block at a
// DSE that is a critical point of ω too) Newton on it stops up to
// ~(ε)^(1/2) off the point, 1e-5, and the point was listed twice, once
// classified at the off-point (eigenvalues of J ±5.9e-6, no DSE) and once
// at the point itself (a DSE).
func (a *analyzer) samePointAcrossFields(r, z []float64, fr, fz Field, doms []game.Domain, opt SearchOptions) bool {
	scale := math.Max(1, math.Max(maxAbs(r), maxAbs(z)))
	if distance(r, z, doms) > degenerateMergeRadius*scale {
		return false
	}
	p := make([]float64, len(z))
	for _, c := range []struct {
		from, to []float64
		on, also Field
	}{{r, z, fz, fr}, {z, r, fr, fz}} {
		copy(p, c.from)
		if ok, _ := a.newton(p, c.on, doms, opt.MaxIter, opt.Tol); !ok || distance(p, c.to, doms) > opt.DedupTol {
			continue
		}
		a.evalZ(p)
		st := c.also == StackelbergField
		if F := a.field(st); allFinite(F) && maxAbs(F) <= a.rootTol(opt.Tol, gameUnit(a.unitSize), st, p) {
			return true
		}
	}
	return false
}

// relocateOneFieldRoots moves each root found on one field only (onBoth[k]
// false: no start of the other field ended within DedupTol of it, though
// one may have ended at the same degenerate root farther away,
// sameDegenerateRoot) to the root of the other field next to it when that is the same
// point located more accurately, as the merge of a point found on both
// fields does (samePointAcrossFields): Newton on the other field from the
// root converges, within degenerateMergeRadius·max(1, ‖z‖∞) of it but
// farther than DedupTol, at a point where the root's own field is a root
// too, to Newton's tolerance (rootTol, not Analyze's looser critical
// threshold, which let a DNE move to a distinct DSE beside it), and whose
// Jacobian is better conditioned. Where the
// root's field Jacobian is singular (J a Jordan block at a DSE of
// torusJordan) Newton on it stops ~5e-6 off the point, where the other
// field is not critical to Analyze's threshold: the point was reported
// no DSE when no start of ω_S reached it (Fields: NashField alone).
// Roots that Newton on the other field leaves within DedupTol (every
// nondegenerate root of both fields) are not moved, nor are roots of one
// field that are no roots of the other. A moved root within DedupTol of
// another root is dropped as its duplicate.
func (a *analyzer) relocateOneFieldRoots(roots [][]float64, fields []Field, onBoth []bool, doms []game.Domain, opt SearchOptions) [][]float64 {
	out := roots[:0:0]
	p := make([]float64, len(doms))
	for k, r := range roots {
		if onBoth[k] {
			out = append(out, r)
			continue
		}
		fr, other := fields[k], StackelbergField
		if fr == StackelbergField {
			other = NashField
		}
		copy(p, r)
		scale := math.Max(1, maxAbs(r))
		if ok, _ := a.newton(p, other, doms, opt.MaxIter, opt.Tol); !ok || !inside(p, doms) {
			out = append(out, r)
			continue
		}
		if dd := distance(p, r, doms); dd <= opt.DedupTol || dd > degenerateMergeRadius*scale {
			out = append(out, r)
			continue
		}
		a.evalZ(p)
		st := fr == StackelbergField
		F := a.field(st)
		if !allFinite(F) || !allFinite(a.jacobian(false).RawMatrix().Data) || maxAbs(F) > a.rootTol(opt.Tol, gameUnit(a.unitSize), st, p) || !(a.conditionOf(p, other) < a.conditionOf(r, fr)) {
			out = append(out, r)
			continue
		}
		dup := false
		for j, q := range roots {
			if j != k && distance(p, q, doms) <= opt.DedupTol {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, append([]float64(nil), p...))
		}
	}
	return out
}

// conditionOf is the condition number (1-norm estimate) of the Jacobian of
// field f at the analysed coordinates z, +Inf when it is not finite or
// singular.
func (a *analyzer) conditionOf(z []float64, f Field) float64 {
	a.evalZ(z)
	J := a.jacobian(f == StackelbergField)
	if !allFinite(J.RawMatrix().Data) {
		return math.Inf(1)
	}
	var lu mat.LU
	lu.Factorize(J)
	if c := lu.Cond(); !math.IsNaN(c) {
		return c
	}
	return math.Inf(1)
}

// coordDomains returns the domain of each analysed coordinate from the
// per-coordinate domains doms of (x, y): a reduced simplex player's
// coordinates are unbounded, the others keep theirs.
func (a *analyzer) coordDomains(doms []game.Domain) []game.Domain {
	out := make([]game.Domain, 0, a.cx.r+a.cy.r)
	for p, c := range []coords{a.cx, a.cy} {
		if c.qt != nil {
			for range c.r {
				out = append(out, game.Domain{Kind: game.Unbounded})
			}
			continue
		}
		off := p * a.d1
		out = append(out, doms[off:off+c.d]...)
	}
	return out
}

// Polish runs damped Newton's method on field f from (x, y) — for instance
// the end point of a learning run — and analyses the root it reaches (for
// a simplex player, the logits with Σx = 0 of the mixed strategy it
// reaches). It fails when Newton does not converge to residual 1e-10·σ in
// 100 iterations (a residual rounding keeps above that, within Analyze's
// critical threshold, is accepted once Newton's step is negligible: see
// SearchOptions.Tol), and when the root lies outside a box domain of the
// game: a critical point of the unconstrained field beyond the box is no
// strategy of the game (a run projected onto the box's face ends near
// one), and Search drops such roots too. It refuses a game with a simplex
// player of one action, as Search does. σ is the game's unit at the start
// and at reference points around it, as Analyze measures it at its point
// (see SearchOptions.Tol and Analyze), which Analyze's floors at the root
// use too. A root where f1, f2 or J is not finite, and a start from which
// Newton stops because the field or its Jacobian is not finite, are
// errors, naming on a formula game the sub-expression at fault (see
// Analyze). Polish takes x for the leader: from the end point of a run
// with learn's FollowerLeads (y leading) it Newton-steps to an x-leads
// critical point; use PolishYLeads for y leading.
func Polish(g game.Game, x, y []float64, f Field) (Point, error) {
	if f != NashField && f != StackelbergField {
		return Point{}, fmt.Errorf("polish: unknown field %d (want NashField or StackelbergField)", int(f))
	}
	a, err := newAnalyzer(g)
	if err != nil {
		return Point{}, err
	}
	if err := checkStart(g.Name(), a.d1, a.d2, x, y); err != nil {
		return Point{}, err
	}
	dx, dy := g.Domains()
	doms := make([]game.Domain, 0, a.d1+a.d2)
	for i := 0; i < a.d1+a.d2; i++ {
		dom, j := dx, i
		if i >= a.d1 {
			dom, j = dy, i-a.d1
		}
		if dom.Kind == game.Box {
			doms = append(doms, game.Domain{Kind: game.Box, Lo: dom.Lo[j : j+1], Hi: dom.Hi[j : j+1]})
		} else {
			doms = append(doms, game.Domain{Kind: dom.Kind})
		}
	}
	zdoms := a.coordDomains(doms)
	z := make([]float64, len(zdoms))
	a.cx.reduce(z[:a.cx.r], x)
	a.cy.reduce(z[a.cx.r:], y)
	a.evalZ(z)
	// The game's unit at the start and around it (referenceSize).
	a.unitSize = math.Max(a.jacobianSize(), a.referenceSize(z))
	if ok, why := a.newton(z, f, zdoms, 100, 1e-10); !ok {
		// A formula game names the sub-expression that is not finite
		// where Newton stopped, if one is.
		return Point{}, a.diagnoseAt(fmt.Errorf("polish: Newton on the %s field from %s did not converge: %s", f, a.pointText(x, y), why), z)
	}
	rx, ry := a.lift(z)
	if !inside(z, zdoms) {
		ox, oy, _ := a.ownPoint(rx, ry, 1)
		return Point{}, fmt.Errorf("polish: Newton on the %s field from %s reached (%v, %v), outside the game's box domains (leader %v, follower %v): no critical point of the field there is a strategy of the game", f, a.pointText(x, y), ox, oy, dx, dy)
	}
	// The verdicts' unit around the root, as Analyze measures it (the
	// start's kept Newton's tolerance).
	a.unitSize = a.referenceSize(z)
	a.unitSizeJ = a.unitSize // referenceSize measures J alone
	return a.analyze(rx, ry, CriticalTol)
}

// checkStart reports whether Polish's start (x, y) has the dimensions
// (d1, d2) of the game named name and finite coordinates (checkCoords,
// naming a coordinate that is not finite as Polish's start).
func checkStart(name string, d1, d2 int, x, y []float64) error {
	return checkCoords(name, d1, d2, x, y, func(coord string, i int, v float64) error {
		return fmt.Errorf("polish: the start %s[%d] = %v is not finite", coord, i, v)
	})
}

// newton runs damped Newton's method on the field in place on the analysed
// coordinates z = (z1, z2) (the strategies, a simplex player's reduced):
// Δ = −Jac⁻¹ F (J for ω, J_S for ω_S), step length halved until ‖F‖
// decreases by the Armijo factor (1 − 10⁻⁴ t) on the merit ½‖F‖². Torus
// coordinates are wrapped after each step.
//
// tol is in the units of a game whose Jacobians reach size 1 and is
// multiplied by the game's unit σ = gameUnit(a.unitSize) (below, tol means
// σ·tol). It reports convergence when ‖F‖∞ ≤ tol and, besides, the full Newton
// step is negligible (‖Δ‖∞ ≤ 1e-9·max(1, ‖z‖∞)) or no further progress is
// possible (singular Jacobian, failed line search, budget spent). When
// the line search fails or the budget is spent just after a negligible
// full step, with tol < ‖F‖∞ ≤ fieldTol (max(σ·CriticalTol,
// RelCriticalTol·‖Jac‖∞·max(1, ‖z‖∞))), it reports convergence too:
// that is a root to working precision of a field whose values are so
// large that rounding keeps its residual above tol (a duopoly with
// A = 10⁷, ‖F‖∞ ≈ 10⁻⁹ at its computed Nash point; TestNewtonLargeScale),
// and Analyze takes it as critical. The step
// test matters at degenerate roots, where a small residual (F ~ θ³) is
// reached far from the root: Newton keeps going until it stalls at the
// root itself instead of reporting a cloud of spurious nearby points.
//
// When it reports no convergence, why says what stopped it, for Polish's
// error: the field not finite (ω_S is undefined where the follower Hessian
// D²₂f2 is singular), the Jacobian not finite or singular, the line search
// failing, or the budget spent, each with the iteration and the residual
// ‖F‖∞ reached.
func (a *analyzer) newton(z []float64, f Field, doms []game.Domain, maxIter int, tol float64) (converged bool, why string) {
	d := len(z)
	st := f == StackelbergField
	wrap := func(v []float64) {
		for i, dom := range doms {
			if dom.Kind == game.Torus {
				v[i] = game.WrapAngle(v[i])
			}
		}
	}
	wrap(z)
	// tol is in the units of a unit-scale game: scaled by the game's unit
	// (gameUnit), so that c_i ↦ s·c_i with s < 1 stops at the same points.
	unit := gameUnit(a.unitSize)
	tol0 := tol
	tol *= unit
	trial := make([]float64, d)
	// stalled reports a residual that rounding may keep above tol at a
	// root: Newton's last full step was negligible and ‖F‖∞ is within
	// what Analyze accepts as critical.
	// ftol is that threshold at z, set after each evaluation of F there.
	var ftol float64
	stalled := func(F []float64) bool { return maxAbs(F) <= ftol }
	lastNegligible := false // the previous iteration's full step was negligible
	sym, jac := "ω", "J"
	if st {
		sym, jac = "ω_S", "J_S"
	}
	var lu mat.LU
	step := mat.NewVecDense(d, nil)
	for it := 0; ; it++ {
		a.evalZ(z)
		F := a.field(st)
		res := norm2(F)
		if math.IsNaN(res) || math.IsInf(res, 0) {
			if st {
				return false, fmt.Sprintf("the Stackelberg field ω_S is not finite at iteration %d (undefined where the follower Hessian D²₂f2 is singular)", it)
			}
			return false, fmt.Sprintf("the Nash field ω is not finite at iteration %d", it)
		}
		small := maxAbs(F) <= tol
		ftol = a.fieldTol(tol0, unit, st, z)
		if res == 0 || it == maxIter {
			if small || (lastNegligible && stalled(F)) {
				return true, ""
			}
			return false, fmt.Sprintf("the budget of %d iterations was used, with residual ‖%s‖∞ = %.3g (want ≤ %g)", maxIter, sym, maxAbs(F), tol)
		}
		J := a.jacobian(st)
		if !allFinite(J.RawMatrix().Data) {
			if small {
				return true, ""
			}
			return false, fmt.Sprintf("the Jacobian %s is not finite at iteration %d (residual ‖%s‖∞ = %.3g)", jac, it, sym, maxAbs(F))
		}
		lu.Factorize(J)
		if err := lu.SolveVecTo(step, false, mat.NewVecDense(d, append([]float64(nil), F...))); err != nil {
			if _, ok := err.(mat.Condition); !ok || math.IsInf(lu.Cond(), 1) {
				if small {
					return true, ""
				}
				return false, fmt.Sprintf("the Jacobian %s is singular at iteration %d (residual ‖%s‖∞ = %.3g)", jac, it, sym, maxAbs(F))
			}
		}
		negligible := mat.Norm(step, math.Inf(1)) <= 1e-9*math.Max(1, maxAbs(z))
		if small && negligible {
			return true, ""
		}
		ok := false
		for t := 1.0; t > 1e-10; t /= 2 {
			for i := range z {
				trial[i] = z[i] - t*step.AtVec(i)
			}
			wrap(trial)
			a.evalZ(trial)
			if r := norm2(a.field(st)); r <= (1-1e-4*t)*res {
				ok = true
				break
			}
		}
		if !ok {
			if small || (negligible && stalled(F)) {
				return true, ""
			}
			return false, fmt.Sprintf("the line search failed at iteration %d: no step length down to 1e-10 decreased the residual ‖%s‖∞ = %.3g", it, sym, maxAbs(F))
		}
		lastNegligible = negligible
		copy(z, trial)
	}
}

// notFinite, where ω = (D1 f1, D2 f2) is not finite at the last
// evaluated point (so that Newton cannot start there on either field),
// names the first of f1, f2 and ω's entries that is not finite ("f1 =
// +Inf", "ω[1] = D2 f2[0] = NaN"); "" where ω is finite (f1 alone not
// finite, as log x at x < 0 with its finite gradient 1/x, does not stop
// Newton). ω_S is not looked at: it is undefined wherever D2² f2 is
// singular, also in a finite game.
func (a *analyzer) notFinite() string {
	omega := a.field(false)
	if allFinite(omega) {
		return ""
	}
	// Named in the game's own terms (its f1, f2 and ω = (D1 f1, D2 f2))
	// when the roles are exchanged (SearchOptions.YLeads).
	_, swapped := a.own()
	for i, v := range []float64{a.prog.Output(outF1)[0], a.prog.Output(outF2)[0]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			_, _, oi := a.ownPoint(nil, nil, i+1)
			return fmt.Sprintf("f%d = %v", oi, v)
		}
	}
	for i, v := range omega {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			lead := i < a.cx.r
			switch {
			case lead && !swapped:
				return fmt.Sprintf("ω[%d] = D1 f1[%d] = %v", i, i, v)
			case !lead && !swapped:
				return fmt.Sprintf("ω[%d] = D2 f2[%d] = %v", i, i-a.cx.r, v)
			case lead: // the game's own y, after its x's a.cy.r entries
				return fmt.Sprintf("ω[%d] = D2 f2[%d] = %v", a.cy.r+i, i, v)
			default:
				return fmt.Sprintf("ω[%d] = D1 f1[%d] = %v", i-a.cx.r, i-a.cx.r, v)
			}
		}
	}
	return ""
}

// inside reports whether z lies in every coordinate's box (with a small
// slack for roots found on a face).
func inside(z []float64, doms []game.Domain) bool {
	for i, dom := range doms {
		if dom.Kind == game.Box {
			slack := 1e-9 * math.Max(1, dom.Hi[0]-dom.Lo[0])
			if z[i] < dom.Lo[0]-slack || z[i] > dom.Hi[0]+slack {
				return false
			}
		}
	}
	return true
}

// distance is the Euclidean distance between a and b with torus coordinates
// compared modulo 2π.
func distance(a, b []float64, doms []game.Domain) float64 {
	s := 0.0
	for i := range a {
		v := a[i] - b[i]
		if doms[i].Kind == game.Torus {
			v = game.WrapAngle(v)
		}
		s += v * v
	}
	return math.Sqrt(s)
}

// norm2 is the Euclidean norm of v, rescaled by its largest entry when
// the plain sum of squares overflows or underflows (a field of size 1e300:
// the plain sum's +Inf made Newton report "not finite" at every start).
func norm2(v []float64) float64 {
	s := 0.0
	for _, a := range v {
		s += a * a
	}
	if r := math.Sqrt(s); !math.IsInf(r, 1) && (r != 0 || maxAbs(v) == 0) || math.IsNaN(r) {
		return r
	}
	m := maxAbs(v)
	s = 0
	for _, a := range v {
		s += (a / m) * (a / m)
	}
	return m * math.Sqrt(s)
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orDefaultF(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

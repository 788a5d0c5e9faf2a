package plot

import (
	"fmt"
	"math"

	gplot "gonum.org/v1/plot"
)

// Rect is the axis-aligned rectangle [XMin, XMax] × [YMin, YMax].
type Rect struct {
	// XMin, XMax, YMin, YMax bound the rectangle in data coordinates; a
	// drawable Rect has finite XMin < XMax and YMin < YMax, and the zero
	// Rect means unset (IsZero).
	XMin, XMax, YMin, YMax float64
}

// IsZero reports whether r is the zero Rect (unset).
func (r Rect) IsZero() bool { return r == Rect{} }

// check returns an error unless r is a finite rectangle of positive area.
func (r Rect) check(what string) error {
	for _, v := range []float64{r.XMin, r.XMax, r.YMin, r.YMax} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("plot: %s: %+v is not finite", what, r)
		}
	}
	if !(r.XMin < r.XMax) || !(r.YMin < r.YMax) {
		return fmt.Errorf("plot: %s: %+v is empty (want XMin < XMax and YMin < YMax)", what, r)
	}
	if !spanFinite(r.XMin, r.XMax) || !spanFinite(r.YMin, r.YMax) {
		return fmt.Errorf("plot: %s: %+v is too wide to draw (XMax−XMin or YMax−YMin overflows float64)", what, r)
	}
	return nil
}

// spanFinite reports whether lo, hi and hi − lo are finite: gonum places a
// value v at (v − lo)/(hi − lo) of an axis, which is 0 or NaN for every v
// once hi − lo overflows, and it replaces an infinite end by 0.
func spanFinite(lo, hi float64) bool {
	d := hi - lo
	return !math.IsInf(d, 0) && !math.IsNaN(d)
}

// checkAxes returns an error if an axis of p cannot be drawn (see
// spanFinite); x and y are the data ranges, named in the error.
// An axis with Min > Max holds no data yet; gonum gives it a default range.
func checkAxes(what string, p *gplot.Plot, x, y [2]float64) error {
	if p.X.Min <= p.X.Max && !spanFinite(p.X.Min, p.X.Max) {
		return fmt.Errorf("plot: %s: x values span [%g, %g], too wide to draw (the axis range overflows float64)", what, x[0], x[1])
	}
	if p.Y.Min <= p.Y.Max && !spanFinite(p.Y.Min, p.Y.Max) {
		return fmt.Errorf("plot: %s: y values span [%g, %g], too wide to draw (the axis range overflows float64)", what, y[0], y[1])
	}
	return nil
}

// widenFlat gives an axis whose data share one value v a range around it:
// v ± 1 as gonum does, or v ± 4 % of |v| where v ± 1 is v itself (|v| from
// 2^53 on). gonum's own widening left such an axis of zero span, and every
// point on it at NaN (an SVG of "NaN" coordinates, no ticks).
func widenFlat(ax *gplot.Axis) {
	v := ax.Min
	if v != ax.Max || math.IsInf(v, 0) || math.IsNaN(v) {
		return
	}
	d := 1.0
	if v-d == v || v+d == v {
		d = 0.04 * math.Abs(v)
	}
	// (Clamped to the largest float64 near the limit: v + 4 % overflows.)
	ax.Min, ax.Max = math.Max(v-d, -math.MaxFloat64), math.Min(v+d, math.MaxFloat64)
}

// MaxContourCells is the most cells Contour samples (4096×4096, about
// 140 MB of samples): a larger grid is refused with an error rather than
// exhausting memory (a fatal error, not a panic, in Go).
const MaxContourCells = 1 << 24

// Polyline is a connected piece of a contour, its vertices in order. A closed
// loop repeats its first vertex at the end.
type Polyline struct {
	// X and Y are the vertices' coordinates, of equal length: vertex i is
	// (X[i], Y[i]).
	X, Y []float64
}

// Contour returns the level set f(x, y) = level over r by marching squares:
// f is sampled on the (nx+1)×(ny+1) corners of an nx×ny grid of cells
// covering r; in each cell whose corners lie on both sides of the level the
// crossings are placed on the cell's edges by linear interpolation and joined
// by segments (in the two saddle cases, by the value at the cell's centre,
// the mean of its corners). Segments are then joined into polylines through
// their shared edge crossings, so a smooth closed curve comes back as one
// closed Polyline.
//
// A corner value equal to the level counts as above it. Cells with a NaN or
// infinite corner value are skipped, so f may be undefined in parts of r.
// No polylines and no error means that f is defined in r but does not cross
// the level there. The error of a crossing is O(h²) for smooth f, h the cell
// size. It returns an error if nx or ny is below 1, the grid has more than
// MaxContourCells cells, r is empty or not finite, f is nil, or no cell has
// four finite corner values (f NaN or infinite at every grid point, or
// finite only at scattered ones): the level set cannot be traced anywhere.
func Contour(f func(x, y float64) float64, level float64, r Rect, nx, ny int) ([]Polyline, error) {
	lines, s, err := contour(f, level, r, nx, ny)
	if err != nil {
		return nil, err
	}
	if err := s.undefined("Contour: f", "Rect", r); err != nil {
		return nil, err
	}
	return lines, nil
}

// sampling tells what contour found at the grid points.
type sampling struct {
	nx, ny int // cells per axis
	// finite counts the grid points with a finite f, cells the cells with
	// four finite corners (the only ones traced).
	finite, cells int
	// nonzero is whether f − level is nonzero at some finite grid point.
	nonzero bool
	// x0, y0 is the first grid point (r's bottom-left corner), f0 = f there.
	x0, y0, f0 float64
}

// undefined returns an error, what (e.g. `Phase: Curves[0] "D₂f₂ = 0": G`)
// naming the function and rname its rectangle r, if no cell was traced;
// otherwise nil. (A function undefined everywhere came back as no
// polylines, as one that does not cross the level: a curve was listed in a
// figure's legend and silently not drawn.)
func (s sampling) undefined(what, rname string, r Rect) error {
	if s.cells > 0 {
		return nil
	}
	if s.finite == 0 {
		return fmt.Errorf("plot: %s is NaN or infinite at all %d×%d grid points of %s %+v (at (%g, %g): %v): no curve to trace",
			what, s.nx+1, s.ny+1, rname, r, s.x0, s.y0, s.f0)
	}
	return fmt.Errorf("plot: %s is finite at only %d of the %d×%d grid points of %s %+v, and at no cell's four corners: no curve to trace (a finer grid may find one)",
		what, s.finite, s.nx+1, s.ny+1, rname, r)
}

// contour is Contour, with what it found at the grid points; an f
// undefined everywhere is not an error here.
func contour(f func(x, y float64) float64, level float64, r Rect, nx, ny int) ([]Polyline, sampling, error) {
	var s sampling
	if f == nil {
		return nil, s, fmt.Errorf("plot: Contour: nil function")
	}
	if nx < 1 || ny < 1 {
		return nil, s, fmt.Errorf("plot: Contour: grid %d×%d, want at least 1×1 cells", nx, ny)
	}
	if nx > MaxContourCells/ny {
		return nil, s, fmt.Errorf("plot: Contour: grid %d×%d, over MaxContourCells = %d cells", nx, ny, MaxContourCells)
	}
	if err := r.check("Contour: Rect"); err != nil {
		return nil, s, err
	}
	w := nx + 1 // corners per grid row
	xs, ys := make([]float64, w), make([]float64, ny+1)
	for i := range xs {
		xs[i] = r.XMin + (r.XMax-r.XMin)*float64(i)/float64(nx)
	}
	for j := range ys {
		ys[j] = r.YMin + (r.YMax-r.YMin)*float64(j)/float64(ny)
	}
	v := make([]float64, w*(ny+1)) // v[j*w+i] = f(xs[i], ys[j]) − level
	s = sampling{nx: nx, ny: ny, x0: xs[0], y0: ys[0]}
	for j, y := range ys {
		for i, x := range xs {
			fx := f(x, y)
			if i == 0 && j == 0 {
				s.f0 = fx
			}
			d := fx - level
			v[j*w+i] = d
			if !math.IsNaN(d) && !math.IsInf(d, 0) {
				s.finite++
				s.nonzero = s.nonzero || d != 0
			}
		}
	}

	// An edge crossing is named by its edge: 2·(j·w+i) for the horizontal
	// edge from corner (i, j) to (i+1, j), 2·(j·w+i)+1 for the vertical edge
	// from (i, j) to (i, j+1). Every edge is shared by at most two cells, so
	// every crossing joins at most two segments.
	pts := make(map[int][2]float64)
	crossing := func(i0, j0, i1, j1 int) int {
		id := 2 * (j0*w + i0)
		if j1 != j0 {
			id++
		}
		if _, ok := pts[id]; !ok {
			a, b := v[j0*w+i0], v[j1*w+i1]
			t := a / (a - b)
			if math.IsInf(a-b, 0) { // finite a and b of opposite signs past ±9e307
				t = (a / 2) / (a/2 - b/2)
			}
			pts[id] = [2]float64{xs[i0] + t*(xs[i1]-xs[i0]), ys[j0] + t*(ys[j1]-ys[j0])}
		}
		return id
	}
	var segs [][2]int
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			// Corners counter-clockwise from the bottom left.
			c := [4]float64{v[j*w+i], v[j*w+i+1], v[(j+1)*w+i+1], v[(j+1)*w+i]}
			finite := true
			code := 0
			for k, x := range c {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					finite = false
				}
				if x >= 0 {
					code |= 1 << k
				}
			}
			if !finite {
				continue
			}
			s.cells++
			if code == 0 || code == 15 {
				continue
			}
			// Edges of the cell: bottom, right, top, left.
			bottom := func() int { return crossing(i, j, i+1, j) }
			right := func() int { return crossing(i+1, j, i+1, j+1) }
			top := func() int { return crossing(i, j+1, i+1, j+1) }
			left := func() int { return crossing(i, j, i, j+1) }
			add := func(a, b int) { segs = append(segs, [2]int{a, b}) }
			switch code {
			case 1, 14: // bottom-left corner alone
				add(left(), bottom())
			case 2, 13: // bottom-right
				add(bottom(), right())
			case 4, 11: // top-right
				add(right(), top())
			case 8, 7: // top-left
				add(top(), left())
			case 3, 12: // bottom pair
				add(left(), right())
			case 6, 9: // right pair
				add(bottom(), top())
			case 5, 10: // saddle: opposite corners
				centreAbove := (c[0]+c[1]+c[2]+c[3])/4 >= 0
				// For code 5 the bottom-left and top-right corners are
				// above; if the centre is too they connect through it.
				if (code == 5) == centreAbove {
					add(left(), top())
					add(bottom(), right())
				} else {
					add(left(), bottom())
					add(right(), top())
				}
			}
		}
	}
	return stitch(segs, pts), s, nil
}

// stitch joins segments between crossing ids into polylines: open chains
// are walked from an end (a crossing on one segment only), then what is left
// are closed loops.
func stitch(segs [][2]int, pts map[int][2]float64) []Polyline {
	adj := make(map[int][]int, len(pts)) // crossing → segment indices
	for s, sg := range segs {
		adj[sg[0]] = append(adj[sg[0]], s)
		adj[sg[1]] = append(adj[sg[1]], s)
	}
	used := make([]bool, len(segs))
	walk := func(start int) Polyline {
		var pl Polyline
		at := start
		for {
			p := pts[at]
			pl.X, pl.Y = append(pl.X, p[0]), append(pl.Y, p[1])
			next := -1
			for _, s := range adj[at] {
				if !used[s] {
					next = s
					break
				}
			}
			if next < 0 {
				return pl
			}
			used[next] = true
			if segs[next][0] == at {
				at = segs[next][1]
			} else {
				at = segs[next][0]
			}
		}
	}
	var out []Polyline
	// Open chains first, from their ends, in segment order for determinism.
	for _, sg := range segs {
		for _, end := range sg {
			if len(adj[end]) == 1 && !used[adj[end][0]] {
				out = append(out, walk(end))
			}
		}
	}
	// The rest are closed loops; walking one returns to its start.
	for s, sg := range segs {
		if !used[s] {
			out = append(out, walk(sg[0]))
		}
	}
	return out
}

package plot

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestContourCircle traces g(x, y) = x² + y² − 1 on [−2, 2]² and checks that
// every vertex and every segment midpoint lies within h²/2 of the unit
// circle, h = 4/n the cell size. Linear interpolation of the quadratic g
// along an edge of length h misses its zero by at most h²/8 radially, and a
// chord of length at most √2·h sags h²/4 inside the circle: 3h²/8 < h²/2.
// It also checks that the circle comes back as one closed polyline going
// once around.
func TestContourCircle(t *testing.T) {
	g := func(x, y float64) float64 { return x*x + y*y - 1 }
	for _, n := range []int{10, 40, 100, 333} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			lines, err := Contour(g, 0, Rect{-2, 2, -2, 2}, n, n)
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != 1 {
				t.Fatalf("got %d polylines, want 1", len(lines))
			}
			l := lines[0]
			k := len(l.X)
			if k < 8 || l.X[0] != l.X[k-1] || l.Y[0] != l.Y[k-1] {
				t.Fatalf("polyline of %d points from (%v, %v) to (%v, %v), want a closed loop", k, l.X[0], l.Y[0], l.X[k-1], l.Y[k-1])
			}
			h := 4 / float64(n)
			tol := h * h / 2
			worst, turn := 0.0, 0.0
			for i := 0; i < k; i++ {
				worst = math.Max(worst, math.Abs(math.Hypot(l.X[i], l.Y[i])-1))
				if i+1 < k {
					mx, my := (l.X[i]+l.X[i+1])/2, (l.Y[i]+l.Y[i+1])/2
					worst = math.Max(worst, math.Abs(math.Hypot(mx, my)-1))
					d := math.Atan2(l.Y[i+1], l.X[i+1]) - math.Atan2(l.Y[i], l.X[i])
					turn += math.Remainder(d, 2*math.Pi)
				}
			}
			if worst > tol {
				t.Errorf("a point lies %.3g from the unit circle, tolerance h²/2 = %.3g", worst, tol)
			}
			if math.Abs(math.Abs(turn)-2*math.Pi) > 1e-9 {
				t.Errorf("the loop turns %v rad about the origin, want ±2π", turn)
			}
		})
	}
}

func TestContourOpenAndSaddle(t *testing.T) {
	square := Rect{-1, 1, -1, 1}

	// A straight line crossing the square: one open polyline, exact.
	lines, err := Contour(func(x, y float64) float64 { return x + 0.5*y - 0.3 }, 0, square, 17, 13)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 {
		t.Fatalf("line: got %d polylines, want 1", len(lines))
	}
	l := lines[0]
	for i := range l.X {
		if r := l.X[i] + 0.5*l.Y[i] - 0.3; math.Abs(r) > 1e-12 {
			t.Errorf("line: point (%v, %v) off the line by %v", l.X[i], l.Y[i], r)
		}
	}
	if ends := []float64{l.Y[0], l.Y[len(l.Y)-1]}; math.Abs(math.Abs(ends[0])-1) > 1e-12 || math.Abs(math.Abs(ends[1])-1) > 1e-12 || ends[0] == ends[1] {
		t.Errorf("line: ends at y = %v, want one at −1 and one at +1", ends)
	}

	// The hyperbola xy = level has two branches, in the first and third
	// quadrants. On the 3×3 grid the middle cell [−1/3, 1/3]² is a saddle
	// cell (its corners alternate in sign) whose centre value −level keeps
	// the branches apart; joining them wrongly would put points in the
	// second or fourth quadrant.
	for _, tc := range []struct {
		level float64
		n     int
	}{{0.05, 50}, {0.01, 3}} {
		lines, err = Contour(func(x, y float64) float64 { return x * y }, tc.level, square, tc.n, tc.n)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 2 {
			t.Fatalf("hyperbola xy = %v on %d×%d: got %d polylines, want 2", tc.level, tc.n, tc.n, len(lines))
		}
		for _, l := range lines {
			for i := range l.X {
				// Each vertex, and the midpoint of the segment to the next.
				x, y := l.X[i], l.Y[i]
				if i+1 < len(l.X) {
					x, y = (x+l.X[i+1])/2, (y+l.Y[i+1])/2
				}
				if x*y <= 0 || l.X[i]*l.Y[i] <= 0 {
					t.Errorf("hyperbola xy = %v on %d×%d: segment %d reaches (%v, %v), not in the first or third quadrant", tc.level, tc.n, tc.n, i, x, y)
				}
			}
		}
	}

	// f undefined (NaN) for x < 0: those cells are skipped; √x = 0.5 at
	// x = 0.25 is still traced.
	lines, err = Contour(func(x, y float64) float64 { return math.Sqrt(x) - 0.5 }, 0, square, 40, 40)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 {
		t.Fatalf("sqrt: got %d polylines, want 1", len(lines))
	}
	for i, x := range lines[0].X {
		if math.Abs(x-0.25) > 0.01 {
			t.Errorf("sqrt: point %d at x = %v, want ≈ 0.25", i, x)
		}
	}

	// No crossing: no polylines.
	lines, err = Contour(func(x, y float64) float64 { return 1 }, 0, square, 5, 5)
	if err != nil || len(lines) != 0 {
		t.Errorf("constant: got %v, %v; want no polylines", lines, err)
	}
}

func TestContourErrors(t *testing.T) {
	g := func(x, y float64) float64 { return x }
	for _, tc := range []struct {
		name   string
		f      func(x, y float64) float64
		r      Rect
		nx, ny int
		want   string
	}{
		{"nil", nil, Rect{0, 1, 0, 1}, 2, 2, "nil function"},
		{"grid", g, Rect{0, 1, 0, 1}, 0, 2, "grid 0×2"},
		{"empty", g, Rect{0, 1, 1, 1}, 2, 2, "is empty"},
		{"inf", g, Rect{0, math.Inf(1), 0, 1}, 2, 2, "not finite"},
	} {
		if _, err := Contour(tc.f, 0, tc.r, tc.nx, tc.ny); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func BenchmarkContour200(b *testing.B) {
	g := func(x, y float64) float64 { return x*x + y*y - 1 }
	for b.Loop() {
		if _, err := Contour(g, 0, Rect{-2, 2, -2, 2}, 200, 200); err != nil {
			b.Fatal(err)
		}
	}
}

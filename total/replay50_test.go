package total

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestGraphRescaleDecidedOnReplay50: Graph is recorded once and replayed
// (equilib compiles its program at the origin and runs it at every point),
// so whether it solves rescaled must be decided on each evaluation's
// Hessian. After 49514a8 the choice was made in Go on the recorded values:
// a program recorded at H = diag(2e6, 1e-17) gave NaN at H = I (where
// ad.Solve alone gives −2) and at diag(1e-17, 2e6), and one recorded at I
// gave NaN at diag(2e6, 1e-17). Here H = diag(p0, p1), ∇y f1 = (1, 1),
// ∇x f1 = 0, mixed rows (1), (3): Df1 = −(1/p0 + 3/p1), ∂Df1/∂p0 = 1/p0²,
// ∂Df1/∂p1 = 3/p1², each within 1e-12 relative, from either recording.
// Where ad.Solve accepts H (p = (1, 1), (2, 0.5)) the values and
// derivatives are those of the plain ad.Solve graph bit for bit; a zero
// row gives NaN.
func TestGraphRescaleDecidedOnReplay50(t *testing.T) {
	build := func(rec []float64, plain bool) *ad.Program {
		tp := ad.NewTape()
		p := tp.VarVec(rec...)
		zero := tp.Const(ad.Scalar(0))
		rows := []*ad.Node{ad.ConcatCols(ad.Index(p, 0), zero), ad.ConcatCols(zero, ad.Index(p, 1))}
		m := []*ad.Node{tp.Const(ad.Scalar(1)), tp.Const(ad.Scalar(3))}
		g1y := tp.Const(ad.NewTensor(1, 2, []float64{1, 1}))
		var out *ad.Node
		if plain { // the graph before session 50
			out = ad.Neg(ad.MatMulT(ad.Solve(ad.ConcatRows(rows...), ad.Transpose(g1y)), ad.ConcatRows(m...), true, false))
		} else {
			out = Graph(zero, g1y, rows, m, 0)
		}
		return ad.Compile([]*ad.Node{p}, []*ad.Node{out, ad.Grad(out, p)[0]})
	}
	run := func(prog *ad.Program, at []float64) (v float64, g []float64) {
		prog.SetInput(0, at)
		prog.Run()
		return prog.Output(0)[0], append([]float64(nil), prog.Output(1)...)
	}
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-12*math.Abs(want) }
	points := [][]float64{{1, 1}, {2e6, 1e-17}, {1e-17, 2e6}, {2, 0.5}}
	for _, rec := range points {
		prog := build(rec, false)
		for _, at := range points {
			v, g := run(prog, at)
			want := []float64{-(1/at[0] + 3/at[1]), 1 / (at[0] * at[0]), 3 / (at[1] * at[1])}
			if !near(v, want[0]) || !near(g[0], want[1]) || !near(g[1], want[2]) {
				t.Errorf("recorded at %v, run at %v: Df1 = %v, gradient %v; want %v", rec, at, v, g, want)
			}
			if at[1] == 1e-17 || at[0] == 1e-17 {
				continue
			}
			pv, pg := run(build(at, true), at)
			if v != pv || g[0] != pg[0] || g[1] != pg[1] {
				t.Errorf("recorded at %v, run at %v: Df1 = %v, gradient %v; the plain solve gives %v, %v", rec, at, v, g, pv, pg)
			}
		}
		if v, _ := run(prog, []float64{1, 0}); !math.IsNaN(v) {
			t.Errorf("recorded at %v, run at diag(1, 0): Df1 = %v, want NaN", rec, v)
		}
	}
}

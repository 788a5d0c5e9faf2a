package total

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestGraphRescaledSecondDerivatives50 (review r3 of 2e57100): J_S
// differentiates Graph's output again, so the rescaled solve's
// derivatives must be right to second order, with the NaN probe feeding
// only the mask. H = [[p0, p2], [p2, p1]], ∇y f1 = (1, 1), mixed rows (1),
// (3), ∇x f1 = 0: Df1 = −N/D, N = p1 − 4p2 + 3p0, D = p0p1 − p2², whose
// gradient and Hessian in p are in closed form. At p = (2e6, 1e-17, 1e-6)
// and (1e-17, 2e6, 1e-6) ad.Solve refuses H (the rescaled branch), at
// (2, 0.5, 0.1) it accepts it; each program recorded at the identity and
// at the point itself. Tolerances: value and gradient 1e-8 relative,
// Hessian 1e-6 relative (entries up to 1e52 from a D of 1e-11).
func TestGraphRescaledSecondDerivatives50(t *testing.T) {
	for _, at := range [][]float64{{2e6, 1e-17, 1e-6}, {2, 0.5, 0.1}, {1e-17, 2e6, 1e-6}} {
		for _, recAt := range [][]float64{{1, 1, 0}, at} {
			tp := ad.NewTape()
			p := tp.VarVec(recAt...)
			rows := []*ad.Node{ad.ConcatCols(ad.Index(p, 0), ad.Index(p, 2)), ad.ConcatCols(ad.Index(p, 2), ad.Index(p, 1))}
			m := []*ad.Node{tp.Const(ad.Scalar(1)), tp.Const(ad.Scalar(3))}
			g1y := tp.Const(ad.NewTensor(1, 2, []float64{1, 1}))
			zero := tp.Const(ad.Scalar(0))
			out := Graph(zero, g1y, rows, m, 0)
			g := ad.Grad(out, p)[0]
			outs := []*ad.Node{out, g}
			for i := 0; i < 3; i++ {
				outs = append(outs, ad.Grad(ad.Index(g, i), p)[0])
			}
			prog := ad.Compile([]*ad.Node{p}, outs)
			prog.SetInput(0, at)
			prog.Run()
			p0, p1, p2 := at[0], at[1], at[2]
			N := p1 - 4*p2 + 3*p0
			D := p0*p1 - p2*p2
			Ni := []float64{3, 1, -4}
			Di := []float64{p1, p0, -2 * p2}
			Dij := [3][3]float64{{0, 1, 0}, {1, 0, 0}, {0, 0, -2}}
			f := -N / D
			if v := prog.Output(0)[0]; !(math.Abs(v-f) <= 1e-8*math.Abs(f)) {
				t.Errorf("at %v recorded at %v: Df1 = %v, want %v", at, recAt, v, f)
			}
			gr := prog.Output(1)
			for i := 0; i < 3; i++ {
				wi := -(Ni[i]/D - N*Di[i]/(D*D))
				if !(math.Abs(gr[i]-wi) <= 1e-8*math.Abs(wi)) {
					t.Errorf("at %v recorded at %v: ∂Df1/∂p%d = %v, want %v", at, recAt, i, gr[i], wi)
				}
				h := prog.Output(2 + i)
				for j := 0; j < 3; j++ {
					wij := -(-Ni[i]*Di[j]/(D*D) - Ni[j]*Di[i]/(D*D) - N*Dij[i][j]/(D*D) + 2*N*Di[i]*Di[j]/(D*D*D))
					if !(math.Abs(h[j]-wij) <= 1e-6*math.Abs(wij)) {
						t.Errorf("at %v recorded at %v: ∂²Df1/∂p%d∂p%d = %v, want %v", at, recAt, i, j, h[j], wij)
					}
				}
			}
		}
	}
}

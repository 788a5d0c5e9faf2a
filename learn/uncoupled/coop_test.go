package uncoupled

// coop is a fully cooperative game, f1 = f2 = −(x−1)² − (y−1)² − (x−y)²,
// maximised at (1, 1) where DNE and DSE coincide (Proposition 2.4).
type coop struct{}

func (coop) Value1(x, y []float64) float64 {
	return -(x[0]-1)*(x[0]-1) - (y[0]-1)*(y[0]-1) - (x[0]-y[0])*(x[0]-y[0])
}
func (c coop) Value2(x, y []float64) float64 { return c.Value1(x, y) }
func (coop) Grad1(dst, x, y []float64)       { dst[0] = -2*(x[0]-1) - 2*(x[0]-y[0]) }
func (coop) Grad2(dst, x, y []float64)       { dst[0] = -2*(y[0]-1) + 2*(x[0]-y[0]) }

// samelead is a game in which both players prefer player 1 to lead:
// f1 = −x²/2 + u x + g y, f2 = −y²/2 + b x y + v y + h x. Player 1's best
// response ignores y, so player 2 gains nothing by leading, while player 1
// leading raises x (it values y, which rises with x) and player 2 values x.
type samelead struct{ u, g, b, v, h float64 }

func (s samelead) Value1(x, y []float64) float64 { return -x[0]*x[0]/2 + s.u*x[0] + s.g*y[0] }
func (s samelead) Value2(x, y []float64) float64 {
	return -y[0]*y[0]/2 + s.b*x[0]*y[0] + s.v*y[0] + s.h*x[0]
}
func (s samelead) Grad1(dst, x, y []float64) { dst[0] = -x[0] + s.u }
func (s samelead) Grad2(dst, x, y []float64) { dst[0] = -y[0] + s.b*x[0] + s.v }

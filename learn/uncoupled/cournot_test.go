package uncoupled

// cournot is the Cournot duopoly of Section 3.3 written by hand for tests:
// f_i = q_i (A − (x + y)) − c_i q_i (Eq. 20–21).
type cournot struct{ A, C1, C2 float64 }

func (c cournot) Value1(x, y []float64) float64 { return x[0]*(c.A-x[0]-y[0]) - c.C1*x[0] }
func (c cournot) Value2(x, y []float64) float64 { return y[0]*(c.A-x[0]-y[0]) - c.C2*y[0] }
func (c cournot) Grad1(dst, x, y []float64)     { dst[0] = c.A - 2*x[0] - y[0] - c.C1 }
func (c cournot) Grad2(dst, x, y []float64)     { dst[0] = c.A - x[0] - 2*y[0] - c.C2 }

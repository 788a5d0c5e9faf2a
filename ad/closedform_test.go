package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// near reports whether got and want agree to tol·(1+|want|).
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*(1+math.Abs(want))
}

func checkTensor(t *testing.T, what string, got Tensor, want []float64, tol float64) {
	t.Helper()
	if len(got.Data) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got.Data), len(want))
	}
	for i := range want {
		if !near(got.Data[i], want[i], tol) {
			t.Errorf("%s[%d] = %.15g, want %.15g (tol %g)", what, i, got.Data[i], want[i], tol)
		}
	}
}

// TestQuadraticFormHessian: the Hessian of ½xᵀMx is (M+Mᵀ)/2, and M itself
// for a symmetric M; the gradient is that matrix times x. Tolerance 1e-12.
func TestQuadraticFormHessian(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for _, n := range []int{1, 2, 5, 9} {
		for _, symmetric := range []bool{false, true} {
			t.Run(fmt.Sprintf("n=%d/sym=%v", n, symmetric), func(t *testing.T) {
				M := Zeros(n, n)
				for i := range M.Data {
					M.Data[i] = r.NormFloat64()
				}
				if symmetric {
					for i := 0; i < n; i++ {
						for j := 0; j < i; j++ {
							M.Data[i*n+j] = M.Data[j*n+i]
						}
					}
				}
				xv := make([]float64, n)
				for i := range xv {
					xv[i] = r.NormFloat64()
				}
				tp := NewTape()
				x := tp.VarVec(xv...)
				f := Scale(Dot(MatMul(x, tp.Const(M)), x), 0.5)
				sym := make([]float64, n*n)
				for i := 0; i < n; i++ {
					for j := 0; j < n; j++ {
						sym[i*n+j] = (M.At(i, j) + M.At(j, i)) / 2
					}
				}
				checkTensor(t, "Hessian", Hessian(f, x), sym, 1e-12)
				if symmetric {
					checkTensor(t, "Hessian vs M", Hessian(f, x), M.Data, 1e-12)
				}
				g := make([]float64, n)
				for i := 0; i < n; i++ {
					for j := 0; j < n; j++ {
						g[i] += sym[i*n+j] * xv[j]
					}
				}
				checkTensor(t, "gradient", Grad(f, x)[0].Value(), g, 1e-12)
			})
		}
	}
}

// TestTorusGameDerivatives checks the torus game's leader cost
// f1 = −α1 cos(x − φ1) + cos(x − y) against its closed-form gradient
// (α1 sin(x−φ1) − sin(x−y), sin(x−y)), Hessian
// [[α1 cos(x−φ1) − cos(x−y), cos(x−y)], [cos(x−y), −cos(x−y)]],
// mixed product ∇xy f1·z = cos(x−y)·z and HVP. Tolerance 1e-13.
func TestTorusGameDerivatives(t *testing.T) {
	for _, c := range []struct{ x, y, alpha, phi float64 }{
		{0, 0, 1, 0}, {0.3, -1.2, 1.5, 0.7}, {2.5, 2.4, 0.2, -3}, {-4, 1, 3, 1.1},
	} {
		t.Run(fmt.Sprintf("%+v", c), func(t *testing.T) {
			tp := NewTape()
			x, y := tp.VarVec(c.x), tp.VarVec(c.y)
			f := torusF1(x, y, c.alpha, c.phi)
			d := c.x - c.y
			wantF := -c.alpha*math.Cos(c.x-c.phi) + math.Cos(d)
			if !near(f.Scalar(), wantF, 1e-13) {
				t.Errorf("f1 = %g, want %g", f.Scalar(), wantF)
			}
			g := Grad(f, x, y)
			checkTensor(t, "∇x f1", g[0].Value(), []float64{c.alpha*math.Sin(c.x-c.phi) - math.Sin(d)}, 1e-13)
			checkTensor(t, "∇y f1", g[1].Value(), []float64{math.Sin(d)}, 1e-13)
			hxx, hxy, hyy := c.alpha*math.Cos(c.x-c.phi)-math.Cos(d), math.Cos(d), -math.Cos(d)
			checkTensor(t, "Hessian", Hessian(f, x, y), []float64{hxx, hxy, hxy, hyy}, 1e-13)
			z := tp.Const(Scalar(0.7))
			checkTensor(t, "∇xy f1·z", MixedVP(f, x, y, z).Value(), []float64{hxy * 0.7}, 1e-13)
			checkTensor(t, "∇yy f1·z", HVP(f, y, z).Value(), []float64{hyy * 0.7}, 1e-13)
			vx, vy := tp.Const(Scalar(-0.4)), tp.Const(Scalar(1.3))
			_, _, hx, hy := gradHVP(f, x, y, vx, vy)
			checkTensor(t, "HVP x", hx.Value(), []float64{hxx*-0.4 + hxy*1.3}, 1e-13)
			checkTensor(t, "HVP y", hy.Value(), []float64{hxy*-0.4 + hyy*1.3}, 1e-13)
		})
	}
}

// TestDuopolyDerivatives checks the Cournot duopoly's leader profit
// f1 = x(A − x − y) − c1·x: ∇f1 = (A − 2x − y − c1, −x), Hessian
// [[−2, −1], [−1, 0]], ∇xy f1·z = −z. Tolerance 1e-13.
func TestDuopolyDerivatives(t *testing.T) {
	for _, c := range []struct{ x, y, A, c1 float64 }{
		{1, 2, 10, 1}, {3.3, 0.5, 7, 2.5}, {0, 0, 1, 0},
	} {
		t.Run(fmt.Sprintf("%+v", c), func(t *testing.T) {
			tp := NewTape()
			x, y := tp.VarVec(c.x), tp.VarVec(c.y)
			f := duopolyF1(x, y, c.A, c.c1)
			if want := c.x*(c.A-c.x-c.y) - c.c1*c.x; !near(f.Scalar(), want, 1e-13) {
				t.Errorf("f1 = %g, want %g", f.Scalar(), want)
			}
			g := Grad(f, x, y)
			checkTensor(t, "∇x f1", g[0].Value(), []float64{c.A - 2*c.x - c.y - c.c1}, 1e-13)
			checkTensor(t, "∇y f1", g[1].Value(), []float64{-c.x}, 1e-13)
			checkTensor(t, "Hessian", Hessian(f, x, y), []float64{-2, -1, -1, 0}, 1e-13)
			checkTensor(t, "∇xy f1·z", MixedVP(f, x, y, tp.Const(Scalar(3))).Value(), []float64{-3}, 1e-13)
		})
	}
}

// TestQuadraticGameHessian: the quadratic game's Hessian in (x, y) is
// [[sym A, B], [Bᵀ, sym C]]; its HVP and mixed product ∇xy f·z = B z agree.
// Tolerance 1e-12.
func TestQuadraticGameHessian(t *testing.T) {
	for _, n := range []int{1, 3, 5} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			q := newQuadGame(uint64(n), n)
			tp := NewTape()
			xv, yv, vv := make([]float64, n), make([]float64, n), make([]float64, 2*n)
			for i := range xv {
				xv[i], yv[i] = float64(i)-1, 0.5*float64(i)
			}
			for i := range vv {
				vv[i] = math.Cos(float64(i))
			}
			x, y := tp.VarVec(xv...), tp.VarVec(yv...)
			f := q.record(x, y)
			H := q.hessian()
			checkTensor(t, "Hessian", Hessian(f, x, y), H.Data, 1e-12)
			_, _, hx, hy := gradHVP(f, x, y, tp.Const(NewTensor(1, n, vv[:n])), tp.Const(NewTensor(1, n, vv[n:])))
			want := make([]float64, 2*n)
			for i := range want {
				for j := range vv {
					want[i] += H.At(i, j) * vv[j]
				}
			}
			checkTensor(t, "HVP x", hx.Value(), want[:n], 1e-12)
			checkTensor(t, "HVP y", hy.Value(), want[n:], 1e-12)
			mixed := make([]float64, n)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					mixed[i] += q.B.At(i, j) * vv[j]
				}
			}
			checkTensor(t, "∇xy f·z", MixedVP(f, x, y, tp.Const(NewTensor(1, n, vv[:n]))).Value(), mixed, 1e-12)
		})
	}
}

// TestSoftmaxPolicyScore: for a softmax policy π = softmax(θ), the score
// ∇θ log π(a) is e_a − π, and the Hessian of log π(a) is −(diag π − ππᵀ),
// for each row of a batch with its own action. Tolerance 1e-13.
func TestSoftmaxPolicyScore(t *testing.T) {
	theta := Matrix([][]float64{{0.1, -2, 0.5, 3}, {0, 0, 0, 0}, {-1, 4, 2, -0.3}})
	actions := []float64{2, 0, 1}
	tp := NewTape()
	th := tp.Var(theta)
	idx := tp.Const(NewTensor(3, 1, actions))
	logp := Gather(LogSoftmax(th), idx)
	g := Grad(Sum(logp), th)[0]
	for i := 0; i < 3; i++ {
		row := theta.Data[i*4 : (i+1)*4]
		lse := 0.0
		for _, v := range row {
			lse += math.Exp(v)
		}
		want := make([]float64, 4)
		pi := make([]float64, 4)
		for j, v := range row {
			pi[j] = math.Exp(v) / lse
			want[j] = -pi[j]
		}
		want[int(actions[i])]++
		got := Tensor{Rows: 1, Cols: 4, Data: g.Value().Data[i*4 : (i+1)*4]}
		checkTensor(t, fmt.Sprintf("score row %d", i), got, want, 1e-13)
		if i == 2 {
			// Hessian of log π(a) for this row alone.
			tp2 := NewTape()
			r := tp2.VarVec(row...)
			f := Index(LogSoftmax(r), int(actions[i]))
			H := make([]float64, 16)
			for a := 0; a < 4; a++ {
				for b := 0; b < 4; b++ {
					H[a*4+b] = pi[a] * pi[b]
					if a == b {
						H[a*4+b] -= pi[a]
					}
				}
			}
			checkTensor(t, "Hessian log π(a)", Hessian(f, r), H, 1e-13)
			// Softmax gives the same score through Log.
			f2 := Log(Index(Softmax(r), int(actions[i])))
			checkTensor(t, "score via Softmax", Grad(f2, r)[0].Value(), want, 1e-13)
		}
	}
}

// TestMLPHVPAgainstFiniteDifferences checks the HVP of an MLP loss with
// respect to all weights and biases against central differences of the
// gradient along v (step 1e-5, tolerance 1e-6 relative), and that Grad1
// gives the same gradient as Grad (to 1e-15).
func TestMLPHVPAgainstFiniteDifferences(t *testing.T) {
	m := newTestMLP(4, 8, 3, 6, 5, 2)
	grads := func(shift float64, first bool) []float64 {
		tp := NewTape()
		params := make([]*Node, len(m.params))
		for i, p := range m.params {
			q := p.Clone()
			for j := range q.Data {
				q.Data[j] += shift * m.vs[i].Data[j]
			}
			params[i] = tp.Var(q)
		}
		var gs []*Node
		if first {
			gs = Grad1(m.loss(tp, params), params...)
		} else {
			gs = Grad(m.loss(tp, params), params...)
		}
		var flat []float64
		for _, g := range gs {
			flat = append(flat, g.Data()...)
		}
		return flat
	}
	tp := NewTape()
	L, params := m.record(tp)
	vs := make([]*Node, len(params))
	for i := range vs {
		vs[i] = tp.Const(m.vs[i])
	}
	var hv []float64
	for _, h := range HVPMulti(L, params, vs) {
		hv = append(hv, h.Data()...)
	}
	const e = 1e-5
	gp, gm := grads(e, false), grads(-e, false)
	for k := range hv {
		fd := (gp[k] - gm[k]) / (2 * e)
		if !near(hv[k], fd, 1e-6) {
			t.Errorf("hvp[%d] = %.10g, finite difference %.10g", k, hv[k], fd)
		}
	}
	g, g1 := grads(0, false), grads(0, true)
	for k := range g {
		if !near(g1[k], g[k], 1e-15) {
			t.Errorf("Grad1[%d] = %.17g, Grad %.17g", k, g1[k], g[k])
		}
	}
}

// TestJacobianClosedForm: y = tanh(x·W) has Jacobian ∂y_j/∂x_i =
// (1 − y_j²) W_ij. Tolerance 1e-13.
func TestJacobianClosedForm(t *testing.T) {
	W := Matrix([][]float64{{1, -2, 0.5}, {0.3, 0.1, -1}})
	tp := NewTape()
	x := tp.VarVec(0.4, -0.7)
	y := Tanh(MatMul(x, tp.Const(W)))
	J := Jacobian(y, x)
	want := make([]float64, 6)
	for j := 0; j < 3; j++ {
		yj := y.Value().Data[j]
		for i := 0; i < 2; i++ {
			want[j*2+i] = (1 - yj*yj) * W.At(i, j)
		}
	}
	checkTensor(t, "Jacobian", J, want, 1e-13)
}

// TestMaximumMinimumTiesGradientToA checks the documented tie rule of
// Maximum and Minimum, which finite differences cannot see (random inputs
// never tie): where a = b the whole gradient goes to a, none to b, so the
// two gradients always sum to the upstream one. Exact (0 tolerance), with
// b a full matrix and b a broadcast scalar.
func TestMaximumMinimumTiesGradientToA(t *testing.T) {
	for _, c := range []struct {
		name           string
		a, b           Tensor
		op             func(a, b *Node) *Node
		wantGA, wantGB []float64
	}{
		// a = (1, 2, 3), b = (1, 5, 0): a tie at index 0.
		{"Maximum", Matrix([][]float64{{1, 2, 3}}), Matrix([][]float64{{1, 5, 0}}), Maximum, []float64{1, 0, 1}, []float64{0, 1, 0}},
		{"Minimum", Matrix([][]float64{{1, 2, 3}}), Matrix([][]float64{{1, 5, 0}}), Minimum, []float64{1, 1, 0}, []float64{0, 0, 1}},
		// a = (2, 2, 1), b = 2: ties at 0 and 1; b collects the rest.
		{"Maximum/scalar", Matrix([][]float64{{2, 2, 1}}), Scalar(2), Maximum, []float64{1, 1, 0}, []float64{1}},
		{"Minimum/scalar", Matrix([][]float64{{2, 2, 3}}), Scalar(2), Minimum, []float64{1, 1, 0}, []float64{1}},
	} {
		tp := NewTape()
		a, b := tp.Var(c.a), tp.Var(c.b)
		gs := Grad(Sum(c.op(a, b)), a, b)
		checkTensor(t, c.name+" ∂/∂a", gs[0].Value(), c.wantGA, 0)
		checkTensor(t, c.name+" ∂/∂b", gs[1].Value(), c.wantGB, 0)
	}
}

// TestPowConstDerivativesAtZero checks the derivatives of x^p at x = 0, the
// one point where p·x^(p−1) can meet 0·∞: x⁰ is the constant 1 (first
// derivative 0, not 0·0⁻¹ = NaN), x¹ has second derivative 0, and x² third
// derivative 0, in both dtypes (game formulas record pow(x, p) with a
// constant p as PowConst). Exact (tolerance 0): every value is an
// integer.
func TestPowConstDerivativesAtZero(t *testing.T) {
	for _, d := range []DType{Float64, Float32} {
		for _, c := range []struct {
			p        float64
			g, h, g3 float64 // d/dx, d²/dx², d³/dx³ at x = 0
		}{
			{0, 0, 0, 0},
			{1, 1, 0, 0},
			{2, 0, 2, 0},
			{3, 0, 0, 6},
		} {
			tp := NewTapeOf(d)
			x := tp.Var(Scalar(0))
			one := tp.Scalar(1)
			y := PowConst(x, c.p)
			g := Grad(y, x)[0]
			h := HVP(y, x, one)
			g3 := Grad(Dot(h, one), x)[0]
			name := fmt.Sprintf("%v x^%g at 0", d, c.p)
			checkTensor(t, name+" d/dx", g.Value(), []float64{c.g}, 0)
			checkTensor(t, name+" d²/dx²", h.Value(), []float64{c.h}, 0)
			checkTensor(t, name+" d³/dx³", g3.Value(), []float64{c.g3}, 0)
		}
	}
}

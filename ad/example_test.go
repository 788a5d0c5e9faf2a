package ad_test

import (
	"fmt"

	"github.com/stackel/stackel/ad"
)

// The gradient of f(x, y) = x²·y + sin(y) at (3, 0).
func ExampleGrad() {
	t := ad.NewTape()
	x, y := t.VarVec(3), t.VarVec(0)
	f := ad.Add(ad.Mul(ad.Square(x), y), ad.Sin(y))
	g := ad.Grad(f, x, y)
	fmt.Printf("∂f/∂x = %.1f, ∂f/∂y = %.1f\n", g[0].Scalar(), g[1].Scalar())
	// Output: ∂f/∂x = 0.0, ∂f/∂y = 10.0
}

// A Hessian–vector product of f(x) = Σ x³ (Hessian diag(6x)) and the
// mixed product ∇xy f·z of f(x, y) = x·y² (∂²f/∂x∂y = 2y).
func ExampleHVP() {
	t := ad.NewTape()
	x := t.VarVec(1, 2)
	f := ad.Sum(ad.PowConst(x, 3))
	v := t.Const(ad.Vector(1, 1))
	fmt.Println("∇²f·v =", ad.HVP(f, x, v).Data())

	a, b := t.VarVec(5), t.VarVec(2)
	g := ad.Mul(a, ad.Square(b))
	fmt.Println("∇ab g·z =", ad.MixedVP(g, a, b, t.Const(ad.Scalar(0.5))).Data())
	// Output:
	// ∇²f·v = [6 12]
	// ∇ab g·z = [2]
}

// Record the value, gradient and HVP of the torus game's leader cost once,
// then re-evaluate them on new points with no allocation.
func ExampleCompile() {
	t := ad.NewTape()
	x, y := t.VarVec(0), t.VarVec(0)
	v := t.Const(ad.Scalar(1))
	// f1 = −cos(x) + cos(x − y)
	f := ad.Add(ad.Neg(ad.Cos(x)), ad.Cos(ad.Sub(x, y)))
	gx := ad.Grad(f, x)[0]
	hv := ad.HVP(f, x, v)
	p := ad.Compile([]*ad.Node{x, y, v}, []*ad.Node{f, gx, hv})
	for _, pt := range [][2]float64{{0, 1}, {1, 0.5}} {
		p.SetInput(0, pt[:1])
		p.SetInput(1, pt[1:])
		p.Run()
		fmt.Printf("(x, y) = (%g, %g): f = %.3f, ∂x f = %.3f, ∂xx f = %.3f\n",
			pt[0], pt[1], p.Output(0)[0], p.Output(1)[0], p.Output(2)[0])
	}
	// Output:
	// (x, y) = (0, 1): f = -0.460, ∂x f = 0.841, ∂xx f = 0.460
	// (x, y) = (1, 0.5): f = 0.337, ∂x f = 0.362, ∂xx f = -0.337
}

// Solve (A + λI)x = b matrix-free by conjugate gradients.
func ExampleCG() {
	A := [][]float64{{4, 1}, {1, 3}}
	op := func(dst, v []float64) {
		for i := range dst {
			dst[i] = A[i][0]*v[0] + A[i][1]*v[1]
		}
	}
	x := make([]float64, 2)
	res := ad.CG(op, []float64{1, 2}, x, ad.CGSettings{Lambda: 0}, nil)
	fmt.Printf("x = [%.4f %.4f] after %d iterations\n", x[0], x[1], res.Iterations)
	// Output: x = [0.0909 0.6364] after 2 iterations
}

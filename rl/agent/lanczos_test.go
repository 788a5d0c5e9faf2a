package agent

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/total"
	"gonum.org/v1/gonum/mat"
)

// symMinEig returns the smallest eigenvalue of the symmetric part of a
// square tensor.
func symMinEig(h ad.Tensor) float64 {
	vals := symEig(h)
	return vals[0]
}

func symEig(h ad.Tensor) []float64 {
	n := h.Rows
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s.SetSym(i, j, (h.Data[i*n+j]+h.Data[j*n+i])/2)
		}
	}
	var e mat.EigenSym
	if !e.Factorize(s, false) {
		panic("eigen-decomposition failed")
	}
	return e.Values(nil)
}

// denseSolve solves the n×n system A x = b by LU.
func denseSolve(t *testing.T, n int, a, b []float64) []float64 {
	t.Helper()
	var x mat.VecDense
	if err := x.SolveVec(mat.NewDense(n, n, a), mat.NewVecDense(n, append([]float64(nil), b...))); err != nil {
		t.Fatal(err)
	}
	return x.RawVector().Data
}

// Lanczos' extreme Ritz values against a dense eigen-decomposition: exact
// (1e-8 relative to the spectral radius) after n steps on a random
// symmetric 12×12 matrix, and within 1e-3 after 30 steps on a 400×400
// diagonal operator whose extreme eigenvalues (−3 and 50) are separated
// from the rest of the spectrum (in [−1, 10]).
func TestLanczosExtremes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 12
	A := ad.Zeros(n, n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			v := rng.NormFloat64()
			A.Data[i*n+j], A.Data[j*n+i] = v, v
		}
	}
	op := func(dst, v []float64) {
		for i := 0; i < n; i++ {
			dst[i] = dot(A.Data[i*n:(i+1)*n], v)
		}
	}
	var lz lanczos
	lo, hi, err := lz.extremes(total.Hessian{Apply: op}, n, n, rng)
	if err != nil {
		t.Fatal(err)
	}
	vals := symEig(A)
	r := math.Max(-vals[0], vals[n-1])
	if math.Abs(lo-vals[0]) > 1e-8*r || math.Abs(hi-vals[n-1]) > 1e-8*r {
		t.Fatalf("dense: got [%v, %v], want [%v, %v]", lo, hi, vals[0], vals[n-1])
	}

	const m = 400
	d := make([]float64, m)
	for i := range d {
		d[i] = -1 + 11*rng.Float64()
	}
	d[17], d[233] = -3, 50
	diag := func(dst, v []float64) {
		for i := range v {
			dst[i] = d[i] * v[i]
		}
	}
	lo, hi, err = lz.extremes(total.Hessian{Apply: diag}, m, 30, rng)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(lo+3) > 1e-3 || math.Abs(hi-50) > 1e-3 {
		t.Fatalf("30 steps on a 400-dim diagonal: got [%v, %v], want [-3, 50] ± 1e-3", lo, hi)
	}
}

package optim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAdamStepBits checks Adam.Step (vector registers for the multiples of
// 4 where the CPU allows) against Adam's update written out element by
// element in Go, bit for bit, over 20 steps on tensors of every length
// from 1 to 13 (vector part and tail), with gradients of very different
// scales. The reference rounds every product before its sum, as the vector
// kernel does: built with GOAMD64=v3 (where Go fuses x*y + z) the step's
// scalar tail did not until it converted its products explicitly, and this
// test failed on the tail elements.
func TestAdamStepBits(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	var params []Param
	for n := 1; n <= 13; n++ {
		p := Param{Data: make([]float64, n), Grad: make([]float64, n)}
		for i := range p.Data {
			p.Data[i] = r.NormFloat64()
		}
		params = append(params, p)
	}
	a := NewAdam(params, 1e-3)
	// The reference state: copies of the data and the moments.
	data, m, v := make([][]float64, len(params)), make([][]float64, len(params)), make([][]float64, len(params))
	for k, p := range params {
		data[k] = append([]float64(nil), p.Data...)
		m[k], v[k] = make([]float64, len(p.Data)), make([]float64, len(p.Data))
	}
	for step := 1; step <= 20; step++ {
		for _, p := range params {
			for i := range p.Grad {
				p.Grad[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(12)-6))
			}
		}
		a.Step()
		if k, i, ok := unfusedAdamStep(a, params, data, m, v, step); !ok {
			t.Fatalf("step %d, tensor of %d, element %d: θ, m, v = %v, %v, %v; element by element %v, %v, %v",
				step, len(params[k].Data), i, params[k].Data[i], a.m[k][i], a.v[k][i], data[k][i], m[k][i], v[k][i])
		}
	}
}

// unfusedAdamStep applies Adam's step number step to the reference state
// (data, m, v) with params' gradients, element by element and each product
// rounded before its sum (no fused multiply-add, whatever GOAMD64 lets
// the compiler do), and compares it with a's parameters and moments after
// a.Step: it returns the first element that differs, or ok.
func unfusedAdamStep(a *Adam, params []Param, data, m, v [][]float64, step int) (k, i int, ok bool) {
	b1, b2 := a.Beta1, a.Beta2
	stepSize := a.Rate / (1 - math.Pow(b1, float64(step)))
	inv := 1 / math.Sqrt(1-math.Pow(b2, float64(step)))
	for k, p := range params {
		for i, g := range p.Grad {
			m[k][i] = float64(b1*m[k][i]) + float64((1-b1)*g)
			v[k][i] = float64(b2*v[k][i]) + float64((1-b2)*g*g)
			data[k][i] -= float64(stepSize*m[k][i]) / (float64(math.Sqrt(v[k][i])*inv) + a.Eps)
			if p.Data[i] != data[k][i] || a.m[k][i] != m[k][i] || a.v[k][i] != v[k][i] {
				return k, i, false
			}
		}
	}
	return 0, 0, true
}

// TestAdamThreads checks that Adam.Step gives the same bits with Threads 1,
// 2 and 3 over 5 steps on parameters large enough to be split (and a small
// one that is not), and that adamRange over blocks of multiples of 4 gives
// the bits of one call over the whole (the split ad.ParallelFor makes, which
// runs only when the machine gives the helpers a core).
func TestAdamThreads(t *testing.T) {
	var want [][]float64
	for _, threads := range []int{1, 2, 3} {
		ps := mlpParams(90, 257, 3)
		a := NewAdam(ps, 1e-3)
		a.Threads = threads
		r := rand.New(rand.NewPCG(7, 8))
		for range 5 {
			for _, p := range ps {
				for i := range p.Grad {
					p.Grad[i] = r.NormFloat64()
				}
			}
			a.Step()
		}
		for k, p := range ps {
			if threads == 1 {
				want = append(want, p.Data)
				continue
			}
			for i := range p.Data {
				if p.Data[i] != want[k][i] {
					t.Fatalf("%d threads: param %d[%d] = %v, 1 thread %v", threads, k, i, p.Data[i], want[k][i])
				}
			}
		}
	}
	const n = 1001
	r := rand.New(rand.NewPCG(9, 10))
	var d [2][]float64
	var m, v [2][]float64
	g := make([]float64, n)
	for i := range g {
		g[i] = r.NormFloat64()
	}
	for j := range d {
		d[j], m[j], v[j] = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	c := adamCoef{b1: 0.9, b2: 0.999, step: 1e-3 / 0.1, inv: 1 / math.Sqrt(0.001), eps: 1e-8}
	adamRange(d[0], m[0], v[0], g, c)
	for _, cut := range [][2]int{{0, 332}, {332, 668}, {668, n}} {
		lo, hi := cut[0], cut[1]
		adamRange(d[1][lo:hi], m[1][lo:hi], v[1][lo:hi], g[lo:hi], c)
	}
	for i := range g {
		if d[0][i] != d[1][i] || m[0][i] != m[1][i] || v[0][i] != v[1][i] {
			t.Fatalf("element %d: whole (%v, %v, %v), blocks (%v, %v, %v)", i, d[0][i], m[0][i], v[0][i], d[1][i], m[1][i], v[1][i])
		}
	}
}

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
// scales.
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
		b1, b2 := a.Beta1, a.Beta2
		stepSize := a.Rate / (1 - math.Pow(b1, float64(step)))
		inv := 1 / math.Sqrt(1-math.Pow(b2, float64(step)))
		for k, p := range params {
			for i, g := range p.Grad {
				m[k][i] = b1*m[k][i] + (1-b1)*g
				v[k][i] = b2*v[k][i] + (1-b2)*g*g
				data[k][i] -= stepSize * m[k][i] / (math.Sqrt(v[k][i])*inv + a.Eps)
				if p.Data[i] != data[k][i] {
					t.Fatalf("step %d, tensor of %d, element %d: %v, element by element %v", step, len(p.Data), i, p.Data[i], data[k][i])
				}
			}
		}
	}
}

package optim

import (
	"math/rand/v2"
	"testing"
)

// TestAdamTailUnfused checks Adam's scalar loop, the only code that updates
// tensors of fewer than 4 elements (and every element under purego),
// against the update with every product rounded before its sum, bit for
// bit, over 200 steps on 20 tensors of 3 elements. Built with GOAMD64=v3,
// where Go fuses x*y + z into one rounding, the loop failed this before its
// products were converted explicitly (the vector kernel never fuses, so a
// tensor's tail rounded differently from its first multiple of 4); with
// GOAMD64=v1 Go never fuses and the test passes either way.
func TestAdamTailUnfused(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	params := make([]Param, 20)
	data, m, v := make([][]float64, len(params)), make([][]float64, len(params)), make([][]float64, len(params))
	for k := range params {
		params[k] = Param{Data: make([]float64, 3), Grad: make([]float64, 3)}
		for i := range params[k].Data {
			params[k].Data[i] = r.NormFloat64()
		}
		data[k] = append([]float64(nil), params[k].Data...)
		m[k], v[k] = make([]float64, 3), make([]float64, 3)
	}
	a := NewAdam(params, 1e-2)
	a.Beta1, a.Beta2 = 0.85, 0.99 // less round than the defaults
	for step := 1; step <= 200; step++ {
		for _, p := range params {
			for i := range p.Grad {
				p.Grad[i] = r.NormFloat64()
			}
		}
		a.Step()
		if k, i, ok := unfusedAdamStep(a, params, data, m, v, step); !ok {
			t.Fatalf("step %d, tensor %d, element %d: θ, m, v = %v, %v, %v; unfused %v, %v, %v",
				step, k, i, params[k].Data[i], a.m[k][i], a.v[k][i], data[k][i], m[k][i], v[k][i])
		}
	}
}

package optim_test

import (
	"fmt"

	"github.com/stackel/stackel/rl/optim"
)

// Minimise f(w) = (w₀ − 3)² + (w₁ + 1)² with Adam, and track the result
// with a slowly moving target copy.
func Example() {
	w := optim.Param{Data: []float64{0, 0}, Grad: make([]float64, 2)}
	target := optim.Param{Data: []float64{0, 0}}
	params := []optim.Param{w}
	opt := optim.NewAdam(params, 0.1)
	for step := 0; step < 2000; step++ {
		optim.ZeroGrad(params)
		w.Grad[0] = 2 * (w.Data[0] - 3)
		w.Grad[1] = 2 * (w.Data[1] + 1)
		optim.ClipGradNorm(params, 10)
		opt.Step()
		optim.Polyak([]optim.Param{target}, params, 0.01)
	}
	fmt.Printf("w = (%.3f, %.3f), target = (%.3f, %.3f)\n", w.Data[0], w.Data[1], target.Data[0], target.Data[1])
	// Output: w = (3.000, -1.000), target = (3.000, -1.000)
}

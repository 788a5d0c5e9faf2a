package nn_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/nn"
)

// A value network V(s) and the gradient of its mean-squared error on a
// batch, written into one flat vector.
func ExampleMLP() {
	var p nn.Params
	v := nn.NewMLP(&p, []int{4, 64, 32, 1}, nn.Tanh, nn.Identity)
	v.Init(&p, rand.New(rand.NewPCG(1, 2)))

	obs := ad.NewTensor(2, 4, []float64{0.1, 0, -0.2, 0.3, 0, 0.1, 0.2, -0.1})
	target := ad.NewTensor(2, 1, []float64{1, 2})
	tape := ad.NewTape()
	w := p.Var(tape)
	loss := ad.Mean(ad.Square(ad.Sub(v.Forward(w, tape.Const(obs)), tape.Const(target))))
	grad := make([]float64, p.Len())
	w.Grad(loss, grad)
	fmt.Println(p.Len(), "parameters")
	// Output: 2433 parameters
}

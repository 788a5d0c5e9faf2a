package ad

import (
	"math"
	"math/rand/v2"
)

var sqrt = math.Sqrt

// testMLP is a tanh multilayer perceptron with a scalar mean-squared-error
// loss, used by the benchmarks, the allocation tests and the HVP test.
type testMLP struct {
	sizes  []int    // layer widths, input first
	params []Tensor // W1, b1, W2, b2, …
	x, y   Tensor   // batch inputs and targets
	vs     []Tensor // random direction for HVPs, one per parameter
}

// newTestMLP draws weights (scaled 1/√fan-in), a batch and a direction from
// a seeded source.
func newTestMLP(seed uint64, batch int, sizes ...int) *testMLP {
	r := rand.New(rand.NewPCG(seed, 7))
	m := &testMLP{sizes: sizes}
	randT := func(rows, cols int, scale float64) Tensor {
		t := Zeros(rows, cols)
		for i := range t.Data {
			t.Data[i] = scale * r.NormFloat64()
		}
		return t
	}
	for l := 0; l+1 < len(sizes); l++ {
		in, out := sizes[l], sizes[l+1]
		m.params = append(m.params, randT(in, out, 1/sqrt(float64(in))), randT(1, out, 0.1))
	}
	for _, p := range m.params {
		m.vs = append(m.vs, randT(p.Rows, p.Cols, 1))
	}
	m.x = randT(batch, sizes[0], 1)
	m.y = randT(batch, sizes[len(sizes)-1], 1)
	return m
}

// record records the parameters as Vars and the loss on t.
func (m *testMLP) record(t *Tape) (loss *Node, params []*Node) {
	params = make([]*Node, len(m.params))
	for i, p := range m.params {
		params[i] = t.Var(p)
	}
	return m.loss(t, params), params
}

// loss records mean((MLP(x) − y)²) with the given parameter nodes.
func (m *testMLP) loss(t *Tape, params []*Node) *Node {
	h := t.Const(m.x)
	nl := len(params) / 2
	for l := 0; l < nl; l++ {
		h = Add(MatMul(h, params[2*l]), params[2*l+1])
		if l+1 < nl {
			h = Tanh(h)
		}
	}
	return Mean(Square(Sub(h, t.Const(m.y))))
}

package ad

import (
	"math/rand/v2"
	"testing"
)

// benchOps are the element-wise, broadcast and reduction operations of
// the networks' losses, each as a function of a 100×256 input x (a batch
// of hidden activations) and a 1×256 row r.
var benchOps = []struct {
	name string
	f    func(x, r *Node) *Node
}{
	{"exp", func(x, _ *Node) *Node { return Exp(x) }},
	{"tanh", func(x, _ *Node) *Node { return Tanh(x) }},
	{"sigmoid", func(x, _ *Node) *Node { return Sigmoid(x) }},
	{"softplus", func(x, _ *Node) *Node { return Softplus(x) }},
	{"relu", func(x, _ *Node) *Node { return Relu(x) }},
	{"square", func(x, _ *Node) *Node { return Square(x) }},
	{"mul", func(x, _ *Node) *Node { return Mul(x, x) }},
	{"add-row", func(x, r *Node) *Node { return Add(x, r) }},
	{"mul-row", func(x, r *Node) *Node { return Mul(x, r) }},
	{"div", func(x, _ *Node) *Node { return Div(x, AddScalar(Square(x), 1)) }},
	{"logsoftmax", func(x, _ *Node) *Node { return LogSoftmax(x) }},
	{"softmax", func(x, _ *Node) *Node { return Softmax(x) }},
	{"rowsums", func(x, _ *Node) *Node { return RowSums(x) }},
	{"rowmax", func(x, _ *Node) *Node { return RowMax(x) }},
	{"colmeans", func(x, _ *Node) *Node { return ColMeans(x) }},
}

// BenchmarkOps times each operation forward and backward (Grad of the sum
// of its output with respect to x and r) on a Reset tape, as the RL losses
// record them every update, in float64 and float32. ns/elem is the time
// per input element (25 600 of them).
func BenchmarkOps(b *testing.B) {
	const rows, cols = 100, 256
	rng := rand.New(rand.NewPCG(1, 2))
	xv, rv := Zeros(rows, cols), Zeros(1, cols)
	for i := range xv.Data {
		xv.Data[i] = rng.NormFloat64()
	}
	for i := range rv.Data {
		rv.Data[i] = rng.NormFloat64()
	}
	for _, d := range []DType{Float64, Float32} {
		for _, op := range benchOps {
			b.Run(op.name+"/"+d.String(), func(b *testing.B) {
				t := NewTapeOf(d)
				b.ReportAllocs()
				for b.Loop() {
					t.Reset()
					x, r := t.Var(xv), t.Var(rv)
					Grad(Sum(op.f(x, r)), x, r)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(rows*cols), "ns/elem")
			})
		}
	}
}

package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/stackel/stackel/ad"
)

// Activation is an elementwise nonlinearity between layers.
type Activation int

const (
	// Identity is no nonlinearity (the output layer of value and Q
	// networks).
	Identity Activation = iota
	// Tanh is the hyperbolic tangent (AC/STAC hidden layers, Appendix E;
	// the output of deterministic actors).
	Tanh
	// Relu is max(x, 0) (DDPG/SAC hidden layers, Appendix E).
	Relu
)

// String returns the configuration name: "identity", "tanh" or "relu".
func (a Activation) String() string {
	switch a {
	case Identity:
		return "identity"
	case Tanh:
		return "tanh"
	case Relu:
		return "relu"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// ParseActivation returns the activation called name (case-insensitive).
func ParseActivation(name string) (Activation, error) {
	switch strings.ToLower(name) {
	case "identity", "linear", "none":
		return Identity, nil
	case "tanh":
		return Tanh, nil
	case "relu":
		return Relu, nil
	}
	return 0, fmt.Errorf("activation %q: want tanh, relu or identity", name)
}

func (a Activation) record(x *ad.Node) *ad.Node {
	switch a {
	case Tanh:
		return ad.Tanh(x)
	case Relu:
		return ad.Relu(x)
	}
	return x
}

func (a Activation) apply(x []float64) {
	switch a {
	case Tanh:
		ad.TanhSlice(x, x)
	case Relu:
		for i, v := range x {
			x[i] = max(v, 0)
		}
	}
}

// MLP is a multilayer perceptron y = f_L(…f_1(x W₁ + b₁)… W_L + b_L): Hidden
// after every layer but the last, Output after the last. Weights Wₗ are
// sizes[l]×sizes[l+1] (inputs are rows of a batch), biases 1×sizes[l+1].
// An MLP is an architecture: the values live in a Params. Its scratch
// buffers make Apply unsafe for concurrent use.
type MLP struct {
	// Sizes are the layer widths, input first, output last.
	Sizes []int
	// Hidden and Output are the activations after hidden layers and after
	// the last layer.
	Hidden, Output Activation

	w, b []int // tensor indices of the weights and biases
	buf  [2][]float64
}

// NewMLP adds the tensors of an MLP with the given layer widths (at least
// input and output) to p and returns it. The tensors are zero; call Init.
// They are appended layer by layer, each layer's weights then its bias
// (W₁, b₁, W₂, b₂, …), each row-major: checkpoints store Params.Data in
// this order.
func NewMLP(p *Params, sizes []int, hidden, output Activation) *MLP {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("nn.NewMLP: sizes %v need an input and an output width", sizes))
	}
	m := &MLP{Sizes: append([]int(nil), sizes...), Hidden: hidden, Output: output}
	width := 0
	for l := 0; l+1 < len(sizes); l++ {
		m.w = append(m.w, p.Add(sizes[l], sizes[l+1]))
		m.b = append(m.b, p.Add(1, sizes[l+1]))
		width = max(width, sizes[l+1])
	}
	m.buf = [2][]float64{make([]float64, width), make([]float64, width)}
	return m
}

// In returns the input width.
func (m *MLP) In() int { return m.Sizes[0] }

// Out returns the output width.
func (m *MLP) Out() int { return m.Sizes[len(m.Sizes)-1] }

// Init draws every weight and bias of the network in p uniformly from
// ±1/√fan_in, PyTorch's nn.Linear default (fan_in = Sizes[l] for layer
// l + 1). The draws come from rng only, one Float64 u per value, set to
// (1/√fan_in)·(2u − 1), in the tensors' order: W₁ row-major (inputs ×
// outputs, torch's weight transposed), b₁, W₂, b₂, …; the same seed gives
// the same bits. It panics, changing nothing, unless p's tensors have the
// network's shapes (as Apply does).
func (m *MLP) Init(p *Params, rng *rand.Rand) {
	m.checkLayout(len(p.spans), func(i int) (int, int) { return p.spans[i].rows, p.spans[i].cols })
	for l := range m.w {
		bound := 1 / math.Sqrt(float64(m.Sizes[l]))
		for _, ti := range []int{m.w[l], m.b[l]} {
			d := p.Tensor(ti).Data
			for i := range d {
				d[i] = bound * (2*rng.Float64() - 1)
			}
		}
	}
}

// ScaleLast multiplies the last layer's weights and bias in p by c (a small
// last layer makes a policy start close to uniform). It panics, changing
// nothing, unless p's tensors have the network's shapes.
func (m *MLP) ScaleLast(p *Params, c float64) {
	m.checkLayout(len(p.spans), func(i int) (int, int) { return p.spans[i].rows, p.spans[i].cols })
	l := len(m.w) - 1
	for _, ti := range []int{m.w[l], m.b[l]} {
		d := p.Tensor(ti).Data
		for i := range d {
			d[i] *= c
		}
	}
}

// Forward records the network applied to the rows of x (batch × In) on the
// tape of x, with the parameters b (Var or Const nodes of the Params the
// network was built on), and returns the batch × Out result. It panics
// unless b's tensors have the network's shapes.
func (m *MLP) Forward(b Bound, x *ad.Node) *ad.Node {
	if x.Cols() != m.In() {
		panic(fmt.Sprintf("nn.MLP.Forward: input has %d columns, network takes %d", x.Cols(), m.In()))
	}
	m.checkLayout(len(b.Nodes), func(i int) (int, int) { return b.Nodes[i].Rows(), b.Nodes[i].Cols() })
	h := x
	for l := range m.w {
		h = ad.Add(ad.MatMul(h, b.Nodes[m.w[l]]), b.Nodes[m.b[l]])
		if l+1 < len(m.w) {
			h = m.Hidden.record(h)
		} else {
			h = m.Output.record(h)
		}
	}
	return h
}

// Apply evaluates the network on one input row x with the parameters in p,
// writing Out values into out, without a tape and without allocating. It
// panics unless p's tensors have the network's shapes (p is the Params the
// network was built on, or a clone).
func (m *MLP) Apply(p *Params, x, out []float64) {
	if len(x) != m.In() || len(out) != m.Out() {
		panic(fmt.Sprintf("nn.MLP.Apply: %d inputs, %d outputs for a %v network", len(x), len(out), m.Sizes))
	}
	m.checkLayout(len(p.spans), func(i int) (int, int) { return p.spans[i].rows, p.spans[i].cols })
	in := x
	for l := range m.w {
		nOut := m.Sizes[l+1]
		var h []float64
		if l+1 == len(m.w) {
			h = out
		} else {
			h = m.buf[l%2][:nOut]
		}
		copy(h, p.Tensor(m.b[l]).Data)
		ad.AccumulateRows(h, in, p.Tensor(m.w[l]).Data) // h += in·W, row by row
		if l+1 < len(m.w) {
			m.Hidden.apply(h)
		} else {
			m.Output.apply(h)
		}
		in = h
	}
}

// checkLayout panics unless the parameters (n tensors, tensor i of shape
// shape(i)) hold the network's weights and biases at its tensor indices
// with its layers' shapes: a Params of another network (another width, the
// same number of tensors) would otherwise be read as this one's, Apply
// copying part of a bias and reading a weight matrix of another shape as
// its own.
func (m *MLP) checkLayout(n int, shape func(i int) (rows, cols int)) {
	last := m.b[len(m.b)-1]
	if n <= last {
		panic(fmt.Sprintf("nn.MLP: a Params of %d tensors for a %v network at tensors %d to %d", n, m.Sizes, m.w[0], last))
	}
	for l := range m.w {
		if r, c := shape(m.w[l]); r != m.Sizes[l] || c != m.Sizes[l+1] {
			panic(fmt.Sprintf("nn.MLP: tensor %d of the Params is %dx%d, the %dx%d weights of layer %d of a %v network",
				m.w[l], r, c, m.Sizes[l], m.Sizes[l+1], l+1, m.Sizes))
		}
		if r, c := shape(m.b[l]); r != 1 || c != m.Sizes[l+1] {
			panic(fmt.Sprintf("nn.MLP: tensor %d of the Params is %dx%d, the 1x%d biases of layer %d of a %v network",
				m.b[l], r, c, m.Sizes[l+1], l+1, m.Sizes))
		}
	}
}

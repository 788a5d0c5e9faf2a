package ad

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// oddCases are operations at sizes that are not multiples of the kernels'
// blocks (1, 7, 17, 33, 255, 257) and large enough to reach the packed,
// thin and vector kernels and the splits over threads.
var oddCases = []opCase{
	{"MatMul/odd", [][2]int{{33, 17}, {17, 257}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"MatMulTA/odd", [][2]int{{17, 33}, {17, 255}}, nil, func(in []*Node) *Node { return MatMulT(in[0], in[1], true, false) }},
	{"MatMulTB/odd", [][2]int{{33, 17}, {255, 17}}, nil, func(in []*Node) *Node { return MatMulT(in[0], in[1], false, true) }},
	{"MatMulTT/odd", [][2]int{{17, 33}, {257, 17}}, nil, func(in []*Node) *Node { return MatMulT(in[0], in[1], true, true) }},
	{"MatVec/odd", [][2]int{{257, 255}, {255, 1}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"VecMat/odd", [][2]int{{1, 255}, {255, 257}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"Outer/odd", [][2]int{{255, 1}, {1, 257}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"Outer/7", [][2]int{{7, 1}, {1, 4701}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"Thin/7", [][2]int{{4701, 7}, {7, 1}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"Wide/7", [][2]int{{7, 4701}, {4701, 7}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"Layer/odd", [][2]int{{255, 33}, {33, 257}, {1, 257}}, nil, func(in []*Node) *Node {
		return Tanh(Add(MatMul(in[0], in[1]), in[2]))
	}},
	{"Relu/odd", [][2]int{{255, 257}}, nil, func(in []*Node) *Node { return Mul(Relu(in[0]), in[0]) }},
	{"Sigmoid/col", [][2]int{{257, 255}, {257, 1}}, nil, func(in []*Node) *Node { return Sigmoid(Mul(in[0], in[1])) }},
	{"Tanh/row", [][2]int{{1, 33001}, {1, 33001}}, nil, func(in []*Node) *Node { return Mul(Tanh(in[0]), in[1]) }},
	{"LogSoftmax/odd", [][2]int{{255, 67}}, nil, func(in []*Node) *Node { return LogSoftmax(in[0]) }},
	{"ColSums/odd", [][2]int{{257, 255}}, nil, func(in []*Node) *Node { return Square(ColSums(in[0])) }},
	{"Div/odd", [][2]int{{257, 65}, {1, 65}}, positive, func(in []*Node) *Node { return Div(in[0], in[1]) }},
	// At the thresholds: 2¹⁵ multiply-adds, 513 (thin32 from 512 on), 2¹⁴
	// elements.
	{"MatMul/2^15", [][2]int{{32, 32}, {32, 32}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"Dot/513", [][2]int{{1, 513}, {513, 1}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"Mul/2^14", [][2]int{{2, 8192}, {2, 8192}}, nil, func(in []*Node) *Node { return Mul(Sigmoid(in[0]), in[1]) }},
}

// recordCase records c at vals on tp — its value, the weighted loss, the
// gradients and the Hessian–vector product along vs — and returns the
// leaves (the inputs, then the directions) and those outputs.
func recordCase(tp *Tape, c opCase, vals, vs [][]float64, w []float64) (leaves, outs []*Node) {
	in := make([]*Node, len(vals))
	vn := make([]*Node, len(vals))
	for i := range vals {
		in[i] = tp.Var(NewTensor(c.shapes[i][0], c.shapes[i][1], vals[i]))
	}
	for i := range vals {
		vn[i] = tp.Const(NewTensor(c.shapes[i][0], c.shapes[i][1], vs[i]))
	}
	y := c.build(in)
	L := loss(y, w)
	gs := Grad(L, in...)
	outs = append(outs, y, L)
	outs = append(outs, gs...)
	gv := Dot(gs[0], vn[0])
	for i := 1; i < len(gs); i++ {
		gv = Add(gv, Dot(gs[i], vn[i]))
	}
	if gv.needs {
		outs = append(outs, Grad(gv, in...)...)
	}
	return append(in, vn...), outs
}

// sampleCase draws inputs and directions for c, and returns them with the
// loss weights (shared by every case: long enough for every result).
func sampleCase(c opCase, seed uint64) (vals, vs [][]float64, w []float64) {
	r := rand.New(rand.NewPCG(seed, 7))
	sample := c.sample
	if sample == nil {
		sample = normal
	}
	for _, s := range c.shapes {
		a, b := make([]float64, s[0]*s[1]), make([]float64, s[0]*s[1])
		for j := range a {
			a[j], b[j] = sample(r), r.NormFloat64()
		}
		vals, vs = append(vals, a), append(vs, b)
	}
	return vals, vs, lossWeights()
}

// lossWeights returns the loss weights of sampleCase.
var lossWeights = sync.OnceValue(func() []float64 {
	r := rand.New(rand.NewPCG(5, 7))
	w := make([]float64, 257*257)
	for i := range w {
		w[i] = r.NormFloat64()
	}
	return w
})

func copies(outs []*Node) [][]float64 {
	r := make([][]float64, len(outs))
	for i, o := range outs {
		r[i] = append([]float64(nil), o.Data()...)
	}
	return r
}

func sameOutputs(t *testing.T, what string, want, got [][]float64) {
	t.Helper()
	for i := range want {
		for j := range want[i] {
			a, b := want[i][j], got[i][j]
			if math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) {
				t.Errorf("%s: output %d[%d] = %v, want %v", what, i, j, b, a)
				return
			}
		}
	}
}

// poison overwrites every element of the nodes' buffers, up to their
// capacity, with v.
func poison(nodes []*Node, v float64) {
	for _, n := range nodes {
		d := n.val.Data[:cap(n.val.Data)]
		for i := range d {
			d[i] = v
		}
		d32 := n.v32[:cap(n.v32)]
		for i := range d32 {
			d32[i] = float32(v)
		}
	}
}

// TestReplayAndResetGiveFreshTapeBits checks, for every operation of the
// finite-difference tests and for the odd-sized ones above, in both
// dtypes, that the value, gradients and HVP are the bits a fresh
// single-threaded tape gives at the same inputs when they are computed
// (a) on a tape Reset after recordings of every other case, with every
// buffer poisoned (NaN or a finite 12345, so that an operation reading a
// stale element shows); (b) by a Program compiled at other inputs and
// re-run after SetInput, its buffers poisoned; (c) on 2 and 3 threads
// (the odd-sized cases; the reference runs on one).
func TestReplayAndResetGiveFreshTapeBits(t *testing.T) {
	all := append(append([]opCase(nil), opCases...), oddCases...)
	for _, dt := range []DType{Float64, Float32} {
		reused := NewTapeOf(dt)
		for k, c := range all {
			threads := []int{1}
			if k >= len(opCases) {
				threads = []int{2, 3} // against the fresh 1-thread tape
			}
			v1, vs1, w := sampleCase(c, 1)
			v2, vs2, _ := sampleCase(c, 2)
			_, ro := recordCase(NewTapeOf(dt), c, v2, vs2, w)
			want := copies(ro)
			for ti, th := range threads {
				name := c.name + "/" + dt.String()
				// The small cases take both poisons; the large ones one
				// each, alternating with the thread count.
				poisons := []float64{math.NaN(), 12345}
				if len(threads) > 1 {
					poisons = poisons[ti%2 : ti%2+1]
				}
				reused.SetThreads(th)
				for _, v := range poisons {
					poison(reused.nodes, v)
					reused.Reset()
					_, o := recordCase(reused, c, v2, vs2, w)
					sameOutputs(t, name+"/reset", want, copies(o))
				}

				ct := NewTapeOf(dt)
				ct.SetThreads(th)
				leaves, co := recordCase(ct, c, v1, vs1, w)
				p := Compile(leaves, co)
				for _, v := range poisons {
					poison(p.steps, v)
					for i := range v2 {
						p.SetInput(i, v2[i])
						p.SetInput(len(v2)+i, vs2[i])
					}
					p.Run()
					sameOutputs(t, name+"/replay", want, copies(co))
				}
			}
		}
	}
}

// TestConcurrentTapesGiveSerialBits runs odd-sized cases on separate
// tapes from four goroutines at once (1, 2 and 3 threads each, sharing
// the helper pool) and checks each result against the serial one, bit for
// bit; run it under -race too.
func TestConcurrentTapesGiveSerialBits(t *testing.T) {
	cases := oddCases[:7]
	want := map[string][][]float64{}
	for _, dt := range []DType{Float64, Float32} {
		for _, c := range cases {
			v, vs, w := sampleCase(c, 3)
			_, o := recordCase(NewTapeOf(dt), c, v, vs, w)
			want[c.name+dt.String()] = copies(o)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, dt := range []DType{Float64, Float32} {
				tp := NewTapeOf(dt)
				tp.SetThreads(1 + g%3)
				for _, c := range cases {
					v, vs, w := sampleCase(c, 3)
					tp.Reset()
					_, o := recordCase(tp, c, v, vs, w)
					got := copies(o)
					mu.Lock()
					sameOutputs(t, c.name+"/"+dt.String()+"/concurrent", want[c.name+dt.String()], got)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
}

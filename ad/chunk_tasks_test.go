package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// The column chunks that a split product (parGemm) and a backward pair
// (matMulPair, pairOn) hand out as node tasks (productChunk, pairChunk),
// checked against the product that gemm computes whole on one thread and
// against the 1-thread tape, bit for bit, on every dispatch path: helper
// running, pool busy (every chunk on the caller, in order), pool backing
// off, and one P (the helper's part mostly unclaimed).

// chunkModes are the dispatch paths a 2-thread product is run under.
var chunkModes = []string{"helper", "busy", "backoff", "oneP"}

// underMode runs f with the pool in the given mode (chunkModes).
func underMode(mode string, f func()) {
	switch mode {
	case "busy":
		pool.mu.Lock()
		defer pool.mu.Unlock()
	case "backoff":
		pool.mu.Lock()
		pool.misses, pool.serialUntil = helperMisses, time.Now().Add(time.Hour)
		pool.mu.Unlock()
		defer func() {
			pool.mu.Lock()
			pool.misses, pool.serialUntil = 0, time.Time{}
			pool.mu.Unlock()
		}()
	case "oneP":
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		defer func() {
			pool.mu.Lock()
			pool.misses, pool.serialUntil = 0, time.Time{}
			pool.serial.Store(0)
			pool.mu.Unlock()
		}()
	}
	f()
}

// directGemm returns op(a)·op(b) (m×n) computed whole by gemm on a fresh
// scratch, in dtype d, as float64 values.
func directGemm(d DType, a, b Tensor, ta, tb bool, m, n, k int) []float64 {
	if d == Float64 {
		c := make([]float64, m*n)
		var s gemmScratch[float64]
		s.gemm(ta, tb, m, n, k, a.Data, max(a.Cols, 1), b.Data, max(b.Cols, 1), c, max(n, 1))
		return c
	}
	to32 := func(x []float64) []float32 {
		y := make([]float32, len(x))
		for i, v := range x {
			y[i] = float32(v)
		}
		return y
	}
	c := make([]float32, m*n)
	var s gemmScratch[float32]
	s.gemm(ta, tb, m, n, k, to32(a.Data), max(a.Cols, 1), to32(b.Data), max(b.Cols, 1), c, max(n, 1))
	out := make([]float64, len(c))
	for i, v := range c {
		out[i] = float64(v)
	}
	return out
}

// operands returns op(a) (m×k) and op(b) (k×n) stored transposed when
// ta, tb.
func operands(r *rand.Rand, ta, tb bool, m, n, k int) (Tensor, Tensor) {
	a, b := float32Fill(r, m, k), float32Fill(r, k, n)
	if ta {
		a = float32Fill(r, k, m)
	}
	if tb {
		b = float32Fill(r, n, k)
	}
	return a, b
}

// TestProductChunksMatchGemm multiplies m×k by k×n with n around the
// float32 micro-tile (17, 33), of several tiles with a partial last one
// (100), of gemmChunks whole blocks (256) and of more tiles than chunks
// (300), in every transposition and both dtypes, on 1, 2 and 3 threads
// and on 2 threads under each dispatch path: every result is the bits
// of gemm computing the whole product, and of the 1-thread tape.
func TestProductChunksMatchGemm(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 41))
	const m, k = 37, 61
	for _, n := range []int{17, 33, 100, 256, 300} {
		for v := 0; v < 4; v++ {
			ta, tb := v&2 != 0, v&1 != 0
			a, b := operands(r, ta, tb, m, n, k)
			for _, d := range []DType{Float32, Float64} {
				run := func(threads int) []float64 {
					tp := NewTapeOf(d)
					tp.SetThreads(threads)
					return MatMulT(tp.Const(a), tp.Const(b), ta, tb).Data()
				}
				want := directGemm(d, a, b, ta, tb, m, n, k)
				name := fmt.Sprintf("%v %dx%dx%d ta=%v tb=%v", d, m, k, n, ta, tb)
				if !useBLAS {
					sameBits(t, name+" 1 thread vs gemm", run(1), want)
				}
				want = run(1)
				sameBits(t, name+" 3 threads", run(3), want)
				for _, mode := range chunkModes {
					var got []float64
					underMode(mode, func() { got = run(2) })
					sameBits(t, name+" 2 threads "+mode, got, want)
				}
			}
		}
	}
}

// pairCase is one backward-pair shape: p is op(a)·op(b) of pm×pk by
// pk×pn, q likewise.
type pairCase struct {
	pm, pk, pn, qm, qk, qn int
}

// TestPairChunksMatchGemm records two products of different shapes as a
// backward pair (matMulPair) in all 16 transpositions of the two (so that
// matMulPair swaps them when only q's left operand is transposed, and
// each is cut into column blocks or kept whole), in both dtypes, on 1, 2
// and 3 threads and on 2 threads under each dispatch path: each product
// is the bits gemm computes for it whole and the 1-thread tape's.
func TestPairChunksMatchGemm(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 43))
	cases := []pairCase{
		{40, 50, 100, 24, 70, 40},  // 7 and 3 blocks, both partial last tiles
		{24, 90, 17, 40, 50, 300},  // 2 and 8 blocks (19 tiles)
		{33, 64, 256, 33, 64, 256}, // same shapes: 8 blocks each
	}
	for _, c := range cases {
		for v := 0; v < 16; v++ {
			pta, ptb, qta, qtb := v&8 != 0, v&4 != 0, v&2 != 0, v&1 != 0
			pa, pb := operands(r, pta, ptb, c.pm, c.pn, c.pk)
			qa, qb := operands(r, qta, qtb, c.qm, c.qn, c.qk)
			for _, d := range []DType{Float32, Float64} {
				name := fmt.Sprintf("%v %+v p(ta=%v tb=%v) q(ta=%v tb=%v)", d, c, pta, ptb, qta, qtb)
				run := func(threads int) (x, y []float64, split bool) {
					tp := NewTapeOf(d)
					tp.SetThreads(threads)
					p := matMulArgs{tp.Const(pa), tp.Const(pb), pta, ptb}
					q := matMulArgs{tp.Const(qa), tp.Const(qb), qta, qtb}
					before := tp.Len()
					xn, yn := matMulPair(p, q)
					if tp.Len() != before+2 {
						t.Fatalf("%s: matMulPair recorded %d nodes, want 2", name, tp.Len()-before)
					}
					return xn.Data(), yn.Data(), packedSplits(xn) && packedSplits(yn)
				}
				wantX := directGemm(d, pa, pb, pta, ptb, c.pm, c.pn, c.pk)
				wantY := directGemm(d, qa, qb, qta, qtb, c.qm, c.qn, c.qk)
				if !useBLAS {
					x, y, _ := run(1)
					sameBits(t, name+" p, 1 thread vs gemm", x, wantX)
					sameBits(t, name+" q, 1 thread vs gemm", y, wantY)
				}
				wantX, wantY, _ = run(1)
				x, y, _ := run(3)
				sameBits(t, name+" p, 3 threads", x, wantX)
				sameBits(t, name+" q, 3 threads", y, wantY)
				for _, mode := range chunkModes {
					var x, y []float64
					var split bool
					underMode(mode, func() { x, y, split = run(2) })
					if !split && !useBLAS {
						t.Fatalf("%s: the pair is not split on 2 threads; the case checks nothing", name)
					}
					sameBits(t, name+" p, 2 threads "+mode, x, wantX)
					sameBits(t, name+" q, 2 threads "+mode, y, wantY)
				}
			}
		}
	}
}

// TestChunkFunctionsInAnyOrder calls pairChunk and productChunk directly
// for every chunk, back to front and alternating the worker (the order a
// helper claims them in), on outputs filled with NaN: the chunks cover
// every column (no NaN is left) and give gemm's whole-product bits, so
// the chunk index → (node, columns) mapping is right whichever worker
// claims which chunk. The chunk counts are the tasks' (productCols of p
// then q; colBlocksOf of the product's columns).
func TestChunkFunctionsInAnyOrder(t *testing.T) {
	if useBLAS {
		t.Skip("the openblas build's 1-thread products are BLAS's, not gemm's")
	}
	r := rand.New(rand.NewPCG(34, 47))
	const m, k = 29, 45
	for _, pn := range []int{17, 100, 300} {
		for _, qn := range []int{33, 256} {
			for v := 0; v < 16; v++ {
				pta, ptb, qta, qtb := v&8 != 0, v&4 != 0, v&2 != 0, v&1 != 0
				pa, pb := operands(r, pta, ptb, m, pn, k)
				qa, qb := operands(r, qta, qtb, m+4, qn, k+3)
				for _, d := range []DType{Float32, Float64} {
					name := fmt.Sprintf("%v pn=%d qn=%d p(ta=%v tb=%v) q(ta=%v tb=%v)", d, pn, qn, pta, ptb, qta, qtb)
					tp := NewTapeOf(d)
					tp.SetThreads(2)
					p := matMulRecord(tp.Const(pa), tp.Const(pb), pta, ptb)
					q := matMulRecord(tp.Const(qa), tp.Const(qb), qta, qtb)
					scratchOf[float64](tp, 2)
					fillNaN(p)
					fillNaN(q)
					var count int
					chunk := pairChunk64
					if d == Float32 {
						chunk = pairChunk32
						count = productCols[float32](p).count + productCols[float32](q).count
					} else {
						count = productCols[float64](p).count + productCols[float64](q).count
					}
					for i := count - 1; i >= 0; i-- {
						chunk(p, q, i%2, i)
					}
					sameBits(t, name+" pairChunk p", p.Data(), directGemm(d, pa, pb, pta, ptb, m, pn, k))
					sameBits(t, name+" pairChunk q", q.Data(), directGemm(d, qa, qb, qta, qtb, m+4, qn, k+3))

					if d != Float32 || !colsClaimable[float32](pta) {
						continue // parGemm cuts only these into claimed chunks
					}
					fillNaN(p)
					for i := colBlocksOf[float32](pn).count - 1; i >= 0; i-- {
						productChunk32(p, nil, 1-i%2, i)
					}
					sameBits(t, name+" productChunk", p.Data(), directGemm(d, pa, pb, pta, ptb, m, pn, k))
				}
			}
		}
	}
}

// fillNaN sets every value of n to NaN.
func fillNaN(n *Node) {
	if n.f32() {
		for i := range n.v32 {
			n.v32[i] = float32(math.NaN())
		}
		return
	}
	for i := range n.val.Data {
		n.val.Data[i] = math.NaN()
	}
}

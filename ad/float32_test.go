package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// The float32 tests check every operation of a float32 tape against the
// same operation on a float64 tape, on inputs that both represent exactly
// (values rounded to float32 first): value, gradient and Hessian–vector
// product agree to rel32 relative (|a₃₂ − a₆₄| ≤ rel32·(1 + |a₆₄|)), and the
// float32 gradient agrees with central differences taken in float32.

// rel32 is the relative tolerance of float32 results against float64 ones:
// float32 carries 24 bits (6e-8 per rounding); the compositions tested
// here lose at most a few hundred roundings.
const rel32 = 1e-4

// round32 rounds each value to the nearest float32.
func round32(x []float64) {
	for i, v := range x {
		x[i] = float64(float32(v))
	}
}

// valueGradHVP records op case c on a tape of dtype d at vals and returns
// the loss, its flattened gradient and its HVP along vs.
func valueGradHVP(d DType, c opCase, vals, vs [][]float64, w []float64) (float64, []float64, []float64) {
	return valueGradHVPOn(NewTapeOf(d), c, vals, vs, w)
}

// valueGradHVPOn is valueGradHVP recorded on tp (whose dtype and threads it
// uses).
func valueGradHVPOn(tp *Tape, c opCase, vals, vs [][]float64, w []float64) (float64, []float64, []float64) {
	in := make([]*Node, len(vals))
	vn := make([]*Node, len(vals))
	for i := range vals {
		in[i] = tp.Var(NewTensor(c.shapes[i][0], c.shapes[i][1], vals[i]))
		vn[i] = tp.Const(NewTensor(c.shapes[i][0], c.shapes[i][1], vs[i]))
	}
	L := loss(c.build(in), w)
	gs := Grad(L, in...)
	var g []float64
	for _, x := range gs {
		g = append(g, x.Data()...)
	}
	gv := Dot(gs[0], vn[0])
	for i := 1; i < len(gs); i++ {
		gv = Add(gv, Dot(gs[i], vn[i]))
	}
	hv := make([]float64, len(g))
	if gv.needs {
		hv = hv[:0]
		for _, x := range Grad(gv, in...) {
			hv = append(hv, x.Data()...)
		}
	}
	return L.Scalar(), g, hv
}

func close32(got, want float64) bool {
	return math.Abs(got-want) <= rel32*(1+math.Abs(want))
}

// TestFloat32OpsAgainstFloat64 runs every case of opCases in both dtypes.
func TestFloat32OpsAgainstFloat64(t *testing.T) {
	for _, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			checkFloat32Against64(t, c, rand.New(rand.NewPCG(3, uint64(len(c.name)))))
		})
	}
}

// checkFloat32Against64 draws float32-representable inputs for c from r and
// checks that the float32 tape's value, gradient and HVP agree with the
// float64 tape's within close32. Outputs may have up to 512 elements.
func checkFloat32Against64(t *testing.T, c opCase, r *rand.Rand) {
	t.Helper()
	vals, vs := drawInputs(c, r)
	for i := range vals {
		round32(vals[i])
		round32(vs[i])
	}
	w := make([]float64, 512)
	for i := range w {
		w[i] = r.NormFloat64()
	}
	round32(w)
	f64, g64, h64 := valueGradHVP(Float64, c, vals, vs, w)
	f32, g32, h32 := valueGradHVP(Float32, c, vals, vs, w)
	if !close32(f32, f64) {
		t.Errorf("value float32 %.9g, float64 %.9g", f32, f64)
	}
	for k := range g64 {
		if !close32(g32[k], g64[k]) {
			t.Errorf("grad[%d] float32 %.9g, float64 %.9g", k, g32[k], g64[k])
		}
		if !close32(h32[k], h64[k]) {
			t.Errorf("hvp[%d] float32 %.9g, float64 %.9g", k, h32[k], h64[k])
		}
	}
}

// TestFloat32GradientsAgainstFiniteDifferences checks each float32 gradient
// against central differences of the float32 loss itself, with step 1e-2
// (truncation error O(h²) ≈ 1e-4, rounding ε₃₂/h ≈ 1e-5 relative to the
// loss) and tolerance 2e-3·(1 + |fd|) + 1e-4·(1 + |f|): as close as float32
// allows, and far below the size of any wrong rule.
func TestFloat32GradientsAgainstFiniteDifferences(t *testing.T) {
	for _, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(4, uint64(len(c.name))))
			sample := c.sample
			if sample == nil {
				sample = normal
			}
			vals := make([][]float64, len(c.shapes))
			for i, s := range c.shapes {
				vals[i] = make([]float64, s[0]*s[1])
				for j := range vals[i] {
					vals[i][j] = sample(r)
				}
				round32(vals[i])
			}
			w := make([]float64, 64)
			for i := range w {
				w[i] = r.NormFloat64()
			}
			eval := func() float64 {
				tp := NewTapeOf(Float32)
				in := make([]*Node, len(vals))
				for i, v := range vals {
					in[i] = tp.Var(NewTensor(c.shapes[i][0], c.shapes[i][1], v))
				}
				return loss(c.build(in), w).Scalar()
			}
			tp := NewTapeOf(Float32)
			in := make([]*Node, len(vals))
			for i, v := range vals {
				in[i] = tp.Var(NewTensor(c.shapes[i][0], c.shapes[i][1], v))
			}
			L := loss(c.build(in), w)
			f := L.Scalar()
			var g []float64
			for _, x := range Grad(L, in...) {
				g = append(g, x.Data()...)
			}
			const h = 1e-2
			k := 0
			for i := range vals {
				for j := range vals[i] {
					old := vals[i][j]
					vals[i][j] = old + h
					fp := eval()
					vals[i][j] = old - h
					fm := eval()
					vals[i][j] = old
					fd := (fp - fm) / (2 * h)
					if math.Abs(fd-g[k]) > 2e-3*(1+math.Abs(fd))+1e-4*(1+math.Abs(f))/h {
						t.Errorf("grad[%d][%d] = %.7g, float32 finite difference %.7g", i, j, g[k], fd)
					}
					k++
				}
			}
		})
	}
}

// TestFloat32MatMulKernels compares float32 products of many shapes (the
// packed kernel, the in-place-A kernel for narrow results, partial tiles,
// several depth blocks, every transposition) with the float64 product of
// the same float32 inputs, to the bound of float32 summation:
// |c₃₂ − c₆₄| ≤ 2k·ε₃₂·Σ_p |a_ip·b_pj|.
func TestFloat32MatMulKernels(t *testing.T) {
	if raceDetector {
		// Single-goroutine arithmetic (tapes default to one thread, and
		// one thread starts no goroutine: gemmSplits): nothing for the
		// race detector to watch, and the race build compiles the same
		// kernels; CI's plain pass checks every number of it.
		t.Skip("single-goroutine arithmetic: run without -race")
	}
	shapes := [][3]int{{100, 256, 256}, {4, 16, 3}, {5, 17, 9}, {97, 33, 257}, {64, 40, 600},
		{7, 64, 100}, {3, 200, 50}, {130, 9, 70}, {256, 256, 100}}
	r := rand.New(rand.NewPCG(8, 9))
	eps := math.Nextafter32(1, 2) - 1
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			ta, tb := tr[0], tr[1]
			t.Run(fmt.Sprintf("%dx%dx%d/%v%v", m, n, k, ta, tb), func(t *testing.T) {
				A, B := productOperands(r, m, n, k, ta, tb)
				round32(A.Data)
				round32(B.Data)
				got := func(d DType) []float64 {
					tp := NewTapeOf(d)
					return MatMulT(tp.Const(A), tp.Const(B), ta, tb).Data()
				}
				c32, c64 := got(Float32), got(Float64)
				at := func(x Tensor, tr bool, i, j int) float64 {
					if tr {
						return x.At(j, i)
					}
					return x.At(i, j)
				}
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						s := 0.0
						for p := 0; p < k; p++ {
							s += math.Abs(at(A, ta, i, p) * at(B, tb, p, j))
						}
						if d := math.Abs(c32[i*n+j] - c64[i*n+j]); d > 2*float64(k)*float64(eps)*s {
							t.Fatalf("C[%d,%d] float32 %.9g, float64 %.9g (bound %.3g)", i, j, c32[i*n+j], c64[i*n+j], 2*float64(k)*float64(eps)*s)
						}
					}
				}
			})
		}
	}
}

// TestThreadsGiveIdenticalProducts checks that a tape splitting its
// products over 2, 3 or 5 goroutines gives bit-for-bit the numbers of one
// goroutine, in both dtypes, for products split by columns and by rows
// and for thin products of one column (split by rows in smallMatMul).
func TestThreadsGiveIdenticalProducts(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	shapes := [][3]int{{100, 256, 256}, {256, 100, 256}, {256, 256, 100}, {300, 70, 40}, {33, 517, 90}, {256, 1, 100}, {100, 1, 256}, {1003, 1, 40}, {100, 4, 256}, {64, 40, 30}}
	for _, d := range []DType{Float64, Float32} {
		for _, sh := range shapes {
			m, n, k := sh[0], sh[1], sh[2]
			for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
				ta, tb := tr[0], tr[1]
				A, B := productOperands(r, m, n, k, ta, tb)
				var want []float64
				for _, threads := range []int{1, 2, 3, 5} {
					tp := NewTapeOf(d)
					tp.SetThreads(threads)
					got := MatMulT(tp.Const(A), tp.Const(B), ta, tb).Data()
					if threads == 1 {
						want = append([]float64(nil), got...)
						continue
					}
					for i := range want {
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
							t.Fatalf("%v %dx%dx%d ta=%v tb=%v: %d threads give C[%d] = %v, 1 thread %v", d, m, n, k, ta, tb, threads, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

// TestFloat32MLPHVPAgainstFloat64 compares the gradient and HVP of a
// two-hidden-layer tanh network (the benchmark's, batch 100) in float32
// against float64 on the same float32-rounded weights, relative to the
// vector norms: ‖g₃₂ − g₆₄‖ ≤ 1e-4·‖g₆₄‖.
func TestFloat32MLPHVPAgainstFloat64(t *testing.T) {
	m := newTestMLP(1, 100, 11, 256, 256, 1)
	for _, p := range append(append(append([]Tensor{}, m.params...), m.vs...), m.x, m.y) {
		round32(p.Data)
	}
	run := func(d DType) (g, hv []float64) {
		tp := NewTapeOf(d)
		L, params := m.record(tp)
		vs := make([]*Node, len(params))
		for i := range vs {
			vs[i] = tp.Const(m.vs[i])
		}
		for _, x := range Grad(L, params...) {
			g = append(g, x.Data()...)
		}
		for _, x := range HVPMulti(L, params, vs) {
			hv = append(hv, x.Data()...)
		}
		return g, hv
	}
	g64, h64 := run(Float64)
	g32, h32 := run(Float32)
	relErr := func(a, b []float64) float64 {
		var d, n float64
		for i := range a {
			d += (a[i] - b[i]) * (a[i] - b[i])
			n += b[i] * b[i]
		}
		return math.Sqrt(d / n)
	}
	if e := relErr(g32, g64); e > 1e-4 {
		t.Errorf("gradient: relative error %.3g of float32 against float64", e)
	}
	if e := relErr(h32, h64); e > 1e-4 {
		t.Errorf("HVP: relative error %.3g of float32 against float64", e)
	}
}

// TestFloat32TapeAPI checks the dtype boundary: values are rounded on the
// way in, widened on the way out, Data32 aliases, Set and CopyTo convert.
func TestFloat32TapeAPI(t *testing.T) {
	tp := NewTapeOf(Float32)
	if tp.DType() != Float32 || NewTape().DType() != Float64 {
		t.Fatalf("DType: %v and %v", tp.DType(), NewTape().DType())
	}
	x := tp.Var(Vector(0.1, 1e-30, 3))
	if got, want := x.Data()[0], float64(float32(0.1)); got != want {
		t.Errorf("Data()[0] = %v, want float32(0.1) = %v", got, want)
	}
	y := Sum(Scale(x, 2))
	if got, want := y.Scalar(), 2*(float64(float32(0.1))+float64(float32(1e-30))+3); math.Abs(got-want) > 1e-6 {
		t.Errorf("Sum = %v, want %v", got, want)
	}
	x.Data32()[2] = 5
	dst := make([]float64, 3)
	x.CopyTo(dst)
	if dst[2] != 5 {
		t.Errorf("CopyTo after writing Data32: %v", dst)
	}
	x.Set([]float64{1, 2, 3})
	if v := x.Value(); v.Data[1] != 2 || v.Rows != 1 || v.Cols != 3 {
		t.Errorf("Value after Set: %+v", v)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("Data32 on a float64 tape did not panic")
		}
	}()
	NewTape().Scalar(1).Data32()
}

// TestFloat32LoopDoesNotAllocate is TestEagerLoopDoesNotAllocate's Grad+HVP
// step on a float32 tape.
func TestFloat32LoopDoesNotAllocate(t *testing.T) {
	m := newTestMLP(1, 16, 4, 32, 16, 2)
	tp := NewTapeOf(Float32)
	params := make([]*Node, len(m.params))
	vs := make([]*Node, len(m.params))
	dst := make([]float64, m.params[0].Size())
	step := func() {
		tp.Reset()
		for i, p := range m.params {
			params[i] = tp.Var(p)
			vs[i] = tp.Const(m.vs[i])
		}
		HVPMulti(m.loss(tp, params), params, vs)[0].CopyTo(dst)
	}
	for range 3 {
		step()
	}
	if a := testing.AllocsPerRun(20, step); a != 0 {
		t.Errorf("%v allocations per step after warm-up, want 0", a)
	}
}

// TestThreadsGiveIdenticalGradients records the benchmark network's loss,
// gradient and HVP (batch 100, 256 wide: products and elementwise
// operations both large enough to be split) with 1, 2 and 3 threads, in both
// dtypes, and checks that every value is identical bit for bit.
func TestThreadsGiveIdenticalGradients(t *testing.T) {
	m := newTestMLP(2, 100, 11, 256, 256, 1)
	for _, d := range []DType{Float64, Float32} {
		var want []float64
		for _, threads := range []int{1, 2, 3} {
			tp := NewTapeOf(d)
			tp.SetThreads(threads)
			L, params := m.record(tp)
			vs := make([]*Node, len(params))
			for i := range vs {
				vs[i] = tp.Const(m.vs[i])
			}
			got := []float64{L.Scalar()}
			for _, x := range HVPMulti(L, params, vs) {
				got = append(got, x.Data()...)
			}
			if threads == 1 {
				want = got
				continue
			}
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("%v, %d threads: value %d is %v, with 1 thread %v", d, threads, i, got[i], want[i])
				}
			}
		}
	}
}

// TestTensorMatLayout checks that tensorMat's reinterpretation of a Tensor
// as a dmat[float64] is sound: same size and field offsets, and a value
// written through one is read through the other.
func TestTensorMatLayout(t *testing.T) {
	var x Tensor
	var m dmat[float64]
	if unsafe.Sizeof(x) != unsafe.Sizeof(m) || unsafe.Offsetof(x.Rows) != unsafe.Offsetof(m.Rows) ||
		unsafe.Offsetof(x.Cols) != unsafe.Offsetof(m.Cols) || unsafe.Offsetof(x.Data) != unsafe.Offsetof(m.Data) {
		t.Fatalf("Tensor and dmat[float64] layouts differ")
	}
	x = NewTensor(2, 3, []float64{1, 2, 3, 4, 5, 6})
	v := tensorMat(&x)
	if v.Rows != 2 || v.Cols != 3 || len(v.Data) != 6 || &v.Data[0] != &x.Data[0] {
		t.Fatalf("tensorMat view %dx%d len %d does not alias the tensor", v.Rows, v.Cols, len(v.Data))
	}
}

// poolDispatches returns how many calls have split over the helper pool.
func poolDispatches() int {
	pool.mu.Lock()
	defer pool.mu.Unlock()
	return pool.dispatches
}

// TestLargeElementwiseOpsSplit checks that the large operations meant to
// run on the tape's threads do reach the pool: a binary operation on a
// result of few, long rows (split by rows although the row count is far
// below ParallelFor's threshold), a constant's copy and Copy32, in both
// dtypes where they exist, and that a small one does not; and that the
// split results equal one thread's bit for bit.
func TestLargeElementwiseOpsSplit(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 13))
	big, small := Zeros(100, 300), Zeros(10, 30) // 30000 ≥ parMinElems > 300
	for i := range big.Data {
		big.Data[i] = r.NormFloat64()
	}
	for _, d := range []DType{Float64, Float32} {
		var want []float64
		for _, threads := range []int{1, 2} {
			tp := NewTapeOf(d)
			tp.SetThreads(threads)
			x, y := tp.Const(big), tp.Const(big)
			before := poolDispatches()
			got := Mul(Add(x, y), y).Data()
			if n := poolDispatches() - before; threads == 2 && n != 2 {
				t.Errorf("%v: Add and Mul of 100×300 on 2 threads made %d pool dispatches, want 2", d, n)
			}
			before = poolDispatches()
			Add(tp.Const(small), tp.Const(small))
			if n := poolDispatches() - before; n != 0 {
				t.Errorf("%v: Add of 10×30 made %d pool dispatches, want 0", d, n)
			}
			if threads == 1 {
				want = got
				continue
			}
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("%v: 2 threads give %v at %d, 1 thread %v", d, got[i], i, want[i])
				}
			}
		}
	}
	src := make([]float32, len(big.Data))
	for i, v := range big.Data {
		src[i] = float32(v)
	}
	tp := NewTapeOf(Float32)
	tp.SetThreads(2)
	before := poolDispatches()
	c := tp.Const32(100, 300, src)
	dst := make([]float32, len(src))
	Copy32(tp, dst, c.Data32())
	if n := poolDispatches() - before; n != 2 {
		t.Errorf("Const32 and Copy32 of 30000 values on 2 threads made %d pool dispatches, want 2", n)
	}
	for i := range src {
		if dst[i] != src[i] {
			t.Fatalf("copied %v at %d, want %v", dst[i], i, src[i])
		}
	}
}

// TestSplitStart checks the cut of units into w parts that the split
// operations use: the parts cover [0, units) in order, their sizes differ
// by at most one, and part 0 (the caller's) is never the smaller.
func TestSplitStart(t *testing.T) {
	for w := 1; w <= 7; w++ {
		for units := w; units <= 200; units++ {
			if splitStart(0, w, units) != 0 || splitStart(w, w, units) != units {
				t.Fatalf("w=%d units=%d: parts span [%d, %d)", w, units, splitStart(0, w, units), splitStart(w, w, units))
			}
			first := splitStart(1, w, units)
			lo, hi := units, 0
			for i := 0; i < w; i++ {
				n := splitStart(i+1, w, units) - splitStart(i, w, units)
				lo, hi = min(lo, n), max(hi, n)
				if n > first {
					t.Fatalf("w=%d units=%d: part %d has %d units, more than the caller's %d", w, units, i, n, first)
				}
			}
			if lo < 1 || hi-lo > 1 {
				t.Fatalf("w=%d units=%d: part sizes from %d to %d", w, units, lo, hi)
			}
		}
	}
}

// parEndsSink keeps TestParEnds' busy work from being optimised away,
// one element per worker.
var parEndsSink [2]float64

// TestParEnds checks the two-ended hand-out of chunks: every chunk of 0
// to 40 runs exactly once, the caller's (worker 0) are a prefix of the
// chunks and the helper's a suffix, and each worker claims its own in
// order (the front ascending, the back descending).
func TestParEnds(t *testing.T) {
	helperRan := 0
	work := func(worker int) { // a few microseconds, so that the helper gets chunks
		x := 1.0
		for i := 0; i < 2000; i++ {
			x = math.Sqrt(x + float64(i))
		}
		parEndsSink[worker] = x
	}
	defer func() { t.Logf("the helper ran %d chunks", helperRan) }()
	// The claims themselves, interleaved by hand (whether the helper gets
	// any chunk in the runs below depends on the machine).
	e := new(ends)
	e.v.Store(5 << 32)
	for j, c := range []struct {
		fromBack bool
		want     int
	}{{false, 0}, {true, 4}, {true, 3}, {false, 1}, {false, 2}, {true, -1}, {false, -1}} {
		if got := e.claim(c.fromBack); got != c.want {
			t.Fatalf("claim %d (from the back: %v) of 5 chunks = %d, want %d", j, c.fromBack, got, c.want)
		}
	}
	for n := 0; n <= 40; n++ {
		for rep := 0; rep < 20; rep++ {
			owner := make([]int, n)
			var seq [2][]int
			for i := range owner {
				owner[i] = -1
			}
			parEnds(n, func(worker, i int) {
				if owner[i] != -1 {
					t.Errorf("n=%d: chunk %d run by worker %d and %d", n, i, owner[i], worker)
				}
				owner[i] = worker
				seq[worker] = append(seq[worker], i)
				work(worker)
			})
			helperRan += len(seq[1])
			front := len(seq[0])
			for i, w := range owner {
				want := 1
				if i < front {
					want = 0
				}
				if w != want {
					t.Fatalf("n=%d: chunk %d ran on worker %d, want %d (the caller ran %v, the helper %v)", n, i, w, want, seq[0], seq[1])
				}
			}
			for j, i := range seq[0] {
				if i != j {
					t.Fatalf("n=%d: the caller claimed %v, not 0, 1, 2, …", n, seq[0])
				}
			}
			for j, i := range seq[1] {
				if i != n-1-j {
					t.Fatalf("n=%d: the helper claimed %v, not n−1, n−2, …", n, seq[1])
				}
			}
		}
	}
}

// TestColumnBlocksGiveWholeProduct checks what the two-ended split of a
// float32 product rests on: its column blocks (colBlocksOf), each computed
// alone by gemmCols with either worker's buffers in any order, give the
// bits of the whole product computed at once, for every transposition
// and shapes with whole and partial micro-tiles; and that products cut
// this way (colsClaimable) are exactly those whose left operand the
// kernel reads in place.
func TestColumnBlocksGiveWholeProduct(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 17))
	tp := NewTapeOf(Float32)
	for _, sh := range [][3]int{{100, 256, 256}, {256, 256, 100}, {7, 250, 33}, {64, 40, 30}, {100, 17, 256}} {
		m, n, k := sh[0], sh[1], sh[2]
		for v := 0; v < 4; v++ {
			ta, tb := v&2 != 0, v&1 != 0
			a, b := normals32(r, m*k), normals32(r, k*n)
			lda, ldb := k, n
			if ta {
				lda = m
			}
			if tb {
				ldb = k
			}
			want := make([]float32, m*n)
			scratchOf[float32](tp, 0).gemm(ta, tb, m, n, k, a, lda, b, ldb, want, n)
			cols := colBlocksOf[float32](n)
			if nr := nrOf[float32](); cols.count != min(gemmChunks, (n+nr-1)/nr) {
				t.Fatalf("%dx%dx%d: %d column blocks", m, n, k, cols.count)
			}
			got := make([]float32, m*n)
			end := n
			for j := cols.count - 1; j >= 0; j-- { // last block first, workers alternating
				lo, hi := cols.block(j)
				if lo%nrOf[float32]() != 0 || hi <= lo || hi != end || (j == 0 && lo != 0) {
					t.Fatalf("%dx%dx%d: column block %d is [%d, %d), not whole micro-tiles up to %d", m, n, k, j, lo, hi, end)
				}
				end = lo
				gemmCols(scratchOf[float32](tp, j%2), ta, tb, m, k, a, lda, b, ldb, got, n, lo, hi)
			}
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%dx%dx%d ta=%v tb=%v: blocks give C[%d] = %v, the whole product %v", m, n, k, ta, tb, i, got[i], want[i])
				}
			}
		}
	}
	for _, ta := range []bool{false, true} {
		if got, want := colsClaimable[float32](ta), haveDirectA && !ta; got != want {
			t.Errorf("colsClaimable[float32](%v) = %v, want %v", ta, got, want)
		}
	}
	if colsClaimable[float64](false) {
		t.Error("float64 products are cut into claimed column blocks; their left operand is packed")
	}
}

// TestMatMulBackwardPair checks the backward rule of a large product whose
// operands both need gradients, in every transposition: on a tape of
// exactly 2 threads its two products run at once, one per goroutine, in
// one pool dispatch (matMulPair), on 3 threads each is split (two
// dispatches; none under the openblas tag, where BLAS computes them), and
// the gradient and a Hessian–vector product through it
// are the same bits for 1, 2 and 3 threads, in float64 and float32.
func TestMatMulBackwardPair(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 15))
	fill := func(rows, cols int) Tensor { return normalTensor(r, rows, cols) }
	const m, k, n = 64, 96, 80 // each backward product 64·96·80 ≥ parMinWork
	for _, d := range []DType{Float64, Float32} {
		for v := 0; v < 4; v++ {
			ta, tb := v&2 != 0, v&1 != 0
			a, b := fill(m, k), fill(k, n)
			if ta {
				a = fill(k, m)
			}
			if tb {
				b = fill(n, k)
			}
			w, va, vb := fill(m, n), fill(a.Rows, a.Cols), fill(b.Rows, b.Cols)
			var want [][]float64
			for _, threads := range []int{1, 2, 3} {
				tp := NewTapeOf(d)
				tp.SetThreads(threads)
				A, B := tp.Var(a), tp.Var(b)
				y := Sum(Mul(MatMulT(A, B, ta, tb), tp.Const(w)))
				before := poolDispatches()
				g := Grad(y, A, B)
				dispatches := poolDispatches() - before
				wantD := map[int]int{1: 0, 2: 1, 3: 2}[threads]
				if useBLAS {
					wantD = 0 // the openblas build sends these products to BLAS, not the pool
				}
				if dispatches != wantD {
					t.Errorf("%v ta=%v tb=%v, %d threads: the backward product pair made %d pool dispatches, want %d",
						d, ta, tb, threads, dispatches, wantD)
				}
				hv := Grad(Add(Dot(g[0], tp.Const(va)), Dot(g[1], tp.Const(vb))), A, B)
				got := [][]float64{g[0].Data(), g[1].Data(), hv[0].Data(), hv[1].Data()}
				if threads == 1 {
					want = got
					continue
				}
				for j := range want {
					for i := range want[j] {
						if math.Float64bits(got[j][i]) != math.Float64bits(want[j][i]) {
							t.Fatalf("%v ta=%v tb=%v: %d threads give %v at result %d[%d], 1 thread %v",
								d, ta, tb, threads, got[j][i], j, i, want[j][i])
						}
					}
				}
			}
		}
	}
}

// TestThinProductsAndColumnSumsSplit checks that the thin float32
// products of a one-output layer on a mini-batch of 100 (A·b 100×256×1,
// Aᵀ·b 256×100×1, the outer product 100×1×256), which thin32's kernels
// compute, and the column sums of a 100×257 matrix (a bias gradient, both
// dtypes) split over a tape's threads, one pool dispatch each on 2 and 3
// threads (the products' count is checked only where thin32 computes
// them: the CPU has the kernels and BLAS does not take them), and that
// the results are the same bits for 1, 2 and 3 threads.
func TestThinProductsAndColumnSumsSplit(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 17))
	fill := func(rows, cols int) Tensor { return normalTensor(r, rows, cols) }
	cases := []struct {
		name   string
		a, b   Tensor
		ta, tb bool
	}{
		{"A·b", fill(100, 256), fill(256, 1), false, false},
		{"Aᵀ·b", fill(100, 256), fill(100, 1), true, false},
		{"a·bᵀ", fill(100, 1), fill(256, 1), false, true},
	}
	for _, c := range cases {
		var want []float64
		for _, threads := range []int{1, 2, 3} {
			tp := NewTapeOf(Float32)
			tp.SetThreads(threads)
			a, b := tp.Const(c.a), tp.Const(c.b)
			before := poolDispatches()
			got := MatMulT(a, b, c.ta, c.tb).Data()
			n, wantD := poolDispatches()-before, min(threads-1, 1)
			if thinKernels() && !blasProduct(100*256) && n != wantD {
				t.Errorf("%s, %d threads: %d pool dispatches, want %d", c.name, threads, n, wantD)
			}
			if threads == 1 {
				want = got
				continue
			}
			sameBits(t, fmt.Sprintf("%s, %d threads against 1", c.name, threads), got, want)
		}
	}
	x := fill(100, 257) // a column past the last whole vector
	for _, d := range []DType{Float64, Float32} {
		var want []float64
		for _, threads := range []int{1, 2, 3} {
			tp := NewTapeOf(d)
			tp.SetThreads(threads)
			xc := tp.Const(x)
			before := poolDispatches()
			got := SumTo(xc, 1, x.Cols).Data()
			if n, wantD := poolDispatches()-before, min(threads-1, 1); n != wantD {
				t.Errorf("%v column sums, %d threads: %d pool dispatches, want %d", d, threads, n, wantD)
			}
			if threads == 1 {
				want = got
				// The definition: the rows added in order from +0, in the
				// tape's dtype.
				sums := make([]float64, x.Cols)
				for j := range x.Cols {
					var s64 float64
					var s32 float32
					for i := range x.Rows {
						s64 += x.At(i, j)
						s32 += float32(x.At(i, j))
					}
					sums[j] = s64
					if d == Float32 {
						sums[j] = float64(s32)
					}
				}
				sameBits(t, fmt.Sprintf("%v column sums against the definition", d), got, sums)
				continue
			}
			sameBits(t, fmt.Sprintf("%v column sums, %d threads against 1", d, threads), got, want)
		}
	}
}

// TestBroadcastSplits checks that broadcasting a row or a column to
// 100×300 (the adjoint of a bias gradient's column sums in a
// Hessian–vector product) splits by rows over a tape's threads, one pool
// dispatch on 2 and 3 threads, and gives the broadcast values exactly.
func TestBroadcastSplits(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 19))
	row, col := Zeros(1, 300), Zeros(100, 1)
	for i := range row.Data {
		row.Data[i] = r.NormFloat64()
	}
	for i := range col.Data {
		col.Data[i] = r.NormFloat64()
	}
	for _, d := range []DType{Float64, Float32} {
		for _, threads := range []int{1, 2, 3} {
			for _, x := range []Tensor{row, col} {
				tp := NewTapeOf(d)
				tp.SetThreads(threads)
				xc := tp.Const(x)
				before := poolDispatches()
				got := BroadcastTo(xc, 100, 300).Data()
				if n, want := poolDispatches()-before, min(threads-1, 1); n != want {
					t.Errorf("%v, %d threads: broadcasting %s made %d pool dispatches, want %d", d, threads, x.Shape(), n, want)
				}
				for i := range 100 {
					for j := range 300 {
						want := x.At(min(i, x.Rows-1), min(j, x.Cols-1))
						if d == Float32 {
							want = float64(float32(want))
						}
						if got[i*300+j] != want {
							t.Fatalf("%v, %d threads: %s broadcast gives %v at (%d, %d), want %v", d, threads, x.Shape(), got[i*300+j], i, j, want)
						}
					}
				}
			}
		}
	}
}

// TestView32 checks a View32 constant: its values are the caller's, a
// vector–Jacobian product along it equals the one along a Const32 copy bit
// for bit, the tape never writes into the caller's values (after a rewind
// the slot is recorded again, with other values, and the caller's are
// unchanged), and Set, a float64 tape and a length mismatch panic.
func TestView32(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 21))
	w, x := Zeros(30, 20), Zeros(10, 30)
	for i := range w.Data {
		w.Data[i] = r.NormFloat64()
	}
	for i := range x.Data {
		x.Data[i] = r.NormFloat64()
	}
	v := make([]float32, 10*20)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	saved := append([]float32(nil), v...)
	tp := NewTapeOf(Float32)
	W := tp.Var(w)
	y := Tanh(MatMul(tp.Const(x), W))
	mark := tp.Mark()
	copied := VJP([]*Node{y}, []*Node{tp.Const32(10, 20, v)}, W)[0].Data()
	tp.Rewind(mark)
	view := tp.View32(10, 20, v)
	for i, got := range view.Data32() {
		if got != v[i] {
			t.Fatalf("view value %d is %v, want %v", i, got, v[i])
		}
	}
	viewed := VJP([]*Node{y}, []*Node{view}, W)[0].Data()
	for i := range copied {
		if math.Float64bits(viewed[i]) != math.Float64bits(copied[i]) {
			t.Fatalf("VJP along the view gives %v at %d, along a copy %v", viewed[i], i, copied[i])
		}
	}
	tp.Rewind(mark)
	other := make([]float32, len(v))
	for i := range other {
		other[i] = -7
	}
	tp.Const32(10, 20, other) // the view's slot, recorded again
	Add(tp.Const32(10, 20, other), tp.Const32(10, 20, other))
	for i := range v {
		if v[i] != saved[i] {
			t.Fatalf("the tape wrote %v into the viewed values at %d (was %v)", v[i], i, saved[i])
		}
	}
	panics := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}
	panics("Set on a view", func() { tp.View32(10, 20, v).Set(make([]float64, 200)) })
	panics("View32 on a float64 tape", func() { NewTape().View32(1, 2, []float32{1, 2}) })
	panics("View32 of the wrong length", func() { tp.View32(3, 3, v) })
	for i := range v {
		if v[i] != saved[i] {
			t.Fatalf("Set on a view wrote %v into the viewed values at %d", v[i], i)
		}
	}
}

// normalTensor returns a rows×cols tensor of standard normal draws from r.
func normalTensor(r *rand.Rand, rows, cols int) Tensor {
	x := Zeros(rows, cols)
	for i := range x.Data {
		x.Data[i] = r.NormFloat64()
	}
	return x
}

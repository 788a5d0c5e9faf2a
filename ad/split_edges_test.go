package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"
)

// The edge cases of the row, column and node splits (thin products,
// column sums, broadcasts, binary operations by rows), their dispatch
// tasks and View32, each checked against an independent oracle: the 1-thread result, a
// naive loop written from the definition, or the whole-product thin32
// call that 22a612d made.

// float32Fill returns rows×cols values drawn from r and rounded to float32 (so
// that both dtypes hold them exactly), with a −0, a subnormal and a large
// value planted where there is room.
func float32Fill(r *rand.Rand, rows, cols int) Tensor {
	x := Zeros(rows, cols)
	for i := range x.Data {
		x.Data[i] = float64(float32(r.NormFloat64()))
	}
	if len(x.Data) > 3 {
		x.Data[1] = math.Copysign(0, -1)
		x.Data[2] = float64(math.SmallestNonzeroFloat32) * 3
		x.Data[3] = float64(float32(1e15))
	}
	return x
}

// TestThinProductShapes multiplies every thin shape thin32 takes (one
// column, either A or Aᵀ, b either orientation; one inner step, a or b
// either orientation; one column and one step) at row counts around the
// kernels' blocks (1, 7, 8, 9, 31, 32, 33, …) on float32 tapes of 1, 2 and
// 3 threads: every count gives the bits of thin32 called on the whole
// product, as 22a612d computed it, and those are within float32 rounding
// of a float64 loop written from the definition.
func TestThinProductShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 1))
	type shape struct{ m, n, k int }
	var shapes []shape
	for _, m := range []int{1, 7, 8, 9, 31, 32, 33, 100, 257, 2049} {
		shapes = append(shapes, shape{m, 1, 16384/m + 3}, shape{m, 1, 5})
	}
	for _, m := range []int{1, 2, 8, 9, 100, 129} {
		shapes = append(shapes, shape{m, 16384/m + 5, 1})
	}
	shapes = append(shapes, shape{20000, 1, 1}, shape{3, 3000, 1}, shape{16400, 2, 1})
	for _, s := range shapes {
		for tt := 0; tt < 4; tt++ {
			ta, tb := tt&1 != 0, tt&2 != 0
			ar, ac := s.m, s.k
			if ta {
				ar, ac = s.k, s.m
			}
			br, bc := s.k, s.n
			if tb {
				br, bc = s.n, s.k
			}
			a, b := float32Fill(r, ar, ac), float32Fill(r, br, bc)
			name := fmt.Sprintf("%dx%dx%d ta=%v tb=%v", s.m, s.n, s.k, ta, tb)
			var want []float64
			for _, threads := range []int{1, 2, 3} {
				tp := NewTapeOf(Float32)
				tp.SetThreads(threads)
				got := MatMulT(tp.Const(a), tp.Const(b), ta, tb).Data()
				if threads == 1 {
					want = got
					splitCheckThinOracles(t, name, a, b, s.m, s.n, s.k, ta, tb, got)
					continue
				}
				sameBits(t, fmt.Sprintf("%s, %d threads", name, threads), got, want)
			}
		}
	}
}

// splitCheckThinOracles checks the 1-thread product got of op(a)·op(b)
// (m×n, inner k) against thin32 on the whole product (22a612d's
// computation, where the kernels take the shape and BLAS does not) bit
// for bit, and against a float64 loop within float32 rounding.
func splitCheckThinOracles(t *testing.T, name string, a, b Tensor, m, n, k int, ta, tb bool, got []float64) {
	t.Helper()
	at := func(i, p int) float64 {
		if ta {
			return a.Data[p*a.Cols+i]
		}
		return a.Data[i*a.Cols+p]
	}
	bt := func(p, j int) float64 {
		if tb {
			return b.Data[j*b.Cols+p]
		}
		return b.Data[p*b.Cols+j]
	}
	for i := range m {
		for j := range n {
			var s, abs float64
			for p := range k {
				s += at(i, p) * bt(p, j)
				abs += math.Abs(at(i, p) * bt(p, j))
			}
			if d := math.Abs(got[i*n+j] - s); d > 1e-5*abs*float64(k)+1e-40 {
				t.Fatalf("%s: %v at (%d, %d), want %v", name, got[i*n+j], i, j, s)
			}
		}
	}
	if !thinKernels() || blasProduct(m*n*k) || m*n*k <= 512 {
		return
	}
	a32, b32, c := make([]float32, len(a.Data)), make([]float32, len(b.Data)), make([]float32, m*n)
	convert(a32, a.Data)
	convert(b32, b.Data)
	if !thin32(ta, m, n, k, a32, max(a.Cols, 1), b32, c) {
		return
	}
	old := make([]float64, len(c))
	convert(old, c)
	sameBits(t, name+" against thin32 on the whole product", got, old)
}

// TestColumnSums sums the columns of matrices of 0, 1, 2, 3 and 100
// rows and of column counts around the vector widths (and a wide one that
// splits with few rows) in both dtypes on 1, 2 and 3 threads, against a
// loop from the definition in the tape's precision (rows added in order
// from +0), bit for bit.
func TestColumnSums(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 2))
	for _, d := range []DType{Float64, Float32} {
		for _, rows := range []int{0, 1, 2, 3, 100} {
			for _, cols := range []int{2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 257, 9001} {
				x := float32Fill(r, rows, cols)
				want := make([]float64, cols)
				for j := range cols {
					var s64 float64
					var s32 float32
					for i := range rows {
						s64 += x.Data[i*cols+j]
						s32 += float32(x.Data[i*cols+j])
					}
					want[j] = s64
					if d == Float32 {
						want[j] = float64(s32)
					}
				}
				for _, threads := range []int{1, 2, 3} {
					tp := NewTapeOf(d)
					tp.SetThreads(threads)
					got := SumTo(tp.Const(x), 1, cols).Data()
					if rows == 1 || cols == 1 {
						continue // SumTo to its own shape, or the sum of all
					}
					sameBits(t, fmt.Sprintf("%v %dx%d column sums, %d threads", d, rows, cols, threads), got, want)
				}
			}
		}
	}
}

// TestBroadcasts broadcasts a 1×1, a row, a column and a same-shaped
// matrix to shapes that split by rows (and ones with one row, which do
// not) in both dtypes on 1, 2 and 3 threads, against the definition.
func TestBroadcasts(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 3))
	for _, d := range []DType{Float64, Float32} {
		for _, sh := range [][2]int{{2, 8192}, {3, 6000}, {100, 300}, {16384, 1}, {1, 20000}, {17, 1000}} {
			R, C := sh[0], sh[1]
			for _, in := range [][2]int{{1, 1}, {1, C}, {R, 1}, {R, C}} {
				x := float32Fill(r, in[0], in[1])
				for _, threads := range []int{1, 2, 3} {
					tp := NewTapeOf(d)
					tp.SetThreads(threads)
					got := BroadcastTo(tp.Const(x), R, C).Data()
					for i := range R {
						for j := range C {
							want := x.At(min(i, x.Rows-1), min(j, x.Cols-1))
							if math.Float64bits(got[i*C+j]) != math.Float64bits(want) {
								t.Fatalf("%v %s to %dx%d, %d threads: %v at (%d, %d), want %v", d, x.Shape(), R, C, threads, got[i*C+j], i, j, want)
							}
						}
					}
				}
			}
		}
	}
}

// TestBinaryBroadcastSplits applies +, −, ×, ÷ (against the definition
// in the tape's precision) and maximum, minimum, a comparison (against 1
// thread) to operands of every broadcast combination on shapes that split
// by rows, in both dtypes on 1, 2 and 3 threads.
func TestBinaryBroadcastSplits(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 4))
	type binOp struct {
		name string
		f    func(a, b *Node) *Node
		def  func(x, y float64) float64 // nil: checked against 1 thread
	}
	ops := []binOp{
		{"Add", Add, func(x, y float64) float64 { return x + y }},
		{"Sub", Sub, func(x, y float64) float64 { return x - y }},
		{"Mul", Mul, func(x, y float64) float64 { return x * y }},
		{"Div", Div, func(x, y float64) float64 { return x / y }},
		{"Maximum", Maximum, nil},
		{"Minimum", Minimum, nil},
		{"Greater", Greater, nil},
	}
	for _, d := range []DType{Float64, Float32} {
		round := func(v float64) float64 {
			if d == Float32 {
				return float64(float32(v))
			}
			return v
		}
		for _, sh := range [][2]int{{2, 8192}, {3, 6000}, {100, 300}, {16384, 1}, {17, 1000}} {
			R, C := sh[0], sh[1]
			shapes := [][2]int{{R, C}, {1, C}, {R, 1}, {1, 1}}
			for _, sa := range shapes {
				for _, sb := range shapes {
					if sa != [2]int{R, C} && sb != [2]int{R, C} && !(sa == [2]int{R, 1} && sb == [2]int{1, C}) {
						continue
					}
					a, b := float32Fill(r, sa[0], sa[1]), float32Fill(r, sb[0], sb[1])
					for _, op := range ops {
						name := fmt.Sprintf("%v %s(%s, %s)", d, op.name, a.Shape(), b.Shape())
						var want []float64
						for _, threads := range []int{1, 2, 3} {
							tp := NewTapeOf(d)
							tp.SetThreads(threads)
							got := op.f(tp.Const(a), tp.Const(b)).Data()
							if op.def != nil {
								for i := range R {
									for j := range C {
										x := a.At(min(i, a.Rows-1), min(j, a.Cols-1))
										y := b.At(min(i, b.Rows-1), min(j, b.Cols-1))
										w := round(op.def(x, y))
										if g := got[i*C+j]; math.Float64bits(g) != math.Float64bits(w) && !(math.IsNaN(g) && math.IsNaN(w)) {
											t.Fatalf("%s, %d threads: %v at (%d, %d), want %v", name, threads, g, i, j, w)
										}
									}
								}
							}
							if threads == 1 {
								want = got
								continue
							}
							sameBits(t, fmt.Sprintf("%s, %d threads", name, threads), got, want)
						}
					}
				}
			}
		}
	}
}

// TestSplitTaskRanges runs splitFor and splitNode for every thread
// count 0–4, n 0–70 and align 1–9 (so align > n, n < align, n = 0) and
// checks that the ranges cover [0, n) exactly once, that each but the
// last starts and ends on a multiple of align, and that the 1-thread (and
// unsplit) call is the single range [0, n), as splitFor's f(0, n) was.
func TestSplitTaskRanges(t *testing.T) {
	var mu sync.Mutex
	var got [][2]int
	record := func(lo, hi int) {
		mu.Lock()
		got = append(got, [2]int{lo, hi})
		mu.Unlock()
	}
	nodeRecord := func(_ *Node, kind, lo, hi int) {
		if kind != 7 {
			panic("kind lost")
		}
		record(lo, hi)
	}
	for threads := 0; threads <= 4; threads++ {
		for n := 0; n <= 70; n++ {
			for align := 1; align <= 9; align++ {
				for form := range 2 {
					got = got[:0]
					if form == 0 {
						splitFor(threads, n, align, record)
					} else {
						splitNode(threads, n, align, nodeRecord, nil, 7)
					}
					name := fmt.Sprintf("threads %d, n %d, align %d, form %d", threads, n, align, form)
					if threads <= 1 || n <= align {
						if len(got) != 1 || got[0] != [2]int{0, n} {
							t.Fatalf("%s: ranges %v, want [[0 %d]]", name, got, n)
						}
						continue
					}
					cover := make([]int, n)
					for _, g := range got {
						if g[0] > g[1] || g[0]%align != 0 || (g[1] != n && g[1]%align != 0) {
							t.Fatalf("%s: range %v", name, g)
						}
						for i := g[0]; i < g[1]; i++ {
							cover[i]++
						}
					}
					for i, c := range cover {
						if c != 1 {
							t.Fatalf("%s: element %d covered %d times (%v)", name, i, c, got)
						}
					}
					if want := min(threads, (n+align-1)/align); len(got) != want {
						t.Fatalf("%s: %d ranges, want %d", name, len(got), want)
					}
				}
			}
		}
	}
}

// TestConcurrentAndNestedDispatch runs, at once on several goroutines,
// float32 and float64 products that split by parEnds and by blocks, thin
// products and column sums on 2-thread tapes, and the same work inside
// ParallelBlocks blocks on 2-thread tapes (nested dispatches, which run
// on their goroutine), many times: every result is the 1-thread result's
// bits (the race detector checks pool.ends and the helpers' tasks).
func TestConcurrentAndNestedDispatch(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 5))
	a, b := float32Fill(r, 96, 200), float32Fill(r, 200, 80)
	av, bv := float32Fill(r, 100, 256), float32Fill(r, 256, 1)
	work := func(d DType, threads int) []float64 {
		tp := NewTapeOf(d)
		tp.SetThreads(threads)
		A, B := tp.Var(a), tp.Var(b)
		y := Sum(Mul(MatMul(A, B), MatMul(A, B)))
		gs := Grad(y, A, B)
		thin := MatMul(tp.Const(av), tp.Const(bv))
		cs := SumTo(BroadcastTo(tp.Const(bv), 256, 100), 1, 100)
		var out []float64
		for _, n := range append(gs, thin, cs) {
			out = append(out, n.Data()...)
		}
		return out
	}
	for _, d := range []DType{Float64, Float32} {
		want := work(d, 1)
		var wg sync.WaitGroup
		errs := make(chan string, 64)
		check := func(name string, got []float64) {
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					errs <- fmt.Sprintf("%v %s: %v at %d, want %v", d, name, got[i], i, want[i])
					return
				}
			}
		}
		for g := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 4 {
					check(fmt.Sprintf("goroutine %d", g), work(d, 2))
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := make([][]float64, 4)
			for range 3 {
				ParallelBlocks(2, 4, func(k int) { res[k] = work(d, 2) })
				for k := range res {
					check(fmt.Sprintf("ParallelBlocks block %d", k), res[k])
				}
			}
		}()
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	}
}

// TestBackoffCounts checks pool.misses through the back-off rule with
// one P (no helper can start while the caller runs): quick dispatches
// whose helper block is unclaimed do not reset the run of misses (the
// machine may delay one past missWindow, which then counts, so the run
// is only checked not to drop), and a dispatch whose caller runs 3
// missWindows with the helper's block unclaimed is the helperMisses-th
// miss in a row and backs the pool off.
func TestBackoffCounts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	set := func(misses int) {
		pool.mu.Lock()
		pool.misses, pool.serialUntil = misses, time.Time{}
		pool.serial.Store(0)
		pool.mu.Unlock()
	}
	misses := func() int {
		pool.mu.Lock()
		defer pool.mu.Unlock()
		return pool.misses
	}
	defer set(0)
	dispatchFor := func(callerWork time.Duration) {
		parRun(2, func(part int) {
			if part == 0 {
				for start := time.Now(); time.Since(start) < callerWork; {
				}
			}
		})
	}
	set(1)
	for range 5 {
		dispatchFor(0)
	}
	if m := misses(); m < 1 {
		t.Fatalf("quick unclaimed dispatches reset the run of misses to %d", m)
	}
	set(helperMisses - 1)
	dispatchFor(3 * missWindow)
	pool.mu.Lock()
	backedOff := time.Now().Before(pool.serialUntil)
	pool.mu.Unlock()
	if !backedOff {
		t.Fatalf("the %d-th late helper in a row did not back the pool off", helperMisses)
	}
}

// TestView32Edges checks View32 with a zero-length slice, through
// Reset and Rewind (the slot gets its own buffer back and the caller's
// values are never written), under a Hessian–vector product on 1, 2 and 3
// threads (the bits of a Const32 copy's), and that the tape's later
// nodes in the slot write their own buffer.
func TestView32Edges(t *testing.T) {
	tp := NewTapeOf(Float32)
	e := tp.View32(0, 5, nil)
	if e.Rows() != 0 || e.Cols() != 5 || len(e.Data32()) != 0 {
		t.Fatalf("empty view is %dx%d with %d values", e.Rows(), e.Cols(), len(e.Data32()))
	}
	if s := Sum(e).Scalar(); s != 0 {
		t.Fatalf("sum of an empty view is %v", s)
	}
	tp.Reset()
	n := tp.Const32(1, 3, []float32{1, 2, 3}) // the empty view's slot
	if got := n.Data32(); got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Fatalf("slot after an empty view holds %v", got)
	}

	r := rand.New(rand.NewPCG(34, 6))
	w, x := float32Fill(r, 64, 300), float32Fill(r, 128, 64)
	v := make([]float32, 64*300)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	saved := append([]float32(nil), v...)
	hvp := func(threads int, view bool) []float64 {
		tp := NewTapeOf(Float32)
		tp.SetThreads(threads)
		var out []float64
		for range 2 { // the second time through Reset, the slots reused
			tp.Reset()
			W := tp.Var(w)
			y := Sum(Mul(Tanh(MatMul(tp.Const(x), W)), Tanh(MatMul(tp.Const(x), W))))
			g := Grad(y, W)[0]
			mark := tp.Mark()
			for range 2 { // and through Rewind
				var dir *Node
				if view {
					dir = tp.View32(64, 300, v)
				} else {
					dir = tp.Const32(64, 300, v)
				}
				out = VJP([]*Node{g}, []*Node{dir}, W)[0].Data()
				tp.Rewind(mark)
				// The slot again, written by the tape.
				z := Add(tp.Const32(64, 300, make([]float32, len(v))), tp.Fill(64, 300, -9))
				if z.Data32()[0] != -9 {
					t.Fatalf("node after a view holds %v", z.Data32()[0])
				}
				tp.Rewind(mark)
			}
		}
		return out
	}
	want := hvp(1, false)
	for _, threads := range []int{1, 2, 3} {
		sameBits(t, fmt.Sprintf("HVP along a view, %d threads", threads), hvp(threads, true), want)
	}
	for i := range v {
		if math.Float32bits(v[i]) != math.Float32bits(saved[i]) {
			t.Fatalf("the tape wrote %v into the viewed values at %d (was %v)", v[i], i, saved[i])
		}
	}
}

// TestSplitsDoNotAllocate records the operations split by
// splitNode (a thin float32 product and its transposed form, column sums,
// a broadcast, a binary operation with a broadcast row) and by node
// chunks (a float32 100×256×256 product, and the gradient of one whose
// backward products run as a pair) after the leaves, rewinding to them each step,
// on 1 and on 2 threads: after warm-up none allocates (the leaves,
// recorded once, are outside the count: a large float32 Const still
// converts through a closure).
func TestSplitsDoNotAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 7))
	a, b, c, row := float32Fill(r, 100, 256), float32Fill(r, 256, 1), float32Fill(r, 100, 1), float32Fill(r, 1, 256)
	w := float32Fill(r, 256, 256)
	for _, d := range []DType{Float32, Float64} {
		for _, threads := range []int{1, 2} {
			tp := NewTapeOf(d)
			tp.SetThreads(threads)
			A, B, C, R := tp.Const(a), tp.Const(b), tp.Const(c), tp.Const(row)
			AV, W := tp.Var(a), tp.Var(w)
			mark := tp.Mark()
			step := func() {
				tp.Rewind(mark)
				SumTo(BroadcastTo(Add(A, R), 100, 256), 1, 256)
				if d == Float32 && haveDirectA && !useBLAS { // else parGemm's closure over blocks, or BLAS
					Grad(Sum(MatMul(AV, W)), AV, W)
				}
				if d == Float32 && thinKernels() { // else smallMatMul's parRows closure
					MatMul(A, B)
					MatMulT(A, C, true, false)
				}
			}
			for range 3 {
				step()
			}
			if n := testing.AllocsPerRun(20, step); n != 0 {
				t.Errorf("%v, %d threads: %v allocations per step, want 0", d, threads, n)
			}
		}
	}
}

// TestEmptyView32SetPanics records an empty View32 in a new slot and in
// a reused one: Set panics on both with the view's message (in a new slot
// the view was not marked, and Set passed silently).
func TestEmptyView32SetPanics(t *testing.T) {
	const want = "ad: Set on a View32 leaf, whose values are the caller's"
	setPanic := func(n *Node) (msg any) {
		defer func() { msg = recover() }()
		n.Set(nil)
		return nil
	}
	tp := NewTapeOf(Float32)
	if got := setPanic(tp.View32(0, 3, nil)); got != want {
		t.Errorf("Set on an empty view in a new slot: panic %v, want %q", got, want)
	}
	tp.Reset()
	n := tp.Const32(1, 3, []float32{1, 2, 3}) // the slot gets its buffer back
	if got := n.Data32(); len(got) != 3 || got[0] != 1 || got[2] != 3 {
		t.Fatalf("the slot after an empty view holds %v", got)
	}
	n.Set([]float64{4, 5, 6}) // a plain leaf again: no panic
	tp.Reset()
	if got := setPanic(tp.View32(0, 3, []float32{})); got != want {
		t.Errorf("Set on an empty view in a reused slot: panic %v, want %q", got, want)
	}
}

// TestParallelForAlignBelowOne: an align of 0 or less is taken as 1 (it
// divided by zero): every index of [0, n) is visited once, by chunks that
// split over two threads.
func TestParallelForAlignBelowOne(t *testing.T) {
	const n = 3*parMinElems + 5
	for _, align := range []int{0, -3} {
		visits := make([]int32, n)
		before := poolDispatches()
		ParallelFor(2, n, align, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				visits[i]++
			}
		})
		for i, v := range visits {
			if v != 1 {
				t.Fatalf("align %d: index %d visited %d times, want 1", align, i, v)
			}
		}
		if got := poolDispatches() - before; got != 1 {
			t.Errorf("align %d: %d pool dispatches, want 1", align, got)
		}
	}
}

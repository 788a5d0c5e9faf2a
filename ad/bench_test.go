package ad

import (
	"sort"
	"testing"
	"time"
)

func BenchmarkMLPGrad(b *testing.B) { benchMLPGrad(b, Float64) }

// BenchmarkMLPGrad32 is BenchmarkMLPGrad on a float32 tape.
func BenchmarkMLPGrad32(b *testing.B) { benchMLPGrad(b, Float32) }

func benchMLPGrad(b *testing.B, d DType) {
	m := newTestMLP(1, 100, 11, 256, 256, 1)
	t := NewTapeOf(d)
	params := make([]*Node, len(m.params))
	b.ReportAllocs()
	for b.Loop() {
		t.Reset()
		for i, p := range m.params {
			params[i] = t.Var(p)
		}
		Grad1(m.loss(t, params), params...)
	}
}

func BenchmarkMLPHVP(b *testing.B) { benchMLPHVP(b, Float64) }

// BenchmarkMLPHVP32 is BenchmarkMLPHVP on a float32 tape.
func BenchmarkMLPHVP32(b *testing.B) { benchMLPHVP(b, Float32) }

func benchMLPHVP(b *testing.B, d DType) {
	m := newTestMLP(1, 100, 11, 256, 256, 1)
	t := NewTapeOf(d)
	params := make([]*Node, len(m.params))
	b.ReportAllocs()
	for b.Loop() {
		t.Reset()
		for i, p := range m.params {
			params[i] = t.Var(p)
		}
		gs := Grad(m.loss(t, params), params...)
		var gv *Node
		for i, g := range gs {
			d := Dot(g, t.Const(m.vs[i]))
			if gv == nil {
				gv = d
			} else {
				gv = Add(gv, d)
			}
		}
		Grad(gv, params...)
	}
}

func BenchmarkSmallMLPGrad(b *testing.B) {
	m := newTestMLP(1, 100, 4, 64, 32, 2)
	t := NewTape()
	params := make([]*Node, len(m.params))
	b.ReportAllocs()
	for b.Loop() {
		t.Reset()
		for i, p := range m.params {
			params[i] = t.Var(p)
		}
		Grad1(m.loss(t, params), params...)
	}
}

// BenchmarkMatMul measures op(A)·op(B) on the shapes of the MLP benchmarks
// (reporting GFLOP/s as a custom metric).
func BenchmarkMatMul(b *testing.B) { benchMatMul(b, Float64, 1) }

// BenchmarkMatMul32 is BenchmarkMatMul on a float32 tape.
func BenchmarkMatMul32(b *testing.B) { benchMatMul(b, Float32, 1) }

// BenchmarkMatMulAVX2 and BenchmarkMatMul32AVX2 are BenchmarkMatMul and
// BenchmarkMatMul32 with the AVX-512 kernels off (useWide), to set the
// AVX2 kernels beside them on a CPU that has AVX-512.
func BenchmarkMatMulAVX2(b *testing.B) { benchMatMulAVX2(b, Float64) }

// BenchmarkMatMul32AVX2: see BenchmarkMatMulAVX2.
func BenchmarkMatMul32AVX2(b *testing.B) { benchMatMulAVX2(b, Float32) }

func benchMatMulAVX2(b *testing.B, d DType) {
	defer func(w bool) { useWide = w }(useWide)
	useWide = false
	benchMatMul(b, d, 1)
}

// BenchmarkMatMulThreads2 is BenchmarkMatMul and BenchmarkMatMul32 with the
// products split over two goroutines (run with -cpu 2).
func BenchmarkMatMulThreads2(b *testing.B) {
	b.Run("float64", func(b *testing.B) { benchMatMul(b, Float64, 2) })
	b.Run("float32", func(b *testing.B) { benchMatMul(b, Float32, 2) })
}

// BenchmarkMatMulIndependent2 is what two cores give the float32 kernel
// with nothing split: two 100×256×256 products, each on its own tape and
// data and on one goroutine, run reps times one after the other and then
// reps times at once on two goroutines (run with -cpu 2). speedup is the
// first time over the second, the ceiling of any 2-thread split of such
// products on this machine; BenchmarkMatMulThreads2/float32 over
// BenchmarkMatMul32 is what the split itself reaches.
func BenchmarkMatMulIndependent2(b *testing.B) {
	const m, n, k, reps = 100, 256, 256, 20
	product := func() *Program {
		t := NewTapeOf(Float32)
		a, bm := Zeros(m, k), Zeros(k, n)
		for i := range a.Data {
			a.Data[i] = float64(i%7) - 3
		}
		for i := range bm.Data {
			bm.Data[i] = float64(i%5) - 2
		}
		return Compile(nil, []*Node{MatMul(t.Const(a), t.Const(bm))})
	}
	ps := []*Program{product(), product()}
	run := func(p *Program) {
		for range reps {
			p.Run()
		}
	}
	var serial, together time.Duration
	for b.Loop() {
		start := time.Now()
		run(ps[0])
		run(ps[1])
		serial += time.Since(start)
		start = time.Now()
		done := make(chan struct{})
		go func() {
			run(ps[1])
			close(done)
		}()
		run(ps[0])
		<-done
		together += time.Since(start)
	}
	b.ReportMetric(float64(serial)/float64(together), "speedup")
	b.ReportMetric(2*reps*2*float64(m*n*k)*float64(b.N)/serial.Seconds()/1e9, "GFLOP/s-1thread")
}

// BenchmarkMatMulBackwardPair is the gradient of Σ (op(A)·op(B)) ⊙ W with
// respect to A and B on a float32 tape of 2 threads (run with -cpu 2):
// the product's backward rule computes ∂A and ∂B at once, one per
// goroutine (matMulPair), for the three shapes of a relu MLP's gradient
// graph: C = A·B (100×256 by 256×256), C = A·Bᵀ and C = Aᵀ·B (the weight
// gradient, 256×100 by 100×256).
func BenchmarkMatMulBackwardPair(b *testing.B) {
	fill := func(r, c int) Tensor {
		x := Zeros(r, c)
		for i := range x.Data {
			x.Data[i] = float64(i%7) - 3
		}
		return x
	}
	for _, v := range []struct {
		name   string
		a, b   Tensor
		ta, tb bool
	}{
		{"AB", fill(100, 256), fill(256, 256), false, false},
		{"ABt", fill(100, 256), fill(256, 256), false, true},
		{"AtB", fill(100, 256), fill(100, 256), true, false},
	} {
		b.Run(v.name, func(b *testing.B) {
			t := NewTapeOf(Float32)
			t.SetThreads(2)
			rows, cols := v.a.Rows, v.b.Cols
			if v.ta {
				rows = v.a.Cols
			}
			if v.tb {
				cols = v.b.Rows
			}
			w := fill(rows, cols)
			for b.Loop() {
				t.Reset()
				A, B := t.Var(v.a), t.Var(v.b)
				Grad1(Sum(Mul(MatMulT(A, B, v.ta, v.tb), t.Const(w))), A, B)
			}
		})
	}
}

func benchMatMul(b *testing.B, d DType, threads int) {
	for _, sh := range []struct {
		name    string
		m, n, k int
		ta, tb  bool
	}{
		{"100x256x256", 100, 256, 256, false, false},
		{"100x256x256/tb", 100, 256, 256, false, true},
		{"256x256x100/ta", 256, 256, 100, true, false},
		{"100x64x32", 100, 32, 64, false, false},
		{"100x4x64/tb", 100, 4, 64, false, true},
	} {
		b.Run(sh.name, func(b *testing.B) {
			ar, ac := sh.m, sh.k
			if sh.ta {
				ar, ac = ac, ar
			}
			br, bc := sh.k, sh.n
			if sh.tb {
				br, bc = bc, br
			}
			t := NewTapeOf(d)
			t.SetThreads(threads)
			a, bm := Zeros(ar, ac), Zeros(br, bc)
			for i := range a.Data {
				a.Data[i] = float64(i%7) - 3
			}
			for i := range bm.Data {
				bm.Data[i] = float64(i%5) - 2
			}
			A, B := t.Const(a), t.Const(bm)
			C := MatMulT(A, B, sh.ta, sh.tb)
			p := Compile(nil, []*Node{C})
			b.ResetTimer()
			for b.Loop() {
				p.Run()
			}
			b.ReportMetric(2*float64(sh.m*sh.n*sh.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkSplitOwnership times one float32 addition c = a + b of 100×256
// split by rows over the pool's two goroutines (the cut binarySplit
// makes: rows [0, 50) on the caller, [50, 100) on a helper) after its
// inputs were rewritten in one of two ways: by the same rows on the same
// goroutines ("own": each core then reads only what it wrote), or by
// halves of columns ("cross": each core then reads half of every row it
// adds from the other core's cache, as after a product cut by columns).
// It also times the addition on one goroutine and an empty dispatch (the
// pool's hand-off alone). Each timing is the mean of 200 operations; the
// metrics are medians over such windows, about 35 ms apart (own-ns,
// cross-ns, one-ns, handoff-ns), and own-ns and cross-ns again over the
// windows whose hand-off was slow (above 300 ns, the machine's slow
// modes; the -slow metrics, 0 when there were none, with slow-share the
// fraction of such windows). Run with -cpu 2.
func BenchmarkSplitOwnership(b *testing.B) {
	const rows, cols, reps = 100, 256, 200
	x, y, z := make([]float32, rows*cols), make([]float32, rows*cols), make([]float32, rows*cols)
	add := func(lo, hi int) {
		o := dmat[float32]{Rows: hi - lo, Cols: cols, Data: z[lo*cols : hi*cols]}
		a := dmat[float32]{Rows: hi - lo, Cols: cols, Data: x[lo*cols : hi*cols]}
		c := dmat[float32]{Rows: hi - lo, Cols: cols, Data: y[lo*cols : hi*cols]}
		binaryLoop(kAdd, &o, &a, &c)
	}
	half := func(part int) (int, int) { return splitStart(part, 2, rows), splitStart(part+1, 2, rows) }
	gen := float32(0)
	writeRows := func(part int) {
		lo, hi := half(part)
		for i := lo * cols; i < hi*cols; i++ {
			x[i], y[i] = gen+float32(i&7), gen-float32(i&3)
		}
	}
	writeCols := func(part int) {
		for r := range rows {
			for j := r*cols + part*cols/2; j < r*cols+(part+1)*cols/2; j++ {
				x[j], y[j] = gen+float32(j&7), gen-float32(j&3)
			}
		}
	}
	splitAdd := func(part int) { add(half(part)) }
	timed := func(prepare func(), op func()) float64 {
		var total time.Duration
		for range reps {
			gen++
			prepare()
			start := time.Now()
			op()
			total += time.Since(start)
		}
		return float64(total.Nanoseconds()) / reps
	}
	var own, cross, one, handoff, ownSlow, crossSlow []float64
	for b.Loop() {
		end := time.Now().Add(2 * time.Second)
		for time.Now().Before(end) {
			h := timed(func() {}, func() { parRun(2, func(int) {}) })
			o := timed(func() { parRun(2, writeRows) }, func() { parRun(2, splitAdd) })
			c := timed(func() { parRun(2, writeCols) }, func() { parRun(2, splitAdd) })
			s := timed(func() { writeRows(0); writeRows(1) }, func() { add(0, rows) })
			own, cross, one, handoff = append(own, o), append(cross, c), append(one, s), append(handoff, h)
			if h > 300 {
				ownSlow, crossSlow = append(ownSlow, o), append(crossSlow, c)
			}
			time.Sleep(30 * time.Millisecond)
		}
	}
	b.ReportMetric(medianOf(own), "own-ns")
	b.ReportMetric(medianOf(cross), "cross-ns")
	b.ReportMetric(medianOf(one), "one-ns")
	b.ReportMetric(medianOf(handoff), "handoff-ns")
	b.ReportMetric(medianOf(ownSlow), "own-ns-slow")
	b.ReportMetric(medianOf(crossSlow), "cross-ns-slow")
	b.ReportMetric(float64(len(ownSlow))/float64(len(own)), "slow-share")
}

// medianOf returns the median of xs (0 when empty), reordering xs.
func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

package ad

import (
	"sync"
	"unsafe"
)

// parMinWork is the m·n·k of a matrix product below which it stays on one
// goroutine even when the tape has more threads (starting goroutines costs
// more than such a product).
const parMinWork = 1 << 17

// scratchOf returns the tape's packing buffers for element type T: worker
// 0's are the tape's own, workers 1… have their own.
func scratchOf[T float](t *Tape, w int) *gemmScratch[T] {
	if is32[T]() {
		if w == 0 {
			return (*gemmScratch[T])(unsafe.Pointer(&t.gemm32))
		}
		for len(t.par32) < w {
			t.par32 = append(t.par32, gemmScratch[float32]{})
		}
		return (*gemmScratch[T])(unsafe.Pointer(&t.par32[w-1]))
	}
	if w == 0 {
		return (*gemmScratch[T])(unsafe.Pointer(&t.gemm))
	}
	for len(t.par) < w {
		t.par = append(t.par, gemmScratch[float64]{})
	}
	return (*gemmScratch[T])(unsafe.Pointer(&t.par[w-1]))
}

// parGemm computes c = op(a)·op(b) (see gemmScratch.gemm) on up to
// t.Threads() goroutines. A large product is cut into contiguous blocks of
// columns of c (or of rows, when c has more rows than columns; either way
// the operand that is not cut is packed once per block), each computed by
// the single-threaded kernel exactly as it would compute that part of the
// whole product: no sum is split, so the result is the same for every
// thread count.
func parGemm[T float](t *Tape, ta, tb bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	w := t.Threads()
	if w <= 1 || m*n*k < parMinWork {
		scratchOf[T](t, 0).gemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	byCols := n >= m
	dim, align := m, gemmMR
	if byCols {
		dim, align = n, nrOf[T]()
	}
	// Blocks of whole micro-tiles, as even as that allows.
	tiles := (dim + align - 1) / align
	w = min(w, tiles)
	part := func(i int) (int, int) {
		lo, hi := i*tiles/w*align, (i+1)*tiles/w*align
		return lo, min(hi, dim)
	}
	run := func(i int) {
		lo, hi := part(i)
		s := scratchOf[T](t, i)
		if byCols {
			bo := lo // op(b)[p, j] at b[p·ldb + j], or b[j·ldb + p] transposed
			if tb {
				bo = lo * ldb
			}
			s.gemm(ta, tb, m, hi-lo, k, a, lda, b[bo:], ldb, c[lo:], ldc)
			return
		}
		ao := lo * lda // op(a)[i, p] at a[i·lda + p], or a[p·lda + i] transposed
		if ta {
			ao = lo
		}
		s.gemm(ta, tb, hi-lo, n, k, a[ao:], lda, b, ldb, c[lo*ldc:], ldc)
	}
	for i := 1; i < w; i++ {
		scratchOf[T](t, i) // grow the scratch list before the goroutines start
	}
	var wg sync.WaitGroup
	wg.Add(w - 1)
	for i := 1; i < w; i++ {
		go func() {
			defer wg.Done()
			run(i)
		}()
	}
	run(0)
	wg.Wait()
}

// parMinElems is the size of an elementwise operation below which it stays
// on one goroutine.
const parMinElems = 1 << 14

// parFor calls f on contiguous chunks [lo, hi) covering [0, n), on up to
// t.Threads() goroutines when n is at least parMinElems (each chunk a whole
// number of multiples of align), and once on [0, n) otherwise. Elementwise
// operations split this way compute every element exactly as one call
// would.
func parFor(t *Tape, n, align int, f func(lo, hi int)) {
	w := t.Threads()
	if w <= 1 || n < parMinElems {
		f(0, n)
		return
	}
	units := (n + align - 1) / align
	w = min(w, units)
	var wg sync.WaitGroup
	wg.Add(w - 1)
	for i := 1; i < w; i++ {
		go func() {
			defer wg.Done()
			f(min(i*units/w*align, n), min((i+1)*units/w*align, n))
		}()
	}
	f(0, min(units/w*align, n))
	wg.Wait()
}

// splits reports that an elementwise operation of n elements is split over
// the tape's threads.
func splits(t *Tape, n int) bool { return n >= parMinElems && t.threads > 1 }

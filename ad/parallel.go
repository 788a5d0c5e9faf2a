package ad

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
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
	if w <= 1 || m*n*k < parMinWork || backingOff() {
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
		scratchOf[T](t, i) // grow the scratch list before the workers start
	}
	parRun(w, run)
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
	if w <= 1 || n < parMinElems || backingOff() {
		f(0, n)
		return
	}
	units := (n + align - 1) / align
	w = min(w, units)
	parRun(w, func(i int) { f(min(i*units/w*align, n), min((i+1)*units/w*align, n)) })
}

// splits reports that an elementwise operation of n elements is split over
// the tape's threads.
func splits(t *Tape, n int) bool { return n >= parMinElems && t.threads > 1 }

// The helper goroutines. Splitting one product or elementwise operation
// of an update (tens of microseconds of work) over goroutines started for
// it costs about as much as it saves: a new goroutine, or a parked one,
// waits for the runtime to wake an idle thread, and on a busy machine the
// caller ended up running the helper's block itself after its own. So a
// process keeps a few helpers that, after a block, spin on their next
// assignment for a while (helperSpin) before they park: within an update,
// where split operations follow each other closely, a hand-off is a store
// and a load. A block is claimed by whoever starts it first: when the
// caller has finished its own block and the helper has not yet started its
// one (it is parked, or the machine gives it no core), the caller runs it
// itself, and the helper then parks right after its next block instead of
// spinning for a core it does not get; when that happens helperMisses
// times in a row, operations are not split at all for helperBackoff
// (backingOff) before the helpers are tried again. The pool is shared by every tape of
// the process, one dispatch at a time; a tape that finds it busy runs its
// blocks itself, in order. Block i computes the same numbers whoever runs
// it, so results do not depend on any of this.

// helperSpin is how long an idle helper waits for work before parking
// while it is getting its blocks.
const helperSpin = 500 * time.Microsecond

// helper is one goroutine of the pool. Each is padded to its own cache
// lines so that the dispatcher's stores do not contend with another
// helper's spinning loads.
type helper struct {
	_       [64]byte
	seq     atomic.Uint64 // assignments posted
	claimed atomic.Uint64 // the last assignment claimed (by the helper or the caller)
	done    atomic.Uint64 // the last assignment the helper ran
	spin    atomic.Int64  // nanoseconds to spin before parking
	parked  atomic.Bool
	wake    chan struct{}
	f       func(int)
	part    int
	_       [64]byte
}

var pool struct {
	mu      sync.Mutex // held by the goroutine dispatching
	helpers []*helper
	// misses counts the dispatches in a row whose helper blocks the
	// caller had to run itself; after helperMisses of them the caller
	// runs every block itself until serialUntil (the machine is not giving
	// the helpers a core: waking them only takes CPU from the caller).
	misses      int
	serialUntil time.Time
	// serial mirrors serialUntil (Unix nanoseconds) for readers without
	// the lock: parGemm and parFor do not split at all while it is in the
	// future (a split computed on one goroutine costs more than the whole).
	serial atomic.Int64
}

// alwaysSplit makes parGemm and parFor split even while the pool backs
// off (the package's tests set it, so that the split paths they check run
// whatever the machine's load).
var alwaysSplit = false

// backingOff reports that the pool is running every block on the caller
// (see pool.misses), so that splitting an operation would only cost.
func backingOff() bool {
	if alwaysSplit {
		return false
	}
	u := pool.serial.Load()
	return u != 0 && time.Now().UnixNano() < u
}

// helperMisses and helperBackoff: after helperMisses dispatches in a row
// whose helpers did not start in time, dispatches run on the caller alone
// for helperBackoff.
const (
	helperMisses  = 8
	helperBackoff = 20 * time.Millisecond
)

// parRun calls f(0), …, f(w−1): f(0) on the calling goroutine and the
// others on the pool's helpers when the pool is free (or on the caller, for
// a block no helper has started when the caller is done with its own), all
// in order on the caller when the pool is busy. It returns when every call
// has returned.
func parRun(w int, f func(part int)) {
	if w <= 1 {
		f(0)
		return
	}
	if !pool.mu.TryLock() {
		for i := 0; i < w; i++ {
			f(i)
		}
		return
	}
	if pool.misses >= helperMisses {
		if time.Now().Before(pool.serialUntil) {
			for i := 0; i < w; i++ {
				f(i)
			}
			pool.mu.Unlock()
			return
		}
		pool.misses = 0
	}
	for len(pool.helpers) < w-1 {
		h := &helper{wake: make(chan struct{}, 1)}
		h.spin.Store(int64(helperSpin))
		pool.helpers = append(pool.helpers, h)
		go h.loop()
	}
	hs := pool.helpers[:w-1]
	for i, h := range hs {
		h.f, h.part = f, i+1
		h.seq.Add(1)
		if h.parked.CompareAndSwap(true, false) {
			h.wake <- struct{}{}
		}
	}
	f(0)
	missed := false
	for _, h := range hs {
		s := h.seq.Load()
		if h.claimed.CompareAndSwap(s-1, s) {
			// Not started: run it here, and let the helper park.
			h.f(h.part)
			h.spin.Store(0)
			missed = true
			continue
		}
		for spin := 1; h.done.Load() != s; spin++ {
			if spin%256 == 0 {
				runtime.Gosched()
			}
		}
		h.spin.Store(int64(helperSpin))
	}
	for _, h := range hs {
		h.f = nil
	}
	if !missed {
		pool.misses = 0
	} else if pool.misses++; pool.misses >= helperMisses {
		pool.serialUntil = time.Now().Add(helperBackoff)
		pool.serial.Store(pool.serialUntil.UnixNano())
	}
	pool.mu.Unlock()
}

// loop runs the helper's assignments: it spins for h.spin after each
// (yielding now and then), then parks until the dispatcher wakes it. An
// assignment the caller claimed first is skipped.
func (h *helper) loop() {
	var last uint64
	for {
		start, limit := time.Now(), time.Duration(h.spin.Load())
		for spin := 1; h.seq.Load() == last; spin++ {
			if spin%256 != 0 {
				continue
			}
			runtime.Gosched()
			if time.Since(start) < limit {
				continue
			}
			// Park. The dispatcher posts (seq) before it looks at parked;
			// the helper sets parked before it looks at seq: one of them
			// sees the other, and whoever clears parked owns the wake-up.
			h.parked.Store(true)
			if h.seq.Load() != last && h.parked.CompareAndSwap(true, false) {
				break
			}
			<-h.wake
			break
		}
		last = h.seq.Load()
		if h.claimed.CompareAndSwap(last-1, last) {
			h.f(h.part)
			h.done.Store(last)
		}
	}
}

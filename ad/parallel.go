package ad

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// parMinWork is the m·n·k of a matrix product below which it stays on one
// goroutine even when the tape has more threads (starting goroutines costs
// more than such a product).
const parMinWork = 1 << 15

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
// thread count. On exactly two threads a float32 product of more than one
// micro-tile of columns whose left operand the kernel reads in place
// (nothing is packed twice however finely its columns are cut) is cut
// into up to gemmChunks blocks that the two goroutines claim from either
// end (parEnds), so that a core the machine slows down for a while
// computes fewer of them.
func parGemm[T float](prod *Node, ta, tb bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	t := prod.tape
	if !gemmSplits(t, m*n*k) {
		scratchOf[T](t, 0).gemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
		epilogue[T](prod, 0, m, 0, n)
		return
	}
	w := t.Threads()
	if w == 2 && colsClaimable[T](ta) && n > nrOf[T]() {
		scratchOf[T](t, 1) // grown before the helper starts
		f := productChunk64
		if is32[T]() {
			f = productChunk32
		}
		dispatch(task{nodeChunk: f, node: prod, w: 2, n: colBlocksOf[T](n).count})
		return
	}
	byCols := n >= m
	dim, align := m, gemmMR
	if byCols {
		dim, align = n, nrOf[T]()
	}
	// Blocks of whole micro-tiles, as even as that allows, the caller's
	// (block 0) the largest (splitStart).
	tiles := (dim + align - 1) / align
	w = min(w, tiles)
	part := func(i int) (int, int) {
		lo, hi := splitStart(i, w, tiles)*align, splitStart(i+1, w, tiles)*align
		return lo, min(hi, dim)
	}
	run := func(i int) {
		lo, hi := part(i)
		s := scratchOf[T](t, i)
		if byCols {
			gemmCols(s, ta, tb, m, k, a, lda, b, ldb, c, ldc, lo, hi)
			epilogue[T](prod, 0, m, lo, hi)
			return
		}
		ao := lo * lda // op(a)[i, p] at a[i·lda + p], or a[p·lda + i] transposed
		if ta {
			ao = lo
		}
		s.gemm(ta, tb, hi-lo, n, k, a[ao:], lda, b, ldb, c[lo*ldc:], ldc)
		epilogue[T](prod, lo, hi, 0, n)
	}
	for i := 1; i < w; i++ {
		scratchOf[T](t, i) // grow the scratch list before the workers start
	}
	parRun(w, run)
}

// parThin32 is thin32 for the product node prod (op(a)·op(b), a and b
// its inputs, m×n with inner dimension k), split over its tape's threads by
// blocks of output rows when the product touches parMinElems elements or
// more (m·n·k: the matrix a matrix–vector product reads, the matrix an
// outer product writes) and the tape has more than one thread; it reports
// false, computing nothing, where thin32 would. thin32's kernels compute
// every element alone, the same bits whichever kernel or block computes
// it, so the split changes no number; the blocks are whole multiples of
// the kernels' row counts (32 for Aᵀ·b, 8 otherwise), so that each row
// also goes to the kernel it would get unsplit. These products (a
// network's one-output layer on a mini-batch of 100, its gradients and
// their Hessian–vector products: 100×256×1, 256×100×1 and 100×1×256)
// take 2–3 µs each.
func parThin32(prod *Node, ta bool, m, n, k int, a []float32, lda int, b, c []float32) bool {
	t := prod.tape
	if m*n*k < parMinElems || t.Threads() < 2 || !thinKernels() || m < 1 || n < 1 || k < 1 || (n != 1 && k != 1) {
		return thin32(ta, m, n, k, a, lda, b, c)
	}
	align, kind := 8, 0
	if ta {
		kind = 1
		if n == 1 {
			align = 32
		}
	}
	splitNode(t.Threads(), m, align, thinRows, prod, kind)
	return true
}

// thinRows computes rows [lo, hi) of the thin float32 product node prod,
// its left operand transposed when ta is 1 (splitNode's form: the
// operands and shapes read from the node again, so that the split
// allocates nothing).
func thinRows(prod *Node, ta, lo, hi int) {
	a, b, c := view[float32](prod.in[0]), view[float32](prod.in[1]), vals[float32](prod)
	n, k, lda := prod.val.Cols, a.Cols, max(a.Cols, 1)
	if ta == 1 {
		k = a.Rows
	}
	switch {
	case n == 1 && ta == 1: // c[i] = Σ_p a[p·lda + i]·b[p]
		thin32(true, hi-lo, 1, k, a.Data[lo:], lda, b.Data, c[lo:hi])
	case n == 1: // c[i] = Σ_p a[i·lda + p]·b[p]
		thin32(false, hi-lo, 1, k, a.Data[lo*lda:], lda, b.Data, c[lo:hi])
	default: // k = 1: c[i, j] = a[i]·b[j]
		thin32(ta == 1, hi-lo, n, 1, a.Data[lo:], lda, b.Data, c[lo*n:hi*n])
	}
}

// productChunk32 and productChunk64 compute column block i of the product
// node p (parGemm's cut, colBlocksOf) with worker's packing buffers: a
// parEnds chunk read from the node, so that the split allocates nothing.
func productChunk32(p, _ *Node, worker, i int) { productChunk[float32](p, worker, i) }
func productChunk64(p, _ *Node, worker, i int) { productChunk[float64](p, worker, i) }

func productChunk[T float](p *Node, worker, i int) {
	lo, hi := colBlocksOf[T](p.val.Cols).block(i)
	packedOn[T](p.tape, worker, p, lo, hi)
}

// gemmCols computes columns [lo, hi) of c = op(a)·op(b) with s's buffers,
// the single-threaded kernel's numbers for those columns.
func gemmCols[T float](s *gemmScratch[T], ta, tb bool, m, k int, a []T, lda int, b []T, ldb int, c []T, ldc int, lo, hi int) {
	bo := lo // op(b)[p, j] at b[p·ldb + j], or b[j·ldb + p] transposed
	if tb {
		bo = lo * ldb
	}
	s.gemm(ta, tb, m, hi-lo, k, a, lda, b[bo:], ldb, c[lo:], ldc)
}

// gemmChunks is the number of column blocks a product is cut into when
// two goroutines claim them (parEnds): blocks of 32 columns of a
// 256-column float32 product, 16–20 µs each at this machine's speed. Cut
// that finely such a product costs no more than whole on one thread
// (100×256×256, with B transposed or not), because its left operand is
// read in place and each block packs only its own columns of the right
// one.
const gemmChunks = 8

// colsClaimable reports that parGemm and matMulPair may cut a product of
// element type T, its left operand transposed when ta, into gemmChunks
// column blocks at no cost: float32 with an untransposed left operand,
// which the kernel reads in place where the CPU has AVX2.
func colsClaimable[T float](ta bool) bool { return haveDirectA && is32[T]() && !ta }

// colBlocks cuts the columns of a product into count blocks of whole
// micro-tiles, as even as that allows (block i is [lo, hi) = block(i)).
type colBlocks struct{ n, nr, tiles, count int }

// colBlocksOf returns the cut of an n-column product of element type T
// into up to gemmChunks blocks.
func colBlocksOf[T float](n int) colBlocks {
	nr := nrOf[T]()
	tiles := (n + nr - 1) / nr
	return colBlocks{n: n, nr: nr, tiles: tiles, count: min(tiles, gemmChunks)}
}

// whole returns the cut of an n-column product into one block.
func whole(n int) colBlocks { return colBlocks{n: n, nr: max(n, 1), tiles: 1, count: 1} }

// block returns the columns [lo, hi) of block i.
func (c colBlocks) block(i int) (lo, hi int) {
	return min(splitStart(i, c.count, c.tiles)*c.nr, c.n), min(splitStart(i+1, c.count, c.tiles)*c.nr, c.n)
}

// gemmSplits reports that parGemm splits a product of flops
// multiply-adds over t's threads: more than one thread, at least
// parMinWork, the pool not backing off.
func gemmSplits(t *Tape, flops int) bool {
	return t.Threads() > 1 && flops >= parMinWork && !backingOff()
}

// splitStart returns where part i of units cut into w parts starts
// (⌈i·units/w⌉): the parts are as even as whole units allow, and part 0,
// which the caller runs itself after handing out the others, is never the
// smaller one, so the caller is not left waiting for a helper that got more
// to do (a helper also starts a little after the caller).
func splitStart(i, w, units int) int { return (i*units + w - 1) / w }

// parMinElems is the size of an elementwise operation below which it stays
// on one goroutine.
const parMinElems = 1 << 14

// parFor calls f on contiguous chunks [lo, hi) covering [0, n), on up to
// t.Threads() goroutines when n is at least parMinElems (each chunk a whole
// number of multiples of align), and once on [0, n) otherwise. Elementwise
// operations split this way compute every element exactly as one call
// would.
func parFor(t *Tape, n, align int, f func(lo, hi int)) { ParallelFor(t.Threads(), n, align, f) }

// ParallelFor calls f on contiguous chunks [lo, hi) covering [0, n), each
// a whole number of multiples of align (but the last), on up to threads
// goroutines of the package's helper pool when n is at least 2¹⁴ (and the
// pool is not backing off, see the package documentation), and once on
// [0, n) otherwise. The chunks do not overlap and are all done when it
// returns. It is for work whose every element is computed alone (an
// optimiser's update, a vector pass), so that the result does not depend
// on threads; it does not allocate when it does not split. An align below
// 1 is taken as 1.
func ParallelFor(threads, n, align int, f func(lo, hi int)) {
	align = max(align, 1)
	if n < parMinElems {
		f(0, n)
		return
	}
	splitFor(threads, n, align, f)
}

// splitFor is ParallelFor for a caller that has already decided the work
// is large enough to split (a count of rows, say, that is small although
// every row is long): it splits [0, n) on up to threads goroutines whatever
// n, unless the pool is backing off.
func splitFor(threads, n, align int, f func(lo, hi int)) { splitTask(threads, n, align, task{rng: f}) }

// splitNode is splitFor for an operation that computes rows (or columns)
// [lo, hi) of node from the node alone: f(node, kind, lo, hi), f a
// top-level function, so that the split allocates nothing (a closure over
// the operation's matrices did, hundreds of times per update).
func splitNode(threads, n, align int, f func(node *Node, kind, lo, hi int), node *Node, kind int) {
	splitTask(threads, n, align, task{nodeRange: f, node: node, kind: kind})
}

// splitTask is splitFor's split of [0, n) for a range task tk (rng or
// nodeRange set).
func splitTask(threads, n, align int, tk task) {
	tk.w, tk.units, tk.align, tk.n = 1, 1, n, n
	if threads > 1 && n > align && !backingOff() {
		tk.units = (n + align - 1) / align
		tk.w, tk.align = min(threads, tk.units), align
	}
	dispatch(tk)
}

// sumBlock is the fixed block length of a blocked sum (blockedSum): the
// order of its additions depends on it and on nothing else.
const sumBlock = 1024

// blockedSum returns Σⱼ f(loⱼ, hiⱼ) over the blocks [j·sumBlock,
// (j+1)·sumBlock) ∩ [0, n), in block order, each partial sum stored in
// sums[j] first (len(sums) ≥ ⌈n/sumBlock⌉). The blocks are computed on up
// to threads goroutines (whole blocks each, ParallelFor's chunks of the
// same threads and n) but the additions are always the same, so the
// result is the same bits for every thread count.
func blockedSum(threads, n int, sums []float64, f func(lo, hi int) float64) float64 {
	nb := (n + sumBlock - 1) / sumBlock
	sums = sums[:nb]
	ParallelFor(threads, n, sumBlock, func(lo, hi int) {
		for j := lo / sumBlock; j*sumBlock < hi; j++ {
			sums[j] = f(j*sumBlock, min((j+1)*sumBlock, n))
		}
	})
	s := 0.0
	for _, v := range sums {
		s += v
	}
	return s
}

// parMinThin is the number of multiply-adds of a thin product (one column
// of the result, see smallMatMul) below which it stays on one goroutine.
const parMinThin = 1 << 14

// splitsRows reports that a thin product of m rows and the given number
// of multiply-adds is split over t's threads (parRows).
func splitsRows(t *Tape, m, work int) bool {
	return t != nil && t.threads > 1 && work >= parMinThin && m >= 16 && !backingOff()
}

// parRows calls f on contiguous chunks [lo, hi) of m rows (multiples of 8
// but the last) on up to t.Threads() goroutines. Each row is computed
// alone, so the result is the same for every thread count.
func parRows(t *Tape, m int, f func(lo, hi int)) {
	units := (m + 7) / 8
	w := min(t.Threads(), units)
	dispatch(task{rng: f, w: w, units: units, align: 8, n: m})
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
// itself; when that happens helperMisses times in a row, operations are
// not split at all for helperBackoff (backingOff) and the helpers park at
// once instead of spinning for a core they do not get, until the next
// dispatch after the back-off. The pool is shared by every tape of the
// process, one dispatch at a time; a tape that finds it busy runs its
// blocks itself, in order. Block i computes the same numbers whoever runs
// it, so results do not depend on any of this.

// helperSpin is how long an idle helper waits for work before parking
// (except during a back-off). 2 ms covers the serial stretches between
// the split operations of an off-policy update; with 0.5 ms the helpers
// parked inside updates and were woken too late (STDDPG-AL on 2 threads:
// 63–88 steps/s against 102–124 with 2 ms, 74–76 on 1 thread, measured
// side by side with the machine otherwise idle).
const helperSpin = 2 * time.Millisecond

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
	task    task // the assignment's work
	part    int  // and which part of it is the helper's
	// panicked is the value of a panic the helper's part raised (set
	// before done, read by the dispatcher after it).
	panicked any
	_        [64]byte
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
	// dispatches counts the calls that split over the helpers (held
	// under mu; the tests read it to check that an operation splits).
	dispatches int
	// ends is the chunk counter of the dispatch in progress when it is
	// parEnds' (under mu: one dispatch at a time), on cache lines of its
	// own: both cores compare-and-swap it for every chunk.
	_    [64]byte
	ends ends
	_    [64]byte
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
// for helperBackoff. A helper has not started in time when the caller,
// done with its own block, finds the helper's block unclaimed missWindow
// or more after posting it: a helper that is spinning or waking starts
// within microseconds, so only one the machine gives no core misses by
// that much. A dispatch whose every block the caller finished sooner
// (a small operation, or a product whose chunks the caller claimed
// before a spinning helper got to them) tells nothing and neither counts
// nor resets the run: counted, such dispatches backed off an otherwise
// idle machine once every 100–300 STDDPG-AL updates on 2 threads (7
// back-offs in 32 instrumented epochs of 50 updates), each
// time running 20 ms of split work on one core.
const (
	helperMisses  = 8
	helperBackoff = 20 * time.Millisecond
	missWindow    = 50 * time.Microsecond
)

// ends hands out the chunks 0, …, n−1 of one dispatch on two goroutines
// from both ends: the caller takes them from the front and the helper from
// the back until the two meet, each claim one compare-and-swap of a word
// that holds both ends (front in the low half, the back's exclusive bound
// in the high half).
type ends struct{ v atomic.Uint64 }

// claim claims the first unclaimed chunk, or the last one when fromBack,
// and returns it, or −1 when none is left.
func (e *ends) claim(fromBack bool) int {
	for {
		v := e.v.Load()
		f, b := int(uint32(v)), int(v>>32)
		if f >= b {
			return -1
		}
		next, i := v+1, f
		if fromBack {
			next, i = v-1<<32, b-1
		}
		if e.v.CompareAndSwap(v, next) {
			return i
		}
	}
}

// parEnds calls f(worker, i) once for each chunk i in [0, n) on two
// goroutines (parRun's two parts): worker 0, the caller, takes chunks from
// the front and worker 1, a helper, from the back, each claiming its next
// chunk when done with the last, so that the two finish together however
// the machine shares its cores between them (a static split waits for the
// slower half; measured on this machine, one core ran 10–30 % slower than
// the other in 50 ms windows). f must compute the same
// numbers whichever worker runs a chunk (each worker has its own
// scratch). When the helper has not started by the time the caller has
// claimed every chunk, the caller has run them all; a busy pool runs them
// all on the caller, in order.
func parEnds(n int, f func(worker, i int)) { dispatch(task{chunk: f, w: 2, n: n}) }

// task is the work of one dispatch, held by value (so that splitting an
// operation allocates no closure beyond the operation's own): part(i)
// for each part i of w; or, when rng is set, rng(lo, hi) on part i's
// share of [0, n) cut into w parts of whole units of align elements
// (splitStart; units of them in all), or nodeRange(node, kind, lo, hi)
// likewise; or, when chunk is set, chunk(worker, i) for the n chunks
// claimed from both ends by two workers (parEnds), through ends, or
// nodeChunk(node, node2, worker, i) likewise.
type task struct {
	part               func(part int)
	rng                func(lo, hi int)
	nodeRange          func(node *Node, kind, lo, hi int)
	node, node2        *Node
	kind               int
	chunk              func(worker, i int)
	nodeChunk          func(node, node2 *Node, worker, i int)
	w, units, align, n int
	ends               *ends
}

// run does part p of the task.
func (t *task) run(p int) {
	switch {
	case t.rng != nil:
		t.rng(min(splitStart(p, t.w, t.units)*t.align, t.n), min(splitStart(p+1, t.w, t.units)*t.align, t.n))
	case t.nodeRange != nil:
		t.nodeRange(t.node, t.kind, min(splitStart(p, t.w, t.units)*t.align, t.n), min(splitStart(p+1, t.w, t.units)*t.align, t.n))
	case t.chunks():
		fromBack := p == 1
		for i := t.ends.claim(fromBack); i >= 0; i = t.ends.claim(fromBack) {
			t.doChunk(p, i)
		}
	default:
		t.part(p)
	}
}

// chunks reports that the task's parts claim chunks from both ends.
func (t *task) chunks() bool { return t.chunk != nil || t.nodeChunk != nil }

// doChunk runs chunk i as worker's.
func (t *task) doChunk(worker, i int) {
	if t.chunk != nil {
		t.chunk(worker, i)
		return
	}
	t.nodeChunk(t.node, t.node2, worker, i)
}

// runAll does every part of the task in order on the calling goroutine
// (every chunk of a parEnds task as worker 0's, front to back).
func (t *task) runAll() {
	if t.chunks() {
		for i := 0; i < t.n; i++ {
			t.doChunk(0, i)
		}
		return
	}
	for p := 0; p < t.w; p++ {
		t.run(p)
	}
}

// parRun calls f(0), …, f(w−1): f(0) on the calling goroutine and the
// others on the pool's helpers when the pool is free (or on the caller, for
// a block no helper has started when the caller is done with its own), all
// in order on the caller when the pool is busy. It returns when every call
// has returned.
func parRun(w int, f func(part int)) { dispatch(task{part: f, w: w}) }

// dispatch does the parts 0, …, tk.w − 1 of tk as parRun describes.
func dispatch(tk task) {
	w := tk.w
	if w <= 1 {
		tk.runAll()
		return
	}
	if !pool.mu.TryLock() {
		tk.runAll()
		return
	}
	// A block that panics on the caller unwinds through here: the helpers
	// still running theirs are waited for and the pool unlocked before the
	// panic goes on, so that a caller that recovers it (the experiment
	// runner, for one job) finds the pool usable. A block that panics on a
	// helper is recovered there and re-panicked here, on the caller's
	// goroutine, once every block has returned.
	var hs []*helper
	finished := false
	defer func() {
		if !finished {
			releaseHelpers(hs)
			pool.mu.Unlock()
		}
	}()
	pool.dispatches++
	if pool.misses >= helperMisses {
		if time.Now().Before(pool.serialUntil) {
			tk.runAll()
			finished = true
			pool.mu.Unlock()
			return
		}
		pool.misses = 0
	}
	if tk.chunks() {
		pool.ends.v.Store(uint64(tk.n) << 32)
		tk.ends = &pool.ends
	}
	for len(pool.helpers) < w-1 {
		h := &helper{wake: make(chan struct{}, 1)}
		h.spin.Store(int64(helperSpin))
		pool.helpers = append(pool.helpers, h)
		go h.loop()
	}
	hs = pool.helpers[:w-1]
	for i, h := range hs {
		h.task, h.part = tk, i+1
		h.spin.Store(int64(helperSpin))
		h.seq.Add(1)
		if h.parked.CompareAndSwap(true, false) {
			h.wake <- struct{}{}
		}
	}
	posted := time.Now()
	tk.run(0)
	missed, unclaimed := false, false
	for _, h := range hs {
		s := h.seq.Load()
		if h.claimed.CompareAndSwap(s-1, s) {
			// Not started: run it here. The helper keeps spinning after
			// it wakes (a helper told to park at once after a miss was
			// woken late again at the next dispatch, and one miss became
			// a run of them); only a back-off parks it.
			unclaimed = true
			if time.Since(posted) >= missWindow {
				missed = true
			}
			h.done.Store(s) // the helper will skip it
			tk.run(h.part)
			continue
		}
		for spin := 1; h.done.Load() != s; spin++ {
			if spin%256 == 0 {
				runtime.Gosched()
			}
		}
		h.spin.Store(int64(helperSpin))
	}
	var panicked any // the first helper's panic, if any
	for _, h := range hs {
		h.task = task{} // drop the references to the operation's data
		if panicked == nil {
			panicked = h.panicked
		}
		h.panicked = nil
	}
	// An unclaimed block not missed was too soon to tell (missWindow).
	if !unclaimed {
		pool.misses = 0
	} else if missed {
		if pool.misses++; pool.misses >= helperMisses {
			pool.serialUntil = time.Now().Add(helperBackoff)
			pool.serial.Store(pool.serialUntil.UnixNano())
			for _, h := range hs {
				h.spin.Store(0) // park right away: there is no core to spin on
			}
		}
	}
	finished = true
	pool.mu.Unlock()
	if panicked != nil {
		panic(panicked)
	}
}

// releaseHelpers ends a dispatch to hs that a panic on the caller cut
// short: it claims the blocks no helper has started, waits for the
// helpers running theirs, and clears their assignments (and any panic
// they recovered: the caller's goes on).
func releaseHelpers(hs []*helper) {
	for _, h := range hs {
		s := h.seq.Load()
		if !h.claimed.CompareAndSwap(s-1, s) {
			// Claimed: by the caller, which then stored done, or by the
			// helper, which stores done when its block returns.
			for spin := 1; h.done.Load() != s; spin++ {
				if spin%256 == 0 {
					runtime.Gosched()
				}
			}
		}
		h.task, h.panicked = task{}, nil
	}
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
			h.run()
			h.done.Store(last)
		}
	}
}

// ParallelBlocks calls f(0), …, f(k−1), each once, on up to threads
// goroutines of the package's helper pool (contiguous runs of blocks, the
// caller running the first run), and returns when all have returned. It is
// for coarse independent work — a whole forward, backward or
// Hessian–vector pass on a tape of the block's own, milliseconds each —
// whose results the caller combines in block order (AddBlocks), so that
// they do not depend on threads. Unlike ParallelFor it does not look at
// the size of the work; a run no helper has started when the caller is
// done with its own is run by the caller, and a busy or backing-off pool
// runs every block on the caller, in order. f must not itself dispatch
// to the pool (give the blocks' tapes one thread each): a nested dispatch
// finds the pool busy and runs in order on its goroutine. A block that
// panics, on whichever goroutine, panics in the caller of ParallelBlocks
// (ParallelFor likewise) once every block running has returned, and
// leaves the pool usable.
func ParallelBlocks(threads, k int, f func(b int)) {
	w := min(threads, k)
	if w <= 1 {
		for b := 0; b < k; b++ {
			f(b)
		}
		return
	}
	parRun(w, func(i int) {
		for b := i * k / w; b < (i+1)*k/w; b++ {
			f(b)
		}
	})
}

// SumBlocks sets dst[i] = (…(parts[0][i] + parts[1][i]) + parts[2][i]) + …,
// the parts added in order to each element (the sum of per-block results
// in block order, AddBlocks without first copying parts[0] into dst), by
// chunks of elements on up to threads goroutines: the same bits for every
// thread count. There must be at least two parts, each at least as long as
// dst (it panics otherwise, before any work starts).
func SumBlocks[T float32 | float64](threads int, dst []T, parts [][]T) {
	checkBlocks("SumBlocks", len(dst), 2, parts)
	ParallelFor(threads, len(dst), 16, func(lo, hi int) {
		d := dst[lo:hi]
		binVVvec(kAdd, d, parts[0][lo:hi], parts[1][lo:hi])
		for _, p := range parts[2:] {
			binVVvec(kAdd, d, d, p[lo:hi])
		}
	})
}

// AddBlocks sets dst[i] = (…(dst[i] + parts[0][i]) + parts[1][i]) + …,
// the parts added in order to each element (the sum of per-block results
// in block order), by chunks of elements on up to threads goroutines
// (ParallelFor): each element gets the same additions whatever the
// chunk, so the result is the same bits for every thread count. Every
// part must be at least as long as dst (it panics otherwise, before any
// work starts).
func AddBlocks[T float32 | float64](threads int, dst []T, parts [][]T) {
	checkBlocks("AddBlocks", len(dst), 0, parts)
	if len(parts) == 0 {
		return
	}
	ParallelFor(threads, len(dst), 16, func(lo, hi int) {
		d := dst[lo:hi]
		for _, p := range parts {
			binVVvec(kAdd, d, d, p[lo:hi])
		}
	})
}

// checkBlocks panics unless there are at least minParts parts, each of at
// least n values: on the caller's goroutine, where a short part found by a
// helper of the pool would have ended the process with an index error.
func checkBlocks[T float32 | float64](name string, n, minParts int, parts [][]T) {
	if len(parts) < minParts {
		panic(fmt.Sprintf("ad.%s: %d parts, need at least %d", name, len(parts), minParts))
	}
	for i, p := range parts {
		if len(p) < n {
			panic(fmt.Sprintf("ad.%s: part %d has %d values for %d", name, i, len(p), n))
		}
	}
}

// run does the helper's part of its assignment, recovering a panic into
// h.panicked for the dispatcher to raise on the caller's goroutine (a
// panic left to end a helper would end the process).
func (h *helper) run() {
	defer func() {
		if v := recover(); v != nil {
			h.panicked = v
		}
	}()
	h.task.run(h.part)
}

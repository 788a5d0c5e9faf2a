package ad

import (
	"sync/atomic"
	"testing"
	"time"
)

// Session 37 review.

// TestPoolSurvivesCallerPanic: a panic in the caller's block of a
// ParallelBlocks (or ParallelFor) dispatch, recovered above it (as the
// experiment runner recovers a job's panic), left the pool's lock held
// for good: every later dispatch of the process found the pool busy and
// ran all its blocks on the caller, one thread, silently. After the
// recovered panic the pool must dispatch again: a 2-thread
// ParallelBlocks runs its second block on another goroutine (it blocks
// until the first has started, which the caller alone could never do).
func TestPoolSurvivesCallerPanic(t *testing.T) {
	msg := panicText(func() {
		ParallelBlocks(2, 2, func(b int) {
			if b == 0 {
				panic("block 0 failed")
			}
		})
	})
	if msg != "block 0 failed" {
		t.Fatalf("ParallelBlocks panic %q, want %q", msg, "block 0 failed")
	}
	msg = panicText(func() {
		ParallelFor(2, 2*parMinElems, 1, func(lo, hi int) {
			if lo == 0 {
				panic("chunk 0 failed")
			}
		})
	})
	if msg != "chunk 0 failed" {
		t.Fatalf("ParallelFor panic %q, want %q", msg, "chunk 0 failed")
	}
	if !pool.mu.TryLock() {
		t.Fatal("the pool is still locked after a recovered panic: every later dispatch runs on one thread")
	}
	pool.mu.Unlock()
	if !concurrentBlocks() {
		t.Error("after a recovered panic, ParallelBlocks(2, 2) never ran its blocks at once")
	}
}

// concurrentBlocks reports whether ParallelBlocks(2, 2) runs its two
// blocks on two goroutines at once: each block waits (up to 1 s) for the
// other to start, which one goroutine running both in turn never sees.
// It tries 10 times (a pool backing off runs blocks in turn for 20 ms).
func concurrentBlocks() bool {
	for range 10 {
		var started [2]atomic.Bool
		var ok atomic.Bool
		ok.Store(true)
		ParallelBlocks(2, 2, func(b int) {
			started[b].Store(true)
			deadline := time.Now().Add(time.Second)
			for !started[1-b].Load() {
				if time.Now().After(deadline) {
					ok.Store(false)
					return
				}
				time.Sleep(time.Microsecond)
			}
		})
		if ok.Load() {
			return true
		}
	}
	return false
}

// TestPoolHelperPanicReachesCaller: a panic in a block that a helper of
// the pool runs ended the process (nothing can recover a panic on
// another goroutine). It must reach the caller of ParallelBlocks, as it
// would had the caller run the block, after every block has returned,
// with the pool usable afterwards.
func TestPoolHelperPanicReachesCaller(t *testing.T) {
	var started [2]atomic.Bool
	var finished atomic.Bool
	msg := panicText(func() {
		ParallelBlocks(2, 2, func(b int) {
			started[b].Store(true)
			if b == 1 {
				panic("block 1 failed")
			}
			// Block 0 (the caller's) waits for block 1 to start, so that a
			// helper runs it.
			deadline := time.Now().Add(10 * time.Second)
			for !started[1].Load() && time.Now().Before(deadline) {
				time.Sleep(time.Microsecond)
			}
			finished.Store(true)
		})
	})
	if msg != "block 1 failed" {
		t.Fatalf("ParallelBlocks panic %q, want %q", msg, "block 1 failed")
	}
	if !finished.Load() {
		t.Error("the panic reached the caller before its own block had returned")
	}
	if !concurrentBlocks() {
		t.Error("after a helper's panic, ParallelBlocks(2, 2) never ran its blocks at once")
	}
}

// TestRewindRejectsForeignAndStaleMarks: Rewind accepted a Mark of another
// tape, and a Mark taken before a Reset once the tape had grown past it
// again, and silently cut the tape (its nodes then overwritten by the
// next recording, under the caller's feet). Reproducer: t1 holds 3 nodes,
// t2.Mark() is at 1, t1.Rewind(t2.Mark()) left t1 holding 1 node. Both
// must panic naming the misuse; a Mark of this tape since its last Reset
// keeps working, as often as wanted.
func TestRewindRejectsForeignAndStaleMarks(t *testing.T) {
	t1, t2 := NewTape(), NewTape()
	x := t1.VarVec(1, 2)
	Square(x)
	Sum(x)
	t2.VarVec(3)
	foreign := t2.Mark()
	msg := panicText(func() { t1.Rewind(foreign) })
	if want := "ad: Rewind to a Mark of another tape"; msg != want {
		t.Errorf("Rewind to another tape's mark: panic %q, want %q (tape cut to %d nodes)", msg, want, t1.Len())
	}
	if t1.Len() != 3 {
		t.Errorf("after the refused Rewind the tape holds %d nodes, want 3", t1.Len())
	}

	m := t1.Mark()
	t1.Reset()
	for range 5 {
		t1.VarVec(1)
	}
	msg = panicText(func() { t1.Rewind(m) })
	if want := "ad: Rewind to a Mark taken before the tape's last Reset"; msg != want {
		t.Errorf("Rewind to a mark from before Reset: panic %q, want %q", msg, want)
	}
	if t1.Len() != 5 {
		t.Errorf("after the refused Rewind the tape holds %d nodes, want 5", t1.Len())
	}

	m = t1.Mark()
	for range 3 {
		y := t1.VarVec(4)
		Square(y)
		t1.Rewind(m)
		if t1.Len() != 5 {
			t.Fatalf("Rewind to a current mark: %d nodes, want 5", t1.Len())
		}
	}
}

// TestSelectRowsGradientChecksIndicesOnReplay: the gradient of
// Sum(SelectRows(x, idx)) does not read the SelectRows node, so a
// Program compiled for that gradient alone replays its backward
// scatter without SelectRows' index check. Re-run with idx = (1.5, 1)
// it gave ∇x = (0 0; 2 2; 0 0), the index 1.5 taken as row 1, and with
// idx = (3, 1) on 3 rows a runtime slice error. Both must panic naming
// SelectRows and the index; valid indices give (1 1; 0 0; 1 1) for
// idx = (2, 0) and (0 0; 2 2; 0 0) for (1, 1), in both dtypes.
func TestSelectRowsGradientChecksIndicesOnReplay(t *testing.T) {
	for _, d := range []DType{Float64, Float32} {
		tp := NewTapeOf(d)
		x := tp.Var(NewTensor(3, 2, []float64{1, 2, 3, 4, 5, 6}))
		idx := tp.Const(NewTensor(2, 1, []float64{2, 0}))
		g := Grad(Sum(SelectRows(x, idx)), x)[0]
		p := Compile([]*Node{x, idx}, []*Node{g})
		check := func(want []float64) {
			t.Helper()
			for i, v := range p.Output(0) {
				if v != want[i] {
					t.Errorf("%v: ∇x = %v, want %v", d, p.Output(0), want)
					return
				}
			}
		}
		check([]float64{1, 1, 0, 0, 1, 1})
		p.SetInput(1, []float64{1, 1})
		p.Run()
		check([]float64{0, 0, 2, 2, 0, 0})
		for _, c := range []struct {
			idx  []float64
			want string
		}{
			{[]float64{1.5, 1}, "ad.SelectRows: row index 1.5 out of range [0,3) at 0"},
			{[]float64{0, 3}, "ad.SelectRows: row index 3 out of range [0,3) at 1"},
			{[]float64{-1, 0}, "ad.SelectRows: row index -1 out of range [0,3) at 0"},
		} {
			p.SetInput(1, c.idx)
			if msg := panicText(p.Run); msg != c.want {
				t.Errorf("%v: Run with idx %v: panic %q, want %q", d, c.idx, msg, c.want)
			}
		}
	}
}

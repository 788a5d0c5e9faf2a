package replay

import (
	"math/rand/v2"
	"testing"
)

// Edge cases of the ring and of sampling, by hand:
//   - capacity 1: every Add replaces the one transition, which is the only
//     one At and Sample return;
//   - capacity 3 filled exactly (ptr back at 0, nothing overwritten): all
//     three rows are drawn, At is in insertion order, and the 4th Add
//     overwrites storage row 0 (the oldest), after which At(0) is id 1;
//   - grown from 4 to 10 with 4 stored: only storage rows 0..3 are drawn
//     (never the zero rows beyond), and the next Add lands in row 4;
//   - a terminal transition keeps its own next observation and done = 1,
//     and the following transition (the new episode's first) done = 0.
func TestRingAndSamplingEdges(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	drawn := func(b *Buffer, n int) map[int]int {
		batch := b.NewBatch(n)
		b.Sample(rng, batch)
		ids := map[int]int{}
		for k := range batch.Size {
			id := int(batch.Rew[k] / 10)
			checkRow(t, Transition{Obs: batch.Obs[3*k : 3*k+3], Action: batch.Act[2*k : 2*k+2], Reward: batch.Rew[k],
				NextObs: batch.NextObs[3*k : 3*k+3], Done: batch.Done[k] == 1}, id)
			if d := batch.Done[k]; d != 0 && d != 1 {
				t.Fatalf("done %v", d)
			}
			ids[id]++
		}
		return ids
	}

	one := New(1, 3, 2)
	fill(one, 0, 5)
	checkRow(t, one.At(0), 4)
	if ids := drawn(one, 20); len(ids) != 1 || ids[4] != 20 {
		t.Errorf("capacity 1: drew %v, want only id 4", ids)
	}

	three := New(3, 3, 2)
	fill(three, 0, 3)
	if !three.Full() || three.ptr != 0 || three.Total() != 3 {
		t.Fatalf("exactly full: Full %v ptr %d Total %d", three.Full(), three.ptr, three.Total())
	}
	for i := range 3 {
		checkRow(t, three.At(i), i)
	}
	if ids := drawn(three, 300); len(ids) != 3 {
		t.Errorf("exactly full: drew ids %v, want 0, 1, 2", ids)
	}
	fill(three, 3, 4)
	if three.row(0)[three.offRew] != 30 {
		t.Errorf("4th Add did not overwrite storage row 0")
	}
	for i := range 3 {
		checkRow(t, three.At(i), i+1)
	}

	g := New(4, 3, 2)
	fill(g, 0, 4)
	if err := g.Grow(10); err != nil {
		t.Fatal(err)
	}
	if g.Len() != 4 || g.Full() {
		t.Fatalf("grown: Len %d Full %v", g.Len(), g.Full())
	}
	if ids := drawn(g, 400); len(ids) != 4 {
		t.Errorf("grown: drew ids %v, want exactly 0..3", ids)
	}
	fill(g, 4, 5)
	if g.row(4)[g.offRew] != 40 || g.Len() != 5 {
		t.Errorf("Add after Grow went to the wrong row")
	}

	e := New(5, 1, 1)
	e.Add([]float64{1}, []float64{0}, 1, []float64{2}, false)
	e.Add([]float64{2}, []float64{0}, 1, []float64{3}, true) // terminal: s' = 3, not the reset state
	e.Add([]float64{-7}, []float64{0}, 1, []float64{-6}, false)
	for i, want := range []struct {
		obs, next float64
		done      bool
	}{{1, 2, false}, {2, 3, true}, {-7, -6, false}} {
		tr := e.At(i)
		if tr.Obs[0] != want.obs || tr.NextObs[0] != want.next || tr.Done != want.done {
			t.Errorf("transition %d: %+v, want %+v", i, tr, want)
		}
	}
}

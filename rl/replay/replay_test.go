package replay

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"slices"
	"testing"
)

// fill adds transitions t = from..to-1 where every field encodes t:
// obs = (t, t+0.1, t+0.2), action = (−t, −t−0.5), reward = 10t,
// next_obs = obs + 1, done = t%3 == 0.
func fill(b *Buffer, from, to int) {
	for t := from; t < to; t++ {
		x := float64(t)
		b.Add([]float64{x, x + 0.1, x + 0.2}, []float64{-x, -x - 0.5}, 10*x,
			[]float64{x + 1, x + 1.1, x + 1.2}, t%3 == 0)
	}
}

func checkRow(t *testing.T, tr Transition, id int) {
	t.Helper()
	x := float64(id)
	if !slices.Equal(tr.Obs, []float64{x, x + 0.1, x + 0.2}) ||
		!slices.Equal(tr.Action, []float64{-x, -x - 0.5}) || tr.Reward != 10*x ||
		!slices.Equal(tr.NextObs, []float64{x + 1, x + 1.1, x + 1.2}) || tr.Done != (id%3 == 0) {
		t.Errorf("transition %+v, want id %d", tr, id)
	}
}

func TestAddAndRing(t *testing.T) {
	b := New(5, 3, 2)
	if b.Len() != 0 || b.Cap() != 5 || b.Full() {
		t.Fatal("new buffer not empty")
	}
	fill(b, 0, 3)
	if b.Len() != 3 || b.Full() || b.Total() != 3 {
		t.Fatalf("Len=%d Full=%v Total=%d", b.Len(), b.Full(), b.Total())
	}
	for i := 0; i < 3; i++ {
		checkRow(t, b.At(i), i)
	}
	fill(b, 3, 8) // 8 transitions into capacity 5: ids 3..7 remain
	if b.Len() != 5 || !b.Full() || b.Total() != 8 {
		t.Fatalf("Len=%d Full=%v Total=%d", b.Len(), b.Full(), b.Total())
	}
	for i := 0; i < 5; i++ {
		checkRow(t, b.At(i), 3+i)
	}
	// Storage rows: ids 5,6,7 overwrote rows 0,1,2.
	if b.row(0)[b.offRew] != 50 || b.row(2)[b.offRew] != 70 || b.row(3)[b.offRew] != 30 {
		t.Errorf("ring storage rows %v", b.data)
	}
	b.Reset()
	if b.Len() != 0 || b.Total() != 0 {
		t.Error("Reset did not empty the buffer")
	}
}

func TestAddCopies(t *testing.T) {
	b := New(2, 1, 1)
	o, a, n := []float64{1}, []float64{2}, []float64{3}
	b.Add(o, a, 0, n, false)
	o[0], a[0], n[0] = 9, 9, 9
	if tr := b.At(0); tr.Obs[0] != 1 || tr.Action[0] != 2 || tr.NextObs[0] != 3 {
		t.Errorf("Add did not copy: %+v", tr)
	}
}

func TestSample(t *testing.T) {
	b := New(10, 3, 2)
	fill(b, 0, 4) // partially full: only ids 0..3 may be drawn
	batch := b.NewBatch(4000)
	b.Sample(rand.New(rand.NewPCG(1, 2)), batch)
	var counts [4]int
	for k := 0; k < batch.Size; k++ {
		id := int(batch.Rew[k] / 10)
		if id < 0 || id > 3 || batch.Idx[k] != id {
			t.Fatalf("row %d: reward %v idx %d", k, batch.Rew[k], batch.Idx[k])
		}
		counts[id]++
		checkRow(t, Transition{
			Obs:     batch.Obs[k*3 : k*3+3],
			Action:  batch.Act[k*2 : k*2+2],
			Reward:  batch.Rew[k],
			NextObs: batch.NextObs[k*3 : k*3+3],
			Done:    batch.Done[k] == 1,
		}, id)
		if d := batch.Done[k]; d != 0 && d != 1 {
			t.Fatalf("done %v", d)
		}
	}
	for id, c := range counts {
		if c < 850 || c > 1150 { // expected 1000, sd ≈ 27
			t.Errorf("id %d drawn %d times out of 4000", id, c)
		}
	}

	// Seeded determinism.
	b1, b2 := b.NewBatch(50), b.NewBatch(50)
	b.Sample(rand.New(rand.NewPCG(7, 7)), b1)
	b.Sample(rand.New(rand.NewPCG(7, 7)), b2)
	if !slices.Equal(b1.Idx, b2.Idx) || !slices.Equal(b1.Obs, b2.Obs) {
		t.Error("same seed gave different batches")
	}

	// After wrapping, only the surviving transitions appear.
	fill(b, 4, 25) // ids 15..24 remain
	b.Sample(rand.New(rand.NewPCG(3, 3)), batch)
	seen := map[int]bool{}
	for k := 0; k < batch.Size; k++ {
		id := int(batch.Rew[k] / 10)
		if id < 15 || id > 24 {
			t.Fatalf("sampled overwritten id %d", id)
		}
		seen[id] = true
	}
	if len(seen) != 10 {
		t.Errorf("saw %d distinct ids, want 10", len(seen))
	}
}

func TestSampleAllocationFree(t *testing.T) {
	b := New(1000, 17, 6)
	rng := rand.New(rand.NewPCG(1, 1))
	o, a := make([]float64, 17), make([]float64, 6)
	for i := 0; i < 1000; i++ {
		b.Add(o, a, 1, o, false)
	}
	batch := b.NewBatch(100)
	if n := testing.AllocsPerRun(100, func() { b.Sample(rng, batch) }); n != 0 {
		t.Errorf("Sample allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { b.Add(o, a, 1, o, true) }); n != 0 {
		t.Errorf("Add allocates %v times", n)
	}
}

func TestPanics(t *testing.T) {
	mustPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}
	b := New(4, 3, 2)
	rng := rand.New(rand.NewPCG(1, 1))
	mustPanic("empty sample", func() { b.Sample(rng, b.NewBatch(1)) })
	mustPanic("bad add", func() { b.Add([]float64{1}, []float64{1, 2}, 0, []float64{1, 2, 3}, false) })
	fill(b, 0, 1)
	mustPanic("bad batch", func() { b.Sample(rng, NewBatch(2, 3, 1)) })
	mustPanic("At out of range", func() { b.At(1) })
	mustPanic("zero capacity", func() { New(0, 1, 1) })
}

func TestSaveLoad(t *testing.T) {
	for _, n := range []int{0, 3, 7, 20} { // empty, partial, exactly full, wrapped
		b := New(7, 3, 2)
		fill(b, 0, n)
		var buf bytes.Buffer
		w, err := b.WriteTo(&buf)
		if err != nil || w != int64(buf.Len()) {
			t.Fatalf("n=%d: WriteTo = %d, %v (buffer has %d bytes)", n, w, err, buf.Len())
		}
		if want := headerLen + 4 + 8*b.Len()*(3+2+1+3+1); buf.Len() != want {
			t.Errorf("n=%d: wrote %d bytes, want %d", n, buf.Len(), want)
		}
		// Another stream follows: ReadFrom must stop exactly at the end.
		buf.WriteString("tail")
		c, err := Load(&buf)
		if err != nil {
			t.Fatalf("n=%d: Load: %v", n, err)
		}
		if buf.String() != "tail" {
			t.Errorf("n=%d: ReadFrom consumed the following data; %q left", n, buf.String())
		}
		if c.Len() != b.Len() || c.Cap() != 7 || c.ObsDim() != 3 || c.ActDim() != 2 || c.Total() != b.Total() {
			t.Fatalf("n=%d: loaded Len=%d Cap=%d Total=%d", n, c.Len(), c.Cap(), c.Total())
		}
		for i := 0; i < c.Len(); i++ {
			checkRow(t, c.At(i), max(0, n-7)+i)
		}
		// The loaded buffer continues the ring exactly like the original.
		fill(b, n, n+5)
		fill(c, n, n+5)
		for i := 0; i < b.Len(); i++ {
			if !slices.Equal(b.At(i).Obs, c.At(i).Obs) {
				t.Fatalf("n=%d: rings diverge after load", n)
			}
		}
		// And samples identically under the same seed.
		bb, cb := b.NewBatch(30), c.NewBatch(30)
		b.Sample(rand.New(rand.NewPCG(5, 5)), bb)
		c.Sample(rand.New(rand.NewPCG(5, 5)), cb)
		if !slices.Equal(bb.Obs, cb.Obs) {
			t.Errorf("n=%d: samples differ after load", n)
		}
	}
}

func TestLoadRejectsCorruption(t *testing.T) {
	b := New(5, 3, 2)
	fill(b, 0, 8)
	data, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	orig := New(2, 1, 1)
	fill2 := func() { orig.Add([]float64{4}, []float64{5}, 6, []float64{7}, true) }
	fill2()
	for name, mutate := range map[string]func([]byte) []byte{
		"flipped data bit": func(d []byte) []byte { d[100] ^= 1; return d },
		"bad magic":        func(d []byte) []byte { d[0] = 'X'; return d },
		"bad version":      func(d []byte) []byte { d[8] = 9; return d },
		"truncated":        func(d []byte) []byte { return d[:len(d)-10] },
		"trailing":         func(d []byte) []byte { return append(d, 0) },
		"huge capacity":    func(d []byte) []byte { d[12+7] = 0x7f; return d },
		"size > capacity":  func(d []byte) []byte { d[12+4*8] = 6; return d },
		"bad header crc":   func(d []byte) []byte { d[headerLen-1] ^= 0x80; return d },
		"bad trailing crc": func(d []byte) []byte { d[len(d)-1] ^= 0x80; return d },
		"empty":            func(d []byte) []byte { return nil },
	} {
		d := mutate(slices.Clone(data))
		err := orig.UnmarshalBinary(d)
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
		if orig.Len() != 1 || orig.Cap() != 2 || orig.At(0).Reward != 6 {
			t.Errorf("%s: failed load modified the buffer", name)
		}
	}
}

// TestLoadValidatesHeader crafts headers with valid checksums but
// inconsistent fields.
func TestLoadValidatesHeader(t *testing.T) {
	b := New(4, 2, 1)
	data, _ := b.MarshalBinary()
	for name, h := range map[string][6]uint64{
		"zero capacity":   {0, 2, 1, 0, 0, 0},
		"ptr != size":     {4, 2, 1, 1, 2, 2},
		"ptr >= capacity": {4, 2, 1, 4, 4, 4},
		"total < size":    {4, 2, 1, 0, 4, 3},
		"huge":            {1 << 40, 1 << 30, 1, 0, 0, 0},
		"overflowing":     {1 << 33, 1 << 33, 1 << 33, 0, 0, 0},
	} {
		d := slices.Clone(data)
		for k, v := range h {
			binary.LittleEndian.PutUint64(d[12+8*k:], v)
		}
		binary.LittleEndian.PutUint32(d[headerLen-4:], crc32.ChecksumIEEE(d[:headerLen-4]))
		if err := new(Buffer).UnmarshalBinary(d); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestGob(t *testing.T) {
	type checkpoint struct {
		Step   int
		Replay *Buffer
	}
	b := New(6, 3, 2)
	fill(b, 0, 9)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(checkpoint{Step: 9, Replay: b}); err != nil {
		t.Fatal(err)
	}
	var got checkpoint
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Step != 9 || got.Replay.Len() != 6 {
		t.Fatalf("decoded %+v", got)
	}
	for i := 0; i < 6; i++ {
		checkRow(t, got.Replay.At(i), 3+i)
	}
}

func BenchmarkSample100(b *testing.B) {
	// A MuJoCo-sized buffer (HalfCheetah: 17-d observation, 6-d action).
	buf := New(100_000, 17, 6)
	rng := rand.New(rand.NewPCG(1, 1))
	o, a := make([]float64, 17), make([]float64, 6)
	for i := 0; i < buf.Cap(); i++ {
		o[0] = float64(i)
		buf.Add(o, a, 1, o, false)
	}
	batch := buf.NewBatch(100)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Sample(rng, batch)
	}
}

// TestGrow checks that a buffer grown before it wrapped is, byte for byte
// and sample for sample, the buffer that had the larger capacity from the
// start, and that growing a wrapped buffer is refused and changes nothing.
func TestGrow(t *testing.T) {
	grown, fresh := New(4, 3, 2), New(10, 3, 2)
	fill(grown, 0, 4) // full, the next Add would overwrite row 0
	fill(fresh, 0, 4)
	if err := grown.Grow(10); err != nil {
		t.Fatal(err)
	}
	if err := grown.Grow(7); err != nil || grown.Cap() != 10 {
		t.Fatalf("Grow(7) after Grow(10): %v, capacity %d, want no change", err, grown.Cap())
	}
	fill(grown, 4, 10)
	fill(fresh, 4, 10)
	a, err := grown.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := fresh.MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Fatal("grown buffer encodes differently from one made with the larger capacity")
	}
	for i := range 10 {
		checkRow(t, grown.At(i), i)
	}
	bg, bf := grown.NewBatch(16), fresh.NewBatch(16)
	grown.Sample(rand.New(rand.NewPCG(3, 4)), bg)
	fresh.Sample(rand.New(rand.NewPCG(3, 4)), bf)
	if !slices.Equal(bg.Idx, bf.Idx) || !slices.Equal(bg.Obs, bf.Obs) || !slices.Equal(bg.Rew, bf.Rew) {
		t.Fatal("grown and fresh buffers sample differently from the same stream")
	}

	wrapped := New(4, 3, 2)
	fill(wrapped, 0, 6)
	before, _ := wrapped.MarshalBinary()
	if err := wrapped.Grow(10); err == nil {
		t.Fatal("Grow of a wrapped buffer: no error")
	}
	after, _ := wrapped.MarshalBinary()
	if !bytes.Equal(before, after) || wrapped.Cap() != 4 {
		t.Fatal("a refused Grow changed the buffer")
	}
}

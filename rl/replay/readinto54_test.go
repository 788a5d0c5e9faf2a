package replay

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestReadFromIntoOwnStorage54: ReadFrom on an empty buffer that New made
// with the capacity and dimensions the data records (as a checkpoint's
// load makes it) reads the rows into that buffer's storage: it allocates
// less than a tenth of the rows' 720000 bytes (its 64 KiB scratch), and
// the buffer is the one read into a zero Buffer, to the bit (the same
// WriteTo bytes, the same transitions, the same samples), before and
// after the same Adds, which extend no storage; data of another
// capacity, or a buffer that holds transitions, is read into new storage,
// the buffer's own rows left as they were; and data whose checksum fails
// leaves the empty buffer empty, of its capacity, usable.
func TestReadFromIntoOwnStorage54(t *testing.T) {
	const capacity, obsDim, actDim, rows = 20000, 3, 1, 10000
	src := New(capacity, obsDim, actDim)
	add := func(b *Buffer, k int, rng *rand.Rand) {
		for range k {
			o := []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
			b.Add(o, []float64{rng.Float64()}, rng.NormFloat64(), []float64{o[1], o[2], o[0]}, rng.IntN(7) == 0)
		}
	}
	add(src, rows, rand.New(rand.NewPCG(54, 1)))
	var data bytes.Buffer
	if _, err := src.WriteTo(&data); err != nil {
		t.Fatal(err)
	}
	want := new(Buffer)
	if _, err := want.ReadFrom(bytes.NewReader(data.Bytes())); err != nil {
		t.Fatal(err)
	}

	b := New(capacity, obsDim, actDim)
	storage := &b.data[0]
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	n, err := b.ReadFrom(bytes.NewReader(data.Bytes()))
	runtime.ReadMemStats(&m1)
	if err != nil || n != int64(data.Len()) {
		t.Fatalf("ReadFrom: %d bytes, %v; want %d", n, err, data.Len())
	}
	if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc >= rows*(2*obsDim+actDim+2)*8/10 {
		t.Errorf("ReadFrom into New's buffer allocated %d bytes, not under a tenth of the rows' %d", alloc, rows*(2*obsDim+actDim+2)*8)
	}
	if &b.data[0] != storage || len(b.data) != capacity*b.stride {
		t.Errorf("the rows are not in New's storage of %d values (%d values)", capacity*b.stride, len(b.data))
	}
	same := func(when string) {
		t.Helper()
		var got, exp bytes.Buffer
		if _, err := b.WriteTo(&got); err != nil {
			t.Fatal(err)
		}
		if _, err := want.WriteTo(&exp); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), exp.Bytes()) || b.Len() != want.Len() || b.Total() != want.Total() || b.Cap() != want.Cap() {
			t.Errorf("%s: read into New's storage, %d transitions of %d (total %d); into a zero Buffer, %d of %d (total %d), WriteTo equal %v",
				when, b.Len(), b.Cap(), b.Total(), want.Len(), want.Cap(), want.Total(), bytes.Equal(got.Bytes(), exp.Bytes()))
		}
		bb, wb := b.NewBatch(64), want.NewBatch(64)
		b.Sample(rand.New(rand.NewPCG(1, 2)), bb)
		want.Sample(rand.New(rand.NewPCG(1, 2)), wb)
		for k := range bb.Obs {
			if bb.Obs[k] != wb.Obs[k] || bb.NextObs[k] != wb.NextObs[k] {
				t.Fatalf("%s: sampled observation %d: %v, want %v", when, k, bb.Obs[k], wb.Obs[k])
			}
		}
	}
	same("loaded")
	add(b, capacity, rand.New(rand.NewPCG(54, 2))) // past the capacity: the ring wraps
	add(want, capacity, rand.New(rand.NewPCG(54, 2)))
	if &b.data[0] != storage {
		t.Error("Add extended the storage of a buffer read into New's")
	}
	same("after Adds")

	// Another capacity, or a buffer holding transitions: new storage,
	// the buffer's rows kept by an error.
	for _, c := range []struct {
		name string
		b    *Buffer
	}{{"another capacity", New(capacity+1, obsDim, actDim)}, {"holding transitions", New(capacity, obsDim, actDim)}} {
		if c.name == "holding transitions" {
			add(c.b, 3, rand.New(rand.NewPCG(54, 3)))
		}
		before := &c.b.data[0]
		bad := bytes.Clone(data.Bytes())
		bad[len(bad)-1] ^= 1
		if _, err := c.b.ReadFrom(bytes.NewReader(bad)); err == nil {
			t.Fatalf("%s: damaged data read", c.name)
		}
		if _, err := c.b.ReadFrom(bytes.NewReader(data.Bytes())); err != nil {
			t.Fatal(err)
		}
		if &c.b.data[0] == before || c.b.Len() != rows {
			t.Errorf("%s: read into the buffer's own storage (or %d transitions)", c.name, c.b.Len())
		}
	}

	e := New(capacity, obsDim, actDim)
	bad := bytes.Clone(data.Bytes())
	bad[len(bad)-1] ^= 1
	if _, err := e.ReadFrom(bytes.NewReader(bad)); err == nil {
		t.Fatal("damaged data read")
	}
	if e.Len() != 0 || e.Total() != 0 || e.Cap() != capacity {
		t.Errorf("after a failed read: %d transitions (total %d) of %d; want an empty buffer of %d", e.Len(), e.Total(), e.Cap(), capacity)
	}
	e.Add([]float64{1, 2, 3}, []float64{4}, 5, []float64{6, 7, 8}, true)
	if tr := e.At(0); tr.Obs[2] != 3 || tr.Action[0] != 4 || tr.Reward != 5 || tr.NextObs[0] != 6 || !tr.Done || e.Len() != 1 {
		t.Errorf("after a failed read, Add then At: %+v, %d transitions", tr, e.Len())
	}
}

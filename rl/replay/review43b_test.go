package replay

import (
	"bytes"
	"testing"
)

// Loading a full buffer from data that is all in memory (UnmarshalBinary,
// as a checkpoint restores it, or Load from a bytes.Reader) must allocate
// its storage once, as New does: the storage that grows as rows are read
// (session 43, against headers claiming more than the data holds) made
// it about twice, the last doubling holding the old and the new storage
// at once. Tolerance: the storage plus 1 MiB (the 64 KiB scratch and the
// reader's own).
func TestLoadFullBufferAllocatesItsStorageOnce(t *testing.T) {
	const capacity, obsDim = 40000, 11 // 25 values a row: 1e6 values, 8 MB
	b := New(capacity, obsDim, 1)
	obs := make([]float64, obsDim)
	for i := range capacity + 7 { // full and wrapped
		obs[0] = float64(i)
		b.Add(obs, []float64{1}, float64(i), obs, i%5 == 0)
	}
	data, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	storage := uint64(8 * capacity * (2*obsDim + 3))
	for _, c := range []struct {
		name string
		load func() (*Buffer, error)
	}{
		{"UnmarshalBinary", func() (*Buffer, error) { var nb Buffer; return &nb, nb.UnmarshalBinary(data) }},
		{"Load(bytes.Reader)", func() (*Buffer, error) { return Load(bytes.NewReader(data)) }},
		{"Load(bytes.Buffer)", func() (*Buffer, error) { return Load(bytes.NewBuffer(data)) }},
	} {
		var nb *Buffer
		got := allocatedBy(func() { nb, err = c.load() })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got > storage+1<<20 {
			t.Errorf("%s of a full buffer of %d bytes of storage allocated %d bytes, want at most %d", c.name, storage, got, storage+1<<20)
		}
		back, _ := nb.MarshalBinary()
		if !bytes.Equal(back, data) {
			t.Errorf("%s: the loaded buffer marshals to other bytes", c.name)
		}
	}
}

package replay

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

// FuzzUnmarshal feeds UnmarshalBinary arbitrary data whose two checksums
// (header and whole) are made valid first, so that the fuzzer reaches the
// header and row checks rather than stopping at a CRC. Data whose header
// declares rows of more than 1<<20 values is skipped (the test's Add
// allocates a row); a huge capacity is not, since loading allocates only
// the rows read (since session 43). Properties: no panic; data that is
// accepted marshals back to the same bytes, and the loaded buffer can be
// sampled and added to.
func FuzzUnmarshal(f *testing.F) {
	for _, n := range []int{0, 1, 3, 4, 9} {
		b := New(4, 2, 1)
		for i := range n {
			x := float64(i)
			b.Add([]float64{x, -x}, []float64{x / 2}, x*x, []float64{x + 1, 1 - x}, i%2 == 0)
		}
		data, err := b.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = bytes.Clone(data)
		if len(data) >= headerLen {
			obs := binary.LittleEndian.Uint64(data[20:])
			act := binary.LittleEndian.Uint64(data[28:])
			if obs > 1<<20 || act > 1<<20 || 2*obs+act+2 > 1<<20 {
				t.Skip("rows too large to allocate in a fuzz run")
			}
			binary.LittleEndian.PutUint32(data[headerLen-4:], crc32.ChecksumIEEE(data[:headerLen-4]))
			if len(data) >= headerLen+4 {
				binary.LittleEndian.PutUint32(data[len(data)-4:], crc32.ChecksumIEEE(data[:len(data)-4]))
			}
		}
		var b Buffer
		if err := b.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v is not an ErrFormat", err)
			}
			return
		}
		again, err := b.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, data) {
			t.Fatalf("accepted data does not round-trip:\n in  %x\n out %x", data, again)
		}
		if b.Len() > 0 {
			batch := b.NewBatch(3)
			b.Sample(rand.New(rand.NewPCG(1, 2)), batch)
		}
		obs, act := make([]float64, b.ObsDim()), make([]float64, b.ActDim())
		size, total := b.Len(), b.Total()
		b.Add(obs, act, 0, obs, true)
		if b.Total() != total+1 || (size < b.Cap() && b.Len() != size+1) || (size == b.Cap() && b.Len() != size) {
			t.Fatalf("after Add: len %d total %d, was %d and %d (capacity %d)", b.Len(), b.Total(), size, total, b.Cap())
		}
	})
}

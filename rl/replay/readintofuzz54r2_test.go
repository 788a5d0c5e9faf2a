package replay

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"
)

// onlyReader54r2 hides every method of its reader but Read (a stream, as
// a checkpoint's decoder reads the buffer from).
type onlyReader54r2 struct{ r *bytes.Reader }

func (o onlyReader54r2) Read(p []byte) (int, error) { return o.r.Read(p) }

// FuzzReadFromIntoNew54r2 feeds ReadFrom arbitrary data (both checksums
// made valid, as in FuzzUnmarshal) twice: into a zero Buffer, which
// builds storage of its own, and into an empty buffer New made with the
// capacity and dimensions the header records, which ReadFrom reads into
// its own storage (a checkpoint's load). Headers of more than 1<<16
// values of storage are skipped (New allocates them all). Properties: no
// panic; the same error, or the same bytes read and the same buffer (its
// WriteTo bytes), which stays the same after one more Add (the storage
// reused holds every row New made, so Add does not extend it); a buffer
// that refused the data holds no transition.
func FuzzReadFromIntoNew54r2(f *testing.F) {
	for _, c := range []struct{ capacity, n int }{{4, 0}, {4, 3}, {4, 4}, {4, 9}, {1, 0}, {1, 5}} {
		b := New(c.capacity, 2, 1)
		for i := range c.n {
			x := float64(i)
			b.Add([]float64{x, -x}, []float64{x / 2}, x*x, []float64{x + 1, 1 - x}, i%2 == 0)
		}
		data, err := b.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(append(bytes.Clone(data), 1, 2, 3))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < headerLen {
			return
		}
		data = bytes.Clone(data)
		binary.LittleEndian.PutUint32(data[headerLen-4:], crc32.ChecksumIEEE(data[:headerLen-4]))
		if len(data) >= headerLen+4 {
			binary.LittleEndian.PutUint32(data[len(data)-4:], crc32.ChecksumIEEE(data[:len(data)-4]))
		}
		capacity := binary.LittleEndian.Uint64(data[12:])
		obs := binary.LittleEndian.Uint64(data[20:])
		act := binary.LittleEndian.Uint64(data[28:])
		if capacity == 0 || obs == 0 || act == 0 || capacity > 1<<16 || obs > 1<<16 || act > 1<<16 || capacity*(2*obs+act+2) > 1<<16 {
			return
		}
		var z Buffer
		nz, errZ := z.ReadFrom(onlyReader54r2{bytes.NewReader(data)})
		b := New(int(capacity), int(obs), int(act))
		nb, errB := b.ReadFrom(onlyReader54r2{bytes.NewReader(data)})
		if (errZ == nil) != (errB == nil) || (errZ != nil && errZ.Error() != errB.Error()) || nz != nb {
			t.Fatalf("into a zero Buffer: %d bytes, %v; into New's: %d bytes, %v", nz, errZ, nb, errB)
		}
		if errB != nil {
			if b.Len() != 0 || b.Total() != 0 {
				t.Fatalf("refused (%v), the buffer holds %d transitions of %d", errB, b.Len(), b.Total())
			}
			return
		}
		same := func(when string) {
			x, err := z.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			y, err := b.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x, y) {
				t.Fatalf("%s: the buffers differ:\n zero Buffer %x\n New's       %x", when, x, y)
			}
		}
		same("read")
		rows := len(b.data)
		o, a := make([]float64, obs), make([]float64, act)
		o[0], a[0] = 7, -7
		z.Add(o, a, 3, o, true)
		b.Add(o, a, 3, o, true)
		same("after an Add")
		if len(b.data) != rows {
			t.Fatalf("Add extended the storage New made from %d values to %d", rows, len(b.data))
		}
	})
}

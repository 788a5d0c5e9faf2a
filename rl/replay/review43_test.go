package replay

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"runtime"
	"strings"
	"testing"
)

// craftedHeader returns a header with a valid CRC declaring the given
// fields, as a hostile writer would make it.
func craftedHeader(capacity, obsDim, actDim, ptr, size, total uint64) []byte {
	hdr := make([]byte, headerLen)
	copy(hdr, magic[:])
	binary.LittleEndian.PutUint32(hdr[8:], formatVersion)
	for k, v := range [6]uint64{capacity, obsDim, actDim, ptr, size, total} {
		binary.LittleEndian.PutUint64(hdr[12+8*k:], v)
	}
	binary.LittleEndian.PutUint32(hdr[headerLen-4:], crc32.ChecksumIEEE(hdr[:headerLen-4]))
	return hdr
}

// allocatedBy returns the bytes allocated while f runs.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// hugeCapacity is a capacity whose storage (obsDim 1, actDim 1: 5 values a
// row) is 2²³ values, 64 MiB.
const hugeCapacity = (1 << 23) / 5

// A header with a valid CRC claiming a huge capacity, followed by no rows,
// must not make ReadFrom allocate that capacity: before session 43 it did
// (up to 128 GiB for a header at the maxElements bound).
func TestReadFromEmptyHugeCapacityAllocatesLittle(t *testing.T) {
	data := craftedHeader(hugeCapacity, 1, 1, 0, 0, 0)
	data = binary.LittleEndian.AppendUint32(data, crc32.ChecksumIEEE(data))
	var b *Buffer
	var err error
	got := allocatedBy(func() { b, err = Load(bytes.NewReader(data)) })
	if err != nil {
		t.Fatal(err)
	}
	if got > 4<<20 {
		t.Errorf("Load of a %d-byte file allocated %d bytes, want at most 4 MiB", len(data), got)
	}
	if b.Cap() != hugeCapacity || b.Len() != 0 {
		t.Fatalf("Cap=%d Len=%d, want %d, 0", b.Cap(), b.Len(), hugeCapacity)
	}
	b.Add([]float64{1}, []float64{2}, 3, []float64{4}, true)
	if tr := b.At(0); b.Len() != 1 || tr.Obs[0] != 1 || tr.Action[0] != 2 || tr.Reward != 3 || tr.NextObs[0] != 4 || !tr.Done {
		t.Errorf("after Add: Len=%d At(0)=%+v", b.Len(), tr)
	}
}

// A truncated file whose header claims a huge full buffer: ReadFrom must
// fail with ErrFormat having allocated about what it read, not the claim.
func TestReadFromTruncatedHugeSizeAllocatesLittle(t *testing.T) {
	data := craftedHeader(hugeCapacity, 1, 1, 0, hugeCapacity, hugeCapacity)
	data = append(data, make([]byte, 8*5*10)...) // 10 rows, then EOF
	var err error
	got := allocatedBy(func() { _, err = Load(bytes.NewReader(data)) })
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "reading data: unexpected EOF") {
		t.Errorf("err = %v, want ErrFormat reading data: unexpected EOF", err)
	}
	if got > 4<<20 {
		t.Errorf("Load of a %d-byte truncated file allocated %d bytes, want at most 4 MiB", len(data), got)
	}
}

// A loaded buffer that is not full extends its storage as it fills; it
// must then be the buffer New would hold after the same Adds, through the
// wraparound.
func TestLoadedPartialBufferFillsAsNew(t *testing.T) {
	const capacity, obsDim = 1000, 200 // 403 values a row: extend doubles 162 → 324 → 648 → 1000 rows
	ref := New(capacity, obsDim, 1)
	obs, next := make([]float64, obsDim), make([]float64, obsDim)
	add := func(b *Buffer, i int) {
		for j := range obs {
			obs[j], next[j] = float64(i*obsDim+j), -float64(i*obsDim+j)
		}
		b.Add(obs, []float64{float64(i)}, float64(i)/2, next, i%3 == 0)
	}
	for i := range 5 {
		add(ref, i)
	}
	data, err := ref.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for i := 5; i < 1500; i++ {
		add(ref, i)
		add(b, i)
		if i == 700 {
			if x, y := b.At(650), ref.At(650); x.Reward != y.Reward || x.Obs[obsDim-1] != y.Obs[obsDim-1] {
				t.Fatalf("At(650) = %v, want %v", x.Reward, y.Reward)
			}
		}
	}
	got, _ := b.MarshalBinary()
	want, _ := ref.MarshalBinary()
	if b.Len() != capacity || b.Total() != 1500 || !bytes.Equal(got, want) {
		t.Errorf("loaded buffer after 1495 Adds differs from New's (Len %d, Total %d)", b.Len(), b.Total())
	}
}

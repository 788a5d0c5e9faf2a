package replay

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strconv"
	"testing"
)

// TestLoadOf64BitBufferOn32Bit: a buffer of capacity 2²⁹ with 2-value
// observations and 1-value actions (7 values a row, 7·2²⁹ in all: within
// the 2³⁴ bound on 64-bit, over the largest int on 32-bit) loads on a
// 64-bit platform; on a 32-bit one (linux/386, linux/arm) it is refused
// with an ErrFormat that says so, where the package did not compile
// (maxElements, 2³⁴, overflowed int).
func TestLoadOf64BitBufferOn32Bit(t *testing.T) {
	data, err := New(1, 2, 1).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	binary.LittleEndian.PutUint64(data[12:], 1<<29) // capacity
	binary.LittleEndian.PutUint32(data[headerLen-4:], crc32.ChecksumIEEE(data[:headerLen-4]))
	binary.LittleEndian.PutUint32(data[len(data)-4:], crc32.ChecksumIEEE(data[:len(data)-4]))
	var got Buffer
	err = got.UnmarshalBinary(data)
	if strconv.IntSize == 64 {
		if err != nil || got.Cap() != 1<<29 || got.Len() != 0 {
			t.Errorf("UnmarshalBinary = %v, Cap %d Len %d; want a buffer of capacity %d", err, got.Cap(), got.Len(), 1<<29)
		}
		return
	}
	want := "replay: invalid buffer data: capacity=536870912 obs=2 act=1 make 3758096384 values, more than the 2147483647 a buffer holds on a 32-bit platform"
	if !errors.Is(err, ErrFormat) || err.Error() != want {
		t.Errorf("UnmarshalBinary = %v, want %q", err, want)
	}
}

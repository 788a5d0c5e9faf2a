package replay

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strings"
	"testing"
)

// TestLoadRejectsRingPositionNotFromTotal: a full buffer's ring position is
// total mod capacity (Add is the only thing that wraps it). A header with
// valid checksums but another ptr was accepted, and At(0), the oldest
// transition, then returned the newest.
func TestLoadRejectsRingPositionNotFromTotal(t *testing.T) {
	b := New(2, 1, 1)
	b.Add([]float64{1}, []float64{0}, 1, []float64{2}, false)
	b.Add([]float64{3}, []float64{0}, 2, []float64{4}, false)
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	binary.LittleEndian.PutUint64(data[12+8*3:], 1) // ptr 1 with total 2, capacity 2
	binary.LittleEndian.PutUint32(data[headerLen-4:], crc32.ChecksumIEEE(data[:headerLen-4]))
	binary.LittleEndian.PutUint32(data[len(data)-4:], crc32.ChecksumIEEE(data[:len(data)-4]))
	nb, err := Load(bytes.NewReader(data))
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "ptr=1 size=2 total=2") {
		if err == nil {
			t.Fatalf("accepted; At(0).Obs = %v (the oldest is [1])", nb.At(0).Obs)
		}
		t.Fatalf("err = %v, want ErrFormat naming ptr=1 size=2 total=2", err)
	}

	// A wrapped buffer still loads: capacity 2 after 5 Adds has ptr 1.
	b.Add([]float64{5}, []float64{0}, 3, []float64{6}, false)
	b.Add([]float64{7}, []float64{0}, 4, []float64{8}, false)
	b.Add([]float64{9}, []float64{0}, 5, []float64{10}, true)
	buf.Reset()
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	nb, err = Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if o := nb.At(0).Obs[0]; o != 7 {
		t.Errorf("after load At(0).Obs = %v, want 7", o)
	}
}

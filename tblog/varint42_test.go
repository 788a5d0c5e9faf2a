package tblog_test

import "testing"

// TestFmtVarintStrict: the test decoder's varint reader accepted encodings
// that protowire never writes — overlong ones (1 as 0x81 0x00, padded with
// a zero continuation byte) and a 10th byte above 1 (bits past the 64th,
// silently dropped) — so a writer producing them would have passed the
// independent-decode tests. It now refuses both, and still reads every
// minimal encoding, the 10-byte ones of negative steps included.
func TestFmtVarintStrict(t *testing.T) {
	for _, c := range []struct {
		b []byte
		v uint64
		n int
	}{
		{[]byte{0}, 0, 1},
		{[]byte{1, 0xff}, 1, 1},
		{[]byte{0xac, 0x02}, 300, 2},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 1<<64 - 1, 10}, // step -1
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, 1 << 63, 10},
	} {
		v, n, err := fmtVarint(c.b)
		if err != nil || v != c.v || n != c.n {
			t.Errorf("fmtVarint(% x) = %d, %d, %v; want %d, %d, nil", c.b, v, n, err, c.v, c.n)
		}
	}
	for _, b := range [][]byte{
		{},
		{0x80},
		{0x81, 0x00},       // 1, overlong
		{0x80, 0x80, 0x00}, // 0, overlong
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, // bit 64
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
		{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, // 11 bytes
	} {
		if v, n, err := fmtVarint(b); err == nil {
			t.Errorf("fmtVarint(% x) = %d, %d, nil; want an error", b, v, n)
		}
	}
}

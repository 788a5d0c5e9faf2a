package tblog_test

import (
	"math"
	"testing"

	"github.com/stackel/stackel/tblog"
)

// TestFloat32Thresholds pins the float32 rounding Writer.Scalar documents,
// decoded with this package's independent decoder: the bits of each
// simple_value exactly. The doc said "|v| > 3.4e38 is written as ±Inf"
// and "below 1.4e-45 as 0", which 3.401e38 (finite) and 1e-45 (the
// smallest subnormal) contradict.
func TestFloat32Thresholds(t *testing.T) {
	hi := math.MaxFloat32 + math.Ldexp(1, 103) // 3.4028235677973366e38
	lo := math.Ldexp(1, -150)                  // half the smallest subnormal
	cases := []struct {
		v    float64
		bits uint32
	}{
		{3.401e38, math.Float32bits(3.401e38)}, // above 3.4e38, finite
		{math.Nextafter(hi, 0), 0x7f7fffff},    // rounds down to MaxFloat32
		{hi, 0x7f800000},                       // the tie rounds to +Inf
		{-hi, 0xff800000},
		{1e-45, 0x00000001}, // below 1.4e-45, not 0
		{math.Nextafter(lo, 1), 0x00000001},
		{lo, 0x00000000}, // the tie rounds to even: 0
		{-lo, 0x80000000},
		{8e-46, 0x00000001},
		{7e-46, 0x00000000},
	}
	w, err := tblog.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if err := w.Scalar("v", 1, c.v); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := fmtDecodeFile(t, w.Path())
	if len(got) != len(cases) {
		t.Fatalf("%d scalars, want %d", len(got), len(cases))
	}
	for i, c := range cases {
		if got[i].bits != c.bits {
			t.Errorf("%v written as float32 bits %#08x, want %#08x", c.v, got[i].bits, c.bits)
		}
	}
}

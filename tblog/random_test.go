package tblog_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/internal/tbread"
	"github.com/stackel/stackel/tblog"
)

// randomTag draws a tag: ASCII, multi-byte UTF-8 (2, 3 and 4 bytes) or
// empty, of a length that needs a 1-, 2- or 3-byte varint (up to 20000
// runes, beyond the writer's 16 KiB buffer).
func randomTag(rng *rand.Rand) string {
	var n int
	switch rng.IntN(4) {
	case 0:
		n = rng.IntN(128)
	case 1:
		n = 128 + rng.IntN(2000)
	case 2:
		n = 16384 + rng.IntN(4000)
	default:
		n = rng.IntN(3)
	}
	alphabet := []rune("az09_/.- θ₁€𝔼")
	var b strings.Builder
	for range n {
		b.WriteRune(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

// randomStep draws a step: a special value (0, ±1, the int64 extremes,
// powers of two at varint byte boundaries) or any int64.
func randomStep(rng *rand.Rand) int64 {
	special := []int64{0, 1, -1, 127, 128, 16383, 16384, 1 << 35, 1 << 56, 1<<63 - 1, -1 << 63}
	if rng.IntN(2) == 0 {
		return special[rng.IntN(len(special))]
	}
	return int64(rng.Uint64())
}

// randomValue draws a float64: a special value (±0, ±Inf, NaN, float32
// extremes and subnormals, beyond float32's range) or any bit pattern.
func randomValue(rng *rand.Rand) float64 {
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
		math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, 1e-46, 1e39, -1e300, 0.1}
	if rng.IntN(2) == 0 {
		return special[rng.IntN(len(special))]
	}
	return math.Float64frombits(rng.Uint64())
}

// TestRandomRoundTrip writes 600 random scalars (seeded) and decodes the
// file with this package's independent decoder (format_test.go) and with
// internal/tbread: every tag, step, float32 bit pattern and wall time
// comes back in order.
func TestRandomRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 2026))
	w, err := tblog.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Unix(1_750_000_000, 0)
	w.Now = func() time.Time { clock = clock.Add(time.Duration(rng.IntN(1e9))); return clock }
	var want []fmtScalar
	for range 600 {
		tag, step, v := randomTag(rng), randomStep(rng), randomValue(rng)
		if err := w.Scalar(tag, step, v); err != nil {
			t.Fatal(err)
		}
		want = append(want, fmtScalar{tag, step, math.Float32bits(float32(v)), float64(clock.UnixNano()) / 1e9})
		if rng.IntN(100) == 0 {
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := fmtDecodeFile(t, w.Path())
	if len(got) != len(want) {
		t.Fatalf("%d scalars decoded, %d written", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			g, wt := got[i], want[i]
			t.Fatalf("scalar %d: tag of %d bytes, step %d, bits %#08x, wall %.9f; wrote tag of %d bytes (equal %v), step %d, bits %#08x, wall %.9f",
				i, len(g.tag), g.step, g.bits, g.wall, len(wt.tag), g.tag == wt.tag, wt.step, wt.bits, wt.wall)
		}
	}
	// internal/tbread, the other independent decoder, reads the same.
	f, err := tbread.Read(w.Path())
	if err != nil || len(f.Scalars) != len(want) || f.Skipped != 0 {
		t.Fatalf("tbread: %d scalars, %d skipped, %v", len(f.Scalars), f.Skipped, err)
	}
	for i, s := range f.Scalars {
		if wt := want[i]; s.Tag != wt.tag || s.Step != wt.step || math.Float32bits(s.Value) != wt.bits || s.WallTime != wt.wall {
			t.Fatalf("tbread scalar %d: step %d bits %#08x wall %.9f; wrote step %d bits %#08x wall %.9f",
				i, s.Step, math.Float32bits(s.Value), s.WallTime, wt.step, wt.bits, wt.wall)
		}
	}
	if n, err := tblog.Records(w.Path()); err != nil || n != 1+len(want) {
		t.Errorf("Records: %d, %v; want %d", n, err, 1+len(want))
	}
}

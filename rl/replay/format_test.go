package replay

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

// A buffer that is not full has never overwritten anything (total = size),
// but ReadFrom accepted a header with size 2 < capacity 4 and total 5
// (checksums valid); the loaded buffer then refused Grow(10) saying it had
// overwritten 3 transitions. Such a header is now an ErrFormat naming the
// fields, and the consistent one still loads and grows.
func TestLoadRejectsTotalAboveSizeWhenNotFull(t *testing.T) {
	b := New(4, 2, 1)
	b.Add([]float64{1, 2}, []float64{3}, 4, []float64{5, 6}, false)
	b.Add([]float64{7, 8}, []float64{9}, 10, []float64{11, 12}, true)
	data, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	binary.LittleEndian.PutUint64(data[12+8*5:], 5) // total
	binary.LittleEndian.PutUint32(data[headerLen-4:], crc32.ChecksumIEEE(data[:headerLen-4]))
	binary.LittleEndian.PutUint32(data[len(data)-4:], crc32.ChecksumIEEE(data[:len(data)-4]))
	var got Buffer
	err = got.UnmarshalBinary(data)
	want := "replay: invalid buffer data: inconsistent header capacity=4 obs=2 act=1 ptr=2 size=2 total=5"
	if !errors.Is(err, ErrFormat) || err.Error() != want {
		t.Errorf("UnmarshalBinary = %v, want %q", err, want)
	}

	good, _ := b.MarshalBinary()
	if err := got.UnmarshalBinary(good); err != nil {
		t.Fatal(err)
	}
	if err := got.Grow(10); err != nil || got.Cap() != 10 || got.Len() != 2 {
		t.Errorf("Grow after a consistent load: %v, Cap %d Len %d", err, got.Cap(), got.Len())
	}
}

// Sample draws storage row rng.IntN(Len()) for each batch row in turn:
// the same seed gives the same rows, a batch larger than the buffer is
// drawn with replacement, and over 60 000 draws from 6 stored rows (of
// capacity 8, two never written) the counts pass Pearson's χ² test for
// uniformity at 5 degrees of freedom (statistic below 20.5, the 0.999
// quantile) and no draw is of row 6 or 7.
func TestSampleIsSeededUniformOverWrittenRows(t *testing.T) {
	b := New(8, 1, 1)
	for i := range 6 {
		b.Add([]float64{float64(i)}, []float64{0}, float64(i), []float64{0}, false)
	}
	batch := b.NewBatch(60000)
	b.Sample(rand.New(rand.NewPCG(11, 12)), batch)
	oracle := rand.New(rand.NewPCG(11, 12))
	var counts [8]float64
	for k, i := range batch.Idx {
		if want := oracle.IntN(6); i != want || batch.Rew[k] != float64(i) || batch.Obs[k] != float64(i) {
			t.Fatalf("row %d: storage row %d (reward %v), the seeded draw is %d", k, i, batch.Rew[k], want)
		}
		counts[i]++
	}
	chi2 := 0.0
	for _, c := range counts[:6] {
		chi2 += (c - 10000) * (c - 10000) / 10000
	}
	if chi2 > 20.5 || counts[6] != 0 || counts[7] != 0 {
		t.Errorf("counts %v: χ² = %.2f", counts, chi2)
	}
}

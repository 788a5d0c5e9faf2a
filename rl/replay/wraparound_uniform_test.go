package replay

import (
	"math/rand/v2"
	"testing"
)

// addID stores transition id: obs = (id, −id), action = id, reward = 10·id,
// next_obs = (id + 1, −id − 1), done = id % 7 == 0.
func addID(b *Buffer, id int) {
	x := float64(id)
	b.Add([]float64{x, -x}, []float64{x}, 10*x, []float64{x + 1, -x - 1}, id%7 == 0)
}

// A ring of prime capacity 997 filled with 10 123 transitions (ten wraps,
// the write position ending mid-ring), checked after every 1 499 Adds:
//
//   - At(i) is the i-th oldest of the transitions still stored (ids
//     Total − Len + i), with its own fields;
//   - each sampled storage row is the oracle's draw IntN(Len()) from a twin
//     of the seeded source (uniform with replacement over the stored
//     rows, as documented), and the sampled fields are those of one stored
//     transition — never an overwritten one;
//   - over 299 100 draws from the final ring every stored transition is
//     drawn about 300 times: Pearson's χ² over the 997 ids (996 degrees of
//     freedom) is below 1 140, its 0.999 quantile (Wilson–Hilferty), and
//     the 50 oldest and the 50 newest ids (the two sides of the write
//     position) are each drawn 15 000 ± 500 times (more than 4 standard
//     deviations of the binomial), so the wrap-around adds no bias.
func TestSampleUniformAcrossRingWraps(t *testing.T) {
	const capacity, added = 997, 10123
	b := New(capacity, 2, 1)
	rng := rand.New(rand.NewPCG(101, 102))
	twin := rand.New(rand.NewPCG(101, 102))
	batch := b.NewBatch(64)
	check := func() {
		oldest := int(b.Total()) - b.Len()
		for i := 0; i < b.Len(); i++ {
			tr := b.At(i)
			id := float64(oldest + i)
			if tr.Obs[0] != id || tr.Action[0] != id || tr.Reward != 10*id || tr.NextObs[0] != id+1 || tr.Done != ((oldest+i)%7 == 0) {
				t.Fatalf("after %d Adds: At(%d) = %+v, want transition %v", b.Total(), i, tr, id)
			}
		}
		for range 20 {
			b.Sample(rng, batch)
			for k := range batch.Idx {
				if want := twin.IntN(b.Len()); batch.Idx[k] != want {
					t.Fatalf("after %d Adds: row %d sampled storage row %d, IntN(%d) gives %d", b.Total(), k, batch.Idx[k], b.Len(), want)
				}
				id := batch.Obs[2*k]
				if int(id) < oldest || int(id) >= int(b.Total()) || batch.Act[k] != id || batch.Rew[k] != 10*id ||
					batch.NextObs[2*k] != id+1 || batch.NextObs[2*k+1] != -id-1 || (batch.Done[k] == 1) != (int(id)%7 == 0) {
					t.Fatalf("after %d Adds: sampled row %d holds id %v (stored ids %d..%d), act %v rew %v next %v done %v",
						b.Total(), k, id, oldest, b.Total()-1, batch.Act[k], batch.Rew[k], batch.NextObs[2*k:2*k+2], batch.Done[k])
				}
			}
		}
	}
	for id := 0; id < added; id++ {
		addID(b, id)
		if (id+1)%1499 == 0 {
			check()
		}
	}
	check()

	const draws = 300 * capacity
	counts := make(map[int]int, capacity)
	big := b.NewBatch(draws)
	b.Sample(rng, big)
	for k := 0; k < draws; k++ {
		counts[int(big.Obs[2*k])]++
	}
	oldest := added - capacity
	chi2, expected := 0.0, float64(draws)/capacity
	oldSide, newSide := 0, 0
	for id := oldest; id < added; id++ {
		d := float64(counts[id]) - expected
		chi2 += d * d / expected
		switch {
		case id < oldest+50:
			oldSide += counts[id]
		case id >= added-50:
			newSide += counts[id]
		}
	}
	if len(counts) != capacity || chi2 > 1140 {
		t.Errorf("%d distinct ids drawn (want %d), χ² = %.1f (want below 1140)", len(counts), capacity, chi2)
	}
	for side, n := range map[string]int{"oldest": oldSide, "newest": newSide} {
		if n < 14500 || n > 15500 {
			t.Errorf("the 50 %s ids were drawn %d times, want 15 000 ± 500", side, n)
		}
	}
}

package replay_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/stackel/stackel/rl/replay"
)

func Example() {
	buf := replay.New(1000, 3, 1)
	for t := 0; t < 1500; t++ { // the first 500 are overwritten
		x := float64(t)
		buf.Add([]float64{x, x, x}, []float64{0.5}, 1, []float64{x + 1, x + 1, x + 1}, t%100 == 99)
	}
	batch := buf.NewBatch(100)
	buf.Sample(rand.New(rand.NewPCG(1, 2)), batch)

	oldest := batch.Obs[0]
	for k := 0; k < batch.Size; k++ {
		oldest = min(oldest, batch.Obs[k*batch.ObsDim])
	}
	fmt.Println(buf.Len(), buf.Total(), len(batch.Obs), oldest >= 500)
	// Output: 1000 1500 300 true
}

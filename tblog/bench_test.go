package tblog_test

import (
	"testing"

	"github.com/stackel/stackel/tblog"
)

// benchTags are the metrics of one RL record.
var benchTags = []string{"avg_return", "episode_length", "loss/actor", "loss/critic",
	"q/mean", "grad_norm/actor", "grad_norm/critic", "time/steps_per_s"}

// BenchmarkScalars times writing one record of eight scalars (Scalars),
// and the same followed by Flush (the events reach the file each record),
// to a file in a temporary directory. events/s counts scalar events.
func BenchmarkScalars(b *testing.B) {
	values := make([]float64, len(benchTags))
	for _, flush := range []bool{false, true} {
		name := "buffered"
		if flush {
			name = "flushed"
		}
		b.Run(name, func(b *testing.B) {
			w, err := tblog.Create(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for k := range values {
					values[k] = float64(i*len(values) + k)
				}
				if err := w.Scalars(int64(i), benchTags, values); err != nil {
					b.Fatal(err)
				}
				if flush {
					if err := w.Flush(); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.N*len(benchTags))/b.Elapsed().Seconds(), "events/s")
		})
	}
}

package replay

import (
	"testing"
)

// BenchmarkAdd times storing one transition in a MuJoCo-sized buffer
// (HalfCheetah: 17-d observation, 6-d action) that has wrapped, as an
// off-policy agent does every environment step.
func BenchmarkAdd(b *testing.B) {
	buf := New(100_000, 17, 6)
	o, a, o2 := make([]float64, 17), make([]float64, 6), make([]float64, 17)
	for i := range o {
		o[i], o2[i] = 0.1*float64(i), -0.1*float64(i)
	}
	for i := 0; i < buf.Cap(); i++ {
		buf.Add(o, a, 1, o2, false)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o[0] = float64(i)
		buf.Add(o, a, float64(i%3), o2, i%1000 == 999)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "adds/s")
}

package env

import (
	"fmt"
	"testing"
)

// benchActions draws 64 actions of e from a seeded source, cycled by the
// step benchmarks so that drawing is not timed.
func benchActions(e Env, seed uint64) [][]float64 {
	rng := NewRand(seed)
	acts := make([][]float64, 64)
	for i := range acts {
		acts[i] = e.ActionSpace().Sample(rng, nil)
	}
	return acts
}

// BenchmarkEnvStep times one Step of every registered environment
// available in this build, as Make returns it (with its TimeLimit), with
// seeded random actions and a reset on termination or truncation (the
// resets are timed: they are part of a rollout).
func BenchmarkEnvStep(b *testing.B) {
	for _, name := range Names() {
		s, _ := Lookup(name)
		if s.Available() != nil {
			continue
		}
		b.Run(name, func(b *testing.B) {
			e, err := Make(name)
			if err != nil {
				b.Fatal(err)
			}
			rng := NewRand(1)
			acts := benchActions(e, 2)
			e.Reset(rng)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, _, term, trunc := e.Step(acts[i%len(acts)]); term || trunc {
					e.Reset(rng)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
		})
	}
}

// BenchmarkVectorStep times one Step of a Vector of 1 and 16 copies of
// CartPole-v1 and Pendulum-v1 (the on-policy rollouts' batch of
// environments), with seeded random actions; steps/s counts copy steps.
func BenchmarkVectorStep(b *testing.B) {
	for _, name := range []string{"CartPole-v1", "Pendulum-v1"} {
		for _, n := range []int{1, 16} {
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				v, err := MakeVector(name, n, 1)
				if err != nil {
					b.Fatal(err)
				}
				rng := NewRand(2)
				acts := make([][]float64, 16)
				for i := range acts {
					acts[i] = make([]float64, 0, n*v.ActDim)
					for k := 0; k < n; k++ {
						acts[i] = append(acts[i], v.ActionSpace().Sample(rng, nil)...)
					}
				}
				v.Reset()
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					v.Step(acts[i%len(acts)])
				}
				b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "steps/s")
			})
		}
	}
}

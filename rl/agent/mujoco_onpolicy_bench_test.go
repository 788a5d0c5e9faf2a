//go:build mujoco

package agent

import (
	"context"
	"testing"
)

// BenchmarkMuJoCoOnPolicyEpoch is one 4000-step epoch of STAC (m = 1 and
// m = 80) and AC (m = 80) on Hopper-v4, HalfCheetah-v4 and Walker2d-v4
// with the settings of `stackel reproduce stac-mujoco` (Defaults: 64×32
// tanh, float32, SGD, GAE λ = 0.97, 10 CG iterations at λ = 500, 10
// Lanczos iterations of the follower Hessian per epoch), without the test
// episodes, whose length depends on the policy; the stac-m80+test variant
// adds the run's 10 test episodes after each epoch (on HalfCheetah always
// 10 × 1000 steps, on Hopper and Walker2d as long as the young policy
// stands: tens of steps). The untimed setup runs one epoch first, so the
// rollout buffers and tapes have grown. cpu-ns/step is the CPU time per
// training step, its share of the update (and of the test episodes)
// included; ns/op ÷ 4000 is the same in wall time.
func BenchmarkMuJoCoOnPolicyEpoch(b *testing.B) {
	for _, envName := range []string{"Hopper-v4", "HalfCheetah-v4", "Walker2d-v4"} {
		b.Run(envName, func(b *testing.B) { benchOnPolicyEpoch(b, envName) })
	}
}

// benchOnPolicyEpoch runs BenchmarkMuJoCoOnPolicyEpoch's variants on one
// task, each a sub-benchmark of its own (-bench
// 'MuJoCoOnPolicyEpoch/^Walker2d-v4$/^stac-m80$' selects one).
func benchOnPolicyEpoch(b *testing.B, envName string) {
	for _, v := range []struct {
		name   string
		algo   Algo
		unroll int
		test   int
	}{{"stac-m1", STAC, 1, 0}, {"stac-m80", STAC, 80, 0}, {"ac-m80", AC, 80, 0}, {"stac-m80+test", STAC, 80, 10}} {
		b.Run(v.name, func(b *testing.B) {
			a := benchAgent(b, envName, v.algo, func(c *Config) {
				c.Unroll, c.LanczosIters, c.TestEpisodes = v.unroll, 10, v.test
			})
			ctx := context.Background()
			if _, err := a.RunEpoch(ctx); err != nil {
				b.Fatal(err)
			}
			cpu := timeEpochs(b, a)
			n := float64(a.cfg.StepsPerEpoch * b.N)
			b.ReportMetric(n/b.Elapsed().Seconds(), "steps/s")
			// CPU time per training step: on a shared machine the measure
			// of the cost (wall time includes waiting).
			b.ReportMetric(float64(cpu)/n, "cpu-ns/step")
		})
	}
}

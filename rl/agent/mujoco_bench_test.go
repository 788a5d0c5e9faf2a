//go:build mujoco

package agent

import (
	"context"
	"syscall"
	"testing"

	_ "github.com/stackel/stackel/rl/env/mujoco"
)

// BenchmarkMuJoCoUpdateSteps is 50 environment steps and 50 updates (one
// burst of Appendix E's off-policy loop: 256×256 relu, Adam, batch 100,
// λ = 500, 10 CG iterations) on Hopper-v4 and HalfCheetah-v4, after a
// buffer of 1000 random steps; ns/op ÷ 50 is the time per step and update,
// from which a 1M-step run's time is extrapolated (cpu-ns/update: CPU time
// per step and update). Every CG solve runs its 10 iterations (a
// tolerance of 1e-300): this early in training the default tolerance
// stops STDDPG-AL's solves after 5 and STDDPG-CL's after 2–3, while a
// run's solves average 9.5 (Hopper STDDPG-AL, the cg_iters column of its
// metrics), so without it the benchmark would understate a run's cost
// by about 1.7×.
func BenchmarkMuJoCoUpdateSteps(b *testing.B) {
	for _, envName := range []string{"Hopper-v4", "HalfCheetah-v4"} {
		for _, v := range []struct {
			name   string
			algo   Algo
			leader Leader
		}{{"ddpg", DDPG, ActorLeads}, {"stddpg-al", STDDPG, ActorLeads}, {"stddpg-cl", STDDPG, CriticLeads},
			{"sac", SAC, ActorLeads}, {"stsac-al", STSAC, ActorLeads}} {
			b.Run(envName+"/"+v.name, func(b *testing.B) {
				a := benchAgent(b, envName, v.algo, func(c *Config) {
					c.Leader = v.leader
					c.StepsPerEpoch, c.StartSteps, c.UpdateAfter = 1000, 1000, 1000
					c.CG.Tol = 1e-300
				})
				ctx := context.Background()
				if _, err := a.RunEpoch(ctx); err != nil {
					b.Fatal(err)
				}
				a.cfg.StepsPerEpoch = 50
				cpu := timeEpochs(b, a)
				b.ReportMetric(50*float64(b.N)/b.Elapsed().Seconds(), "steps/s")
				// CPU time per step and update: on a shared machine the
				// measure of the cost (wall time includes waiting).
				b.ReportMetric(float64(cpu)/float64(50*b.N), "cpu-ns/update")
			})
		}
	}
}

// timeEpochs runs a's epochs for the benchmark's loop and returns the
// process's CPU time (user and system) they took, in nanoseconds: on a
// shared machine the measure of the cost (wall time includes waiting).
func timeEpochs(b *testing.B, a *Agent) int64 {
	b.Helper()
	ctx := context.Background()
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	for b.Loop() {
		if _, err := a.RunEpoch(ctx); err != nil {
			b.Fatal(err)
		}
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	return (ru1.Utime.Nano() + ru1.Stime.Nano()) - (ru0.Utime.Nano() + ru0.Stime.Nano())
}

package agent

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/stackel/stackel/ad"
)

// benchAgent builds an agent with the paper's sizes for throughput
// measurements; Lanczos is off (the PyTorch peers in bench/peers do not
// estimate eigenvalues) and the test episodes are few.
func benchAgent(b *testing.B, envName string, algo Algo, mutate func(*Config)) *Agent {
	b.Helper()
	c, err := Defaults(envName, algo)
	if err != nil {
		b.Fatal(err)
	}
	c.LanczosIters, c.TestEpisodes = 0, 0
	c.Steps = 1 << 40
	if mutate != nil {
		mutate(&c)
	}
	a, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkSTACCartPoleEpoch is one epoch of STAC on CartPole-v1 (4000
// steps, 64×32 tanh, one CG solve of 10 iterations, m = 80 critic
// iterations), in float32 and float64; steps/s = 4000 / (ns/op · 1e-9).
// Peer: bench/peers/rl_stac.py (--dtype).
func BenchmarkSTACCartPoleEpoch(b *testing.B) {
	for _, m := range []int{1, 80} {
		for _, d := range []ad.DType{ad.Float32, ad.Float64} {
			b.Run(fmt.Sprintf("unroll%d/%v", m, d), func(b *testing.B) {
				a := benchAgent(b, "CartPole-v1", STAC, func(c *Config) { c.Unroll, c.DType = m, d })
				ctx := context.Background()
				for b.Loop() {
					if _, err := a.RunEpoch(ctx); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(4000*float64(b.N)/b.Elapsed().Seconds(), "steps/s")
			})
		}
	}
}

// BenchmarkOffPolicyUpdateSteps measures environment steps with their
// updates (one update per step, in bursts of 50) for DDPG, STDDPG-AL, SAC
// and STSAC-AL on Pendulum-v1 with 256×256 relu networks, mini-batches of
// 100 and λ = 500, 10 CG iterations, in float32 and float64, and in
// float32 on 2 threads (run with -cpu 2 for the threads2 rows). The
// replay buffer is filled with 1000 random steps first. Each op is 50
// steps and 50 updates. Peer: bench/peers/rl_stddpg.py (--dtype).
func BenchmarkOffPolicyUpdateSteps(b *testing.B) {
	for _, algo := range []Algo{DDPG, STDDPG, SAC, STSAC} {
		for _, v := range []struct {
			name    string
			d       ad.DType
			threads int
		}{{"float32", ad.Float32, 1}, {"float64", ad.Float64, 1}, {"float32-threads2", ad.Float32, 2}} {
			b.Run(string(algo)+"/"+v.name, func(b *testing.B) {
				a := benchAgent(b, "Pendulum-v1", algo, func(c *Config) {
					c.StepsPerEpoch, c.StartSteps, c.UpdateAfter, c.DType = 1000, 1000, 1000, v.d
				})
				a.SetThreads(v.threads)
				ctx := context.Background()
				if _, err := a.RunEpoch(ctx); err != nil { // fills the buffer, no updates
					b.Fatal(err)
				}
				a.cfg.StepsPerEpoch = 50
				for b.Loop() {
					if _, err := a.RunEpoch(ctx); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(50*float64(b.N)/b.Elapsed().Seconds(), "steps/s")
			})
		}
	}
}

// BenchmarkThreadsPaired measures STDDPG-AL in float32 on Pendulum-v1 (the
// workload of BenchmarkOffPolicyUpdateSteps) on 1 and on 2 threads by
// pairs: one agent runs 50-step epochs alternately on 1 thread and on 2
// (SetThreads), so the two epochs of a pair see the same state of a shared,
// noisy machine, seconds apart rather than minutes. It reports the medians
// of each side's steps/s and the median of the pairs' ratios (2 threads /
// 1 thread), which is the figure to compare with issue 13's 1.7×. Run with
// -cpu 2; each op is one pair and a third epoch (below). The second epoch
// of a pair (the 2-thread one) runs a little later in training, and an A/A
// run of this design (both epochs on 1 thread, or both on 2; session 7)
// gave pair ratios of 0.95–0.98, so the ratio errs low if anything.
//
// The third epoch of each op measures what this machine gives two cores
// at all on this workload: the agent and a second one (seed + 1) each run
// 50 steps on 1 thread, at the same time on two goroutines, with nothing
// shared but the machine. seeds2-ratio is the median of their combined
// steps/s over the op's 1-thread epoch: the throughput of two seeds side by
// side, and the ceiling of any split of one run over 2 threads (the same
// work with no hand-offs at all).
func BenchmarkThreadsPaired(b *testing.B) { benchThreadsPaired(b, STDDPG) }

// BenchmarkThreadsPairedFirstOrder is BenchmarkThreadsPaired for DDPG and
// SAC, whose updates are first-order only (on 2 threads the actor's and
// the critic's gradient passes run at once, solver.partials).
func BenchmarkThreadsPairedFirstOrder(b *testing.B) {
	for _, algo := range []Algo{DDPG, SAC} {
		b.Run(string(algo), func(b *testing.B) { benchThreadsPaired(b, algo) })
	}
}

// benchThreadsPaired is BenchmarkThreadsPaired's design for algo.
func benchThreadsPaired(b *testing.B, algo Algo) {
	mk := func(seed uint64) *Agent {
		a := benchAgent(b, "Pendulum-v1", algo, func(c *Config) {
			c.StepsPerEpoch, c.StartSteps, c.UpdateAfter, c.DType = 1000, 1000, 1000, ad.Float32
			c.Seed += seed
		})
		if _, err := a.RunEpoch(context.Background()); err != nil { // fills the buffer, no updates
			b.Fatal(err)
		}
		a.cfg.StepsPerEpoch = 50
		return a
	}
	a, other := mk(0), mk(1)
	ctx := context.Background()
	epoch := func(threads int) float64 {
		a.SetThreads(threads)
		start := time.Now()
		if _, err := a.RunEpoch(ctx); err != nil {
			b.Fatal(err)
		}
		return 50 / time.Since(start).Seconds()
	}
	sideBySide := func() float64 {
		a.SetThreads(1)
		other.SetThreads(1)
		start := time.Now()
		done := make(chan error, 1)
		go func() {
			_, err := other.RunEpoch(ctx)
			done <- err
		}()
		_, err := a.RunEpoch(ctx)
		if err2 := <-done; err == nil {
			err = err2
		}
		if err != nil {
			b.Fatal(err)
		}
		return 100 / time.Since(start).Seconds()
	}
	var one, two, ratio, seeds, share []float64
	for b.Loop() {
		x := epoch(1)
		y := epoch(2)
		z := sideBySide()
		one, two, ratio, seeds = append(one, x), append(two, y), append(ratio, y/x), append(seeds, z/x)
		share = append(share, y/z)
	}
	b.ReportMetric(median(one), "steps/s-1thread")
	b.ReportMetric(median(two), "steps/s-2threads")
	b.ReportMetric(median(ratio), "ratio")
	b.ReportMetric(median(seeds), "seeds2-ratio")
	b.ReportMetric(median(share), "of-seeds2")
}

// median returns the median of v (the mean of the middle two for an even
// length), reordering v.
func median(v []float64) float64 {
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// BenchmarkHVPThreadsPaired times the follower Hessian–vector products of
// STDDPG-AL's CG solve (the critic's, float32, Pendulum-v1, 256×256 relu,
// a mini-batch of 100: two thirds of an update's time) on 1 and on 2
// threads by pairs: each op is 50 products on 1 thread then 50 on 2, at
// one recorded point. ratio is the median of the pairs' ratios. Run with
// -cpu 2. On the shared 2-core machine the 2-thread side is bimodal:
// stretches of a few hundred milliseconds in which it runs hardly faster
// than 1 thread although the helper takes its blocks, each of the two
// halves taking 75–85 % of the whole product's 1-thread time, between
// stretches near 1.75× (timed with a temporary patch, session 8); two
// independent runs keep ≈ 2× through such stretches, so they hit threads
// that share data (BenchmarkThreadsPaired's seeds2-ratio).
func BenchmarkHVPThreadsPaired(b *testing.B) {
	a := benchAgent(b, "Pendulum-v1", STDDPG, func(c *Config) {
		c.StepsPerEpoch, c.StartSteps, c.UpdateAfter, c.DType = 1000, 1000, 1000, ad.Float32
	})
	if _, err := a.RunEpoch(context.Background()); err != nil { // fills the buffer, no updates
		b.Fatal(err)
	}
	o := a.algo.(*offPolicy)
	o.sample(a)
	f2, leader, follower := o.followerCost(a)
	h := a.solver.hessian(f2, leader, follower)
	n := follower.Len()
	v, dst := make([]float32, n), make([]float32, n)
	for i := range v {
		v[i] = float32(a.rng.NormFloat64())
	}
	products := func(threads int) time.Duration {
		a.solver.setThreads(threads)
		start := time.Now()
		for range 50 {
			h.Apply32(dst, v)
		}
		return time.Since(start)
	}
	var ratio []float64
	for b.Loop() {
		x := products(1)
		y := products(2)
		ratio = append(ratio, float64(x)/float64(y))
	}
	b.ReportMetric(median(ratio), "ratio")
}

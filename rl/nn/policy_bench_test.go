package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/ad"
)

// Policy benchmarks use the networks of the continuous-control agents
// (17-d observation and 6-d action, HalfCheetah's; 256×256 ReLU) and of
// the discrete ones (4-d observation, 2 actions, 64×32 tanh), seeded.
const (
	benchObs, benchAct = 17, 6
	benchBatch         = 100
)

var benchLow, benchHigh = []float64{-1, -1, -1, -1, -1, -1}, []float64{1, 1, 1, 1, 1, 1}

// BenchmarkPolicySample times drawing one action for one observation, as
// a rollout does every environment step, for each policy kind.
func BenchmarkPolicySample(b *testing.B) {
	obs := []float64{0.1, -0.2, 0.3, 0.05}
	big := make([]float64, benchObs)
	for i := range big {
		big[i] = 0.1 * float64(i-8)
	}
	b.Run("categorical-64x32", func(b *testing.B) {
		var p Params
		c := NewCategorical(&p, 4, []int{64, 32}, Tanh, 2)
		rng := rand.New(rand.NewPCG(1, 1))
		c.Net.Init(&p, rng)
		b.ReportAllocs()
		for b.Loop() {
			c.Sample(&p, obs, rng)
		}
	})
	b.Run("gaussian-256x256", func(b *testing.B) {
		var p Params
		g := NewGaussian(&p, benchObs, []int{256, 256}, Relu, benchAct)
		rng := rand.New(rand.NewPCG(1, 1))
		g.Init(&p, rng, -0.5)
		dst := make([]float64, benchAct)
		b.ReportAllocs()
		for b.Loop() {
			g.Sample(&p, big, rng, dst)
		}
	})
	b.Run("squashed-256x256", func(b *testing.B) {
		var p Params
		s := NewSquashed(&p, benchObs, []int{256, 256}, Relu, benchLow, benchHigh)
		rng := rand.New(rand.NewPCG(1, 1))
		s.Net.Init(&p, rng)
		dst := make([]float64, benchAct)
		b.ReportAllocs()
		for b.Loop() {
			s.Sample(&p, big, rng, dst)
		}
	})
	b.Run("deterministic-256x256", func(b *testing.B) {
		var p Params
		d := NewDeterministic(&p, benchObs, []int{256, 256}, Relu, benchLow, benchHigh)
		d.Net.Init(&p, rand.New(rand.NewPCG(1, 1)))
		dst := make([]float64, benchAct)
		b.ReportAllocs()
		for b.Loop() {
			d.Apply(&p, big, dst)
		}
	})
}

// BenchmarkPolicyLogProb times recording the batch log-probabilities of
// each stochastic policy on a Reset tape and their gradient with respect
// to the parameters (a policy-gradient loss's forward and backward):
// categorical at batch 4000 (an on-policy epoch), Gaussian at batch 4000
// and SAC's reparameterised sample (Rsample) at batch 100. ns/sample is
// the time per batch row.
func BenchmarkPolicyLogProb(b *testing.B) {
	run := func(b *testing.B, p *Params, batch int, loss func(t *ad.Tape, bd Bound) *ad.Node) {
		g := make([]float64, p.Len())
		tape := ad.NewTape()
		b.ReportAllocs()
		for b.Loop() {
			tape.Reset()
			bd := p.Var(tape)
			bd.Grad(ad.Mean(loss(tape, bd)), g)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(batch), "ns/sample")
	}
	b.Run("categorical-64x32/batch=4000", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 1))
		var p Params
		c := NewCategorical(&p, 4, []int{64, 32}, Tanh, 2)
		c.Net.Init(&p, rng)
		obs, act := randRows(rng, 4000, 4), ad.Zeros(4000, 1)
		for i := range act.Data {
			act.Data[i] = float64(rng.IntN(2))
		}
		run(b, &p, 4000, func(t *ad.Tape, bd Bound) *ad.Node { return c.LogProb(bd, t.Const(obs), t.Const(act)) })
	})
	b.Run("gaussian-64x32/batch=4000", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 1))
		var p Params
		g := NewGaussian(&p, 3, []int{64, 32}, Tanh, 1)
		g.Init(&p, rng, -0.5)
		obs, act := randRows(rng, 4000, 3), randRows(rng, 4000, 1)
		run(b, &p, 4000, func(t *ad.Tape, bd Bound) *ad.Node { return g.LogProb(bd, t.Const(obs), t.Const(act)) })
	})
	b.Run("squashed-256x256/batch=100", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 1))
		var p Params
		s := NewSquashed(&p, benchObs, []int{256, 256}, Relu, benchLow, benchHigh)
		s.Net.Init(&p, rng)
		obs, eps := randRows(rng, benchBatch, benchObs), randRows(rng, benchBatch, benchAct)
		run(b, &p, benchBatch, func(t *ad.Tape, bd Bound) *ad.Node {
			a, logp := s.Rsample(bd, t.Const(obs), t.Const(eps))
			return ad.Add(logp, ad.RowSums(a))
		})
	})
}

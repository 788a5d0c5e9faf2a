package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/ad"
)

// replayRand returns two generators on the same seed: one for the code
// under test, one for the test to replay the normal draws it must consume.
func replayRand(seed uint64) (*rand.Rand, *rand.Rand) {
	return rand.New(rand.NewPCG(seed, 1)), rand.New(rand.NewPCG(seed, 1))
}

// Gaussian.Sample draws μ(s) + σ⊙ε with σ = exp(log σ) and ε the
// generator's normal draws in order: replaying the generator gives the
// samples exactly (1e-15), for log σ = (−0.7, 0.9).
func TestGaussianSampleReplaysNormals(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var p Params
	g := NewGaussian(&p, 3, []int{5}, Tanh, 2)
	g.Init(&p, rng, 0)
	copy(p.Tensor(g.LogStd).Data, []float64{-0.7, 0.9})
	obs, mu, got := []float64{0.3, -1, 0.2}, make([]float64, 2), make([]float64, 2)
	g.Mean(&p, obs, mu)
	draw, replay := replayRand(9)
	for k := 0; k < 20; k++ {
		g.Sample(&p, obs, draw, got)
		for j, ls := range []float64{-0.7, 0.9} {
			if want := mu[j] + math.Exp(ls)*replay.NormFloat64(); math.Abs(got[j]-want) > 1e-15*math.Max(1, math.Abs(want)) {
				t.Fatalf("sample %d[%d] = %.17g, want μ + σε = %.17g", k, j, got[j], want)
			}
		}
	}
}

// squashedWithOutputs builds a squashed Gaussian on the box [−1, 3] × [−2, 2]
// whose network outputs the constants out (means, then log σ) for every
// observation: the last layer's weights are zero and its bias is out.
func squashedWithOutputs(out []float64) (*Squashed, *Params) {
	var p Params
	s := NewSquashed(&p, 3, []int{4}, Relu, []float64{-1, -2}, []float64{3, 2})
	s.Net.Init(&p, rand.New(rand.NewPCG(1, 2)))
	s.Net.ScaleLast(&p, 0)
	copy(p.Data[p.Len()-len(out):], out)
	return s, &p
}

// SAC's squashed Gaussian with network outputs μ = (0.4, −0.3) and
// log σ = (5, −25), beyond [LogStdMin, LogStdMax] = [−20, 2] on both sides:
//
//   - Mean is c + h·tanh(μ) on the box [−1, 3] × [−2, 2] (c = (1, 0),
//     h = (2, 2));
//   - Sample is c + h·tanh(μ + σε) with σ = (e², e⁻²⁰), the log σ clamped,
//     and ε the generator's normal draws in order (1e-15);
//   - Rsample's log π at given ε uses the clamped σ:
//     Σⱼ [−εⱼ²/2 − log σⱼ − ½ log 2π − log(1 − tanh² uⱼ)] (1e-10).
func TestSquashedMeanSampleAndClampedLogStd(t *testing.T) {
	s, p := squashedWithOutputs([]float64{0.4, -0.3, 5, -25})
	obs := []float64{0.5, 0.1, -0.2}
	c, h, mu, ls := []float64{1, 0}, []float64{2, 2}, []float64{0.4, -0.3}, []float64{2, -20}

	got := make([]float64, 2)
	s.Mean(p, obs, got)
	for j := range got {
		if want := c[j] + h[j]*math.Tanh(mu[j]); math.Abs(got[j]-want) > 1e-15 {
			t.Errorf("Mean[%d] = %.17g, want c + h·tanh μ = %.17g", j, got[j], want)
		}
	}

	draw, replay := replayRand(11)
	for k := 0; k < 20; k++ {
		s.Sample(p, obs, draw, got)
		for j := range got {
			want := c[j] + h[j]*math.Tanh(mu[j]+math.Exp(ls[j])*replay.NormFloat64())
			if math.Abs(got[j]-want) > 1e-15*math.Max(1, math.Abs(want)) {
				t.Fatalf("Sample %d[%d] = %.17g, want c + h·tanh(μ + σε) = %.17g", k, j, got[j], want)
			}
		}
	}

	eps := []float64{0.3, -1.2}
	tp := ad.NewTape()
	_, logp := s.Rsample(p.Const(tp), tp.Const(ad.NewTensor(1, 3, obs)), tp.Const(ad.NewTensor(1, 2, eps)))
	want := 0.0
	for j := range eps {
		th := math.Tanh(mu[j] + math.Exp(ls[j])*eps[j])
		want += -eps[j]*eps[j]/2 - ls[j] - 0.5*math.Log(2*math.Pi) - math.Log(1-th*th)
	}
	if got := logp.Scalar(); math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
		t.Errorf("log π = %.15g, want %.15g with log σ clamped to [−20, 2]", got, want)
	}
}

// A squashed policy's Mean and Sample take exactly ActDim action values:
// before they checked, Mean into a shorter dst silently wrote only its first
// coordinates, and Sample into a longer one silently left the rest as they
// were (the network's 2·ActDim outputs hide the length from Apply's check).
func TestSquashedWrongActionLengthPanics(t *testing.T) {
	s, p := squashedWithOutputs([]float64{0.4, -0.3, 5, -25})
	obs := []float64{0.5, 0.1, -0.2}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 3} {
		for name, f := range map[string]func(dst []float64){
			"Mean":   func(dst []float64) { s.Mean(p, obs, dst) },
			"Sample": func(dst []float64) { s.Sample(p, obs, rng, dst) },
		} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s into %d values for a 2-dimensional action did not panic", name, n)
					}
				}()
				f(make([]float64, n))
			}()
		}
	}
}

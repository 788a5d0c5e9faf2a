package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
)

// Bounds on log σ of the squashed Gaussian, as in Spinning Up's SAC.
const (
	LogStdMin = -20.0
	LogStdMax = 2.0
)

// Squashed is SAC's tanh-squashed Gaussian policy: an MLP maps s to
// (μ(s), log σ(s)) and a = c + h·tanh(u), u = μ(s) + σ(s)⊙ε, ε ~ N(0, I), with
// c and h the centre and half-width of the action box. Sampling through ε is
// the reparameterisation a_θ(s) of Eq. 9.
type Squashed struct {
	// Net maps observations to 2·actDim values: the means, then log σ
	// (clamped to [LogStdMin, LogStdMax]).
	Net *MLP
	// Low and High bound each action coordinate.
	Low, High []float64

	out []float64
}

// NewSquashed adds a squashed Gaussian policy for actions in the box
// [low, high] to p. It panics unless low and high are non-empty, of the
// same length, finite, and low ≤ high.
func NewSquashed(p *Params, obsDim int, hidden []int, act Activation, low, high []float64) *Squashed {
	checkBox("NewSquashed", low, high)
	d := len(low)
	sizes := append(append([]int{obsDim}, hidden...), 2*d)
	return &Squashed{Net: NewMLP(p, sizes, act, Identity),
		Low: append([]float64(nil), low...), High: append([]float64(nil), high...), out: make([]float64, 2*d)}
}

// ActDim returns the action dimension.
func (s *Squashed) ActDim() int { return len(s.Low) }

// Rsample records, for the rows of obs (B × obsDim) and standard normal
// noise eps (B × actDim), the actions a_θ(s) and their log-probabilities
// log π(a|s) (B × 1):
//
//	log π = Σⱼ [−½εⱼ² − log σⱼ − ½ log 2π] − Σⱼ 2(log 2 − uⱼ − softplus(−2uⱼ)),
//
// the second sum being log |d tanh(u)/du| written stably (the constant
// log h of the affine rescaling is left out, as in Spinning Up). It panics
// unless eps is B × actDim (the tape would otherwise broadcast a
// 1 × actDim or B × 1 eps, sharing noise between rows or coordinates).
func (s *Squashed) Rsample(b Bound, obs, eps *ad.Node) (act, logp *ad.Node) {
	d := s.ActDim()
	checkRows("Squashed.Rsample", "noise", eps, obs.Rows(), d)
	out := s.Net.Forward(b, obs)
	mu := ad.Cols(out, 0, d)
	logStd := ad.Clamp(ad.Cols(out, d, 2*d), LogStdMin, LogStdMax)
	u := ad.Add(mu, ad.Mul(ad.Exp(logStd), eps))
	gauss := ad.AddScalar(ad.Sub(ad.Scale(ad.RowSums(ad.Square(eps)), -0.5), ad.RowSums(logStd)),
		-0.5*float64(d)*math.Log(2*math.Pi))
	corr := ad.RowSums(ad.Scale(ad.Sub(ad.RSub(math.Log(2), u), ad.Softplus(ad.Scale(u, -2))), 2))
	return scaleAction(ad.Tanh(u), s.Low, s.High), ad.Sub(gauss, corr)
}

// Sample draws an action for one observation into dst (ActDim values). It
// panics if len(dst) != ActDim().
func (s *Squashed) Sample(p *Params, obs []float64, rng *rand.Rand, dst []float64) {
	d := s.ActDim()
	s.checkDst("Sample", dst)
	s.Net.Apply(p, obs, s.out)
	for j := 0; j < d; j++ {
		ls := min(max(s.out[d+j], LogStdMin), LogStdMax)
		u := s.out[j] + math.Exp(ls)*rng.NormFloat64()
		dst[j] = squash(u, s.Low[j], s.High[j])
	}
}

// Mean writes c + h·tanh(μ(s)) for one observation into dst (ActDim
// values; SAC's test policy). It panics if len(dst) != ActDim().
func (s *Squashed) Mean(p *Params, obs, dst []float64) {
	s.checkDst("Mean", dst)
	s.Net.Apply(p, obs, s.out)
	for j := range dst {
		dst[j] = squash(s.out[j], s.Low[j], s.High[j])
	}
}

// checkDst panics unless dst holds exactly one action: the network's
// output has 2·ActDim values (means, then log σ), so Apply's own check
// cannot catch a dst of the wrong length.
func (s *Squashed) checkDst(who string, dst []float64) {
	if len(dst) != s.ActDim() {
		panic(fmt.Sprintf("nn.Squashed.%s: %d action values for an action of %d", who, len(dst), s.ActDim()))
	}
}

// checkBox panics unless [low, high] is a non-empty box with finite
// bounds, low ≤ high (the centre and half-width of an infinite one are not
// numbers an action can be scaled by).
func checkBox(who string, low, high []float64) {
	if len(low) != len(high) || len(low) == 0 {
		panic(fmt.Sprintf("nn.%s: bounds of lengths %d and %d", who, len(low), len(high)))
	}
	for j := range low {
		if !(low[j] <= high[j]) || math.IsInf(low[j], 0) || math.IsInf(high[j], 0) {
			panic(fmt.Sprintf("nn.%s: action bound %d is [%v, %v], want finite low ≤ high", who, j, low[j], high[j]))
		}
	}
}

func squash(u, lo, hi float64) float64 {
	c, h := centreHalfWidth(lo, hi)
	return c + h*math.Tanh(u)
}

// centreHalfWidth returns the centre (hi+lo)/2 and half-width (hi−lo)/2 of
// the finite interval [lo, hi]. When the sum or the difference overflows
// (a box such as [−1e308, 1e308], which checkBox accepts), it halves the
// bounds first, so that actions stay finite; otherwise the values are
// those of the plain formulas, bit for bit.
func centreHalfWidth(lo, hi float64) (c, h float64) {
	c, h = (hi+lo)/2, (hi-lo)/2
	if math.IsInf(c, 0) || math.IsInf(h, 0) {
		c, h = hi/2+lo/2, hi/2-lo/2
	}
	return c, h
}

// scaleAction records c + h⊙y for y in [−1, 1]^d and the box [low, high].
func scaleAction(y *ad.Node, low, high []float64) *ad.Node {
	uniform := true
	for j := range low {
		if low[j] != -high[j] || high[j] != high[0] {
			uniform = false
		}
	}
	if uniform {
		if high[0] == 1 {
			return y
		}
		return ad.Scale(y, high[0])
	}
	t := y.Tape()
	c, h := make([]float64, len(low)), make([]float64, len(low))
	for j := range low {
		c[j], h[j] = centreHalfWidth(low[j], high[j])
	}
	return ad.Add(ad.Mul(y, t.Const(ad.Vector(h...))), t.Const(ad.Vector(c...)))
}

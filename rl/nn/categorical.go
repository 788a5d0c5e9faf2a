package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
)

// Categorical is a policy over N discrete actions: π(a|s) = softmax(f(s))ₐ
// with logits f an MLP (the actor of AC/STAC on CartPole and Acrobot).
type Categorical struct {
	// Net maps observations to N logits.
	Net *MLP

	probs []float64
}

// NewCategorical adds a categorical policy with the given hidden widths and
// activation to p.
func NewCategorical(p *Params, obsDim int, hidden []int, act Activation, nActions int) *Categorical {
	if nActions < 2 {
		panic(fmt.Sprintf("nn.NewCategorical: %d actions", nActions))
	}
	sizes := append(append([]int{obsDim}, hidden...), nActions)
	return &Categorical{Net: NewMLP(p, sizes, act, Identity), probs: make([]float64, nActions)}
}

// N returns the number of actions.
func (c *Categorical) N() int { return c.Net.Out() }

// LogProb records log π(aᵢ|sᵢ) for the rows of obs (B × obsDim) and the
// action indices act (B × 1), as a B × 1 node.
func (c *Categorical) LogProb(b Bound, obs, act *ad.Node) *ad.Node {
	return ad.Gather(ad.LogSoftmax(c.Net.Forward(b, obs)), act)
}

// Probs writes π(·|s) for one observation into dst (length N) and returns it.
// A logit of −Inf gives its action probability 0 (a masked action). It
// panics if the logits have no finite maximum — all −Inf, or one +Inf
// or NaN — where softmax is undefined (the probabilities were NaN,
// silently); TryProbs returns that as an error.
func (c *Categorical) Probs(p *Params, obs, dst []float64) []float64 {
	return must(c.TryProbs(p, obs, dst))
}

// TryProbs is Probs returning an error, dst's logits left in it, where
// Probs panics.
func (c *Categorical) TryProbs(p *Params, obs, dst []float64) ([]float64, error) {
	c.Net.Apply(p, obs, dst)
	m := math.Inf(-1)
	for _, v := range dst {
		m = max(m, v) // NaN if any v is NaN
	}
	if err := logitMaxError("Probs", m, dst); err != nil {
		return dst, err
	}
	s := 0.0
	for i, v := range dst {
		dst[i] = math.Exp(v - m)
		s += dst[i]
	}
	for i := range dst {
		dst[i] /= s
	}
	return dst, nil
}

// Sample draws an action index for one observation: the first i with
// u < π₀ + … + πᵢ for u = rng.Float64(). When rounding leaves the
// probabilities summing to at most u, it returns the last action of
// positive probability, never one whose probability is 0 (a logit that
// far below the others that its exponential underflows). It panics as
// Probs does if the logits have no finite maximum; TrySample returns that
// as an error.
func (c *Categorical) Sample(p *Params, obs []float64, rng *rand.Rand) int {
	return must(c.TrySample(p, obs, rng))
}

// TrySample is Sample returning an error where Sample panics (before
// drawing from rng).
func (c *Categorical) TrySample(p *Params, obs []float64, rng *rand.Rand) (int, error) {
	pr, err := c.TryProbs(p, obs, c.probs)
	if err != nil {
		return 0, err
	}
	u := rng.Float64()
	last := len(pr) - 1
	for i, q := range pr {
		u -= q
		if u < 0 {
			return i, nil
		}
		if q > 0 {
			last = i
		}
	}
	return last, nil
}

// Mode returns the most probable action for one observation (the
// deterministic test policy). It panics as Probs does if the logits have
// no finite maximum (it returned action 0 for a NaN first logit, or for
// all −Inf); TryMode returns that as an error.
func (c *Categorical) Mode(p *Params, obs []float64) int {
	return must(c.TryMode(p, obs))
}

// TryMode is Mode returning an error where Mode panics.
func (c *Categorical) TryMode(p *Params, obs []float64) (int, error) {
	c.Net.Apply(p, obs, c.probs)
	best := 0
	m := math.Inf(-1)
	for i, v := range c.probs {
		if v > c.probs[best] {
			best = i
		}
		m = max(m, v)
	}
	if err := logitMaxError("Mode", m, c.probs); err != nil {
		return 0, err
	}
	return best, nil
}

// logitMaxError returns an error unless m, the maximum of the logits l
// (NaN if one is NaN), is finite: otherwise softmax(l) is undefined (every
// exponential 0 when all are −Inf, ∞/∞ with a +Inf) and its values NaN.
func logitMaxError(who string, m float64, l []float64) error {
	if m > math.Inf(-1) && m < math.Inf(1) {
		return nil
	}
	return fmt.Errorf("nn.Categorical.%s: logits %v have no finite maximum (all −Inf, or a +Inf or NaN): π(·|s) is undefined", who, l)
}

// must returns v, or panics with err's message.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err.Error())
	}
	return v
}

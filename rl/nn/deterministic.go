package nn

import "github.com/stackel/stackel/ad"

// Deterministic is DDPG's actor μθ(s) = c + h·tanh(f(s)) for actions in the
// box [Low, High] with centre c and half-width h (Eq. 7). Exploration noise
// is the caller's.
type Deterministic struct {
	// Net maps observations to actDim values in [−1, 1] (tanh output).
	Net *MLP
	// Low and High bound each action coordinate.
	Low, High []float64
}

// NewDeterministic adds a deterministic actor for actions in [low, high] to
// p. It panics unless low and high are non-empty, of the same length,
// finite, and low ≤ high.
func NewDeterministic(p *Params, obsDim int, hidden []int, act Activation, low, high []float64) *Deterministic {
	checkBox("NewDeterministic", low, high)
	sizes := append(append([]int{obsDim}, hidden...), len(low))
	return &Deterministic{Net: NewMLP(p, sizes, act, Tanh),
		Low: append([]float64(nil), low...), High: append([]float64(nil), high...)}
}

// Act records μθ(s) for the rows of obs as a B × actDim node.
func (d *Deterministic) Act(b Bound, obs *ad.Node) *ad.Node {
	return scaleAction(d.Net.Forward(b, obs), d.Low, d.High)
}

// Apply writes μθ(s) for one observation into dst.
func (d *Deterministic) Apply(p *Params, obs, dst []float64) {
	d.Net.Apply(p, obs, dst)
	for j, y := range dst {
		c, h := centreHalfWidth(d.Low[j], d.High[j])
		dst[j] = c + h*y
	}
}

package game

import (
	"math"

	"github.com/stackel/stackel/ad"
)

// Location is the location game on the torus of Fiez et al. §4.2: each player
// picks an angle θ_i ∈ [−π, π) (x = θ1 for the leader, y = θ2 for the
// follower) and pays the cost
//
//	f_i(θ_i, θ_−i) = −α_i cos(θ_i − φ_i) + cos(θ_i − θ_−i),
//
// trading off being close to its preferred position φ_i against being far
// from the other player. Both costs are minimised (Sense Cost).
//
// Location implements Evaluator in closed form; it is immutable, allocation
// free and safe for concurrent use.
type Location struct {
	alpha1, alpha2, phi1, phi2 float64
}

// NewLocation returns the location game with attractions α1, α2 and preferred
// positions φ1, φ2. Fiez et al. use α = (1, 1.3), φ = (π/8, π/8).
func NewLocation(alpha1, alpha2, phi1, phi2 float64) *Location {
	return &Location{alpha1, alpha2, phi1, phi2}
}

// Name returns "torus".
func (t *Location) Name() string { return "torus" }

// Dims returns (1, 1).
func (t *Location) Dims() (int, int) { return 1, 1 }

// Sense returns Cost.
func (t *Location) Sense() Sense { return Cost }

// Params returns alpha1, alpha2, phi1 and phi2.
func (t *Location) Params() map[string]ad.Tensor {
	return map[string]ad.Tensor{"alpha1": ad.Scalar(t.alpha1), "alpha2": ad.Scalar(t.alpha2),
		"phi1": ad.Scalar(t.phi1), "phi2": ad.Scalar(t.phi2)}
}

// Domains returns the torus for both players.
func (t *Location) Domains() (Domain, Domain) { return Domain{Kind: Torus}, Domain{Kind: Torus} }

// F1 is the leader's cost −α1 cos(x − φ1) + cos(x − y).
func (t *Location) F1(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Scale(ad.Cos(ad.AddScalar(x, -t.phi1)), -t.alpha1), ad.Cos(ad.Sub(x, y)))
}

// F2 is the follower's cost −α2 cos(y − φ2) + cos(y − x).
func (t *Location) F2(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Scale(ad.Cos(ad.AddScalar(y, -t.phi2)), -t.alpha2), ad.Cos(ad.Sub(y, x)))
}

// Value1 returns f1(x, y).
func (t *Location) Value1(x, y []float64) float64 {
	return -t.alpha1*math.Cos(x[0]-t.phi1) + math.Cos(x[0]-y[0])
}

// Value2 returns f2(x, y).
func (t *Location) Value2(x, y []float64) float64 {
	return -t.alpha2*math.Cos(y[0]-t.phi2) + math.Cos(y[0]-x[0])
}

// Grad1 writes ∇x f1 = α1 sin(x − φ1) − sin(x − y).
func (t *Location) Grad1(dst, x, y []float64) {
	dst[0] = t.alpha1*math.Sin(x[0]-t.phi1) - math.Sin(x[0]-y[0])
}

// Grad2 writes ∇y f2 = α2 sin(y − φ2) − sin(y − x).
func (t *Location) Grad2(dst, x, y []float64) {
	dst[0] = t.alpha2*math.Sin(y[0]-t.phi2) - math.Sin(y[0]-x[0])
}

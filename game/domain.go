package game

import (
	"fmt"
	"math"
)

// DomainKind is the shape of a strategy set.
type DomainKind int

const (
	// Unbounded strategies range over all of R^d.
	Unbounded DomainKind = iota
	// Box strategies lie in [Lo_i, Hi_i] per coordinate; steps are projected
	// by clipping.
	Box
	// Torus strategies are angles wrapped to [−π, π) (the location game).
	Torus
	// Simplex strategies are logits of a mixed strategy taken through
	// softmax inside the objective; the parameters themselves are unbounded.
	Simplex
)

// Domain is a player's strategy set.
type Domain struct {
	// Kind is Unbounded (the zero value), Box, Torus or Simplex.
	Kind DomainKind
	// Lo and Hi bound each coordinate of a Box.
	Lo, Hi []float64
}

// String names the domain.
func (d Domain) String() string {
	switch d.Kind {
	case Box:
		return fmt.Sprintf("box%v–%v", d.Lo, d.Hi)
	case Torus:
		return "torus"
	case Simplex:
		return "simplex"
	}
	return "unbounded"
}

// Project maps v into the domain in place: clipping for a box, wrapping to
// [−π, π) for a torus, nothing otherwise.
func (d Domain) Project(v []float64) {
	switch d.Kind {
	case Box:
		for i := range v {
			v[i] = math.Min(math.Max(v[i], d.Lo[i]), d.Hi[i])
		}
	case Torus:
		for i := range v {
			v[i] = WrapAngle(v[i])
		}
	}
}

// Validate checks that the kind is one of Unbounded, Box, Torus and
// Simplex (another value would be projected as unbounded) and that a box
// has one finite, ordered bound pair per dimension.
func (d Domain) Validate(dim int) error {
	switch d.Kind {
	case Unbounded, Torus, Simplex:
		return nil
	case Box:
	default:
		return fmt.Errorf("unknown domain kind %d (want Unbounded, Box, Torus or Simplex)", int(d.Kind))
	}
	if len(d.Lo) != dim || len(d.Hi) != dim {
		return fmt.Errorf("box has %d lower and %d upper bounds for %d dimensions", len(d.Lo), len(d.Hi), dim)
	}
	for i := range d.Lo {
		if !(d.Lo[i] <= d.Hi[i]) || math.IsInf(d.Lo[i], 0) || math.IsInf(d.Hi[i], 0) {
			return fmt.Errorf("box dimension %d: bounds [%g, %g] are not finite and ordered", i, d.Lo[i], d.Hi[i])
		}
	}
	return nil
}

// WrapAngle maps an angle to [−π, π).
func WrapAngle(a float64) float64 {
	a = math.Mod(a+math.Pi, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	a -= math.Pi
	if a >= math.Pi {
		// a+π, or the a + 2π above, rounded up to 2π: the angle is within
		// an ulp of −π.
		a -= 2 * math.Pi
	}
	return a
}

package env

import (
	"math/rand/v2"

	"testing"
)

// shortObs is a pendulum whose Step (or Reset) returns one observation
// value fewer than its observation space declares.
type shortObs struct {
	*Pendulum
	onReset bool
}

func (s shortObs) Reset(rng *rand.Rand) []float64 {
	o := s.Pendulum.Reset(rng)
	if s.onReset {
		return o[:2]
	}
	return o
}

func (s shortObs) Step(a []float64) ([]float64, float64, bool, bool) {
	o, r, term, trunc := s.Pendulum.Step(a)
	return o[:2], r, term, trunc
}

// Before session 43 a Vector copied whatever a copy returned into its row,
// so an observation of the wrong length left the row's last value stale
// (or, a longer one, was cut) without a word.
func TestVectorRefusesObservationOfWrongLength(t *testing.T) {
	for _, c := range []struct {
		onReset bool
		want    string
	}{
		{false, "env: Vector: copy 1's Step returned 2 observation values, but its observation space has 3"},
		{true, "env: Vector: copy 1's Reset returned 2 observation values, but its observation space has 3"},
	} {
		v, err := NewVector([]Env{NewPendulum(), shortObs{NewPendulum(), c.onReset}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		got := func() (msg string) {
			defer func() {
				if r := recover(); r != nil {
					msg, _ = r.(string)
				}
			}()
			v.Reset()
			v.Step([]float64{0.5, -0.5})
			return ""
		}()
		if got != c.want {
			t.Errorf("onReset=%v: panic %q, want %q", c.onReset, got, c.want)
		}
	}
}

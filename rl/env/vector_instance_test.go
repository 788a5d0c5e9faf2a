package env

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// stateless is an environment of zero size: two of its values may share
// an address, and stepping one twice changes nothing.
type stateless struct{}

func (*stateless) ObservationSpace() Space    { return UniformBox(-1, 1, 1) }
func (*stateless) ActionSpace() Space         { return UniformBox(-1, 1, 1) }
func (*stateless) Reset(*rand.Rand) []float64 { return []float64{0} }
func (*stateless) Step([]float64) ([]float64, float64, bool, bool) {
	return []float64{0}, 0, false, false
}

// TestNewVectorOneInstanceTwice: one environment instance given as two
// copies (the same pointer, or two TimeLimit wrappers around it) was
// accepted, so that each Vector.Step stepped it twice and the copies'
// observations and rewards were those of one doubly-stepped episode; a
// nil environment panicked. Both are errors; distinct instances and a
// stateless zero-size environment repeated are accepted.
func TestNewVectorOneInstanceTwice(t *testing.T) {
	cp := NewCartPole()
	cases := []struct {
		name string
		envs []Env
		want string
	}{
		{"same pointer", []Env{cp, NewCartPole(), cp}, "environments 0 and 2 are one instance"},
		{"two wrappers", []Env{NewTimeLimit(cp, 500), NewTimeLimit(cp, 500)}, "environments 0 and 1 are one instance"},
		{"nil", []Env{NewCartPole(), nil}, "environment 1 is nil"},
	}
	for _, c := range cases {
		_, err := NewVector(c.envs, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := NewVector([]Env{NewCartPole(), NewTimeLimit(NewCartPole(), 500)}, 1); err != nil {
		t.Errorf("distinct instances: %v", err)
	}
	s := &stateless{}
	if _, err := NewVector([]Env{s, s}, 1); err != nil {
		t.Errorf("zero-size environment repeated: %v", err)
	}
}

package env

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// errBroken is the error a brokenAt environment panics with.
var errBroken = errors.New("broken")

// brokenAt is a one-dimensional environment whose Step panics with
// errBroken at step at of an episode.
type brokenAt struct{ at, t int }

func (*brokenAt) ObservationSpace() Space      { return UniformBox(-1, 1, 1) }
func (*brokenAt) ActionSpace() Space           { return UniformBox(-1, 1, 1) }
func (b *brokenAt) Reset(*rand.Rand) []float64 { b.t = 0; return []float64{0} }
func (b *brokenAt) Step([]float64) ([]float64, float64, bool, bool) {
	if b.t++; b.t == b.at {
		panic(errBroken)
	}
	return []float64{0}, 0, false, false
}

// vectorPanic returns the value Vector.Step panicked with, or nil.
func vectorPanic(v *Vector, actions []float64) (p any) {
	defer func() { p = recover() }()
	v.Step(actions)
	return nil
}

// TestVectorStepPanicNamesCopy: a copy whose Step panicked (an invalid
// discrete action, a MuJoCo fatal error) made Vector.Step panic with the
// copy's own message, which does not say which of the N copies it was,
// nor at which step. The panic now names the copy and the step of its
// episode, and keeps an error value wrapped (errors.Is sees it).
func TestVectorStepPanicNamesCopy(t *testing.T) {
	v, err := NewVector([]Env{NewCartPole(), NewCartPole(), NewCartPole()}, 7)
	if err != nil {
		t.Fatal(err)
	}
	v.Reset()
	v.Step([]float64{0, 1, 0})
	p := vectorPanic(v, []float64{0, 7, 0})
	want := `env: Vector: copy 1 at step 2 of its episode: ` + fmt.Sprint(cartPolePanic(t))
	if got := fmt.Sprint(p); got != want {
		t.Errorf("panic %q\nwant  %q", got, want)
	}

	v, err = NewVector([]Env{&stateless{}, &brokenAt{at: 3}}, 7)
	if err != nil {
		t.Fatal(err)
	}
	v.Reset()
	v.Step([]float64{0, 0})
	v.Step([]float64{0, 0})
	p = vectorPanic(v, []float64{0, 0})
	e, ok := p.(error)
	if !ok || !errors.Is(e, errBroken) || e.Error() != "env: Vector: copy 1 at step 3 of its episode: broken" {
		t.Errorf("panic %#v, want an error wrapping errBroken, %q", p, "env: Vector: copy 1 at step 3 of its episode: broken")
	}
}

// cartPolePanic returns what a lone CartPole panics with on action 7.
func cartPolePanic(t *testing.T) (p any) {
	t.Helper()
	defer func() { p = recover() }()
	c := NewCartPole()
	c.Reset(NewRand(1))
	c.Step([]float64{7})
	t.Fatal("CartPole accepted action 7")
	return nil
}

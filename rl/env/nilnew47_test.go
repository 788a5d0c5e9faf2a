package env

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// fieldEnv reads its fields in every method: a nil *fieldEnv panics.
type fieldEnv struct{ obs, act Space }

func (e *fieldEnv) ObservationSpace() Space                         { return e.obs }
func (e *fieldEnv) ActionSpace() Space                              { return e.act }
func (e *fieldEnv) Reset(*rand.Rand) []float64                      { return make([]float64, e.obs.Dim()) }
func (e *fieldEnv) Step([]float64) ([]float64, float64, bool, bool) { return nil, 0, false, false }

// TestNilConstructor: an environment registered with a New that returns
// nil, or a nil pointer of its environment type (return e, with e a nil
// *T, from a constructor's error path: not == nil as an Env), makes Make
// return an error naming it and the spec's spaces nil. Before session 47
// Make returned a nil (or TimeLimit-wrapped nil) environment with no
// error, and Spec.ActionSpace, which agent.Defaults calls, panicked on a
// nil pointer.
func TestNilConstructor(t *testing.T) {
	for _, c := range []struct {
		id  string
		new func() Env
	}{
		{"NilConstructor47-v0", func() Env { return nil }},
		{"TypedNilConstructor47-v0", func() Env {
			var e *fieldEnv
			return e
		}},
	} {
		if err := Register(Spec{ID: c.id, MaxEpisodeSteps: 10, New: c.new}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { // ExampleMake lists the registered names
			registryMu.Lock()
			delete(registry, c.id)
			registryMu.Unlock()
		})
		e, err := Make(c.id)
		want := fmt.Sprintf("env: %s: its New function returned no environment", c.id)
		if err == nil || err.Error() != want || e != nil {
			t.Errorf("Make: %v, %v; want nil and %q", e, err, want)
		}
		s, _ := Lookup(c.id)
		for _, f := range []struct {
			name string
			sp   func() Space
		}{{"ObservationSpace", s.ObservationSpace}, {"ActionSpace", s.ActionSpace}} {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: Spec.%s: panic %v, want nil", c.id, f.name, r)
					}
				}()
				if sp := f.sp(); sp != nil {
					t.Errorf("%s: Spec.%s = %v, want nil", c.id, f.name, fmt.Sprint(sp))
				}
			}()
		}
	}
}

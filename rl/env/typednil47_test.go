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

// TestTypedNilConstructor47: a New that returns a nil pointer of its
// environment type (return e, with e a nil *T, from a constructor's error
// path), which is not == nil as an Env, is refused by Make as a nil New
// is, and the spec's spaces are nil. Before this session's review Make
// returned it with no error (TimeLimit-wrapped), and Spec.ActionSpace,
// which agent.Defaults calls, panicked on the nil pointer.
func TestTypedNilConstructor47(t *testing.T) {
	const id = "TypedNilConstructor47-v0"
	if err := Register(Spec{ID: id, MaxEpisodeSteps: 10, New: func() Env {
		var e *fieldEnv
		return e
	}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // ExampleMake lists the registered names
		registryMu.Lock()
		delete(registry, id)
		registryMu.Unlock()
	})
	e, err := Make(id)
	const want = `env: TypedNilConstructor47-v0: its New function returned no environment`
	if err == nil || err.Error() != want || e != nil {
		t.Errorf("Make: %v, %v; want nil and %q", e, err, want)
	}
	s, _ := Lookup(id)
	for _, f := range []struct {
		name string
		sp   func() Space
	}{{"ObservationSpace", s.ObservationSpace}, {"ActionSpace", s.ActionSpace}} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Spec.%s: panic %v, want nil", f.name, r)
				}
			}()
			if sp := f.sp(); sp != nil {
				t.Errorf("Spec.%s = %v, want nil", f.name, fmt.Sprint(sp))
			}
		}()
	}
}

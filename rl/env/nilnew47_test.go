package env

import (
	"fmt"
	"testing"
)

// TestNilConstructor: an environment registered with a New that returns
// nil (a user's constructor with a bug) makes Make return an error naming
// it and the spec's spaces nil, not a nil environment with no error
// (before session 47; agent.Defaults then panicked on a nil pointer in
// Spec.ActionSpace, and agent.New in the first Reset).
func TestNilConstructor(t *testing.T) {
	const id = "NilConstructor47-v0"
	if err := Register(Spec{ID: id, MaxEpisodeSteps: 10, New: func() Env { return nil }}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // ExampleMake lists the registered names
		registryMu.Lock()
		delete(registry, id)
		registryMu.Unlock()
	})
	e, err := Make(id)
	const want = `env: NilConstructor47-v0: its New function returned no environment`
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

package agent

import (
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// An environment whose New returns no environment is named so by
// Defaults, as env.Make names it; before session 49 the configuration's
// error said it "has no action space (its ActionSpace is nil)", though
// the environment's type may have one.
func TestDefaultsNamesNewReturningNothing49(t *testing.T) {
	const id = "NilNewWalk49-v0"
	if err := env.Register(env.Spec{ID: id, MaxEpisodeSteps: 10, New: func() env.Env { return nil }}); err != nil {
		t.Fatal(err)
	}
	_, err := Defaults(id, "ddpg")
	const want = "rl.env: " + id + ": its New function returned no environment"
	if err == nil || err.Error() != want {
		t.Errorf("Defaults: %v; want %q", err, want)
	}
}

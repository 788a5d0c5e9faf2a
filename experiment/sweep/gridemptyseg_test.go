package sweep

import (
	"strings"
	"testing"
)

// A grid key with an empty segment (rl.options., rl.options..a, .rl) is
// refused as the spec is parsed, naming the key and its line: before,
// it parsed, and Expand failed with "rl.options.: unknown option",
// naming no empty segment.
func TestGridKeyEmptySegment(t *testing.T) {
	base := "name: s\nconfig:\n  name: pend\n  rl: {env: Pendulum-v1, algo: ddpg, steps: 1200, steps_per_epoch: 300, hidden: [8]}\ngrid:\n"
	for _, key := range []string{"rl.options.", "rl.options..actor_lr", ".rl.steps", "rl..steps"} {
		spec := base + "  rl.steps: [1200]\n  \"" + key + "\": [0.001]\n"
		_, err := ParseSpec([]byte(spec), ".")
		want := "sweep: grid." + key + " (line 7): an empty part in the dotted key"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("key %q: error %v, want %q", key, err, want)
		}
	}
}

package experiment

import (
	"strings"
	"testing"
)

// TestRLOptionNullSaid56: an rl.options value written as null is named
// "null", as YAML writes it, in the error (it said Go's "<nil>"), for a
// number, an integer and the activation.
func TestRLOptionNullSaid56(t *testing.T) {
	for key, want := range map[string]string{
		"gamma":         "want a number, got null",
		"test_episodes": "want an integer, got null",
		"activation":    "want tanh or relu, got null",
	} {
		cfg, err := ParseConfig([]byte("name: r\nseed: 1\nrl:\n  env: CartPole-v1\n  algo: stac\n  options:\n    " + key + ": null\n"))
		if err == nil {
			err = Check(cfg)
		}
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "<nil>") {
			t.Errorf("%s: null: %v; want an error with %q", key, err, want)
		}
	}
}

package experiment

import (
	"strings"
	"testing"
)

// TestNewJobNilConfig: a nil configuration is an error, where NewJob
// dereferenced it and panicked.
func TestNewJobNilConfig(t *testing.T) {
	j, err := NewJob(nil, 1, "out")
	if err == nil || !strings.Contains(err.Error(), "job: no configuration (nil *Config)") || j.ID != "" {
		t.Errorf("NewJob(nil) = %+v, %v", j, err)
	}
}

// TestCodeBuiltConfigs: Check, Run and Analyze take a *Config built in
// code, which ParseConfig has not validated: one without a game is an
// error naming the section (before, BuildGame dereferenced the nil game
// and panicked), a nil one is an error, and sections that do not go
// together are refused as in a file (an rl run with a game section ran
// the RL run and ignored the game).
func TestCodeBuiltConfigs(t *testing.T) {
	duopoly := &GameConfig{Builtin: "duopoly"}
	for _, tc := range []struct {
		name string
		cfg  *Config
		want string
	}{
		{"nil", nil, "config: no configuration (nil *Config)"},
		{"empty", &Config{}, "config: missing game section"},
		{"dynamics without a game", &Config{Dynamics: &DynamicsConfig{Kind: "sga"}}, "config: missing game section"},
		{"rl with a game", &Config{Game: duopoly, RL: &RLConfig{Env: "CartPole-v1", Algo: "ac", Steps: 100}}, "config: game: not used by an rl run (an rl run takes no game or dynamics section: leave it out)"},
		{"negative iterations", &Config{Game: duopoly, Dynamics: &DynamicsConfig{Kind: "sga"}, Iterations: -1}, "config: iterations: -1 is not a valid count; give a positive number or leave the key out for the default"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check := func(what string, f func() error) {
				t.Helper()
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s panicked: %v", what, r)
					}
				}()
				if err := f(); err == nil || err.Error() != tc.want {
					t.Errorf("%s: %v, want %q", what, err, tc.want)
				}
			}
			check("Check", func() error { return Check(tc.cfg) })
			check("Run", func() error {
				_, err := Run(t.Context(), tc.cfg, RunOptions{Out: t.TempDir()})
				return err
			})
		})
	}
	for _, cfg := range []*Config{nil, {}} {
		if _, err := Analyze(t.Context(), cfg, AnalyzeOptions{Starts: 1}); err == nil || err.Error() != "config: missing game section" {
			t.Errorf("Analyze(%v): %v", cfg, err)
		}
	}
}

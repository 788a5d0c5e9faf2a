package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkovLimitsUseDefaults: the Markov limits are computed with the
// sizes the run would use, the defaults included for keys left out
// (markov.DefaultBatch 256 and DefaultHorizon 50; the built-ins' own
// parameter defaults: random 2×2 actions, patrol 4 targets, epidemic 3
// levels), and the error names the limit's variable and those effective
// sizes. Each config is also checked one step inside the limit (lowered
// through the variable where the default limit is far away), so the
// products are exact: 100000000·50, 256·100000000, 2000²·2·2, 1500²·2·2,
// patrol 4²·3·5 = 240, epidemic 3²·3·2 = 54, 256·50 = 12800.
func TestMarkovLimitsUseDefaults(t *testing.T) {
	for _, c := range []struct {
		name, config string
		env, limit   string // variable and value for the refused case ("": its default)
		inside       string // a limit the config stays within ("": not checked)
		want         []string
	}{
		{"batch 1e8, default horizon",
			"game: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, estimator: sampled, batch: 100000000}\niterations: 2\n",
			"STACKEL_MAX_SAMPLES", "", "5000000000",
			[]string{"dynamics: batch 100000000 × horizon 50 (default) = 5000000000 steps per iteration exceed the limit 100000000", "STACKEL_MAX_SAMPLES"}},
		{"horizon 1e8, default batch",
			"game: {markov_builtin: patrol}\ndynamics: {kind: simultaneous-pg, estimator: sampled, horizon: 100000000}\niterations: 2\n",
			"STACKEL_MAX_SAMPLES", "", "25600000000",
			[]string{"batch 256 (default) × horizon 100000000 = 25600000000 steps", "limit 100000000", "STACKEL_MAX_SAMPLES"}},
		{"both default",
			"game: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, estimator: sampled}\niterations: 2\n",
			"STACKEL_MAX_SAMPLES", "12799", "12800",
			[]string{"batch 256 (default) × horizon 50 (default) = 12800 steps per iteration exceed the limit 12799", "STACKEL_MAX_SAMPLES"}},
		{"random, 2000 states, default actions",
			"game: {markov_builtin: random, params: {states: 2000}}\ndynamics: {kind: stackelberg-pg}\niterations: 1\n",
			"STACKEL_MAX_MARKOV_SIZE", "", "16000000",
			[]string{"game.params: states=2000, actions1=2 (default), actions2=2 (default): 1.6e+07 transition entries", "2000²·2·2", "limit 4000000", "STACKEL_MAX_MARKOV_SIZE"}},
		{"random, 1500 states, default actions",
			"game: {markov_builtin: random, params: {states: 1500}}\ndynamics: {kind: stackelberg-pg}\niterations: 1\n",
			"STACKEL_MAX_MARKOV_SIZE", "", "9000000",
			[]string{"states=1500, actions1=2 (default), actions2=2 (default): 9e+06 transition entries", "1500²·2·2", "STACKEL_MAX_MARKOV_SIZE"}},
		{"random, all defaults",
			"game: {markov_builtin: random}\ndynamics: {kind: stackelberg-pg}\niterations: 1\n",
			"STACKEL_MAX_MARKOV_SIZE", "15", "16",
			[]string{"states=2 (default), actions1=2 (default), actions2=2 (default): 16 transition entries", "2²·2·2", "limit 15"}},
		{"patrol, default targets",
			"game: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg}\niterations: 1\n",
			"STACKEL_MAX_MARKOV_SIZE", "239", "240",
			[]string{"game.params: targets=4 (default): 240 transition entries", "4²·3·5", "limit 239", "STACKEL_MAX_MARKOV_SIZE"}},
		{"patrol, 64 targets",
			"game: {markov_builtin: patrol, params: {targets: 64}}\ndynamics: {kind: stackelberg-pg}\niterations: 1\n",
			"STACKEL_MAX_MARKOV_SIZE", "798719", "798720",
			[]string{"targets=64: 7.99e+05 transition entries", "64²·3·65", "limit 798719"}},
		{"epidemic, default levels",
			"game: {markov_builtin: epidemic}\ndynamics: {kind: stackelberg-pg}\niterations: 1\n",
			"STACKEL_MAX_MARKOV_SIZE", "53", "54",
			[]string{"game.params: levels=3 (default): 54 transition entries", "3²·3·2", "limit 53"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.limit != "" {
				t.Setenv(c.env, c.limit)
			}
			_, err := ParseConfig([]byte(c.config))
			if err == nil {
				t.Fatalf("accepted; want an error with %q", c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if c.inside != "" {
				t.Setenv(c.env, c.inside)
				if _, err := ParseConfig([]byte(c.config)); err != nil {
					t.Errorf("with %s=%s (the effective size): %v", c.env, c.inside, err)
				}
			}
		})
	}
}

// TestMarkovNegativeSampleSizes: a negative dynamics.batch or
// dynamics.horizon is an error naming the key, its value and the default,
// found by Check (what the CLI runs before a run) and given the key's line
// by Locate; it used to come from the markov package as "batch = 0,
// horizon = -5, iterations = 20 must be >= 0", with neither the file's
// line nor the defaulted batch right.
func TestMarkovNegativeSampleSizes(t *testing.T) {
	for _, c := range []struct {
		key, value, want string
	}{
		{"horizon", "-5", "config: line 4: dynamics.horizon = -5: the trajectory length must be positive (leave the key out for the default 50)"},
		{"batch", "-3", "config: line 4: dynamics.batch = -3: the trajectories per iteration must be positive (leave the key out for the default 256)"},
	} {
		t.Run(c.key, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			cfg := "name: neg\ngame: {markov_builtin: patrol}\ndynamics:\n  " + c.key + ": " + c.value + "\n  kind: stackelberg-pg\n  estimator: sampled\niterations: 20\n"
			if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			loaded, err := LoadConfig(path)
			if err == nil {
				err = loaded.Locate(Check(loaded))
			}
			if err == nil || err.Error() != path+": "+c.want {
				t.Errorf("error %v\nwant     %s: %s", err, path, c.want)
			}
		})
	}
}

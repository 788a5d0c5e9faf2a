package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRLOptionHugeIntegerNamesRange checks that an integer option beyond
// ±2^52 is refused with its key, its line and the range, not with "want an
// integer" (1e18 is an integer; before session 42 the message said it was
// not), while a fraction still reads "want an integer".
func TestRLOptionHugeIntegerNamesRange(t *testing.T) {
	src := func(opt string) string {
		return "name: r\nseed: 1\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  options:\n    " + opt + "\n" // opt on line 7
	}
	cases := []struct{ opt, want string }{
		{"update_every: 1e18", "config: line 7: rl.options.update_every: 1e18 is outside the integers from -2^52 to 2^52 that an option takes"},
		{"start_steps: -1e18", "config: line 7: rl.options.start_steps: -1e18 is outside the integers from -2^52 to 2^52 that an option takes"},
		{"update_after: .inf", "config: line 7: rl.options.update_after: +Inf is outside the integers from -2^52 to 2^52 that an option takes"},
		{"batch_size: 2.5", "config: line 7: rl.options.batch_size: want an integer, got 2.5"},
		{"test_episodes: .nan", "config: line 7: rl.options.test_episodes: want an integer, got NaN"},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(path, []byte(src(c.opt)), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(path)
		if err == nil {
			err = cfg.Locate(Check(cfg))
		}
		if err == nil || !strings.Contains(err.Error(), path+": "+c.want) {
			t.Errorf("%s: error %v; want one containing %q", c.opt, err, c.want)
		}
	}
}

// TestRLOnPolicySwitchesRefusedElsewhere checks that grad_noise,
// normalize_advantages and mixed_estimator, written for an algorithm that
// does not read them, are refused with the key and its line, as alpha on
// ddpg is, even at their default value: before session 42
// `mixed_estimator: theorem1` on ac or sac, `grad_noise: 0` or
// `normalize_advantages: true` on ddpg ran silently without them.
func TestRLOnPolicySwitchesRefusedElsewhere(t *testing.T) {
	src := func(env, algo, opt string) string {
		return "name: r\nseed: 1\nrl:\n  env: " + env + "\n  algo: " + algo + "\n  options:\n    " + opt + "\n" // opt on line 7
	}
	cases := []struct{ env, algo, opt, want string }{
		{"Pendulum-v1", "ddpg", "grad_noise: 0", "config: line 7: rl.options.grad_noise: not used by ddpg; it is an option of ac and stac"},
		{"Pendulum-v1", "sac", "normalize_advantages: true", "config: line 7: rl.options.normalize_advantages: not used by sac; it is an option of ac and stac"},
		{"CartPole-v1", "ac", "mixed_estimator: theorem1", "config: line 7: rl.options.mixed_estimator: not used by ac; it is an option of stac"},
		{"Pendulum-v1", "stsac", "mixed_estimator: theorem1", "config: line 7: rl.options.mixed_estimator: not used by stsac; it is an option of stac"},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(path, []byte(src(c.env, c.algo, c.opt)), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(path)
		if err == nil {
			err = cfg.Locate(Check(cfg))
		}
		if err == nil || !strings.Contains(err.Error(), path+": "+c.want) {
			t.Errorf("%s %s: error %v; want one containing %q", c.algo, c.opt, err, c.want)
		}
	}
	// Where they apply they are still taken.
	for _, ok := range []string{
		src("CartPole-v1", "ac", "grad_noise: 0.05"),
		src("CartPole-v1", "ac", "normalize_advantages: false"),
		src("CartPole-v1", "stac", "mixed_estimator: authors"),
	} {
		cfg, err := ParseConfig([]byte(ok))
		if err == nil {
			err = Check(cfg)
		}
		if err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}

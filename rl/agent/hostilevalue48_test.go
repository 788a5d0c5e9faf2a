package agent

import (
	"strings"
	"testing"
)

// TestHostileValuesAreCut48: an unknown environment, algorithm, leader,
// optimizer, Hessian precision or mixed estimator given in Go (or by a
// config whose checks let it through) is quoted cut to about 40
// characters, control characters escaped: each was quoted whole (a
// 700-character rl.env filled the message before the valid names). A
// short plain value is quoted as before.
func TestHostileValuesAreCut48(t *testing.T) {
	long := strings.Repeat("k", 700) + "\x1b[2J"
	cut := `"` + strings.Repeat("k", 39) + "…"
	valid := func(edit func(*Config)) func() error {
		return func() error {
			c, err := Defaults("CartPole-v1", AC)
			if err != nil {
				return err
			}
			edit(&c)
			return c.Validate()
		}
	}
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"env", func() error { _, err := Defaults(long, AC); return err }, `rl.env: unknown environment ` + cut + `; valid names: `},
		{"env, short", func() error { _, err := Defaults("Pong", AC); return err }, `rl.env: unknown environment "Pong"; valid names: `},
		{"algo", func() error { _, err := Defaults("CartPole-v1", Algo(long)); return err },
			`rl.algo: unknown algorithm ` + cut + `; valid: ac, stac, ddpg, stddpg, sac, stsac`},
		{"algo, short", func() error { _, err := Defaults("CartPole-v1", "ppo"); return err },
			`rl.algo: unknown algorithm "ppo"; valid: ac, stac, ddpg, stddpg, sac, stsac`},
		{"leader", valid(func(c *Config) { c.Leader = Leader(long) }), `rl.leader: ` + cut + ` is not actor or critic`},
		{"leader, short", valid(func(c *Config) { c.Leader = "both" }), `rl.leader: "both" is not actor or critic`},
		{"optimizer", valid(func(c *Config) { c.Optimizer = long }), `rl.options.optimizer: ` + cut + `; want sgd or adam`},
		{"hessian_dtype", valid(func(c *Config) { c.CG.Hessian = HessianPrecision(long) }), `rl.options.hessian_dtype: ` + cut + `; want auto, float32 or float64`},
		{"mixed_estimator", valid(func(c *Config) { c.Mixed = MixedEstimator(long) }),
			`rl.options.mixed_estimator: ` + cut + `; the authors' estimator applies to stac only (valid: theorem1, authors)`},
		{"ParseHessianPrecision", func() error { _, err := ParseHessianPrecision(long); return err }, cut + `; want auto, float32 or float64`},
		{"ParseMixedEstimator", func() error { _, err := ParseMixedEstimator(long); return err },
			cut + `; want theorem1 (the paper's Theorem 1) or authors (the authors' code)`},
	} {
		err := c.run()
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\x1b") {
			t.Errorf("%s: %.300q\nwant %q…", c.name, err, c.want)
		}
		if err != nil && strings.Count(err.Error(), "k") > 60 {
			t.Errorf("%s: the message quotes %d characters of the value", c.name, strings.Count(err.Error(), "k"))
		}
	}
}

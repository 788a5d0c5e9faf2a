package experiment

import (
	"strings"
	"testing"
)

// TestCheckHiCInit: Check (what a sweep applies to each job before any
// starts) refuses a Hi-C config whose init does not fit the game, as it
// refuses the same init in a smooth config and as the run itself does.
// Before session 38 Check passed both of these for kind hic.
func TestCheckHiCInit(t *testing.T) {
	const dyn = "dynamics: {kind: hic, alpha: {constant: 0.01}, delta: {constant: 0.5}, commitment: {constant: 3}, follower: {kind: gradient, lr: 0.1}}\nstages: 10\n"
	for _, c := range []struct{ init, want string }{
		{"init: {x: [10, 3], y: [10]}\n", "init.x has 2 values, the leader has 1 dimension"},
		{"init: {x: [100], y: [10]}\n", "init.x[0] = 100 is outside the domain's [0, 50]"},
		{"init: {uniform: {x: [[0, 50]], y: [[0, 60]]}}\n", "init.uniform.y[0]"},
	} {
		cfg, err := ParseConfig([]byte("name: h\ngame: {builtin: cournot}\n" + dyn + c.init))
		if err != nil {
			t.Fatal(err)
		}
		err = Check(cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%sCheck: %v; want an error containing %q", c.init, err, c.want)
		}
	}
}

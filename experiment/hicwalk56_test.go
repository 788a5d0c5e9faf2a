package experiment

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// hicConfig56 is a short Hi-C run on the Cournot duopoly with the given
// commitment and follower lines (each a YAML value).
func hicConfig56(commitment, follower string) string {
	return "name: h\ngame: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: {constant: 1}\n" +
		"  commitment: " + commitment + "\n  follower: " + follower + "\nstages: 200\ninit: {x: [10], y: [10]}\n"
}

// TestHiCStartWarnings56: a commitment of one stage at every interval
// (k_n = 1) leaves the follower no update against x̃_n before the leader
// observes it, and the pair learns the Nash equilibrium whatever the
// follower (README); an eq19 commitment with a noisy-gradient follower
// breaks Assumption 3.5. Each such run says so on its warnings, before
// anything else; the runs that are fine say nothing.
func TestHiCStartWarnings56(t *testing.T) {
	const k1 = "warning: dynamics.commitment gives k_n = 1 stage at every interval: the follower answers one stage late (its strategy at stage t answers the leader's of stage t − 1), so the leader observes the answer to x̃_{n−1}, not to x̃_n, and the pair learns the Nash equilibrium, not the Stackelberg one; commit k_n ≥ 2 stages (e.g. commitment: {constant: 2} or more)\n"
	const noisy = "warning: dynamics.commitment.eq19 with a noisy-gradient follower: Eq. 19 (Corollary 3.11) counts the stages a noiseless gradient follower needs; a noisy one stays within its noise (dynamics.follower.noise = 0.5) of its best response, which no k_n brings within o(δ_n) as δ_n → 0 (Assumption 3.5), so the leader's estimates do not converge and x_n wanders; use a gradient follower, or a commitment schedule of your own\n"
	for _, tc := range []struct{ name, commitment, follower, want string }{
		{"constant 1, gradient", "{constant: 1}", "{kind: gradient, lr: 0.1}", k1},
		{"constant 1, best response", "{constant: 1}", "{kind: best-response, lr: 0.4}", k1},
		{"constant 1.0, noisy", "{constant: 1.0}", "{kind: noisy-gradient, lr: 0.1, noise: 0.1}", k1},
		{"constant 2", "{constant: 2}", "{kind: gradient, lr: 0.1}", ""},
		{"log from 1", "{log: {a: 1, b: 1}}", "{kind: gradient, lr: 0.1}", ""},
		{"eq19, noisy", "{eq19: {mu: 2, B: 100, p: 0.5}}", "{kind: noisy-gradient, lr: 0.1, noise: 0.5}", noisy},
		{"eq19, gradient", "{eq19: {mu: 2, B: 100, p: 0.5}}", "{kind: gradient, lr: 0.1}", ""},
	} {
		cfg, err := ParseConfig([]byte(hicConfig56(tc.commitment, tc.follower)))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var warn bytes.Buffer
		if _, err := Run(context.Background(), cfg, RunOptions{Out: t.TempDir(), Warnings: &warn}); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := warn.String(); got != tc.want {
			t.Errorf("%s: warnings %q;\nwant %q", tc.name, got, tc.want)
		}
		if got := StartWarnings(cfg); strings.Join(got, "") != strings.TrimSuffix(tc.want, "\n") && !(tc.want == "" && len(got) == 0) {
			t.Errorf("%s: StartWarnings %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestHiCConstantCommitmentBelowOne56: a constant commitment below one
// stage was rounded up to 1 silently (0.3 played as 1); it is refused at
// its line, saying what a non-integer means.
func TestHiCConstantCommitmentBelowOne56(t *testing.T) {
	for _, tc := range []struct{ value, want string }{
		{"0.3", "config: line 7: dynamics.commitment.constant = 0.3: need a number of stages ≥ 1 (a value that is not a whole number is rounded up: 2.5 commits 3 stages, and 0.3 would commit 1)"},
		{"0", "config: line 7: dynamics.commitment.constant = 0: need a number of stages ≥ 1 (a value that is not a whole number is rounded up: 2.5 commits 3 stages)"},
		{"-2", "config: line 7: dynamics.commitment.constant = -2: need a number of stages ≥ 1 (a value that is not a whole number is rounded up: 2.5 commits 3 stages)"},
		{"2.5", ""},
	} {
		src := hicConfig56("{constant: "+tc.value+"}", "{kind: gradient, lr: 0.1}")
		if got := configErrorText(t, src); got != tc.want {
			t.Errorf("constant %s: error %q;\nwant %q", tc.value, got, tc.want)
		}
	}
}

// TestHiCFollowerMissingHasLine56: a Hi-C block without its follower
// named the key with no line; a missing commitment had the dynamics
// block's line. Both have it now.
func TestHiCFollowerMissingHasLine56(t *testing.T) {
	src := "name: h\ngame: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: {constant: 1}\n  commitment: {constant: 10}\nstages: 100\n"
	want := "config: line 3: dynamics: follower: missing (e.g. {kind: gradient, lr: 0.1})"
	if got := configErrorText(t, src); got != want {
		t.Errorf("error %q, want %q", got, want)
	}
}

// TestHiCScheduleErrorSaysInterval56: Hi-C's schedules count intervals
// n, not iterations: their errors say "at interval n = …"; a smooth
// run's schedule keeps "at iteration".
func TestHiCScheduleErrorSaysInterval56(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"hic alpha", strings.Replace(hicConfig56("{constant: 5}", "{kind: gradient, lr: 0.1}"), "alpha: {constant: 0.001}", "alpha: {constant: -0.001}", 1),
			"config: line 5: dynamics.alpha: value -0.001 at interval n = 1 is not a finite non-negative number"},
		{"hic delta list", strings.Replace(hicConfig56("{constant: 5}", "{kind: gradient, lr: 0.1}"), "delta: {constant: 1}", "delta: {list: [1, 0]}", 1),
			"config: line 6: dynamics.delta: value 0 at interval n = 2 is not a finite positive number"},
		{"smooth", "name: s\ngame: {builtin: duopoly}\ndynamics:\n  kind: sga\n  leader_lr: {constant: -1}\n",
			"config: line 5: dynamics.leader_lr: value -1 at iteration 1 is not a finite non-negative number"},
	} {
		if got := configErrorText(t, tc.src); got != tc.want {
			t.Errorf("%s: error %q;\nwant %q", tc.name, got, tc.want)
		}
	}
}

// TestRLConfigSectionLine56: an rl config with a game or dynamics
// section was refused at the rl line without naming the key; the error
// names the section and has its line.
func TestRLConfigSectionLine56(t *testing.T) {
	rl := "rl: {env: CartPole-v1, algo: ac, steps: 100}\n"
	for _, tc := range []struct{ name, src, want string }{
		{"dynamics", rl + "dynamics: {kind: sga}\n", "config: line 2: dynamics: not used by an rl run (an rl run takes no game or dynamics section: leave it out)"},
		{"game", "name: r\n" + rl + "game: {builtin: duopoly}\n", "config: line 3: game: not used by an rl run (an rl run takes no game or dynamics section: leave it out)"},
	} {
		if got := configErrorText(t, tc.src); got != tc.want {
			t.Errorf("%s: error %q;\nwant %q", tc.name, got, tc.want)
		}
	}
}

package experiment

import (
	"testing"
)

// TestMarkovHessianExactRefused54: dynamics.hessian with the exact
// estimator, whose follower Hessian is exact, has no effect whatever its
// value: hessian: estimate was accepted without a word (entropy-floor was
// refused). Both are refused with the file, the key's line, the value and
// what to do; the key with the sampled estimator, or left out, is
// accepted.
func TestMarkovHessianExactRefused54(t *testing.T) {
	const exact = "not used by the exact estimator (a key of estimator: sampled): the exact estimator's follower Hessian is exact; leave the key out, or use estimator: sampled"
	for _, c := range []struct {
		name, dyn, want string
	}{
		{"estimate, exact named", "  estimator: exact\n  hessian: estimate\n",
			"h.yaml: config: line 6: dynamics.hessian = estimate: " + exact},
		{"estimate, exact by default", "  leader_lr: {constant: 0.5}\n  hessian: estimate\n",
			"h.yaml: config: line 6: dynamics.hessian = estimate: " + exact},
		{"entropy-floor, exact", "  estimator: exact\n  hessian: entropy-floor\n",
			"h.yaml: config: line 6: dynamics.hessian = entropy-floor: " + exact},
		{"estimate, sampled", "  estimator: sampled\n  hessian: estimate\n", ""},
		{"entropy-floor, sampled", "  estimator: sampled\n  hessian: entropy-floor\n", ""},
		{"no key, exact", "  estimator: exact\n  reg: 1\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "name: m\ngame: {markov_builtin: random}\ndynamics:\n  kind: stackelberg-pg\n" + c.dyn + "iterations: 3\n"
			cfg, err := ParseConfigAt([]byte(src), "h.yaml", t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			got := cfg.Locate(checkMarkov(cfg))
			switch {
			case c.want == "" && got != nil:
				t.Errorf("want accepted, got %v", got)
			case c.want != "" && (got == nil || got.Error() != c.want):
				t.Errorf("got  %v\nwant %s", got, c.want)
			}
		})
	}
}

// TestMarkovSampleKeysExactRefused54: batch and horizon are keys of the
// sampled estimator; with the exact estimator a non-zero value was
// refused but a written 0 (the sampled estimator's "default") was
// accepted without effect. A written 0 is refused as any other value is,
// with the key's line; the key left out is accepted, and so is 0 with
// the sampled estimator (the default batch and horizon).
func TestMarkovSampleKeysExactRefused54(t *testing.T) {
	for _, c := range []struct {
		name, dyn, want string
	}{
		{"batch 0", "  estimator: exact\n  batch: 0\n", "k.yaml: config: line 6: dynamics.batch: not used by the exact estimator (a key of estimator: sampled)"},
		{"horizon 0", "  horizon: 0\n  reg: 0\n", "k.yaml: config: line 5: dynamics.horizon: not used by the exact estimator (a key of estimator: sampled)"},
		{"batch 0 sampled", "  estimator: sampled\n  batch: 0\n  horizon: 0\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "name: m\ngame: {markov_builtin: random}\ndynamics:\n  kind: stackelberg-pg\n" + c.dyn + "iterations: 3\n"
			cfg, err := ParseConfigAt([]byte(src), "k.yaml", t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			got := cfg.Locate(checkMarkov(cfg))
			switch {
			case c.want == "" && got != nil:
				t.Errorf("want accepted, got %v", got)
			case c.want != "" && (got == nil || got.Error() != c.want):
				t.Errorf("got  %v\nwant %s", got, c.want)
			}
		})
	}
}

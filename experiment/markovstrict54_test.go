package experiment

import (
	"testing"
)

// TestMarkovHessianExactRefused54: dynamics.hessian: entropy-floor with
// the exact estimator, whose follower Hessian is exact and not floored,
// is refused with the file, the key's line, the value and what to do;
// hessian: estimate, the default and what an exact run does, is accepted
// with either estimator (configs copied from the README's example hold
// it), as the key left out is.
func TestMarkovHessianExactRefused54(t *testing.T) {
	const exact = "not used by the exact estimator (a key of estimator: sampled): the exact estimator's follower Hessian is exact; leave the key out, or use estimator: sampled"
	for _, c := range []struct {
		name, dyn, want string
	}{
		{"estimate, exact named", "  estimator: exact\n  hessian: estimate\n", ""},
		{"estimate, exact by default", "  leader_lr: {constant: 0.5}\n  hessian: estimate\n", ""},
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

// TestMarkovSavedZerosAccepted54: a config saved in the flat form of
// every kind's keys (unused ones with their zero values) holds batch: 0,
// horizon: 0 and estimator: "" for an exact run; it still passes the
// Markov checks (a written 0 reads as the key left out), while a
// positive batch with the exact estimator is refused with its line.
func TestMarkovSavedZerosAccepted54(t *testing.T) {
	for _, c := range []struct {
		name, dyn, want string
	}{
		{"flat saved form", "  reg: 0.5\n  estimator: \"\"\n  batch: 0\n  horizon: 0\n  step_rule: \"\"\n", ""},
		{"batch 10", "  estimator: exact\n  batch: 10\n", "k.yaml: config: line 6: dynamics.batch: not used by the exact estimator (a key of estimator: sampled)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "name: m\ngame: {markov_builtin: patrol}\ndynamics:\n  kind: stackelberg-pg\n" + c.dyn + "iterations: 3\n"
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

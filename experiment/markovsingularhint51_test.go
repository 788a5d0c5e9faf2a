package experiment

import (
	"context"
	"strings"
	"testing"

	"github.com/stackel/stackel/markov"
)

// TestMarkovSingularHint51: patrol at λ = 0.001 ends with hier_grad_norm
// undefined (−1: ∇²θ2V2λ at the deterministic-to-rounding best response
// is singular), with fixed steps and with the line search alike. The
// hint said "steps too long for this game …; try dynamics.step_rule:
// backtracking" (and nothing with backtracking), advice that changes
// nothing here; it names the small λ and the singular Hessian now. With
// λ = 0 an undefined measure points at dynamics.reg.
func TestMarkovSingularHint51(t *testing.T) {
	for _, rule := range []string{"", "\n  step_rule: backtracking"} {
		cfg, err := ParseConfig([]byte("name: tiny\ngame: {markov_builtin: patrol, params: {lambda: 0.001}}\ndynamics:\n  kind: stackelberg-pg" + rule + "\niterations: 2000\n"))
		if err != nil {
			t.Fatal(err)
		}
		msg, err := Run(context.Background(), cfg, RunOptions{Out: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"‖∇V1(θ1,B(θ1))‖=n/a (singular follower Hessian or non-finite gradient)", "hint: hier_grad_norm is undefined", "as at λ = 0.001 small against", "raise the game's lambda"} {
			if !strings.Contains(msg, want) {
				t.Errorf("step rule %q: message lacks %q:\n%s", rule, want, msg)
			}
		}
		if strings.Contains(msg, "steps too long") {
			t.Errorf("step rule %q: the hint blames the steps:\n%s", rule, msg)
		}
	}
	undefined := markov.Verdict{GradNorm: -1, BRGap: 0.5}
	got := markovHint(markov.Config{Dynamics: markov.StackelbergPG, Reg: 0.01}, undefined, 0.9, 0)
	if !strings.Contains(got, "dynamics.reg = 0.01") || !strings.Contains(got, "raise dynamics.reg") {
		t.Errorf("λ = 0, reg 0.01, hier_grad_norm −1: hint %q", got)
	}
	if got := markovHint(markov.Config{Dynamics: markov.SimultaneousPG}, undefined, 0.9, 0.2); strings.Contains(got, "undefined") {
		t.Errorf("simultaneous PG: hint %q speaks of Eq. 18", got)
	}
}

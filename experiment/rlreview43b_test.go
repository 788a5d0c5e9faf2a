package experiment

import (
	"strings"
	"testing"
)

// TestLambdaDecayWithWrittenLambdaAccepted: a lambda_decay below 1 with a
// cg.lambda written out equal to lambda_min is kept, as before session 43
// (λ constant, as the formula says): the README's CartPole example writes
// cg: {iters: 10, lambda: 0}, and a sweep crossing rl.cg.lambda: [0, 10]
// or rl.options.lambda_min: [0, 5] with rl.options.lambda_decay makes such
// points, whose refusal stopped the whole sweep before it started (and
// refused the resume of a run begun before session 43). Only the default
// cg.lambda, which the file does not show, is refused
// (TestLambdaDecayWithoutRoomRefused).
func TestLambdaDecayWithWrittenLambdaAccepted(t *testing.T) {
	for _, c := range []struct{ cg, options string }{
		{"{iters: 10, lambda: 0}", "{actor_lr: 0.02, lambda_decay: 0.9, lanczos_iters: 5}"},
		{"{lambda: 5}", "{lambda_decay: 0.5, lambda_min: 5}"},
	} {
		src := "name: stac-cartpole\nseed: 1\nrl:\n  env: CartPole-v1\n  algo: stac\n  steps: 300000\n  steps_per_epoch: 4000\n" +
			"  cg: " + c.cg + "\n  options: " + c.options + "\n"
		cfg, err := ParseConfig([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", c.cg, err)
		}
		ac, err := RLAgentConfig(*cfg.RL, cfg.Seed)
		if err != nil {
			t.Errorf("cg %s, options %s: %v, want accepted", c.cg, c.options, err)
			continue
		}
		if ac.CG.LambdaDecay >= 1 || ac.CG.Lambda != ac.CG.LambdaMin {
			t.Errorf("cg %s, options %s: λ %v, lambda_decay %v, lambda_min %v", c.cg, c.options, ac.CG.Lambda, ac.CG.LambdaDecay, ac.CG.LambdaMin)
		}
	}
	// The refusal that remains says the λ it names is the default.
	cfg, err := ParseConfig([]byte("name: d\nrl:\n  env: CartPole-v1\n  algo: stac\n  options: {lambda_decay: 0.9}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RLAgentConfig(*cfg.RL, cfg.Seed); err == nil || !strings.Contains(err.Error(), "rl.cg.lambda 0 (its default on CartPole-v1)") {
		t.Errorf("default λ with lambda_decay 0.9: %v, want refused naming the default λ", err)
	}
}

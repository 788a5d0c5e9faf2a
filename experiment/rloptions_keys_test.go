package experiment

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRLOptionsOptimizerActivationNamed checks that a bad rl.options
// optimizer or activation is refused naming the key as written and its
// line. Before, `optimizer: rmsprop` was reported as `config: rl.optimizer:
// "rmsprop"; …` (a key no config has, so without a line), and `activation:
// linear` (which nn.ParseActivation reads as identity) as `config:
// rl.activation: identity; want tanh or relu`, while `activation: sigmoid`
// listed identity among the valid values.
func TestRLOptionsOptimizerActivationNamed(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ opt, want string }{
		{"optimizer: rmsprop", "c.yaml: config: line 6: rl.options.optimizer: want sgd or adam, got rmsprop"},
		{"optimizer: 3", "c.yaml: config: line 6: rl.options.optimizer: want sgd or adam, got 3"},
		{"activation: linear", "c.yaml: config: line 6: rl.options.activation: want tanh or relu, got linear"},
		{"activation: identity", "c.yaml: config: line 6: rl.options.activation: want tanh or relu, got identity"},
		{"activation: sigmoid", "c.yaml: config: line 6: rl.options.activation: want tanh or relu, got sigmoid"},
	} {
		p := filepath.Join(dir, "c.yaml")
		text := "name: r\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  options:\n    " + c.opt + "\n"
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(p)
		if err == nil {
			err = cfg.Locate(Check(cfg))
		}
		if err == nil || err.Error() != filepath.Join(dir, c.want) {
			t.Errorf("%s: error %v, want %s", c.opt, err, filepath.Join(dir, c.want))
		}
	}
	// The valid values, in any case, still set the agent's fields.
	ac, err := RLAgentConfig(RLConfig{Env: "Pendulum-v1", Algo: "ddpg", Extra: map[string]any{"optimizer": "SGD", "activation": "Tanh"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if ac.Optimizer != "sgd" || ac.Activation.String() != "tanh" {
		t.Errorf("optimizer %q, activation %v; want sgd, tanh", ac.Optimizer, ac.Activation)
	}
}

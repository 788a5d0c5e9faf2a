package experiment

import (
	"testing"
)

// fuzzSeeds are valid configs of every kind, the starting points of
// FuzzConfig (the crashers found so far are in testdata/fuzz/FuzzConfig).
var fuzzSeeds = []string{
	"name: d\nseed: 7\ngame:\n  builtin: duopoly\n  params: {A: 100, c1: 5, c2: 2}\ndynamics:\n  kind: stackelberg\n  leader_lr: {power: {a: 1, b: 1, p: 1}}\n  follower_lr: {power: {a: 1, b: 1, p: 0.6667}}\n  noise: {leader: 3.1623, follower: 3.1623}\n  solver: {kind: cg, lambda: 0, iters: 10, tol: 1e-10}\niterations: 500\nrecord_every: 100\ninit: {x: [10], y: [10]}\n",
	"name: f\ngame:\n  sense: payoff\n  dims: [1, 2]\n  f1: \"x[0]*(A - x[0] - y[0]) - c1*x[0] + quad(y, M, y)\"\n  f2: \"y[0]*(A - x[0] - y[0]) - c2*y[0]\"\n  params: {A: 100, c1: 5, c2: 2, M: [[1, 0], [0, 1]]}\n  domain: {x: {box: [[0, 100]]}, y: {torus: true}}\ndynamics: {kind: lola, lookahead: 0.1}\ninit: {uniform: {x: [[0, 50]], y: [[0, 50], [1, 2]]}}\n",
	"name: h\nseed: 3\ngame: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {power: {a: 0.001, b: 0, p: 0.1}}\n  delta: {list: [1, 0.5]}\n  commitment: {eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}}\n  baseline: {ema: 0.9}\n  follower: {kind: gradient, lr: 0.1}\nstages: 1000\n",
	"{\"name\": \"p\", \"game\": {\"markov_builtin\": \"random\", \"params\": {\"states\": 4, \"actions1\": 3, \"actions2\": 3, \"seed\": 1}}, \"dynamics\": {\"kind\": \"stackelberg-pg\", \"leader_lr\": {\"constant\": 0.5}, \"estimator\": \"sampled\", \"batch\": 4, \"horizon\": 5}, \"iterations\": 10}",
	"name: r\nseed: 1\nrl:\n  env: CartPole-v1\n  algo: stac\n  steps: 8000\n  steps_per_epoch: 4000\n  hidden: [64, 32]\n  cg: {iters: 10, lambda: 0}\n  checkpoint_every: 5\n  options: {gamma: 0.99, actor_lr: 1e-3, batch_size: 1e2}\n",
	"name: a\ngame: {builtin: bimatrix, params: {A: [[1, 0], [0, 2]], B: [[0, 1], [2, 0]]}}\nx: &a [1, 2]\ny: *a\n",
}

// FuzzConfig checks that no input makes the config parser (and, for what
// it accepts, the game and agent builders) panic, hang or exhaust memory:
// every input is either accepted or rejected with an error. A config
// accepted (other than one reading a Markov spec file) makes a job, so its
// text reads back to the same config (NewJob checks it), whose ID checks and
// which is the same run as itself (its canonical form, Config.canonical,
// is well defined).
func FuzzConfig(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if c.Game == nil || c.Game.Markov == "" { // a spec file: its digest reads the file
			j, err := NewJob(c, c.Seed, "x")
			if err != nil {
				t.Fatalf("an accepted config makes no job: %v", err)
			}
			if err := j.CheckID(); err != nil {
				t.Fatalf("a new job's ID does not check: %v\n%s", err, j.Config)
			}
			if !sameRun(j, j) {
				t.Fatalf("a job is not the same run as itself:\n%s", j.Config)
			}
		}
		if c.RL != nil {
			_, _ = RLAgentConfig(*c.RL, c.Seed)
			return
		}
		if c.Game.Markov != "" || c.Game.MarkovBuiltin != "" {
			return
		}
		g, err := BuildGame(c.Game)
		if err != nil {
			return
		}
		_, _, _ = InitialStrategies(c.Init, g, NewRand(c.Seed, 0))
		if c.Dynamics != nil && c.Dynamics.Kind != "hic" {
			_, _ = BuildDynamics(c.Dynamics, g)
		}
	})
}

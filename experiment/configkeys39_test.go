package experiment

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// configKeyPaths lists the dotted path of every key the strict parser
// accepts: the fields of Config and its blocks, and of the dynamics
// block, the shared keys and every registered kind's own keys (the kinds
// registered by tests, named test-…, left out). Lists of blocks add no
// level (init.uniform.x is a list of ranges); maps of free names
// (game.params, rl.options, dynamics.baseline) end a path.
func configKeyPaths() []string {
	set := map[string]bool{}
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for k, f := range keyFields(t) {
			set[prefix+k] = true
			walk(prefix+k+".", f.Type)
		}
	}
	walk("", reflect.TypeOf(Config{}))
	for _, name := range DynamicsKinds() {
		if strings.HasPrefix(name, "test-") {
			continue
		}
		k, _ := lookupDynamics(name)
		walk("dynamics.", reflect.TypeOf(k.params()))
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// keyCase is a config with one bad value, on the line marked "# bad",
// and the text its error must give after "line N: ".
type keyCase struct {
	key, src, want string
}

// badKeyCases gives one bad value (a wrong type or a value out of range)
// for every key configKeyPaths lists. The error of a value is given at
// the line of the key holding it, except for the values of a schedule
// (a constant, a list's entry, what a power or log gives at iteration k),
// given at the schedule's line, and eq19's β·μ, at eq19's.
func badKeyCases() []keyCase {
	const (
		smooth = "game: {builtin: duopoly}\ndynamics:\n  kind: %s\n%s"
		hicTop = "game: {builtin: cournot}\ndynamics:\n  kind: hic\n"
		hicEnd = "stages: 1000\n"
		markov = "game: {markov_builtin: patrol}\ndynamics:\n  kind: stackelberg-pg\n%s"
		rl     = "rl:\n  env: CartPole-v1\n  algo: stac\n%s"
		form   = "game:\n  sense: cost\n  f1: \"x[0]*x[0]\"\n  f2: \"y[0]*y[0] + x[0]\"\n%sdynamics: {kind: sga}\n"
	)
	hicKeys := map[string]string{
		"alpha":      "  alpha: {constant: 0.001}\n",
		"delta":      "  delta: {constant: 1}\n",
		"commitment": "  commitment: {constant: 10}\n",
		"follower":   "  follower: {kind: gradient, lr: 0.1}\n",
	}
	// hic is a Hi-C config with the block of key replaced by block.
	hic := func(key, block string) string {
		s := hicTop
		for _, k := range []string{"alpha", "delta", "commitment", "follower"} {
			if k == key {
				s += block
			} else {
				s += hicKeys[k]
			}
		}
		if key == "" {
			s += block
		}
		return s + hicEnd
	}
	cases := []keyCase{
		{"name", "name: [1] # bad\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n", "name: need text"},
		{"seed", "seed: -1 # bad\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n", "seed: -1 is outside the range of uint64"},
		{"iterations", "game: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 0 # bad\n", "iterations: 0 is not a valid count"},
		{"stages", strings.Replace(hic("", ""), "stages: 1000\n", "stages: x # bad\n", 1), "stages: x is not an integer"},
		{"record_every", "game: {builtin: duopoly}\ndynamics: {kind: sga}\nrecord_every: -3 # bad\n", "record_every: -3 is not a valid count"},
		{"record", "game: {builtin: duopoly}\ndynamics: {kind: sga}\nrecord: 5 # bad\n", "record: need a mapping"},
		{"record.tensorboard", "game: {builtin: duopoly}\ndynamics: {kind: sga}\nrecord:\n  tensorboard: 1 # bad\n", "record.tensorboard: 1 is not true or false"},
		{"init", "game: {builtin: duopoly}\ndynamics: {kind: sga}\ninit: [1] # bad\n", "init: need a mapping"},
		{"init.x", "game: {builtin: duopoly}\ndynamics: {kind: sga}\ninit:\n  x: [1, 2] # bad\n", "init.x has 2 values"},
		{"init.y", "game: {builtin: duopoly}\ndynamics: {kind: sga}\ninit:\n  y: [.nan] # bad\n", "init.y[0] = NaN: need a finite number"},
		{"init.uniform", "game: {builtin: duopoly}\ndynamics: {kind: sga}\ninit:\n  uniform: 3 # bad\n", "init.uniform: need a mapping"},
		{"init.uniform.x", "game: {builtin: duopoly}\ndynamics: {kind: sga}\ninit:\n  uniform:\n    x: [[5, 1]] # bad\n", "init.uniform.x[0] = [5 1]: need [lo, hi] with lo ≤ hi"},
		{"init.uniform.y", "game: {builtin: duopoly}\ndynamics: {kind: sga}\ninit:\n  uniform:\n    y: [[0, .inf]] # bad\n", "init.uniform.y[0][1] = +Inf: need a finite number"},

		{"game", "game: 5 # bad\ndynamics: {kind: sga}\n", "game: need a mapping"},
		{"game.builtin", "dynamics: {kind: sga}\ngame:\n  builtin: nope # bad\n", `game.builtin = "nope": unknown built-in game (valid: ac-toy, bimatrix, cournot, duopoly, quadratic, soft-ac-toy, torus)`},
		{"game.params", "dynamics: {kind: sga}\ngame:\n  builtin: duopoly\n  params: 5 # bad\n", "game.params: need a mapping"},
		{"game.sense", fmt.Sprintf(form, "") + "# bad\n", ""}, // replaced below
		{"game.dims", fmt.Sprintf(form, "  dims: [0, 1] # bad\n"), "game.dims = [0 1]: need [leader, follower] dimensions ≥ 1"},
		{"game.f1", "game:\n  sense: cost\n  f1: \"x[0]^2\" # bad\n  f2: \"y[0]*y[0] + x[0]\"\ndynamics: {kind: sga}\n", `game: f1: unsupported operator "^"`},
		{"game.f2", "game:\n  sense: cost\n  f1: \"x[0]*x[0]\"\n  f2: \"y[0] + z\" # bad\ndynamics: {kind: sga}\n", `game: f2: unknown identifier "z"`},
		{"game.domain", fmt.Sprintf(form, "  domain: 5 # bad\n"), "game.domain: need a mapping"},
		{"game.domain.torus", fmt.Sprintf(form, "  domain:\n    torus: 3 # bad\n"), "game.domain.torus: 3 is not true or false"},
		{"game.domain.x", fmt.Sprintf(form, "  domain:\n    x: {torus: true, simplex: true} # bad\n"), "game.domain.x: give exactly one of box, torus or simplex"},
		{"game.domain.x.box", fmt.Sprintf(form, "  domain:\n    x:\n      box: [[1, 0]] # bad\n"), "game.domain.x: box dimension 0: bounds [1, 0] are not finite and ordered"},
		{"game.domain.x.torus", fmt.Sprintf(form, "  domain:\n    x:\n      torus: 2 # bad\n"), "game.domain.x.torus: 2 is not true or false"},
		{"game.domain.x.simplex", fmt.Sprintf(form, "  domain:\n    x:\n      simplex: [] # bad\n"), "game.domain.x.simplex: need true or false"},
		{"game.domain.y", fmt.Sprintf(form, "  domain:\n    y: [] # bad\n"), "game.domain.y: need a mapping"},
		{"game.domain.y.box", fmt.Sprintf(form, "  domain:\n    y:\n      box: [[0, .inf]] # bad\n"), "game.domain.y: box dimension 0: bounds [0, +Inf] are not finite and ordered"},
		{"game.domain.y.torus", fmt.Sprintf(form, "  domain:\n    y:\n      torus: \"yes\" # bad\n"), `game.domain.y.torus: "yes" is not true or false`},
		{"game.domain.y.simplex", fmt.Sprintf(form, "  domain:\n    y:\n      simplex: 0 # bad\n"), "game.domain.y.simplex: 0 is not true or false"},
		{"game.markov", "dynamics: {kind: stackelberg-pg}\ngame:\n  markov: nofile.yaml # bad\n", "game.markov: markov: open"},
		{"game.markov_builtin", "dynamics: {kind: stackelberg-pg}\ngame:\n  markov_builtin: nope # bad\n", `game.markov_builtin: markov: unknown built-in game "nope"`},

		{"dynamics", "game: {builtin: duopoly}\ndynamics: sga # bad\n", "dynamics: need a block of keys"},
		{"dynamics.kind", "game: {builtin: duopoly}\ndynamics:\n  kind: nope # bad\n", `dynamics.kind = "nope": need one of`},
		{"dynamics.noise", fmt.Sprintf(smooth, "sga", "  noise: 1 # bad\n"), "dynamics.noise: need a mapping"},
		{"dynamics.noise.leader", fmt.Sprintf(smooth, "sga", "  noise:\n    leader: .nan # bad\n"), "dynamics.noise.leader = NaN: need a finite standard deviation ≥ 0"},
		{"dynamics.noise.follower", fmt.Sprintf(smooth, "sga", "  noise:\n    follower: -1 # bad\n"), "dynamics.noise.follower = -1: standard deviations must be ≥ 0"},
		{"dynamics.step_tol", fmt.Sprintf(smooth, "sga", "  step_tol: -1 # bad\n"), "dynamics.step_tol = -1: need a finite number ≥ 0"},
		{"dynamics.unroll", fmt.Sprintf(smooth, "stackelberg", "  unroll: -1 # bad\n"), "dynamics.unroll = -1: need ≥ 1"},
		{"dynamics.leader", fmt.Sprintf(smooth, "stackelberg", "  leader: z # bad\n"), `dynamics.leader = "z": need x`},
		{"dynamics.solver", fmt.Sprintf(smooth, "stackelberg", "  solver: exact # bad\n"), "dynamics.solver: need a mapping"},
		{"dynamics.solver.kind", fmt.Sprintf(smooth, "stackelberg", "  solver:\n    kind: foo # bad\n"), `dynamics.solver.kind: unknown solver "foo"`},
		{"dynamics.solver.lambda", fmt.Sprintf(smooth, "stackelberg", "  solver:\n    kind: exact\n    lambda: -1 # bad\n"), "dynamics.solver.lambda: -1 is not a finite non-negative number"},
		{"dynamics.solver.iters", fmt.Sprintf(smooth, "stackelberg", "  solver:\n    kind: cg\n    iters: -1 # bad\n"), "dynamics.solver.iters: -1 is negative"},
		{"dynamics.solver.tol", fmt.Sprintf(smooth, "stackelberg", "  solver:\n    kind: cg\n    tol: .nan # bad\n"), "dynamics.solver.tol: NaN is not a finite non-negative number"},
		{"dynamics.solver.steps", fmt.Sprintf(smooth, "stackelberg", "  solver:\n    kind: unrolled\n    lr: 0.1\n    steps: 0 # bad\n"), "dynamics.solver.steps: 0: the unrolled solver needs steps ≥ 1"},
		{"dynamics.solver.lr", fmt.Sprintf(smooth, "stackelberg", "  solver:\n    kind: unrolled\n    steps: 1\n    lr: 0 # bad\n"), "dynamics.solver.lr: 0: the unrolled solver needs a finite step lr > 0"},
		{"dynamics.lookahead", fmt.Sprintf(smooth, "lola", "  lookahead: .nan # bad\n"), "dynamics.lookahead: value NaN at iteration 1 is not a finite non-negative number"},
		{"dynamics.gamma", fmt.Sprintf(smooth, "consensus", "  gamma: -1 # bad\n"), "dynamics.gamma: -1 is not a finite non-negative number"},
		{"dynamics.lambda", fmt.Sprintf(smooth, "symplectic", "  lambda: -1 # bad\n"), "dynamics.lambda: -1 is not a finite non-negative number"},
		{"dynamics.align", fmt.Sprintf(smooth, "symplectic", "  align: 2 # bad\n"), "dynamics.align: 2 is not true or false"},

		{"dynamics.burn_in", hic("", "  burn_in: -1 # bad\n"), "dynamics.burn_in = -1 must be ≥ 0"},
		{"dynamics.baseline", hic("", "  baseline: sometimes # bad\n"), `dynamics.baseline = "sometimes": need none, previous or {ema: decay}`},
		{"dynamics.follower.kind", hic("follower", "  follower:\n    kind: jump # bad\n    lr: 0.1\n"), `dynamics.follower.kind = "jump": need gradient, noisy-gradient or best-response`},
		{"dynamics.follower.lr", hic("follower", "  follower:\n    kind: gradient\n    lr: -1 # bad\n"), "dynamics.follower.lr = -1: need > 0"},
		{"dynamics.follower.noise", hic("follower", "  follower:\n    kind: noisy-gradient\n    lr: 0.1\n    noise: -1 # bad\n"), "dynamics.follower.noise = -1: a noisy-gradient follower needs noise > 0"},
		{"dynamics.follower", hic("follower", "  follower: gradient # bad\n"), "dynamics.follower: need a mapping"},
		{"dynamics.follower.tol", hic("follower", "  follower:\n    kind: best-response\n    lr: 0.1\n    tol: -1 # bad\n"), "dynamics.follower.tol = -1: need a finite number ≥ 0"},
		{"dynamics.follower.max_iter", hic("follower", "  follower:\n    kind: best-response\n    lr: 0.1\n    max_iter: -1 # bad\n"), "dynamics.follower.max_iter = -1: need 0 (10000) to 100000 inner steps a stage"},
		{"dynamics.commitment.eq19", hic("commitment", "  commitment:\n    eq19: 1 # bad\n"), "dynamics.commitment.eq19: need a mapping"},
		{"dynamics.commitment.eq19.beta", hic("commitment", "  commitment:\n    eq19: # bad\n      beta: -1\n      mu: 2\n      B: 100\n      p: 0.5\n"), "dynamics.commitment: eq19: beta·mu = -1·2 must lie in (0, 1)"},
		{"dynamics.commitment.eq19.mu", hic("commitment", "  commitment:\n    eq19:\n      beta: 0.1\n      mu: x # bad\n      B: 100\n      p: 0.5\n"), "dynamics.commitment.eq19.mu: x is not a number"},
		{"dynamics.commitment.eq19.B", hic("commitment", "  commitment:\n    eq19:\n      beta: 0.1\n      mu: 2\n      B: [] # bad\n      p: 0.5\n"), "dynamics.commitment.eq19.B: need a number"},
		{"dynamics.commitment.eq19.p", hic("commitment", "  commitment:\n    eq19:\n      beta: 0.1\n      mu: 2\n      B: 100\n      p: \"0.5\" # bad\n"), `dynamics.commitment.eq19.p: "0.5" is quoted text where a number is expected`},

		{"dynamics.estimator", fmt.Sprintf(markov, "  estimator: x # bad\n"), `dynamics.estimator = "x": need one of exact, sampled`},
		{"dynamics.batch", fmt.Sprintf(markov, "  estimator: sampled\n  batch: -1 # bad\n"), "dynamics.batch = -1: the trajectories per iteration must be positive"},
		{"dynamics.horizon", fmt.Sprintf(markov, "  estimator: sampled\n  horizon: -1 # bad\n"), "dynamics.horizon = -1: the trajectory length must be positive"},
		{"dynamics.step_rule", fmt.Sprintf(markov, "  step_rule: x # bad\n"), `dynamics.step_rule = "x": need fixed or backtracking`},
		{"dynamics.reg", fmt.Sprintf(markov, "  reg: -1 # bad\n"), "dynamics.reg = -1: the regularisation of the follower-Hessian inverse must be a finite number ≥ 0"},
		{"dynamics.hessian", fmt.Sprintf(markov, "  estimator: sampled\n  hessian: x # bad\n"), `dynamics.hessian = "x": need estimate or entropy-floor`},

		{"rl", "rl: stac # bad\n", "rl: need a mapping"},
		{"rl.env", "rl:\n  algo: stac\n  env: CartPole-v9 # bad\n", `rl.env: unknown environment "CartPole-v9"`},
		{"rl.algo", "rl:\n  env: CartPole-v1\n  algo: bogus # bad\n", `rl.algo: unknown algorithm "bogus"`},
		{"rl.leader", fmt.Sprintf(rl, "  leader: nobody # bad\n"), `rl.leader: "nobody" is not actor or critic`},
		{"rl.steps", fmt.Sprintf(rl, "  steps: -1 # bad\n"), "rl.steps: -1 must be positive"},
		{"rl.steps_per_epoch", fmt.Sprintf(rl, "  steps_per_epoch: -1 # bad\n"), "rl.steps_per_epoch: -1 must be positive"},
		{"rl.hidden", fmt.Sprintf(rl, "  hidden: [64, 0] # bad\n"), "rl.hidden[1]: 0 must be positive"},
		{"rl.cg", fmt.Sprintf(rl, "  cg: 10 # bad\n"), "rl.cg: need a mapping"},
		{"rl.cg.iters", fmt.Sprintf(rl, "  cg:\n    iters: -1 # bad\n"), "rl.cg.iters: -1 must be positive"},
		{"rl.cg.lambda", fmt.Sprintf(rl, "  cg:\n    lambda: .nan # bad\n"), "rl.cg.lambda: NaN must be a finite non-negative number"},
		{"rl.unroll", fmt.Sprintf(rl, "  unroll: -1 # bad\n"), "rl.unroll: -1 must be positive"},
		{"rl.options", fmt.Sprintf(rl, "  options:\n    gamma: 1.5 # bad\n"), "rl.options.gamma: 1.5 outside [0, 1]"},
		{"rl.checkpoint_every", fmt.Sprintf(rl, "  checkpoint_every: -1 # bad\n"), "rl.checkpoint_every: -1 must be positive"},
		// 0 is refused as well, so the message of a negative one does not
		// say "must not be negative" (as it did before session 39).
		{"rl.checkpoint_every", fmt.Sprintf(rl, "  checkpoint_every: 0 # bad\n"), "rl.checkpoint_every: 0 is not a valid count"},
		{"rl.dtype", fmt.Sprintf(rl, "  dtype: float16 # bad\n"), `rl.dtype: dtype "float16": want float32 or float64`},
		{"rl.threads", fmt.Sprintf(rl, "  threads: -1 # bad\n"), "rl.threads: -1 must not be negative"},
	}
	cases[16] = keyCase{"game.sense", "game:\n  sense: maybe # bad\n  f1: \"x[0]*x[0]\"\n  f2: \"y[0]*y[0] + x[0]\"\ndynamics: {kind: sga}\n", `game.sense = "maybe": need payoff or cost`}

	// The schedules: leader_lr and follower_lr (a smooth kind), alpha,
	// delta and commitment (hic).
	for _, s := range []string{"leader_lr", "follower_lr", "alpha", "delta", "commitment"} {
		wrap := func(block string) string {
			if s == "leader_lr" || s == "follower_lr" {
				return fmt.Sprintf(smooth, "sga", block)
			}
			return hic(s, block)
		}
		p := "dynamics." + s
		cases = append(cases,
			keyCase{p, wrap("  " + s + ": 0.1 # bad\n"), p + ": need a mapping"},
			constantCase(s, p, wrap),
			keyCase{p + ".log", wrap("  " + s + ":\n    log: 2 # bad\n"), p + ".log: need a mapping"},
			keyCase{p + ".log.a", wrap("  " + s + ":\n    log:\n      a: -1 # bad\n      b: 1\n"), p + ": a = -1 is negative"},
			keyCase{p + ".log.b", wrap("  " + s + ":\n    log:\n      a: 1\n      b: .nan # bad\n"), p + ": b = NaN is not a finite number"},
			keyCase{p + ".power", wrap("  " + s + ":\n    power: [] # bad\n"), p + ".power: need a mapping"},
			keyCase{p + ".power.a", wrap("  " + s + ":\n    power:\n      a: .inf # bad\n      b: 1\n      p: 1\n"), p + ": a = +Inf is not a finite number"},
			keyCase{p + ".power.b", wrap("  " + s + ":\n    power:\n      a: 1\n      b: .nan # bad\n      p: 1\n"), p + ": b = NaN is not a finite number"},
			keyCase{p + ".power.p", wrap("  " + s + ":\n    power:\n      a: 1\n      b: 1\n      p: .nan # bad\n"), p + ": p = NaN is not a finite number"},
		)
		if s != "commitment" {
			cases = append(cases, keyCase{p + ".list", wrap("  " + s + ":\n    list: [] # bad\n"), p + ".list is empty"})
		}
	}
	return append(cases, negotiationKeyCases()...)
}

// negotiationKeyCases are the bad-value cases of a `kind: negotiation`
// block's keys: its meta schedules count meta-intervals, its Hi-C
// schedules Hi-C's intervals.
func negotiationKeyCases() []keyCase {
	blocks := map[string]string{
		"meta":           "  meta:\n    beta: {constant: 0.0001}\n    kappa: {constant: 0.3}\n    tau: {constant: 100}\n",
		"hic":            "  hic:\n    alpha: {constant: 0.003}\n    delta: {constant: 0.5}\n    commitment: {constant: 5}\n",
		"gradient":       "  gradient: {lr: 0.1}\n",
		"meta_intervals": "  meta_intervals: 2\n",
	}
	// neg is a negotiation config with the block of section replaced by
	// block (or block added at the end of the section, with add).
	neg := func(section, block string, add bool) string {
		s := "game: {builtin: cournot}\ndynamics:\n  kind: negotiation\n"
		for _, k := range []string{"meta", "hic", "gradient", "meta_intervals"} {
			switch {
			case k != section:
				s += blocks[k]
			case add:
				s += blocks[k] + block
			default:
				s += block
			}
		}
		return s
	}
	// sub is the block of section with its key k replaced by block.
	sub := func(section, k, block string) string {
		var kept []string
		for _, l := range strings.Split(strings.TrimSuffix(blocks[section], "\n"), "\n") {
			if !strings.HasPrefix(l, "    "+k+":") {
				kept = append(kept, l)
			}
		}
		return neg(section, strings.Join(kept, "\n")+"\n"+block, false)
	}
	cases := []keyCase{
		{"dynamics.meta", neg("meta", "  meta: 5 # bad\n", false), "dynamics.meta: need a mapping"},
		{"dynamics.meta.w0", neg("meta", "    w0: .nan # bad\n", true), "dynamics.meta.w0 = NaN is not finite"},
		{"dynamics.meta.baseline", neg("meta", "    baseline: last # bad\n", true), `dynamics.meta.baseline = "last": need none, previous or {ema: decay}`},
		{"dynamics.meta_intervals", neg("meta_intervals", "  meta_intervals: -1 # bad\n", false), "dynamics.meta_intervals = -1: need > 0"},
		{"dynamics.hic", neg("hic", "  hic: 5 # bad\n", false), "dynamics.hic: need a mapping"},
		{"dynamics.hic.baseline", neg("hic", "    baseline: {ema: 2} # bad\n", true), "dynamics.hic.baseline: ema decay 2 must lie in [0, 1)"},
		{"dynamics.hic.burn_in", neg("hic", "    burn_in: -1 # bad\n", true), "dynamics.hic.burn_in = -1 must be ≥ 0"},
		{"dynamics.hic.commitment", sub("hic", "commitment", "    commitment: 5 # bad\n"), "dynamics.hic.commitment: need a mapping"},
		{"dynamics.hic.commitment.constant", sub("hic", "commitment", "    commitment:\n      constant: 0.5 # bad\n"), "dynamics.hic.commitment.constant = 0.5: need a number of stages ≥ 1"},
		{"dynamics.hic.commitment.log", sub("hic", "commitment", "    commitment:\n      log: 2 # bad\n"), "dynamics.hic.commitment.log: need a mapping"},
		{"dynamics.hic.commitment.log.a", sub("hic", "commitment", "    commitment:\n      log:\n        a: -1 # bad\n        b: 1\n"), "dynamics.hic.commitment: a = -1 is negative"},
		{"dynamics.hic.commitment.log.b", sub("hic", "commitment", "    commitment:\n      log:\n        a: 1\n        b: .nan # bad\n"), "dynamics.hic.commitment: b = NaN is not a finite number"},
		{"dynamics.hic.commitment.power", sub("hic", "commitment", "    commitment:\n      power: [] # bad\n"), "dynamics.hic.commitment.power: need a mapping"},
		{"dynamics.hic.commitment.power.a", sub("hic", "commitment", "    commitment:\n      power:\n        a: .inf # bad\n        b: 1\n        p: 1\n"), "dynamics.hic.commitment: a = +Inf is not a finite number"},
		{"dynamics.hic.commitment.power.b", sub("hic", "commitment", "    commitment:\n      power:\n        a: 1\n        b: .nan # bad\n        p: 1\n"), "dynamics.hic.commitment: b = NaN is not a finite number"},
		{"dynamics.hic.commitment.power.p", sub("hic", "commitment", "    commitment:\n      power:\n        a: 1\n        b: 1\n        p: .nan # bad\n"), "dynamics.hic.commitment: p = NaN is not a finite number"},
		{"dynamics.gradient", neg("gradient", "  gradient: 0.1 # bad\n", false), "dynamics.gradient: need a mapping"},
		{"dynamics.gradient.lr", neg("gradient", "  gradient:\n    lr: -1 # bad\n", false), "dynamics.gradient.lr = -1: need a finite number > 0"},
	}
	for _, sc := range []struct{ section, key, index, sign string }{
		{"meta", "beta", "meta-interval n", "non-negative"}, {"meta", "kappa", "meta-interval n", "positive"}, {"meta", "tau", "meta-interval n", "positive"},
		{"hic", "alpha", "interval n", "non-negative"}, {"hic", "delta", "interval n", "positive"},
	} {
		p := "dynamics." + sc.section + "." + sc.key
		w := func(block string) string { return sub(sc.section, sc.key, block) }
		k := sc.key
		cases = append(cases,
			keyCase{p, w("    " + k + ": 0.1 # bad\n"), p + ": need a mapping"},
			keyCase{p + ".constant", w("    " + k + ": # bad\n      constant: -1\n"), p + ": value -1 at " + sc.index + " = 1 is not a finite " + sc.sign + " number"},
			keyCase{p + ".list", w("    " + k + ":\n      list: [] # bad\n"), p + ".list is empty"},
			keyCase{p + ".log", w("    " + k + ":\n      log: 2 # bad\n"), p + ".log: need a mapping"},
			keyCase{p + ".log.a", w("    " + k + ":\n      log:\n        a: -1 # bad\n        b: 1\n"), p + ": a = -1 is negative"},
			keyCase{p + ".log.b", w("    " + k + ":\n      log:\n        a: 1\n        b: .nan # bad\n"), p + ": b = NaN is not a finite number"},
			keyCase{p + ".power", w("    " + k + ":\n      power: [] # bad\n"), p + ".power: need a mapping"},
			keyCase{p + ".power.a", w("    " + k + ":\n      power:\n        a: .inf # bad\n        b: 1\n        p: 1\n"), p + ": a = +Inf is not a finite number"},
			keyCase{p + ".power.b", w("    " + k + ":\n      power:\n        a: 1\n        b: .nan # bad\n        p: 1\n"), p + ": b = NaN is not a finite number"},
			keyCase{p + ".power.p", w("    " + k + ":\n      power:\n        a: 1\n        b: 1\n        p: .nan # bad\n"), p + ": p = NaN is not a finite number"},
		)
	}
	return cases
}

// constantCase is the bad-value case of schedule s's constant (key p):
// "value -1 at iteration 1" for a smooth run's step sizes, "at interval
// n = 1" for Hi-C's, whose schedules count intervals; a Hi-C commitment's
// constant, which must be at least one stage, at the constant's own line.
func constantCase(s, p string, wrap func(string) string) keyCase {
	switch s {
	case "leader_lr", "follower_lr":
		return keyCase{p + ".constant", wrap("  " + s + ": # bad\n    constant: -1\n"), p + ": value -1 at iteration 1 is not a finite"}
	case "commitment":
		return keyCase{p + ".constant", wrap("  " + s + ":\n    constant: -1 # bad\n"), p + ".constant = -1: need a number of stages ≥ 1"}
	}
	return keyCase{p + ".constant", wrap("  " + s + ": # bad\n    constant: -1\n"), p + ": value -1 at interval n = 1 is not a finite"}
}

// TestEveryKeyBadValueNamesKeyAndLine feeds one bad value for every key
// the parser accepts (configKeyPaths) and checks that the refusal —
// from LoadConfig, or from Check as the CLI locates it — names the key at
// its own line, "c.yaml: config: line N: KEY…". Before session 39 an
// unknown game.builtin was reported as "game: unknown built-in game" at
// the line of game, and a schedule's parameter (leader_lr.power.b) at the
// line of the schedule.
func TestEveryKeyBadValueNamesKeyAndLine(t *testing.T) {
	cases := badKeyCases()
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.key] = true
	}
	for _, k := range configKeyPaths() {
		if !covered[k] {
			t.Errorf("no bad-value case for key %s", k)
		}
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			line := 0
			for i, l := range strings.Split(c.src, "\n") {
				if strings.HasSuffix(l, "# bad") {
					line = i + 1
				}
			}
			if line == 0 {
				t.Fatalf("no line marked # bad in %q", c.src)
			}
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfig(path)
			if err == nil {
				err = cfg.Locate(Check(cfg))
			}
			want := fmt.Sprintf("%s: config: line %d: %s", path, line, c.want)
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("config:\n%s\n got %v\nwant %s…", c.src, err, want)
			}
		})
	}
}

// TestREADMEDocumentsEveryConfigKey: every key the parser accepts is
// named in the README's configuration reference (as `key`, key: or
// {key …}), and every key of the reference's YAML examples is accepted.
func TestREADMEDocumentsEveryConfigKey(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "## Configuration (published interface)")
	end := strings.Index(text, "## MuJoCo environments")
	if start < 0 || end < start {
		t.Fatal("README: configuration reference not found")
	}
	ref := text[start:end]
	for _, p := range configKeyPaths() {
		name := p[strings.LastIndexByte(p, '.')+1:]
		q := regexp.QuoteMeta(name)
		re := regexp.MustCompile("`" + q + "`|(^|[\\s{,(`])" + q + ":|[{,] ?" + q + "[,}]")
		if !re.MatchString(ref) {
			t.Errorf("key %s (%s) is accepted but not documented in the README's configuration reference", p, name)
		}
	}
}

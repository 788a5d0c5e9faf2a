package experiment

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/learn"
)

// TestBaselineDynamicsConfigs: extragradient and consensus are reachable
// from a config (the published shape `dynamics: {kind: …}` with the usual
// leader_lr / follower_lr, consensus with gamma), their keys are strict,
// and on the duopoly (a strongly monotone game) both
// end at the Nash equilibrium ((A + c2 − 2c1)/3, (A + c1 − 2c2)/3) =
// (30.6667, 33.6667) within 1e-6.
func TestBaselineDynamicsConfigs(t *testing.T) {
	for _, dyn := range []string{"{kind: extragradient, leader_lr: {constant: 0.2}, follower_lr: {constant: 0.2}}",
		"{kind: consensus, gamma: 0.5, leader_lr: {constant: 0.2}, follower_lr: {constant: 0.2}}"} {
		cfg, err := ParseConfig([]byte("name: b\ngame: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}\ndynamics: " + dyn + "\niterations: 2000\ninit: {x: [10], y: [10]}\n"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := buildSmooth(cfg)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.run(context.Background(), 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.X[0]-92.0/3) > 1e-6 || math.Abs(res.Y[0]-101.0/3) > 1e-6 {
			t.Errorf("%s ends at (%v, %v), want the Nash equilibrium (30.6667, 33.6667)", dyn, res.X[0], res.Y[0])
		}
	}
	for _, c := range []struct{ dyn, want string }{
		{"{kind: extragradient, gamma: 1}", "dynamics.gamma is not used by kind extragradient"},
		{"{kind: sga, gamma: 1}", "dynamics.gamma is not used by kind sga"},
		{"{kind: consensus, solver: {kind: exact}}", "dynamics.solver is not used by kind consensus"},
		{"{kind: nope}", "extragradient"},
	} {
		_, err := ParseConfig([]byte("name: b\ngame: {builtin: duopoly}\ndynamics: " + c.dyn + "\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.dyn, err, c.want)
		}
	}
	cfg, _ := ParseConfig([]byte("name: b\ngame: {builtin: duopoly}\ndynamics: {kind: consensus, gamma: -1}\n"))
	if _, err := buildSmooth(cfg); err == nil || !strings.Contains(err.Error(), "gamma") {
		t.Errorf("negative gamma: %v", err)
	}
}

// TestUnrolledSolverConfig: `solver: {kind: unrolled, steps, lr}` selects
// the unrolled follower. On the duopoly the follower's cost Hessian is 2,
// so with lr = 0.25 the Neumann series contracts by |1 − 0.25·2| = 0.5 per
// step and 100 steps leave 0.5^100 ≈ 8e-31 of the implicit term: the run
// matches the exact solver's iterate by iterate (to 1e-9 relative; both
// end at the Stackelberg equilibrium (46, 26) to 1e-6). The keys are
// checked when the config is read.
func TestUnrolledSolverConfig(t *testing.T) {
	run := func(solver string) []float64 {
		t.Helper()
		cfg, err := ParseConfig([]byte("name: u\ngame: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}\n" +
			"dynamics: {kind: stackelberg, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.3}, solver: " + solver + "}\n" +
			"iterations: 400\ninit: {x: [10], y: [10]}\n"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := buildSmooth(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var path []float64
		r.set.RecordEvery = 1
		rec := learn.RecorderFunc(func(rc learn.Record) error {
			path = append(path, rc.X[0], rc.Y[0])
			return nil
		})
		if _, err := r.run(context.Background(), 1, rec); err != nil {
			t.Fatal(err)
		}
		return path
	}
	exact, unrolled := run("{kind: exact}"), run("{kind: unrolled, steps: 100, lr: 0.25}")
	if len(exact) != len(unrolled) || len(exact) != 2*401 {
		t.Fatalf("%d and %d recorded values", len(exact), len(unrolled))
	}
	for i := range exact {
		if math.Abs(exact[i]-unrolled[i]) > 1e-9*math.Abs(exact[i]) {
			t.Fatalf("value %d: exact %v, unrolled %v", i, exact[i], unrolled[i])
		}
	}
	if n := len(exact); math.Abs(exact[n-2]-46) > 1e-6 || math.Abs(exact[n-1]-26) > 1e-6 {
		t.Errorf("ends at (%v, %v), want (46, 26)", exact[n-2], exact[n-1])
	}
	for _, c := range []struct{ solver, want string }{
		{"{kind: unrolled, lr: 0.25}", "dynamics.solver: steps: missing"},
		{"{kind: unrolled, steps: 10}", "dynamics.solver: lr: missing"},
		{"{kind: cg, steps: 10}", "steps and lr are keys of the unrolled solver"},
		{"{kind: neumann}", `dynamics.solver.kind: unknown solver "neumann" (want "exact", "cg" or "unrolled")`},
		{"{lambda: -1}", `dynamics.solver.lambda: -1 is not a finite non-negative number`},
		{"{iters: 50, tol: 1e-3}", "iters and tol are keys of the cg solver, not of the exact one"},
		{"{kind: exact, iters: 10}", "iters and tol are keys of the cg solver"},
		{"{kind: unrolled, steps: 10, lr: 0.1, step: 3}", `unknown field "step"`},
	} {
		_, err := ParseConfig([]byte("name: b\ngame: {builtin: duopoly}\ndynamics: {kind: stackelberg, solver: " + c.solver + "}\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.solver, err, c.want)
		}
	}
	// A solver without a kind is the exact one, as its absence is: λ
	// alone is a valid block.
	if _, err := ParseConfig([]byte("name: b\ngame: {builtin: duopoly}\ndynamics: {kind: stackelberg, solver: {lambda: 0.1}}\n")); err != nil {
		t.Errorf("solver {lambda: 0.1}: %v", err)
	}
}

// TestDynamicsAliasesToEarlierAnchors: an alias inside the dynamics block
// may refer to an anchor defined earlier in the document, under a kind's
// own key (consensus gamma, stackelberg unroll) as under a shared key
// (leader_lr), and is checked as the key it stands under; an anchor under
// an unknown key is reported as the unknown key, not as a missing anchor.
func TestDynamicsAliasesToEarlierAnchors(t *testing.T) {
	cfg := func(dyn string) string {
		return "seed: &g 3\ngame: {builtin: duopoly}\ndynamics: " + dyn + "\niterations: 10\n"
	}
	gamma := func(c *Config) float64 { return c.Dynamics.Params.(*learn.ConsensusParams).Gamma }
	for _, a := range []struct {
		name, src string
		got       func(*Config) float64
		want      float64
	}{
		{"consensus gamma: *g", cfg("{kind: consensus, gamma: *g}"), gamma, 3},
		{"stackelberg unroll: *g", cfg("{kind: stackelberg, unroll: *g}"),
			func(c *Config) float64 { return float64(c.Dynamics.Params.(*learn.StackelbergParams).Unroll) }, 3},
		{"shared key", cfg("{kind: sga, leader_lr: {constant: *g}}"),
			func(c *Config) float64 { return *c.Dynamics.LeaderLR.Constant }, 3},
		// A block-style block, the anchor in a list.
		{"block style", "init: {x: [&x 0.25], y: [1]}\ngame: {builtin: duopoly}\ndynamics:\n  kind: consensus\n  gamma: *x\n  leader_lr: {constant: *x}\niterations: 10\n", gamma, 0.25},
	} {
		c, err := ParseConfig([]byte(a.src))
		if err != nil {
			t.Errorf("%s: %v", a.name, err)
			continue
		}
		if got := a.got(c); got != a.want {
			t.Errorf("%s: decoded %v, want %v", a.name, got, a.want)
		}
	}
	for _, e := range []struct {
		name, src string
		want      []string
	}{
		{"fraction through an alias in an integer key",
			"init: {x: [&f 1.5], y: [1]}\ngame: {builtin: duopoly}\ndynamics: {kind: stackelberg, unroll: *f}\n",
			[]string{"dynamics.unroll: 1.5 is not an integer"}},
		{"unknown key holding the anchor",
			"lr: &l {constant: 1}\ngame: {builtin: duopoly}\ndynamics: {kind: sga, leader_lr: *l}\niterations: 10\n",
			[]string{`unknown field "lr"`, "[1:1]"}},
		{"unknown key holding the anchor of a kind's key",
			"game: {builtin: duopoly}\nlr: &l 2\ndynamics: {kind: stackelberg, unroll: *l}\n",
			[]string{`unknown field "lr"`, "[2:1]"}},
	} {
		_, err := ParseConfig([]byte(e.src))
		if err == nil {
			t.Errorf("%s: accepted", e.name)
			continue
		}
		for _, w := range e.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", e.name, err, w)
			}
		}
		if strings.Contains(err.Error(), "could not find alias") {
			t.Errorf("%s: error %q reports a missing anchor", e.name, err)
		}
	}
}

package experiment_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
)

// This file proves issue 11's "adding a dynamic is one file plus a
// registration" from outside package learn and without touching a shared
// struct: a heavy-ball variant of simultaneous gradient play with a key
// of its own (momentum) is registered here, in a test file, and then runs
// from a YAML configuration like any built-in kind.

// heavyBallParams are the test kind's own config keys.
type heavyBallParams struct {
	// Momentum is β ∈ [0, 1).
	Momentum float64 `yaml:"momentum"`
}

// Validate rejects β outside [0, 1).
func (p *heavyBallParams) Validate() error {
	if !(p.Momentum >= 0 && p.Momentum < 1) {
		return fmt.Errorf("momentum = %g: need 0 ≤ β < 1", p.Momentum)
	}
	return nil
}

// heavyBall is simultaneous gradient play with heavy-ball momentum on the
// players' costs (Polyak 1964):
//
//	x_{k+1} = x_k − γ_{1,k} D1 f1(x_k, y_k) + β(x_k − x_{k−1})
//	y_{k+1} = y_k − γ_{2,k} D2 f2(x_k, y_k) + β(y_k − y_{k−1})
//
// with x_0 = x_{−1}. Gradients come from an ad tape recorded each step.
type heavyBall struct {
	g            game.Game
	r            learn.Rates
	beta         float64
	prevX, prevY []float64
}

func (h *heavyBall) Step(_ context.Context, k int, x, y []float64, _ *rand.Rand) (learn.StepInfo, error) {
	if h.prevX == nil {
		h.prevX, h.prevY = append([]float64(nil), x...), append([]float64(nil), y...)
	}
	tp := ad.NewTape()
	xn, yn := tp.VarVec(x...), tp.VarVec(y...)
	gx := ad.Grad(h.g.F1(xn, yn), xn)[0].Data()
	gy := ad.Grad(h.g.F2(xn, yn), yn)[0].Data()
	g1, g2 := h.r.Leader.At(k), h.r.Follower.At(k)
	for i := range x {
		x[i], h.prevX[i] = x[i]-g1*gx[i]+h.beta*(x[i]-h.prevX[i]), x[i]
	}
	for i := range y {
		y[i], h.prevY[i] = y[i]-g2*gy[i]+h.beta*(y[i]-h.prevY[i]), y[i]
	}
	return learn.StepInfo{}, nil
}

func init() {
	learn.RegisterKind(learn.NewKind("test-heavy-ball", func(g game.Game, r learn.Rates, p *heavyBallParams) (learn.Dynamics, error) {
		if g.Sense() != game.Cost {
			return nil, fmt.Errorf("test-heavy-ball: cost games only")
		}
		return &heavyBall{g: g, r: r, beta: p.Momentum}, nil
	}))
}

// heavyBallYAML runs the test kind on the quadratic cost game
// f1 = a x²/2 + xy, f2 = y²/2 − xy; the momentum key is on line 10.
const heavyBallYAML = `name: hb
game:
  sense: cost
  dims: [1, 1]
  f1: "0.5*a*x[0]*x[0] + x[0]*y[0]"
  f2: "0.5*y[0]*y[0] - x[0]*y[0]"
  params: {a: 2}
dynamics:
  kind: test-heavy-ball
  momentum: 0.5
  leader_lr: {constant: 0.1}
  follower_lr: {constant: 0.2}
iterations: 40
record_every: 1
init: {x: [1], y: [-1]}
`

// TestRegisteredKindRunsFromYAML: the kind registered above parses from
// YAML (its own key into its own type), survives the job round trip
// (NewJob's canonical text reads back to the same parameters), and its run
// follows the heavy-ball recurrence computed here by hand with the
// closed-form gradients D1 f1 = a x + y, D2 f2 = y − x (every recorded row
// to 1e-12 relative).
func TestRegisteredKindRunsFromYAML(t *testing.T) {
	cfg, err := experiment.ParseConfig([]byte(heavyBallYAML))
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := cfg.Dynamics.Params.(*heavyBallParams); !ok || p.Momentum != 0.5 {
		t.Fatalf("parameters %#v, want *heavyBallParams{Momentum: 0.5}", cfg.Dynamics.Params)
	}
	job, err := experiment.NewJob(cfg, 0, "hb")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(job.Config, "momentum: 0.5") {
		t.Errorf("canonical text lacks the kind's key:\n%s", job.Config)
	}
	back, err := job.ParseConfig()
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := back.Dynamics.Params.(*heavyBallParams); !ok || p.Momentum != 0.5 {
		t.Fatalf("read back: parameters %#v", back.Dynamics.Params)
	}
	dir := t.TempDir()
	if _, err := experiment.Run(context.Background(), back, experiment.RunOptions{Out: dir}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
	if len(rows) != 41 {
		t.Fatalf("%d rows, want 41 (start and 40 iterations)", len(rows))
	}
	const a, beta, g1, g2 = 2.0, 0.5, 0.1, 0.2
	x, y, px, py := 1.0, -1.0, 1.0, -1.0
	for k, row := range rows {
		f := strings.Split(row, ",")
		gotX, _ := strconv.ParseFloat(f[1], 64)
		gotY, _ := strconv.ParseFloat(f[2], 64)
		if math.Abs(gotX-x) > 1e-12*math.Max(1, math.Abs(x)) || math.Abs(gotY-y) > 1e-12*math.Max(1, math.Abs(y)) {
			t.Fatalf("iteration %d: (x, y) = (%g, %g), want (%g, %g)", k, gotX, gotY, x, y)
		}
		dx, dy := a*x+y, y-x
		x, px = x-g1*dx+beta*(x-px), x
		y, py = y-g2*dy+beta*(y-py), y
	}
}

// TestDynamicsKeyErrors: the dynamics block is decoded strictly by its
// kind's type; each error names the key, the kind and the line.
func TestDynamicsKeyErrors(t *testing.T) {
	set := func(line string) string {
		return strings.Replace(heavyBallYAML, "  momentum: 0.5\n", line, 1)
	}
	for _, c := range []struct {
		name, src string
		want      []string // substrings of the error; none: accepted
	}{
		{"unknown key of the new kind", set("  momentun: 0.5\n"), []string{"line 10", "dynamics.momentun", "unknown key for kind test-heavy-ball", "momentum"}},
		{"the new key on another kind", strings.Replace(heavyBallYAML, "kind: test-heavy-ball", "kind: sga", 1), []string{"line 10", "dynamics.momentum is not used by kind sga"}},
		{"another kind's key, zero", strings.Replace(set("  momentum: 0\n"), "kind: test-heavy-ball", "kind: sga", 1), nil},
		{"a stackelberg key on the new kind", set("  unroll: 3\n"), []string{"line 10", "dynamics.unroll is not used by kind test-heavy-ball"}},
		{"value checked by the kind", set("  momentum: 1.5\n"), []string{"dynamics.momentum = 1.5", "0 ≤ β < 1"}},
		{"value of the wrong type", set("  momentum: fast\n"), []string{"line 10", "dynamics.momentum: fast is not a number"}},
		{"unknown key of a built-in kind", strings.Replace(set("  gama: 1\n"), "kind: test-heavy-ball", "kind: consensus", 1), []string{"line 10", "dynamics.gama", "unknown key for kind consensus", "gamma"}},
		{"fraction in an integer key", strings.Replace(set("  unroll: 1.5\n"), "kind: test-heavy-ball", "kind: stackelberg", 1), []string{"line 10", "1.5 is not an integer"}},
		{"nested unknown key", strings.Replace(set("  solver: {kind: cg, lamda: 1}\n"), "kind: test-heavy-ball", "kind: stackelberg", 1), []string{"[10:", "lamda"}},
		{"unknown kind", strings.Replace(heavyBallYAML, "kind: test-heavy-ball", "kind: heavy-ball", 1), []string{"line 9", `dynamics.kind = "heavy-ball"`, "test-heavy-ball"}},
		{"missing kind", strings.Replace(heavyBallYAML, "  kind: test-heavy-ball\n", "", 1), []string{"dynamics.kind: missing"}},
	} {
		_, err := experiment.ParseConfig([]byte(c.src))
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
	}
}

// oldDynamicsBlock is the `dynamics:` block as configs saved before the
// kinds had their own types hold it (every key of every kind, unused ones
// with their zero values), after `kind: KIND` and the kind's own keys.
const oldDynamicsBlock = `  leader_lr: null
  follower_lr: null
  noise: null
  solver: null
  unroll: 0
  leader: ""
  lookahead: null
  step_tol: 0.0
  gamma: 0.0
  alpha: null
  delta: null
  commitment: null
  baseline: null
  follower: null
  burn_in: 0
  estimator: ""
  batch: 0
  horizon: 0
  reg: 0.0
  step_rule: ""
`

// TestOldSavedDynamicsBlocks: a saved config of the earlier flat form
// (every kind's keys, unused ones zero) still reads, for a smooth, a Hi-C
// and a Markov kind, to the same configuration as the block with only the
// kind's keys (the same canonical job text).
func TestOldSavedDynamicsBlocks(t *testing.T) {
	for _, c := range []struct{ head, own string }{
		{"game: {builtin: duopoly}\n", "  kind: sga\n"},
		{"game: {builtin: duopoly}\n", "  kind: consensus\n  gamma: 0.5\n"},
		{"game: {builtin: cournot}\nstages: 10\n", "  kind: hic\n  alpha: {constant: 0.1}\n  delta: {constant: 0.1}\n  commitment: {constant: 5}\n  follower: {kind: gradient, lr: 0.1}\n"},
		{"game: {markov_builtin: patrol}\n", "  kind: stackelberg-pg\n  reg: 0.5\n"},
	} {
		modern, err := experiment.ParseConfig([]byte("name: o\n" + c.head + "dynamics:\n" + c.own))
		if err != nil {
			t.Fatal(err)
		}
		var old strings.Builder
		old.WriteString("name: o\n" + c.head + "dynamics:\n" + c.own)
		for _, line := range strings.SplitAfter(oldDynamicsBlock, "\n") {
			key, _, _ := strings.Cut(strings.TrimSpace(line), ":")
			if key != "" && !strings.Contains(c.own, "  "+key+":") {
				old.WriteString(line)
			}
		}
		saved, err := experiment.ParseConfig([]byte(old.String()))
		if err != nil {
			t.Errorf("%s: the old form is refused: %v", strings.TrimSpace(c.own), err)
			continue
		}
		a, _ := experiment.NewJob(modern, 1, "x")
		b, _ := experiment.NewJob(saved, 1, "x")
		if a.ID != b.ID {
			t.Errorf("%s: the old form reads to another configuration:\n%s\n%s", strings.TrimSpace(c.own), a.Config, b.Config)
		}
	}
}

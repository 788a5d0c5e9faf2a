package experiment

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn/uncoupled"
	"github.com/stackel/stackel/loop"
)

// negotiationConfig56 is a role negotiation on the game "both prefer
// player 1 to lead" of the negotiation reproduction (f1 = −x²/2 + 4x +
// 4y, f2 = −y²/2 + xy/2 + y + x on [−10, 10]²), with a decreasing meta
// step, an EMA meta baseline and short meta-intervals.
const negotiationConfig56 = `name: neg
seed: 7
game:
  sense: payoff
  f1: "-x[0]*x[0]/2 + 4*x[0] + 4*y[0]"
  f2: "-y[0]*y[0]/2 + x[0]*y[0]/2 + y[0] + x[0]"
  domain: {x: {box: [[-10, 10]]}, y: {box: [[-10, 10]]}}
dynamics:
  kind: negotiation
  meta:
    beta: {power: {a: 0.02, b: 0, p: 0.5}}
    kappa: {constant: 0.3}
    tau: {list: [500, 700, 900]}
    w0: 0.7853981633974483
    baseline: {ema: 0.5}
  hic:
    alpha: {constant: 0.003}
    delta: {constant: 0.5}
    commitment: {constant: 10}
    baseline: previous
    burn_in: 2
  gradient: {lr: 0.1}
  meta_intervals: 12
init: {uniform: {x: [[-10, 10]], y: [[-10, 10]]}}
`

// readMetrics56 reads dir/metrics.csv as its header and rows of numbers.
func readMetrics56(t *testing.T, dir string) ([]string, [][]float64) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	var rows [][]float64
	for _, l := range lines[1:] {
		var row []float64
		for _, f := range strings.Split(l, ",") {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	return strings.Split(lines[0], ","), rows
}

// TestNegotiationConfigIsNegotiate56: a `kind: negotiation` config run
// is uncoupled.Negotiate on the same game, settings and random sources
// (player 1's NewRand(seed, 10), player 2's NewRand(seed, 11), each
// drawing its own start first): every number of metrics.csv, bit for bit,
// and summary.json's final state.
func TestNegotiationConfigIsNegotiate56(t *testing.T) {
	cfg, err := ParseConfig([]byte(negotiationConfig56))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err != nil {
		t.Fatal(err)
	}
	header, rows := readMetrics56(t, dir)
	if want := "n,stage,tau,w1,w2,p1_leads,p2_leads,led1,led2,a1,a2,x0,y0,f1,f2"; strings.Join(header, ",") != want {
		t.Fatalf("header %s, want %s", strings.Join(header, ","), want)
	}

	// The same negotiation through the Go API.
	g, err := game.NewFormula(game.FormulaSpec{Name: "f", Sense: game.Payoff, Dims: [2]int{1, 1},
		F1: "-x[0]*x[0]/2 + 4*x[0] + 4*y[0]", F2: "-y[0]*y[0]/2 + x[0]*y[0]/2 + y[0] + x[0]",
		DomainX: game.Domain{Kind: game.Box, Lo: []float64{-10}, Hi: []float64{10}},
		DomainY: game.Domain{Kind: game.Box, Lo: []float64{-10}, Hi: []float64{10}}})
	if err != nil {
		t.Fatal(err)
	}
	ev := game.NewEvaluator(g)
	v1, v2 := uncoupled.Split(ev, g.Sense())
	dx, dy := g.Domains()
	r1, r2 := NewRand(7, 10), NewRand(7, 11)
	x0, y0 := []float64{-10 + 20*r1.Float64()}, []float64{-10 + 20*r2.Float64()}
	nc := uncoupled.NegotiatorConfig{
		Meta: uncoupled.MetaConfig{Beta: loop.Power{A: 0.02, P: 0.5}, Kappa: loop.Constant(0.3), Tau: loop.List{500, 700, 900},
			W0: math.Pi / 4, Baseline: uncoupled.Baseline{Kind: uncoupled.EMABaseline, Decay: 0.5}},
		Leader: uncoupled.HiCConfig{Alpha: loop.Constant(0.003), Delta: loop.Constant(0.5), Commitment: loop.Constant(10),
			Baseline: uncoupled.Baseline{Kind: uncoupled.PreviousBaseline}, BurnIn: 2},
		Follower: uncoupled.GradientConfig{LR: loop.Constant(0.1)},
	}
	c1, c2 := nc, nc
	c1.Domain, c2.Domain = dx, dy
	p1, err := uncoupled.NewNegotiator(v1, x0, c1, r1)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := uncoupled.NewNegotiator(v2, y0, c2, r2)
	if err != nil {
		t.Fatal(err)
	}
	res, err := uncoupled.Negotiate(context.Background(), p1, p2, uncoupled.NewReferee(ev, g.Sense()), 12)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(res.Steps) || len(rows) != 12 {
		t.Fatalf("%d rows, %d steps, want 12", len(rows), len(res.Steps))
	}
	stage, led := 0, 0
	for i, st := range res.Steps {
		stage += st.Tau
		want := []float64{float64(st.N), float64(stage), float64(st.Tau), st.W[0], st.W[1], st.P[0], st.P[1],
			b2f(st.Lead[0]), b2f(st.Lead[1]), st.Avg[0], st.Avg[1], st.X[0], st.Y[0], st.F1, st.F2}
		for j, v := range want {
			if rows[i][j] != v {
				t.Errorf("meta-interval %d, %s: %v in metrics.csv, %v from Negotiate", i+1, header[j], rows[i][j], v)
			}
		}
		if st.Lead[0] || st.Lead[1] {
			led++
		}
	}
	if stage != 500+700+900*10 || led == 0 {
		t.Errorf("%d stages (want %d), %d meta-intervals with a leader (want some)", stage, 500+700+900*10, led)
	}
	var sum struct {
		MetaIntervals int    `json:"meta_intervals"`
		Stages        int    `json:"stages"`
		RunStatus     string `json:"run_status"`
		Final         struct {
			W1 float64 `json:"w1"`
			P2 float64 `json:"p2_leads"`
		} `json:"final"`
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	last := res.Steps[11]
	if sum.MetaIntervals != 12 || sum.Stages != res.Stages || sum.Final.W1 != last.W[0] || sum.Final.P2 != last.P[1] || sum.RunStatus != "iteration limit" {
		t.Errorf("summary.json %s", b)
	}
}

// TestNegotiationConfigErrors56: the negotiation block is parsed strictly
// (an unknown key at its line), a required key left out is named missing
// at its block's line, a schedule's value says the meta-interval, and
// the keys of other runs' lengths are refused.
func TestNegotiationConfigErrors56(t *testing.T) {
	base := negotiationConfig56
	for _, tc := range []struct{ name, old, new, want string }{
		{"unknown meta key", "    kappa: {constant: 0.3}\n", "    kappa: {constant: 0.3}\n    gamma: 1\n",
			"config: [13:5] unknown field \"gamma\" (dynamics.meta takes beta, kappa, tau, w0, baseline)"},
		{"meta left out", "  meta:\n    beta: {power: {a: 0.02, b: 0, p: 0.5}}\n    kappa: {constant: 0.3}\n    tau: {list: [500, 700, 900]}\n    w0: 0.7853981633974483\n    baseline: {ema: 0.5}\n", "",
			"config: line 8: dynamics: meta: missing (the role meta-learner, e.g. meta: {beta: {constant: 0.0001}, kappa: {constant: 0.3}, tau: {constant: 20000}, w0: 0.7853981633974483, baseline: previous})"},
		{"tau left out", "    tau: {list: [500, 700, 900]}\n", "",
			"config: line 10: dynamics.meta: tau: missing (the stages τ_n of meta-interval n, e.g. tau: {constant: 20000})"},
		{"kappa zero later", "    kappa: {constant: 0.3}\n", "    kappa: {list: [0.3, 0]}\n",
			"config: line 12: dynamics.meta.kappa: value 0 at meta-interval n = 2 is not a finite positive number"},
		{"leader alpha negative", "    alpha: {constant: 0.003}\n", "    alpha: {constant: -0.003}\n",
			"config: line 17: dynamics.hic.alpha: value -0.003 at interval n = 1 is not a finite non-negative number"},
		{"commitment below one", "    commitment: {constant: 10}\n", "    commitment: {constant: 0.5}\n",
			"config: line 19: dynamics.hic.commitment.constant = 0.5: need a number of stages ≥ 1 (a value that is not a whole number is rounded up: 2.5 commits 3 stages, and 0.5 would commit 1)"},
		{"meta baseline", "    baseline: {ema: 0.5}\n", "    baseline: last\n",
			"config: line 15: dynamics.meta.baseline = \"last\": need none, previous or {ema: decay}"},
		{"gradient lr left out", "  gradient: {lr: 0.1}\n", "  gradient: {}\n",
			"config: line 22: dynamics.gradient: lr: missing (the gradient step of a player that follows, > 0, e.g. lr: 0.1)"},
		{"meta_intervals left out", "  meta_intervals: 12\n", "",
			"config: line 8: dynamics: meta_intervals: missing (the number of meta-intervals, > 0, e.g. meta_intervals: 200)"},
		{"stages", "init:", "stages: 100\ninit:",
			"config: line 24: stages: not used by a negotiation run, which plays dynamics.meta_intervals meta-intervals of dynamics.meta.tau stages each and records one row every record_every meta-intervals (left out: every one)"},
	} {
		src := strings.Replace(base, tc.old, tc.new, 1)
		if src == base {
			t.Fatalf("%s: %q not in the config", tc.name, tc.old)
		}
		if got := configErrorText(t, src); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: error %q;\nwant it to begin %q", tc.name, got, tc.want)
		}
	}
	if got := configErrorText(t, base); got != "" {
		t.Errorf("the base config: %s", got)
	}
}

// TestNegotiationDiverged56: a player whose gradient step overshoots its
// payoff −5y² (lr 1: y ← −9y) drives its payoff to −Inf once it follows:
// the run stops with an error naming the meta-interval, the stage and the
// quantity, keeps the rows of the meta-intervals before it, and
// summary.json says it diverged. A leader's commitment of one stage is
// warned of before the run.
func TestNegotiationDiverged56(t *testing.T) {
	src := strings.NewReplacer(
		`f1: "-x[0]*x[0]/2 + 4*x[0] + 4*y[0]"`, `f1: "-5*x[0]*x[0]"`,
		`f2: "-y[0]*y[0]/2 + x[0]*y[0]/2 + y[0] + x[0]"`, `f2: "-5*y[0]*y[0]"`,
		"  domain: {x: {box: [[-10, 10]]}, y: {box: [[-10, 10]]}}\n", "",
		"init: {uniform: {x: [[-10, 10]], y: [[-10, 10]]}}\n", "init: {x: [1], y: [1]}\n",
		"  gradient: {lr: 0.1}\n", "  gradient: {lr: 1}\n",
		"commitment: {constant: 10}", "commitment: {constant: 1}",
	).Replace(negotiationConfig56)
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var warn strings.Builder
	_, runErr := Run(context.Background(), cfg, RunOptions{Out: dir, Warnings: &warn})
	if runErr == nil || loop.StatusOf(runErr, false) != loop.Diverged {
		t.Fatalf("error %v, want a divergence", runErr)
	}
	if want := "warning: dynamics.hic.commitment gives k_n = 1 stage at every interval"; !strings.HasPrefix(warn.String(), want) {
		t.Errorf("warnings %q, want one beginning %q", warn.String(), want)
	}
	var sum struct {
		MetaIntervals int    `json:"meta_intervals"`
		Error         string `json:"error"`
		RunStatus     string `json:"run_status"`
		Quantity      string `json:"diverged_quantity"`
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	_, rows := readMetrics56(t, dir)
	want := "negotiate meta-interval " + strconv.Itoa(sum.MetaIntervals+1) + ": stage "
	if !strings.HasPrefix(runErr.Error(), want) || !strings.Contains(runErr.Error(), "payoff = -Inf") || sum.Error != runErr.Error() ||
		sum.RunStatus != "diverged" || !strings.HasPrefix(sum.Quantity, "player ") || len(rows) != sum.MetaIntervals {
		t.Errorf("error %q (want it to begin %q), summary %s, %d rows", runErr, want, b, len(rows))
	}
}

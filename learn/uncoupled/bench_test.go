package uncoupled

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// benchHiC runs one seed of the Cournot experiment of Section 3.3 (10⁶
// stages, the paper's α_n, δ_n and Eq. 19 commitments, EMA(0.9) baseline
// with 50 burn-in intervals as in the authors' reference run) per
// iteration; bench/peers/hic_cournot.py is the same loop in plain Python.
func benchHiC(b *testing.B, g game.Game) {
	run := HiCRun{Leader: paperHiC(1, Baseline{Kind: EMABaseline, Decay: 0.9}, 50), Follower: GradientConfig{LR: loop.Constant(0.1)}, Settings: loop.Settings{Iterations: 1000000}}
	b.ReportAllocs()
	var f1 float64
	for i := 0; i < b.N; i++ {
		out, err := RunHiC(context.Background(), g, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(uint64(i), 1)), nil)
		if err != nil {
			b.Fatal(err)
		}
		f1 = out.F1
	}
	b.ReportMetric(f1, "f1")
}

// BenchmarkHiCCournot is one seed of 10⁶ stages on the built-in Cournot
// game (closed-form evaluator).
func BenchmarkHiCCournot(b *testing.B) {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		b.Fatal(err)
	}
	benchHiC(b, g)
}

// BenchmarkHiCCournotFormula is the same run on the Cournot game written
// as a formula (compiled ad programs on the hot path).
func BenchmarkHiCCournotFormula(b *testing.B) {
	box := game.Domain{Kind: game.Box, Lo: []float64{0}, Hi: []float64{50}}
	g, err := game.NewFormula(game.FormulaSpec{
		Name: "cournot-formula", Sense: game.Payoff, Dims: [2]int{1, 1},
		F1: "x[0]*(50 - (x[0] + y[0])) - x[0]", F2: "y[0]*(50 - (x[0] + y[0])) - y[0]",
		DomainX: box, DomainY: box,
	})
	if err != nil {
		b.Fatal(err)
	}
	benchHiC(b, g)
}

// BenchmarkNegotiateFormula is one seed of role negotiation (Algorithm 2)
// on the cooperative formula game of the negotiation reproduction,
// f1 = f2 = −(x−1)² − (y−1)² − (x−y)² on [−10, 10]², with its
// configuration (negotiationConfig: τ = 20000 stages) for 5 meta-intervals
// (10⁵ stages) per iteration: each stage evaluates both payoffs and the
// follower's gradient through the compiled formula evaluator.
func BenchmarkNegotiateFormula(b *testing.B) {
	box := game.Domain{Kind: game.Box, Lo: []float64{-10}, Hi: []float64{10}}
	f := "-(x[0]-1)*(x[0]-1) - (y[0]-1)*(y[0]-1) - (x[0]-y[0])*(x[0]-y[0])"
	g, err := game.NewFormula(game.FormulaSpec{Name: "cooperative", Sense: game.Payoff, Dims: [2]int{1, 1}, F1: f, F2: f, DomainX: box, DomainY: box})
	if err != nil {
		b.Fatal(err)
	}
	ev := game.NewEvaluator(g)
	v1, v2 := Split(ev, game.Payoff)
	cfg := negotiationConfig(0.01, box)
	b.ReportAllocs()
	var w float64
	for i := 0; i < b.N; i++ {
		r1, r2 := rand.New(rand.NewPCG(uint64(i), 1)), rand.New(rand.NewPCG(uint64(i), 2))
		p1, err := NewNegotiator(v1, []float64{-5}, cfg, r1)
		if err != nil {
			b.Fatal(err)
		}
		p2, err := NewNegotiator(v2, []float64{5}, cfg, r2)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Negotiate(context.Background(), p1, p2, NewReferee(ev, game.Payoff), 5)
		if err != nil {
			b.Fatal(err)
		}
		w = res.Steps[len(res.Steps)-1].W[0]
	}
	b.ReportMetric(w, "w1")
}

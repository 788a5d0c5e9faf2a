package uncoupled

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestRunHiCBuiltinCournot runs the shortened Cournot experiment of
// TestHiCCournotShort through RunHiC on the built-in "cournot" game (box
// [0, 50]) and checks the recorded trace: 101 samples, the last at stage
// 10⁵, and the Stackelberg outcome to the same tolerances (0.05, 0.15).
func TestRunHiCBuiltinCournot(t *testing.T) {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	var tr Trace
	rng := rand.New(rand.NewPCG(1, 2))
	out, err := RunHiC(context.Background(), g, []float64{3}, []float64{40}, HiCRun{
		Leader: paperHiC(10, Baseline{Kind: PreviousBaseline}, 0), Follower: GradientConfig{LR: loop.Constant(0.1)},
		Settings: loop.Settings{Iterations: 100000, RecordEvery: 1000},
	}, rng, &tr)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Stages) != 101 || tr.Stages[100] != 100000 || tr.Stages[1] != 1000 {
		t.Errorf("trace has %d samples, stages %v … %v", len(tr.Stages), tr.Stages[:2], tr.Stages[len(tr.Stages)-1])
	}
	if math.Abs(out.F1-300.125) > 0.05 || math.Abs(out.X[0]-24.5) > 0.15 || math.Abs(out.Y[0]-12.25) > 0.15 {
		t.Errorf("f1 = %.4f at (%.4f, %.4f), want 300.125 at (24.5, 12.25)", out.F1, out.X[0], out.Y[0])
	}
	if tr.F1[100] != out.F1 {
		t.Errorf("last recorded f1 %v differs from the outcome %v", tr.F1[100], out.F1)
	}
}

// TestRunHiCNumericalBestResponse: with a numerical best-response follower
// (inner gradient step 0.4 to 1e-12) Hi-C is SPSA on g(x) = x(49 − x)/2;
// with constant k = 2 the leader reaches x = 24.5 (tolerance 0.05) and the
// follower sits on r(x̃) = (49 − x̃)/2 (tolerance 1e-9).
func TestRunHiCNumericalBestResponse(t *testing.T) {
	g, _ := game.Builtin("cournot", nil)
	var tr Trace
	run := HiCRun{
		Leader: HiCConfig{Alpha: loop.Power{A: 0.1, P: 0.602}, Delta: loop.Power{A: 0.5, P: 0.101},
			Commitment: loop.Constant(2), Baseline: Baseline{Kind: PreviousBaseline}},
		BestResponse: &BestResponseConfig{LR: 0.4, Tol: 1e-12},
		Settings:     loop.Settings{Iterations: 40000, RecordEvery: 39999},
	}
	out, err := RunHiC(context.Background(), g, []float64{5}, []float64{0}, run, rand.New(rand.NewPCG(11, 12)), &tr)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(out.X[0]-24.5) > 0.05+0.2 { // x̃ = x + δΔ with δ ≈ 0.17
		t.Errorf("leader plays %v, want 24.5 ± δ", out.X[0])
	}
	// At stage 39999 the follower answers the x̃ played at the stage before.
	if x, y := tr.X[1][0], tr.Y[1][0]; math.Abs(y-(49-x)/2) > 1e-9 {
		t.Errorf("follower %v is not the best response %v to %v", y, (49-x)/2, x)
	}
	if _, err := NewNumericalBestResponder(func(d, a, b []float64) {}, []float64{0}, game.Domain{}, BestResponseConfig{}); err == nil || err.Error() != "best_response.lr = 0 must be positive and finite" {
		t.Errorf("lr = 0: error %v, want one naming best_response.lr", err)
	}
}

// TestRunHiCNoGame: a nil game is an error, as in learn.Run, not a panic.
func TestRunHiCNoGame(t *testing.T) {
	_, err := RunHiC(context.Background(), nil, []float64{1}, []float64{1}, HiCRun{}, rand.New(rand.NewPCG(1, 1)), nil)
	if err == nil || err.Error() != "hic run: no game" {
		t.Errorf("got %v, want %q", err, "hic run: no game")
	}
}

// vectorGame's F1 is a 1×2 row, not a scalar.
type vectorGame struct{}

func (vectorGame) Name() string                        { return "vector" }
func (vectorGame) Dims() (int, int)                    { return 2, 1 }
func (vectorGame) Sense() game.Sense                   { return game.Cost }
func (vectorGame) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (vectorGame) F1(x, y *ad.Node) *ad.Node           { return ad.Square(x) }
func (vectorGame) F2(x, y *ad.Node) *ad.Node           { return ad.Sum(ad.Square(y)) }

// A game that game.Check refuses (here a vector-valued F1) is an error
// naming the objective, as in learn.Run; it panicked inside ad before.
func TestRunHiCChecksGame(t *testing.T) {
	_, err := RunHiC(context.Background(), vectorGame{}, []float64{1, 2}, []float64{1}, HiCRun{}, rand.New(rand.NewPCG(1, 1)), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "hic run: ") || !strings.Contains(err.Error(), "F1 returned a 1×2 node") {
		t.Errorf("got %v, want game.Check's error about F1", err)
	}
}

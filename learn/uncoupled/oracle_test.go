package uncoupled

import (
	"context"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// The oracle's game has a 70-dimensional leader (more than the 64 signs
// of one random word) and a 2-dimensional follower:
//
//	f1(x, y) = −Σ_i (x_i − 1)² + Σ_i x_i y_{i mod 2} − y_0²
//	f2(x, y) = −Σ_j (y_j − c_j m(x))²,  m(x) = Σ_i x_i / d1, c = (0.5, −0.3)
const paperD1 = 70

var paperC = [2]float64{0.5, -0.3}

func paperMean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func paperF1(x, y []float64) float64 {
	f := -y[0] * y[0]
	for i, v := range x {
		f += -(v-1)*(v-1) + v*y[i%2]
	}
	return f
}

func paperGradF2(dst, x, y []float64) {
	m := paperMean(x)
	for j := range dst {
		dst[j] = -2 * (y[j] - paperC[j]*m)
	}
}

// TestAlgorithm1Oracle re-implements Algorithm 1 of the Hi-C paper line by
// line, with the follower of Eq. 13 (y_{t+1} = y_t + β ∇y f2(x̃_{n(t)}, y_t))
// and the `previous` baseline, and compares the profile played at every
// stage and the leader's mean x_n after every interval with those of
// NewHiC + NewGradientAscent + Play, number for number (relative 1e-12),
// over 8 intervals of growing length. The oracle draws Δ_n from its own
// copy of the seeded source: one Uint64 per 64 coordinates, bit i mod 64
// giving Δ^i = 2·bit − 1 (how HiC draws Δ_n; a change of that order
// changes every seeded run and fails here).
// Schedules vary with n: α_n = 0.002 n^−0.1, δ_n = 0.7 (1+n)^−0.6,
// k_n = ⌈1.5 ln n + 2⌉ (2, 4, 4, 5, 5, 5, 5, 6 stages), the follower's
// step 0.3.
func TestAlgorithm1Oracle(t *testing.T) {
	alpha := loop.Power{A: 0.002, P: 0.1}
	delta := loop.Power{A: 0.7, B: 1, P: 0.6}
	commit := loop.Log{A: 1.5, B: 2}
	const beta, intervals = 0.3, 8
	x0 := make([]float64, paperD1)
	for i := range x0 {
		x0[i] = 0.01 * float64(i%7)
	}
	y0 := []float64{0.2, -0.1}

	// The oracle, from the paper.
	orng := rand.New(rand.NewPCG(11, 12))
	x := append([]float64(nil), x0...)
	y := append([]float64(nil), y0...)
	var playedX, playedY [][]float64 // the profile of every stage
	var means [][]float64            // x_{n+1} after interval n
	base, haveBase := 0.0, false
	g := make([]float64, 2)
	for n := 1; n <= intervals; n++ {
		sign := make([]float64, paperD1) // line 4: Δ_n uniform on {−1, 1}^d1
		var bits uint64
		for i := range sign {
			if i%64 == 0 {
				bits = orng.Uint64()
			}
			sign[i] = float64(2*int(bits>>(i%64)&1) - 1)
		}
		dn := delta.At(n)
		xt := make([]float64, paperD1) // line 5: x̃_n = x_n + δ_n Δ_n
		for i := range xt {
			xt[i] = x[i] + dn*sign[i]
		}
		k := int(math.Ceil(commit.At(n)))
		var yObs []float64
		for s := 0; s < k; s++ { // lines 6–9: play x̃_n, observe ỹ_n ← y_t
			playedX = append(playedX, append([]float64(nil), xt...))
			playedY = append(playedY, append([]float64(nil), y...))
			yObs = append(yObs[:0], y...)
			paperGradF2(g, xt, y) // Eq. 13
			for j := range y {
				y[j] += beta * g[j]
			}
		}
		f := paperF1(xt, yObs)
		est := f
		if haveBase {
			est -= base
		}
		for i := range x { // lines 10–12, Eq. 6 with the baseline
			x[i] += alpha.At(n) / (dn * sign[i]) * est
		}
		base, haveBase = f, true
		means = append(means, append([]float64(nil), x...))
	}

	// The package.
	rng := rand.New(rand.NewPCG(11, 12))
	cfg := HiCConfig{Alpha: alpha, Delta: delta, Commitment: commit, Baseline: Baseline{Kind: PreviousBaseline}}
	h, err := NewHiC(paperF1, x0, game.Domain{}, cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	fol, err := NewGradientAscent(func(dst, own, other []float64) { paperGradF2(dst, other, own) }, y0, game.Domain{}, GradientConfig{LR: loop.Constant(beta)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	leader := &meanRecorder{HiC: h}
	var tr Trace
	ref := func(x, y []float64) (float64, float64) { return paperF1(x, y), 0 }
	stages := len(playedX)
	if stages != 2+4+4+5+5+5+5+6 {
		t.Fatalf("oracle played %d stages, want 36", stages)
	}
	if _, err := Play(context.Background(), leader, fol, ref, PlayOptions{Settings: loop.Settings{Iterations: stages, RecordEvery: 1}, Recorder: &tr}); err != nil {
		t.Fatal(err)
	}
	near := func(what string, got, want []float64) {
		t.Helper()
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12*max(1, math.Abs(want[i])) {
				t.Fatalf("%s[%d] = %.17g, oracle %.17g", what, i, got[i], want[i])
			}
		}
	}
	for s := 0; s < stages; s++ {
		near("stage "+strconv.Itoa(s)+" x̃", tr.X[s], playedX[s])
		near("stage "+strconv.Itoa(s)+" y", tr.Y[s], playedY[s])
	}
	if len(leader.means) != intervals {
		t.Fatalf("%d intervals completed, want %d", len(leader.means), intervals)
	}
	for n := range means {
		near("x_"+strconv.Itoa(n+2), leader.means[n], means[n])
	}
}

// meanRecorder is a HiC that keeps its mean strategy x_n after every
// completed interval.
type meanRecorder struct {
	*HiC
	means [][]float64
}

func (m *meanRecorder) Observe(other []float64) error {
	n, _ := m.Interval()
	if err := m.HiC.Observe(other); err != nil {
		return err
	}
	if nn, _ := m.Interval(); nn != n {
		m.means = append(m.means, append([]float64(nil), m.Mean()...))
	}
	return nil
}

// TestDivergenceIsDiverged: a Hi-C run that blows up stops with status
// loop.Diverged (not Failed, the status of a recorder's error) and names
// the quantity, keeping the samples recorded before the failing stage:
// the leader with α = 1e308 on an unbounded quadratic game (x infinite at
// the end of interval 1, stage 2), a gradient follower with step 1e308
// (its first update, at stage 0), and a negotiation whose meta step β = 1e308 sends w to ±Inf
// in meta-interval 1.
func TestDivergenceIsDiverged(t *testing.T) {
	payoff := func(own, other []float64) float64 { return 10 - own[0]*own[0] }
	grad := func(dst, own, other []float64) { dst[0] = 5 - 2*own[0] }
	ref := func(x, y []float64) (float64, float64) { return payoff(x, y), payoff(y, x) }
	hic := func(alpha float64) *HiC {
		h, err := NewHiC(payoff, []float64{1}, game.Domain{}, HiCConfig{Alpha: loop.Constant(alpha), Delta: loop.Constant(0.5), Commitment: loop.Constant(3)}, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	follower := func(lr float64) *GradientAscent {
		f, err := NewGradientAscent(grad, []float64{1}, game.Domain{}, GradientConfig{LR: loop.Constant(lr)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, tc := range []struct {
		name     string
		a, b     Agent
		quantity string
		message  string
		stage    int
	}{
		{"leader", hic(1e308), follower(0.1), "leader strategy x", "stage 2: first agent: hic interval 1: leader strategy x[0] = ", 2},
		{"follower", hic(0.01), follower(1e308), "gradient learner strategy", "stage 0: second agent: gradient learner stage 1: strategy[0] = +Inf", 0},
	} {
		var tr Trace
		out, err := Play(context.Background(), tc.a, tc.b, ref, PlayOptions{Settings: loop.Settings{Iterations: 10, RecordEvery: 1}, Recorder: &tr})
		if err == nil || !strings.Contains(err.Error(), tc.message) {
			t.Fatalf("%s: error %v, want one containing %q", tc.name, err, tc.message)
		}
		if out.Status != loop.Diverged || loop.QuantityOf(err) != tc.quantity || out.Stages != tc.stage || len(tr.Stages) != tc.stage+1 {
			t.Errorf("%s: status %v, quantity %q, %d stages, %d samples; want diverged, %q, %d, %d",
				tc.name, out.Status, loop.QuantityOf(err), out.Stages, len(tr.Stages), tc.quantity, tc.stage, tc.stage+1)
		}
	}
	cfg := NegotiatorConfig{
		Meta:     MetaConfig{Beta: loop.Constant(1e308), Kappa: loop.Constant(1e-3), Tau: loop.Constant(4)},
		Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.1), Commitment: loop.Constant(2)},
		Follower: GradientConfig{LR: loop.Constant(0.1)},
	}
	view := View{Payoff: payoff, Gradient: grad}
	p1, p2 := negotiatorPair(t, view, cfg, 1, 1)
	res, err := Negotiate(context.Background(), p1, p2, ref, 3)
	if err == nil || !strings.Contains(err.Error(), "negotiate meta-interval 1: player 1 meta-strategy w = ") || res.Status != loop.Diverged || loop.QuantityOf(err) != "meta-strategy w" {
		t.Errorf("negotiation: %v, status %v, quantity %q; want meta-interval 1 diverged on the meta-strategy w", err, res.Status, loop.QuantityOf(err))
	}
}

// TestBrokenScheduleNamesItself: Go schedules that pass validation but
// break mid-run stop the run naming themselves and the index: a δ_n that
// is 0 at interval 5 and that Eq. 19's k_n is computed from is reported
// as δ_n (not as the k_5 = +Inf it makes), and a follower step size that
// is negative at its stage 7 is reported as β_t, where it used to be
// applied (ascending turned into descending).
func TestBrokenScheduleNamesItself(t *testing.T) {
	g, _ := game.Builtin("cournot", nil)
	delta := zeroAt{n: 5, v: 0.5}
	leader := HiCConfig{Alpha: loop.Constant(1e-3), Delta: delta, Commitment: Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: delta}}
	run := HiCRun{Leader: leader, Follower: GradientConfig{LR: loop.Constant(0.1)}, Settings: loop.Settings{Iterations: 1 << 20}}
	_, err := RunHiC(context.Background(), g, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(1, 1)), nil)
	if err == nil || !strings.Contains(err.Error(), "hic.delta δ_n: value 0 at interval n = 5 is not a finite positive number") {
		t.Errorf("δ_5 = 0 under Eq. 19: %v, want an error naming δ_n at interval 5", err)
	}
	run = HiCRun{Leader: HiCConfig{Alpha: loop.Constant(1e-3), Delta: loop.Constant(0.5), Commitment: loop.Constant(3)},
		Follower: GradientConfig{LR: negativeAt(7)}, Settings: loop.Settings{Iterations: 100}}
	out, err := RunHiC(context.Background(), g, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(1, 1)), nil)
	if err == nil || err.Error() != "stage 6: second agent: gradient learner stage 7: gradient.lr β_t: value -0.1 at iteration 7 is not a finite non-negative number" || out.Stages != 6 {
		t.Errorf("β_7 < 0: %v after %d stages, want an error naming β_t at the follower's stage 7", err, out.Stages)
	}
}

// negativeAt is 0.1, but −0.1 at the one iteration n.
type negativeAt int

func (s negativeAt) At(k int) float64 {
	if k == int(s) {
		return -0.1
	}
	return 0.1
}

// costOf is a payoff game written as the cost game c_i = −f_i.
type costOf struct{ game.Game }

func (c costOf) Sense() game.Sense         { return game.Cost }
func (c costOf) F1(x, y *ad.Node) *ad.Node { return ad.Neg(c.Game.F1(x, y)) }
func (c costOf) F2(x, y *ad.Node) *ad.Node { return ad.Neg(c.Game.F2(x, y)) }

// TestHiCCostGameMinimises: Hi-C and its gradient follower maximise
// payoffs and minimise costs. The Cournot game written as costs
// c_i = −f_i must give the payoff game's run to relative 1e-9 (the
// built-in evaluates its closed form, the wrapper its ad graph: they
// differ by ~1e-13 after 10⁵ stages), with the outcome's payoffs −c_i,
// and end near the Stackelberg
// point x = 24.5, y = 12.25 (within 0.5); a leader or follower that
// ascended its cost would leave it.
func TestHiCCostGameMinimises(t *testing.T) {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	run := HiCRun{Leader: paperHiC(10, Baseline{Kind: PreviousBaseline}, 0), Follower: GradientConfig{LR: loop.Constant(0.1)}, Settings: loop.Settings{Iterations: 100000}}
	pay, err := RunHiC(context.Background(), g, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(4, 4)), nil)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := RunHiC(context.Background(), costOf{g}, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(4, 4)), nil)
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Abs(b) }
	if !near(cost.X[0], pay.X[0]) || !near(cost.Y[0], pay.Y[0]) || !near(cost.F1, pay.F1) || !near(cost.F2, pay.F2) {
		t.Errorf("cost game ends at (%v, %v) with payoffs (%v, %v); payoff game at (%v, %v) with (%v, %v)", cost.X[0], cost.Y[0], cost.F1, cost.F2, pay.X[0], pay.Y[0], pay.F1, pay.F2)
	}
	if math.Abs(pay.X[0]-24.5) > 0.5 || math.Abs(pay.Y[0]-12.25) > 0.5 {
		t.Errorf("ends at (%v, %v), want near (24.5, 12.25)", pay.X[0], pay.Y[0])
	}
}

package uncoupled

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// quadGame is a game with a two-dimensional leader whose hierarchical
// objective J(x) = f1(x, r(x)) is a quadratic in closed form:
//
//	f1(x, y) = −(x0 − 1)² − (x1 + 2)² + x0·y − y²/2
//	f2(x, y) = −(y − c·(x0 + x1))²,  r(x) = c (x0 + x1)
//	∇J(x) = (−2(x0 − 1) + y + (x0 − y)c, −2(x1 + 2) + (x0 − y)c) at y = r(x)
//
// (∂f1/∂x0 = −2(x0 − 1) + y, ∂f1/∂x1 = −2(x1 + 2), ∂f1/∂y = x0 − y,
// ∂r/∂x0 = ∂r/∂x1 = c). f2 is 2-strongly concave in y: a gradient follower
// with step 0.1 contracts its tracking error by 0.8 a stage.
type quadGame struct{ c float64 }

func (q quadGame) f1(x, y []float64) float64 {
	return -(x[0]-1)*(x[0]-1) - (x[1]+2)*(x[1]+2) + x[0]*y[0] - y[0]*y[0]/2
}
func (q quadGame) grad2(dst, y, x []float64) { dst[0] = -2 * (y[0] - q.c*(x[0]+x[1])) }
func (q quadGame) br(x []float64) float64    { return q.c * (x[0] + x[1]) }
func (q quadGame) gradJ(x []float64) [2]float64 {
	y := q.br(x)
	return [2]float64{-2*(x[0]-1) + y + (x[0]-y)*q.c, -2*(x[1]+2) + (x[0]-y)*q.c}
}

// TestEstimatorUnbiased50 checks the leader's one-sample SPSA estimate of
// Eq. 6 against ∇J(x) in closed form, on the Cournot game (J(x) = x(49 −
// x)/2, J'(x) = (49 − 2x)/2) and on quadGame (two leader coordinates),
// for the commitment schedules the README offers (constant 100, log
// {9.86, 41.3}, Eq. 19 of §3.3, power {a: 40, b: 0, p: −0.2}) and the
// three baselines. Each of 3000 seeded draws plays two burn-in intervals
// (which set the baseline — EMA(0.9) then differs from `previous` — and
// let the follower, started at r(x), settle) and then one updating
// interval from the same mean x; the estimate is
// (x_after − x)/α. Its mean over the draws must agree with ∇J(x) within 4
// standard errors (computed from the draws) plus 1e-3 for the follower's
// tracking error, 0.8^(k−1)·2δ·c·|∂f1/∂y|/δ ≤ 1e-3 for k ≥ 40. J is
// quadratic, so the Rademacher estimate has no O(δ²) bias. (The standard
// error is 0.07–0.4 with a baseline, 5–8 without: Eq. 6's f1/δ.)
func TestEstimatorUnbiased50(t *testing.T) {
	delta := loop.Power{A: 1, P: 0.6}
	schedules := []struct {
		name string
		k    loop.Schedule
	}{
		{"constant", loop.Constant(100)},
		{"log", loop.Log{A: 9.86, B: 41.3}},
		{"eq19", Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: delta}},
		{"power", loop.Power{A: 40, B: 0, P: -0.2}},
	}
	baselines := []Baseline{{}, {Kind: PreviousBaseline}, {Kind: EMABaseline, Decay: 0.9}}
	cn := cournot{50, 1, 1}
	p1, p2 := Split(cn, game.Payoff)
	q := quadGame{c: 0.4}
	type problem struct {
		name   string
		x      []float64
		payoff Payoff
		grad   Gradient
		y0     []float64
		want   []float64
	}
	problems := []problem{
		{"cournot x=10", []float64{10}, p1.Payoff, p2.Gradient, []float64{(49 - 10) / 2.0}, []float64{(49 - 20) / 2.0}},
		{"cournot x=30", []float64{30}, p1.Payoff, p2.Gradient, []float64{(49 - 30) / 2.0}, []float64{(49 - 60) / 2.0}},
	}
	xq := []float64{0.5, -1}
	gq := q.gradJ(xq)
	problems = append(problems, problem{"quad", xq, q.f1, q.grad2, []float64{q.br(xq)}, gq[:]})
	const draws = 3000
	for _, s := range schedules {
		for _, bl := range baselines {
			for _, p := range problems {
				t.Run(fmt.Sprintf("%s/%s/%s", s.name, bl, p.name), func(t *testing.T) {
					d := len(p.x)
					sum, sumSq := make([]float64, d), make([]float64, d)
					cfg := HiCConfig{Alpha: loop.Constant(1e-6), Delta: delta, Commitment: s.k, Baseline: bl, BurnIn: 2}
					k1, _ := commitmentLength(s.k, 1)
					k2, _ := commitmentLength(s.k, 2)
					k3, _ := commitmentLength(s.k, 3)
					for seed := uint64(0); seed < draws; seed++ {
						h, err := NewHiC(p.payoff, p.x, game.Domain{}, cfg, rand.New(rand.NewPCG(seed, 50)))
						if err != nil {
							t.Fatal(err)
						}
						f, err := NewGradientAscent(p.grad, p.y0, game.Domain{}, GradientConfig{LR: loop.Constant(0.1)}, nil)
						if err != nil {
							t.Fatal(err)
						}
						ref := func(x, y []float64) (float64, float64) { return 0, 0 }
						if _, err := Play(context.Background(), h, f, ref, PlayOptions{Settings: loop.Settings{Iterations: k1 + k2 + k3}}); err != nil {
							t.Fatal(err)
						}
						if n, _ := h.Interval(); n != 4 {
							t.Fatalf("after k_1 + k_2 + k_3 = %d stages the leader is in interval %d, want 4", k1+k2+k3, n)
						}
						for i := range p.x {
							e := (h.Mean()[i] - p.x[i]) / 1e-6
							sum[i] += e
							sumSq[i] += e * e
						}
					}
					for i := range p.x {
						mean := sum[i] / draws
						sd := math.Sqrt(math.Max(0, sumSq[i]/draws-mean*mean))
						se := sd / math.Sqrt(draws)
						if dev := math.Abs(mean - p.want[i]); dev > 4*se+1e-3 {
							t.Errorf("∂J/∂x%d: mean estimate %.5g ± %.3g (SE), closed form %.5g: off by %.2g SE", i, mean, se, p.want[i], dev/se)
						}
					}
				})
			}
		}
	}
}

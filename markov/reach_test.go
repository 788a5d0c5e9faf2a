package markov

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/loop"
)

// reachGames returns a 3-state game whose state 2 no trajectory from ρ
// reaches (ρ = e0, no transition into 2; state 2 is absorbing), and the
// 2-state game of its states 0 and 1. On the reachable states the two
// are the same game, so V1, V2λ and Eq. 19 on θ(0..1,·) must agree, and
// θ(2,·) must not matter.
func reachGames(t *testing.T) (full, reduced *Game) {
	t.Helper()
	full = &Game{Gamma: 0.9, Lambda: 0.5, States: 3, Actions: []int{2, 2},
		Rho: []float64{1, 0, 0},
		P: [][][][]float64{
			{{{0.9, 0.1, 0}, {0.2, 0.8, 0}}, {{0.5, 0.5, 0}, {0.3, 0.7, 0}}},
			{{{0.6, 0.4, 0}, {0.1, 0.9, 0}}, {{0.7, 0.3, 0}, {0.4, 0.6, 0}}},
			{{{0, 0, 1}, {0, 0, 1}}, {{0, 0, 1}, {0, 0, 1}}},
		},
		R1: [][][]float64{{{1, 0}, {0.2, 0.6}}, {{0.3, 0.9}, {0.5, 0.1}}, {{0.4, 0.4}, {0.4, 0.4}}},
		R2: [][][]float64{{{0.2, 1}, {0.8, 0.1}}, {{0.6, 0.2}, {0.1, 0.7}}, {{0.1, 0.9}, {0.1, 0.9}}},
	}
	reduced = &Game{Gamma: 0.9, Lambda: 0.5, States: 2, Actions: []int{2, 2},
		Rho: []float64{1, 0},
		P: [][][][]float64{
			{{{0.9, 0.1}, {0.2, 0.8}}, {{0.5, 0.5}, {0.3, 0.7}}},
			{{{0.6, 0.4}, {0.1, 0.9}}, {{0.7, 0.3}, {0.4, 0.6}}},
		},
		R1: [][][]float64{{{1, 0}, {0.2, 0.6}}, {{0.3, 0.9}, {0.5, 0.1}}},
		R2: [][][]float64{{{0.2, 1}, {0.8, 0.1}}, {{0.6, 0.2}, {0.1, 0.7}}},
	}
	for _, g := range []*Game{full, reduced} {
		if err := g.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	return full, reduced
}

// TestUnreachableStateHierGrad: with a state unreachable from ρ, the
// follower's Hessian (and so the matrix of Eq. 19) is singular on that
// state's block, and before the fix every Stackelberg gradient failed
// with "singular follower Hessian (condition number +Inf)". Eq. 19 is
// now that of the game without the state: the dense (HierGrad), the
// structured (StepGradients) and the best-response (Hierarchical) routes
// agree with the 2-state game's within 1e-10 on states 0–1, are 0 on
// state 2, and match central differences of V1(θ1, B(θ1)) (Eq. 18) within
// 1e-6.
func TestUnreachableStateHierGrad(t *testing.T) {
	full, red := reachGames(t)
	rng := rand.New(rand.NewPCG(5, 6))
	th1 := make([]float64, 6)
	th2 := make([]float64, 6)
	for i := range th1 {
		th1[i], th2[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	ef, _ := NewEvaluator(full)
	er, _ := NewEvaluator(red)
	er.Eval(th1[:4], th2[:4], OrderHessians)
	want, err := er.HierGrad(0)
	if err != nil {
		t.Fatal(err)
	}
	want = append([]float64(nil), want...)
	check := func(route string, got []float64, tol float64) {
		t.Helper()
		for i, w := range append(want, 0, 0) {
			if math.Abs(got[i]-w) > tol {
				t.Errorf("%s: ∇V1[%d] = %.12g, want %.12g (tolerance %g)", route, i, got[i], w, tol)
			}
		}
	}
	ef.Eval(th1, th2, OrderHessians)
	dense, err := ef.HierGrad(0)
	if err != nil {
		t.Fatalf("dense Eq. 19: %v", err)
	}
	check("dense", append([]float64(nil), dense...), 1e-10)
	lead, _, err := ef.StepGradients(th1, th2, 0)
	if err != nil {
		t.Fatalf("structured Eq. 19: %v", err)
	}
	check("structured", append([]float64(nil), lead...), 1e-10)
	if _, ok := ef.structuredHier(0); !ok {
		t.Error("the structured route fell back to the dense one")
	}

	// Eq. 18 at B(θ1) against finite differences of V1(θ1, B(θ1)).
	_, hier, _, err := ef.Hierarchical(th1, 0)
	if err != nil {
		t.Fatalf("Hierarchical: %v", err)
	}
	hier = append([]float64(nil), hier...)
	fd := hierFD(t, full, th1, 1e-5)
	for i := range fd {
		if math.Abs(hier[i]-fd[i]) > 1e-6 {
			t.Errorf("Eq. 18 [%d] = %.10g, finite differences %.10g (tolerance 1e-6)", i, hier[i], fd[i])
		}
	}
}

// TestUnreachableStateRun: Stackelberg PG on the game with an unreachable
// state runs (it stopped at iteration 1 with a singular Hessian), follows
// the 2-state game's iterates (V1, V2λ and the policies on states 0–1
// within 1e-9) and ends converged; for both dynamics br_gap ends ≤ 1e-4: it leaves out the
// unreachable state, where the follower never moves (it reported 0.5,
// the distance from the uniform policy to B(θ1) there, and a verdict of
// not converged at a point where the follower is at its best response).
func TestUnreachableStateRun(t *testing.T) {
	full, red := reachGames(t)
	for _, dyn := range []string{StackelbergPG, SimultaneousPG} {
		cfg := reachConfig(dyn)
		rf, err := Run(t.Context(), full, cfg, nil)
		if err != nil {
			t.Fatalf("%s on the 3-state game: %v", dyn, err)
		}
		rr, err := Run(t.Context(), red, cfg, nil)
		if err != nil {
			t.Fatalf("%s on the 2-state game: %v", dyn, err)
		}
		for _, d := range []struct {
			name      string
			got, want float64
		}{
			{"V1", rf.LeaderValue, rr.LeaderValue},
			{"V2λ", rf.FollowerValue, rr.FollowerValue},
			{"br_gap", rf.BRGap, rr.BRGap},
			{"π1(0|0)", rf.Policy1[0][0], rr.Policy1[0][0]},
			{"π2(0|1)", rf.Policy2[1][0], rr.Policy2[1][0]},
		} {
			if math.Abs(d.got-d.want) > 1e-9 {
				t.Errorf("%s: %s = %.12g, 2-state game %.12g (tolerance 1e-9)", dyn, d.name, d.got, d.want)
			}
		}
		if dyn == StackelbergPG && math.Abs(rf.HierGradNorm-rr.HierGradNorm) > 1e-9 {
			t.Errorf("hier_grad_norm = %.12g, 2-state game %.12g (tolerance 1e-9)", rf.HierGradNorm, rr.HierGradNorm)
		}
		v, err := Assess(full, dyn, rf, DefaultCriterion)
		if err != nil {
			t.Fatal(err)
		}
		if rf.BRGap > 1e-4 || (dyn == StackelbergPG && !v.Converged) {
			t.Errorf("%s: %v (br_gap %g)", dyn, v, rf.BRGap)
		}
	}
}

// reachConfig is the settings of the unreachable-state runs: 4000
// iterations of steps 0.1 and 1.
func reachConfig(dyn string) Config {
	return Config{Dynamics: dyn, Settings: loop.Settings{Iterations: 4000}}
}

// TestSampledUnvisitedState: a reachable state that no trajectory of a
// batch visits has estimated Hessian rows of exactly 0, and the sampled
// Stackelberg gradient failed with a singular Hessian at iteration 1.
// Eq. 19 is now taken on the visited states: on the game with an
// unreachable state (never visited) the sampled direction equals, within
// 1e-9, that of the 2-state game from the same draws (the samplers draw
// the same trajectories), and is 0 on the unvisited state.
func TestSampledUnvisitedState(t *testing.T) {
	full, red := reachGames(t)
	th1 := []float64{0.3, -0.2, 0.5, 0.1, 0, 0}
	th2 := []float64{-0.4, 0.2, 0.1, 0.6, 0, 0}
	sf, _ := NewSampler(full, 9)
	sr, _ := NewSampler(red, 9)
	sf.Estimate(th1, th2, 64, 30, OrderHessians)
	sr.Estimate(th1[:4], th2[:4], 64, 30, OrderHessians)
	got, err := sf.HierGrad(0)
	if err != nil {
		t.Fatalf("sampled Eq. 19 with an unvisited state: %v", err)
	}
	want, err := sr.HierGrad(0)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range append(append([]float64(nil), want...), 0, 0) {
		if math.Abs(got[i]-w) > 1e-9 {
			t.Errorf("sampled ∇V1[%d] = %.12g, 2-state game %.12g (tolerance 1e-9)", i, got[i], w)
		}
	}
	// A reachable state that a small batch misses: the run goes on.
	rare := *full
	rare.P = [][][][]float64{
		{{{0.9, 0.099, 0.001}, {0.2, 0.799, 0.001}}, {{0.5, 0.499, 0.001}, {0.3, 0.699, 0.001}}},
		full.P[1], full.P[2],
	}
	rare.flat = nil
	cfg := Config{Estimator: Sampled, Batch: 4, Horizon: 10, Seed: 1, Settings: loop.Settings{Iterations: 20}}
	if _, err := Run(t.Context(), &rare, cfg, nil); err != nil {
		t.Fatalf("sampled Stackelberg PG with a rarely visited state: %v", err)
	}
}

// TestBRGapTiesLambdaZero: with λ = 0 the best response is a set (Eq. 2:
// any mixture of a state's optimal actions). In state 0 of this game the
// follower's action changes neither reward nor transition, so its
// gradient there is 0, π2(·|0) stays uniform, and uniform is a best
// response; br_gap measured against the greedy element (ties to action 0)
// was 0.5 there, with a verdict "the follower is not at its best
// response". br_gap is now the distance to the set: here, within 1e-15,
// 1 − π2(b*|1) at state 1, whose optimal action b* is unique.
func TestBRGapTiesLambdaZero(t *testing.T) {
	g := &Game{Gamma: 0.9, Lambda: 0, States: 2, Actions: []int{2, 2},
		Rho: []float64{0.5, 0.5},
		P: [][][][]float64{
			{{{0.9, 0.1}, {0.9, 0.1}}, {{0.5, 0.5}, {0.5, 0.5}}},
			{{{0.6, 0.4}, {0.1, 0.9}}, {{0.7, 0.3}, {0.4, 0.6}}},
		},
		R1: [][][]float64{{{1, 0}, {0.2, 0.6}}, {{0.3, 0.9}, {0.5, 0.1}}},
		R2: [][][]float64{{{0.5, 0.5}, {0.8, 0.8}}, {{0.6, 0.2}, {0.1, 0.7}}},
	}
	res, err := Run(t.Context(), g, Config{Dynamics: SimultaneousPG, Settings: loop.Settings{Iterations: 3000}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Policy2[0]; p[0] != 0.5 || p[1] != 0.5 {
		t.Fatalf("π2(·|0) = %v: want uniform (the follower's gradient is 0 there)", p)
	}
	e, _ := NewEvaluator(g)
	br, err := e.BestResponse(res.Theta1)
	if err != nil {
		t.Fatal(err)
	}
	bstar := 0
	if br[3] > br[2] {
		bstar = 1
	}
	want := 1 - res.Policy2[1][bstar]
	if math.Abs(res.BRGap-want) > 1e-15 || want > 0.01 {
		t.Errorf("br_gap = %.17g, want 1 − π2(b*|1) = %.17g (tolerance 1e-15; and < 0.01)", res.BRGap, want)
	}
}

package learn

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/loop"
)

// unrolledGame is a quadratic cost game (see quadratic) with d1 = 1, d2 = 2
// and a diagonal follower Hessian D = diag(1.5, 0.5), so that the unrolled
// solver's truncated Neumann series has a closed form per coordinate.
func unrolledGame() *quadratic {
	t := func(r, c int, v ...float64) ad.Tensor { return ad.NewTensor(r, c, v) }
	return &quadratic{d1: 1, d2: 2,
		A: t(1, 1, 2), B: t(1, 2, 0.5, -1), C: t(2, 2, 0.3, 0, 0, 0.1),
		D: t(2, 2, 1.5, 0, 0, 0.5), E: t(2, 1, 0.7, -0.4),
		a: t(1, 1, 0.2), b: t(1, 2, 0.1, -0.3)}
}

// unrolledClosedForm is the leader's total derivative of unrolledGame at
// (x, y) with the implicit term of m unrolled follower steps of size η on
// f2 + (λ/2)‖y‖² (Prop. 2 of the Stackelberg actor-critic paper with the
// inverse replaced by its truncated Neumann series):
//
//	∇x f1 = A x + B y + a,   ∇y f1 = Bᵀx + C y,   ∇yy f2 = D,   ∇yx f2 = E
//	w_i   = η Σ_{j<m} (1 − η(D_ii + λ))^j (∇y f1)_i
//	      = (1 − (1 − η(D_ii + λ))^m) (∇y f1)_i / (D_ii + λ)
//	Df1   = ∇x f1 − Eᵀ w
//
// m = 0 gives the exact implicit term (D + λI)⁻¹ ∇y f1 (the series' limit).
func unrolledClosedForm(q *quadratic, x, y []float64, lambda, eta float64, m int) float64 {
	gx := q.A.Data[0]*x[0] + q.B.Data[0]*y[0] + q.B.Data[1]*y[1] + q.a.Data[0]
	gy := []float64{q.B.Data[0]*x[0] + q.C.Data[0]*y[0], q.B.Data[1]*x[0] + q.C.Data[3]*y[1]}
	df := gx
	for i, h := range []float64{q.D.Data[0] + lambda, q.D.Data[3] + lambda} {
		factor := 1.0
		if m > 0 {
			factor = 1 - math.Pow(1-eta*h, float64(m))
		}
		df -= q.E.Data[i] * factor * gy[i] / h
	}
	return df
}

// TestUnrolledSolver: the stackelberg dynamic with solver unrolled gives
// the closed-form truncated series for a few steps (m = 1, 3: to 1e-14
// relative), and, with enough steps for the series to converge
// (η = 0.5: contraction factors |1 − η(D_ii + λ)| ≤ 0.75, so 0.75^200 ≈
// 1e-25), the exact solver's total derivative (to 1e-13) and the exact
// solver's run (60 iterations, every iterate to 1e-12), with λ = 0 and
// λ = 0.25.
func TestUnrolledSolver(t *testing.T) {
	q := unrolledGame()
	x, y := []float64{1.2}, []float64{-0.5, 0.8}
	rates := StackelbergConfig{LeaderLR: loop.Constant(0.05), FollowerLR: loop.Constant(0.2)}
	for _, lambda := range []float64{0, 0.25} {
		exact := rates
		exact.Solver = Solver{Kind: SolverExact, Lambda: lambda}
		ex := mustStackelberg(t, q, exact)
		de := make([]float64, 1)
		if _, err := ex.TotalDerivative(de, x, y); err != nil {
			t.Fatal(err)
		}
		if want := unrolledClosedForm(q, x, y, lambda, 0, 0); math.Abs(de[0]-want) > 1e-14*math.Abs(want) {
			t.Fatalf("λ=%g: exact solver %v, closed form %v", lambda, de[0], want)
		}
		for _, m := range []int{1, 3, 200} {
			c := rates
			c.Solver = Solver{Kind: SolverUnrolled, Lambda: lambda, Steps: m, LR: 0.5}
			un := mustStackelberg(t, q, c)
			du := make([]float64, 1)
			if _, err := un.TotalDerivative(du, x, y); err != nil {
				t.Fatal(err)
			}
			want := unrolledClosedForm(q, x, y, lambda, 0.5, m)
			if math.Abs(du[0]-want) > 1e-14*math.Abs(want) {
				t.Errorf("λ=%g m=%d: unrolled %v, closed form %v", lambda, m, du[0], want)
			}
			if m == 200 && math.Abs(du[0]-de[0]) > 1e-13 {
				t.Errorf("λ=%g m=200: unrolled %v, exact %v", lambda, du[0], de[0])
			}
			if m != 200 {
				continue
			}
			// The runs agree iterate by iterate.
			var re, ru []float64
			recorder := func(dst *[]float64) Recorder {
				return RecorderFunc(func(r Record) error {
					*dst = append(*dst, r.X[0], r.Y[0], r.Y[1])
					return nil
				})
			}
			s := loop.Settings{Iterations: 60, RecordEvery: 1}
			if _, err := Run(context.Background(), q, mustStackelberg(t, q, exact), x, y, Settings{Settings: s, Recorder: recorder(&re)}, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := Run(context.Background(), q, un, x, y, Settings{Settings: s, Recorder: recorder(&ru)}, nil); err != nil {
				t.Fatal(err)
			}
			if len(re) != len(ru) || len(re) != 3*61 {
				t.Fatalf("λ=%g: %d and %d recorded values", lambda, len(re), len(ru))
			}
			for i := range re {
				if math.Abs(re[i]-ru[i]) > 1e-12 {
					t.Fatalf("λ=%g: value %d of the runs: exact %v, unrolled %v", lambda, i, re[i], ru[i])
				}
			}
		}
	}
}

// TestUnrolledSolverErrors: the unrolled solver needs steps ≥ 1 and lr > 0,
// and steps/lr are refused on the other solvers.
func TestUnrolledSolverErrors(t *testing.T) {
	q := unrolledGame()
	rates := StackelbergConfig{LeaderLR: loop.Constant(0.05), FollowerLR: loop.Constant(0.2)}
	for _, c := range []struct {
		s    Solver
		want string
	}{
		{Solver{Kind: SolverUnrolled, LR: 0.5}, "solver.steps"},
		{Solver{Kind: SolverUnrolled, Steps: 3}, "solver.lr"},
		{Solver{Kind: SolverUnrolled, Steps: 3, LR: math.Inf(1)}, "solver.lr"},
		{Solver{Kind: SolverCG, Steps: 3}, "steps and lr are keys of the unrolled solver"},
		{Solver{Kind: SolverExact, LR: 0.1}, "steps and lr are keys of the unrolled solver"},
	} {
		cfg := rates
		cfg.Solver = c.s
		if _, err := NewStackelberg(q, cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.s, err, c.want)
		}
	}
}

// TestUnrolledSolverCancel: a step whose unrolled solve is configured with
// 10¹² follower steps returns the context's error when the context is
// cancelled (the solver polls it every 1024 steps), leaving x and y
// unchanged; without polling this test would not end.
func TestUnrolledSolverCancel(t *testing.T) {
	q := unrolledGame()
	// 10¹² where int has 64 bits, math.MaxInt32 (still hours without
	// polling) where it has 32.
	var steps int64 = 1e12
	c := StackelbergConfig{LeaderLR: loop.Constant(0.05), FollowerLR: loop.Constant(0.2),
		Solver: Solver{Kind: SolverUnrolled, Steps: int(min(steps, math.MaxInt)), LR: 0.5}}
	s := mustStackelberg(t, q, c)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x, y := []float64{1.2}, []float64{-0.5, 0.8}
	_, err := s.Step(ctx, 1, x, y, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if x[0] != 1.2 || y[0] != -0.5 || y[1] != 0.8 {
		t.Errorf("x, y = %v, %v changed by a cancelled step", x, y)
	}
}

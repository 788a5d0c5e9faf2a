package learn

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestKindNewTypedNilParams: Kind.New documents nil parameters as the zero
// ones; a nil pointer of the kind's own parameters type (what a Go caller
// holding a *StackelbergParams it never set passes) is nil parameters too.
// Before, stackelberg, lola and consensus dereferenced it and panicked.
func TestKindNewTypedNilParams(t *testing.T) {
	// Distinct leader and follower rates, so that a dynamic built with
	// other rates or roles than the zero parameters' is seen in its step.
	r := Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.2)}
	for _, name := range KindNames() {
		k, _ := LookupKind(name)
		typedNil := reflect.Zero(reflect.TypeOf(k.Params())).Interface()
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: New with a nil %T panicked: %v", name, typedNil, p)
				}
			}()
			d, err := k.New(paperDuopoly, r, typedNil)
			if err != nil || d == nil {
				t.Errorf("%s: New with a nil %T: %v, %v; want the dynamic with zero parameters", name, typedNil, d, err)
				return
			}
			// Zero parameters: one step from (20, 30) is, bit for bit, the
			// step of the dynamic built from nil parameters.
			d0, err := k.New(paperDuopoly, r, nil)
			if err != nil {
				t.Fatalf("%s: New(nil): %v", name, err)
			}
			x, y := []float64{20}, []float64{30}
			x0, y0 := []float64{20}, []float64{30}
			_, err = d.Step(context.Background(), 1, x, y, newRNG(1))
			_, err0 := d0.Step(context.Background(), 1, x0, y0, newRNG(1))
			if err != nil || err0 != nil || x[0] != x0[0] || y[0] != y0[0] || x[0] == 20 {
				t.Errorf("%s: step with a nil %T to (%v, %v), error %v; with nil parameters to (%v, %v), error %v; want the same moved point", name, typedNil, x[0], y[0], err, x0[0], y0[0], err0)
			}
		}()
	}
}

// TestStackelbergUnrolledStepsDoNotAllocate: the package documents that a
// step does not allocate; with unroll m > 1 every follower step after the
// first built its error name with fmt.Sprintf even when the gradient was
// finite (2 allocations per step at m = 3, for each solver and role).
func TestStackelbergUnrolledStepsDoNotAllocate(t *testing.T) {
	q := newQuadratic(3, 4, 5)
	for _, sv := range []Solver{{}, {Kind: SolverCG}, {Kind: SolverUnrolled, Steps: 5, LR: 0.01}} {
		for _, swap := range []bool{false, true} {
			st := mustStackelberg(t, q, StackelbergConfig{LeaderLR: loop.Constant(0.01), FollowerLR: loop.Constant(0.01),
				NoiseLeader: 0.1, NoiseFollower: 0.1, Solver: sv, Unroll: 3, FollowerLeads: swap})
			x, y := []float64{0.1, 0.2, 0.3}, []float64{0.1, 0.2, 0.3, 0.4}
			rng := newRNG(3)
			k := 0
			allocs := testing.AllocsPerRun(50, func() {
				k++
				if _, err := st.Step(context.Background(), k, x, y, rng); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("solver %q, follower leads %v: %v allocations per step, want 0", sv.Kind, swap, allocs)
			}
		}
	}
}

// sqrtFollower has follower cost √y, whose gradient 1/(2√y) is NaN for
// y < 0, and leader cost (x − 1)². With γ2 = 1 the follower's unrolled
// steps from y = 1 go 1 → 0.5 → 0.5 − 1/(2√0.5) ≈ −0.207, where the
// gradient of the third step is NaN.
type sqrtFollower struct{}

func (sqrtFollower) Name() string                        { return "sqrt-follower" }
func (sqrtFollower) Dims() (int, int)                    { return 1, 1 }
func (sqrtFollower) Sense() game.Sense                   { return game.Cost }
func (sqrtFollower) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (sqrtFollower) F1(x, y *ad.Node) *ad.Node           { return ad.Square(ad.AddScalar(x, -1)) }
func (sqrtFollower) F2(x, y *ad.Node) *ad.Node           { return ad.Sqrt(y) }

// TestUnrolledFollowerNaNNamesStep: a non-finite follower gradient in an
// unrolled step is an error naming the step, and leaves x and y as they
// were.
func TestUnrolledFollowerNaNNamesStep(t *testing.T) {
	st := mustStackelberg(t, sqrtFollower{}, StackelbergConfig{LeaderLR: loop.Constant(0.1), FollowerLR: loop.Constant(1), Unroll: 3})
	x, y := []float64{0}, []float64{1}
	_, err := st.Step(context.Background(), 1, x, y, nil)
	if want := "follower gradient D2 f2 (unrolled step 3) is NaN"; err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if loop.QuantityOf(err) != "follower gradient D2 f2 (unrolled step 3)" {
		t.Errorf("diverged quantity %q", loop.QuantityOf(err))
	}
	if x[0] != 0 || y[0] != 1 {
		t.Errorf("(x, y) = (%g, %g) after a failed step, want (0, 1)", x[0], y[0])
	}
}

// TestSolverKeysErrorNamesExact: unrolled keys given without a solver
// kind (the exact solver) are refused naming "exact", not the empty kind.
func TestSolverKeysErrorNamesExact(t *testing.T) {
	p := StackelbergParams{Solver: &Solver{Steps: 10, LR: 0.1}}
	err := p.Validate()
	if want := `solver: steps and lr are keys of the unrolled solver, not of "exact" (give kind: unrolled to use them)`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if err := (&StackelbergParams{Solver: &Solver{Kind: SolverCG, LR: 0.1}}).Validate(); err == nil || !strings.Contains(err.Error(), `not of "cg"`) {
		t.Errorf("cg: error %v, want it to name cg", err)
	}
}

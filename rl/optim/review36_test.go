package optim

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestPolyakSliceRejectsBadTau: PolyakSlice, which the agents call directly
// (by blocks), accepted a τ that Polyak refuses: τ = NaN made the target
// network NaN silently, τ = 2 moved it past the source (2·src − dst).
func TestPolyakSliceRejectsBadTau(t *testing.T) {
	for _, tau := range []float64{math.NaN(), -0.1, 2, math.Inf(1)} {
		dst, src := []float64{1, 2}, []float64{3, 4}
		msg := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			PolyakSlice(dst, src, tau)
			return "no panic"
		}()
		if want := fmt.Sprintf("tau=%v outside [0, 1]", tau); !strings.Contains(msg, want) {
			t.Errorf("tau=%v: panic %q, want one containing %q (dst now %v)", tau, msg, want, dst)
		}
		if dst[0] != 1 || dst[1] != 2 {
			t.Errorf("tau=%v: dst changed to %v", tau, dst)
		}
	}
	// The ends of [0, 1] are still accepted, exactly.
	dst := []float64{1, 2}
	PolyakSlice(dst, []float64{3, 4}, 0)
	if dst[0] != 1 || dst[1] != 2 {
		t.Errorf("tau=0: dst = %v, want [1 2]", dst)
	}
	PolyakSlice(dst, []float64{3, 4}, 1)
	if dst[0] != 3 || dst[1] != 4 {
		t.Errorf("tau=1: dst = %v, want [3 4]", dst)
	}
}

// TestAdamThreadedStepAllocationFree: the package promises Step never
// allocates, but with Threads > 1 each Step built a new closure per
// parameter for ad.ParallelFor, one allocation per split parameter.
func TestAdamThreadedStepAllocationFree(t *testing.T) {
	n := 1 << 16 // above ad.ParallelFor's split threshold
	ps := []Param{
		{Data: make([]float64, n), Grad: make([]float64, n)},
		{Data: make([]float64, n+3), Grad: make([]float64, n+3)},
	}
	for _, p := range ps {
		for i := range p.Grad {
			p.Grad[i] = float64(i%7) - 3
		}
	}
	a := NewAdam(ps, 1e-3)
	a.Threads = 2
	a.Step()
	if allocs := testing.AllocsPerRun(10, func() { a.Step() }); allocs != 0 {
		t.Errorf("Adam.Step with Threads = 2 allocates %v times per step, want 0", allocs)
	}
}

// TestPolyakMismatchChangesNothing: Polyak averaged the tensors before a
// mismatched one and then panicked, leaving the target network half
// updated; it now checks every shape first.
func TestPolyakMismatchChangesNothing(t *testing.T) {
	target := []Param{{Data: []float64{1, 2}}, {Data: []float64{3, 4}}}
	source := []Param{{Data: []float64{5, 6}}, {Data: []float64{7, 8, 9}}}
	msg := func() (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		Polyak(target, source, 0.5)
		return "no panic"
	}()
	if want := "param 1: len(target)=2 != len(source)=3"; !strings.Contains(msg, want) {
		t.Errorf("panic %q, want one containing %q", msg, want)
	}
	if target[0].Data[0] != 1 || target[0].Data[1] != 2 {
		t.Errorf("target[0] = %v after the refused update, want [1 2]", target[0].Data)
	}
}

// TestAdamLoadRejectsNegativeSecondMoment: a state whose second moment is
// negative (it is a mean of squares) was loaded, and the next Step made
// the parameter NaN: √v of a negative v.
func TestAdamLoadRejectsNegativeSecondMoment(t *testing.T) {
	p := []Param{{Data: []float64{1, 2}, Grad: []float64{0.5, -0.5}}}
	a := NewAdam(p, 0.1)
	a.Step()
	a.v[0][1] = -1e-3
	data, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	q := []Param{{Data: []float64{1, 2}, Grad: []float64{0.5, -0.5}}}
	b := NewAdam(q, 0.1)
	err = b.UnmarshalBinary(data)
	if !errors.Is(err, ErrState) || !strings.Contains(err.Error(), "second moment[0][1] = -0.001 is negative") {
		b.Step()
		t.Fatalf("err = %v, want ErrState naming second moment[0][1]; after a Step the parameters are %v", err, q[0].Data)
	}
	if b.Steps() != 0 || b.v[0][1] != 0 {
		t.Errorf("refused state changed the optimiser: t = %d, v = %v", b.Steps(), b.v[0])
	}
}

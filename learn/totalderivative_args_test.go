package learn

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestTotalDerivativeArguments: TotalDerivative checks the lengths of its
// arguments and returns an error naming them. Before, an x or y of the
// wrong length panicked inside ad ("ad: Set with 2 values on a 1x1 leaf"),
// and a dst of the wrong length was filled silently in part (a short one
// truncated, a long one left with stale entries).
//
// On the quadratic game f1 = ½xᵀAx + xᵀBy + ½Cy² + aᵀx,
// f2 = ½Dy² + yEx + ey with A = diag(2, 3), B = (1, −1)ᵀ, C = 4,
// a = (1, 0), D = 2, E = (1, 2), e = 0.5, at x = (1, 1), y = 0.5, the
// total derivative of Section 2.1 of Fiez et al. is, by hand,
//
//	Df1 = ∇x f1 − Eᵀ D⁻¹ ∇y f1 = (3.5, 2.5) − (1, 2)·(2/2) = (2.5, 0.5),
//
// and with the roles swapped (FollowerLeads: y leads, x follows)
//
//	Df2 = ∇y f2 − Bᵀ A⁻¹ ∇x f2 = 4.5 − (1, −1)·(0.25, 1/3) = 4.5 + 1/12;
//
// the checks leave these values as they were.
func TestTotalDerivativeArguments(t *testing.T) {
	q, err := game.NewQuadratic(game.QuadraticParams{
		A:    ad.Tensor{Rows: 2, Cols: 2, Data: []float64{2, 0, 0, 3}},
		B:    ad.Tensor{Rows: 2, Cols: 1, Data: []float64{1, -1}},
		C:    ad.Tensor{Rows: 1, Cols: 1, Data: []float64{4}},
		LinX: ad.Tensor{Rows: 1, Cols: 2, Data: []float64{1, 0}},
		D:    ad.Tensor{Rows: 1, Cols: 1, Data: []float64{2}},
		E:    ad.Tensor{Rows: 1, Cols: 2, Data: []float64{1, 2}},
		LinY: ad.Tensor{Rows: 1, Cols: 1, Data: []float64{0.5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	rates := StackelbergConfig{LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(1)}
	xLeads := mustStackelberg(t, q, rates)
	rates.FollowerLeads = true
	yLeads := mustStackelberg(t, q, rates)
	x, y := []float64{1, 1}, []float64{0.5}
	for _, c := range []struct {
		name    string
		s       *Stackelberg
		dst     []float64
		x, y    []float64
		want    []float64 // nil: an error
		wantErr string
	}{
		{"x leads", xLeads, make([]float64, 2), x, y, []float64{2.5, 0.5}, ""},
		{"y leads", yLeads, make([]float64, 1), x, y, []float64{4.5 + 1.0/12}, ""},
		{"short x", xLeads, make([]float64, 2), x[:1], y, nil,
			`total derivative: x has 1 and y 1 coordinates; game "quadratic" has dimensions (2, 1)`},
		{"long y", yLeads, make([]float64, 1), x, []float64{0.5, 1}, nil,
			`total derivative: x has 2 and y 2 coordinates; game "quadratic" has dimensions (2, 1)`},
		{"short dst", xLeads, make([]float64, 1), x, y, nil,
			"total derivative: dst has 1 elements; the leader (player 1) has 2"},
		{"long dst, y leads", yLeads, make([]float64, 2), x, y, nil,
			"total derivative: dst has 2 elements; the leader (player 2) has 1"},
	} {
		_, err := c.s.TotalDerivative(c.dst, c.x, c.y)
		if c.want == nil {
			if err == nil || err.Error() != c.wantErr {
				t.Errorf("%s: %v; want %q", c.name, err, c.wantErr)
			}
			for i, v := range c.dst {
				if v != 0 {
					t.Errorf("%s: dst[%d] = %g; want it left unchanged (0)", c.name, i, v)
				}
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i := range c.want {
			if math.Abs(c.dst[i]-c.want[i]) > 1e-14 {
				t.Errorf("%s: Df[%d] = %.17g; want %.17g", c.name, i, c.dst[i], c.want[i])
			}
		}
	}
}

package learn

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestRunNonFiniteStartRefused: a start with a NaN or ±Inf coordinate is
// refused before the first step with an error naming the coordinate, and
// the Result's Status is Failed (refused input), not Diverged.
func TestRunNonFiniteStartRefused(t *testing.T) {
	g, err := game.RandomQuadratic(2, 2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	sga, err := NewSGA(g, Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)})
	if err != nil {
		t.Fatal(err)
	}
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name   string
		x0, y0 []float64
		want   string
	}{
		{"x0[0] NaN", []float64{nan, 0}, []float64{0, 0}, "start x0 is NaN: x0[0] = NaN"},
		{"x0[1] NaN", []float64{0, nan}, []float64{0, 0}, "start x0 is NaN: x0[1] = NaN"},
		{"y0[1] +Inf", []float64{0, 0}, []float64{0, inf}, "start y0 is infinite: y0[1] = +Inf"},
		{"y0[0] -Inf, y0[1] NaN", []float64{0, 0}, []float64{-inf, nan}, "start y0 is infinite: y0[0] = -Inf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Run(context.Background(), g, sga, c.x0, c.y0, Settings{Settings: loop.Settings{Iterations: 3}}, nil)
			if err == nil || err.Error() != c.want {
				t.Errorf("err = %v, want %q", err, c.want)
			}
			if res.Status != loop.Failed {
				t.Errorf("Status = %v, want %v", res.Status, loop.Failed)
			}
			if q := loop.QuantityOf(err); q != "" {
				t.Errorf("QuantityOf(err) = %q, want none (nothing diverged)", q)
			}
		})
	}
}

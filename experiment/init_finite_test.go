package experiment

import (
	"math"
	"testing"
)

// TestCheckInitNotFinite checks that a configuration built in code (which
// ParseConfig's input checks never see) with a non-finite initial point or
// uniform range is refused by Check, naming the key, as a parsed one is.
// Before, a range [−Inf, +Inf] on an unbounded player passed Check and the
// run drew its starting point as NaN.
func TestCheckInitNotFinite(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		init InitConfig
		want string
	}{
		{InitConfig{Uniform: &UniformInit{X: [][]float64{{-inf, inf}}, Y: [][]float64{{0, 1}}}}, "config: init.uniform.x[0][0] = -Inf: need a finite number"},
		{InitConfig{Uniform: &UniformInit{X: [][]float64{{0, 1}}, Y: [][]float64{{0, inf}}}}, "config: init.uniform.y[0][1] = +Inf: need a finite number"},
		{InitConfig{X: []float64{math.NaN()}}, "config: init.x[0] = NaN: need a finite number"},
		{InitConfig{Y: []float64{inf}}, "config: init.y[0] = +Inf: need a finite number"},
	} {
		init := c.init
		cfg := &Config{
			Game:     &GameConfig{Sense: "cost", F1: "x[0]*x[0] + x[0]*y[0]", F2: "y[0]*y[0] - x[0]*y[0]"},
			Dynamics: &DynamicsConfig{Kind: "sga"},
			Init:     &init,
		}
		err := Check(cfg)
		if err == nil || err.Error() != c.want {
			t.Errorf("init %+v: Check: %v, want %s", c.init, err, c.want)
		}
	}
}

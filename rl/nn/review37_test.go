package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestHugeActionBoxGivesFiniteActions: checkBox accepts any finite box, but
// on [−1e308, 1e308] (or [−1e308, 1.5e308]) the half-width (hi − lo)/2
// overflowed, so Deterministic.Apply returned −Inf and Squashed.Mean +Inf
// while the recorded Act gave the finite c + h·tanh(f(s)). The expected
// values are computed from the network's output with the exact centre and
// half-width (0 and 1e308; 0.25e308 and 1.25e308), to 1e-14·h (the
// recorded forward pass may round the network's output an ulp apart from
// Apply's, and c + h·y cancels).
func TestHugeActionBoxGivesFiniteActions(t *testing.T) {
	obs := []float64{0.1, -0.2}
	for _, box := range []struct{ lo, hi, c, h float64 }{
		{-1e308, 1e308, 0, 1e308},
		{-1e308, 1.5e308, 0.25e308, 1.25e308},
	} {
		check := func(who string, got, want float64) {
			t.Helper()
			if math.IsInf(got, 0) || math.IsNaN(got) || math.Abs(got-want) > 1e-14*box.h {
				t.Errorf("box [%g, %g]: %s = %v, want %v", box.lo, box.hi, who, got, want)
			}
		}
		lo, hi := []float64{box.lo}, []float64{box.hi}

		var p Params
		d := NewDeterministic(&p, 2, []int{3}, Tanh, lo, hi)
		d.Net.Init(&p, rand.New(rand.NewPCG(1, 2)))
		y := []float64{0}
		d.Net.Apply(&p, obs, y) // tanh output in [−1, 1]
		want := box.c + box.h*y[0]
		got := []float64{0}
		d.Apply(&p, obs, got)
		check("Deterministic.Apply", got[0], want)
		tp := ad.NewTape()
		check("Deterministic.Act", d.Act(p.Const(tp), tp.Const(ad.NewTensor(1, 2, obs))).Data()[0], want)

		var q Params
		s := NewSquashed(&q, 2, []int{3}, Tanh, lo, hi)
		s.Net.Init(&q, rand.New(rand.NewPCG(3, 4)))
		out := []float64{0, 0}
		s.Net.Apply(&q, obs, out) // μ, log σ
		want = box.c + box.h*math.Tanh(out[0])
		s.Mean(&q, obs, got)
		check("Squashed.Mean", got[0], want)
		tp = ad.NewTape()
		act, _ := s.Rsample(q.Const(tp), tp.Const(ad.NewTensor(1, 2, obs)), tp.Const(ad.NewTensor(1, 1, []float64{0})))
		check("Squashed.Rsample with ε = 0", act.Data()[0], want)
	}
}

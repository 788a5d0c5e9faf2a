package nn

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Logits without a finite maximum (all −Inf, a +Inf, a NaN): softmax is
// undefined there. Probs returned NaN probabilities silently, Sample then
// the last action, and Mode action 0 (or the +Inf one); each now panics
// naming the method and the cause.
func TestCategoricalNoFiniteMaxLogitPanics(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, bias := range [][]float64{
		{-inf, -inf, -inf},
		{0.5, nan, 1},
		{nan, 0.5, 1},
		{0.5, inf, 1},
	} {
		var p Params
		c := NewCategorical(&p, 2, nil, Tanh, 3) // logits = obs·W + b
		c.Net.Init(&p, rand.New(rand.NewPCG(1, 2)))
		copy(p.Tensor(c.Net.b[0]).Data, bias)
		obs := []float64{0.1, 0.2}
		for _, call := range []struct {
			who string
			f   func()
		}{
			{"Probs", func() { c.Probs(&p, obs, make([]float64, 3)) }},
			{"Sample", func() { c.Sample(&p, obs, rand.New(rand.NewPCG(3, 4))) }},
			{"Mode", func() { c.Mode(&p, obs) }},
		} {
			msg := panicMessage(call.f)
			want := "have no finite maximum (all −Inf, or a +Inf or NaN): π(·|s) is undefined"
			who := "nn.Categorical." + call.who
			if call.who == "Sample" {
				who = "nn.Categorical.Probs"
			}
			if !strings.HasPrefix(msg, who+": logits [") || !strings.HasSuffix(msg, want) {
				t.Errorf("bias %v: %s panicked with %q, want %q … %q", bias, call.who, msg, who, want)
			}
		}
	}
}

// panicMessage returns the string f panics with, or "" if it returns.
func panicMessage(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg, _ = v.(string)
		}
	}()
	f()
	return ""
}

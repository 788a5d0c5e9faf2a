package markov

import (
	"math"
	"strings"
	"testing"
)

// TestBestResponseToPureLeaderPolicy: a θ1 with −Inf entries is the log of
// a leader policy with zeros (a pure one here), whose softmax (Eq. 7) is
// that policy; BestResponse, BestResponseTheta and Hierarchical answered
// for it before session 43, and must give what they give at θ1 = −800 in
// those entries (the same policy to the last bit: exp(−800) underflows to
// 0). Session 43's check of θ refused it as "not finite: the softmax of θ
// (Eq. 7) is then no policy". NaN, +Inf and a state whose logits are all
// −Inf (no policy) are still errors.
func TestBestResponseToPureLeaderPolicy(t *testing.T) {
	g, err := ParseGame([]byte(userSpec))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	inf := math.Inf(-1)
	want, err := ev.BestResponse([]float64{0, -800, -800, 0})
	if err != nil {
		t.Fatal(err)
	}
	want = append([]float64(nil), want...)
	got, err := ev.BestResponse([]float64{0, inf, inf, 0})
	if err != nil {
		t.Fatalf("BestResponse at a pure leader policy: %v", err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("B(θ1)[%d] = %v at θ1 with −Inf, %v at −800", i, got[i], want[i])
		}
	}
	v800, _, _, err := ev.Hierarchical([]float64{0, -800, -800, 0}, 1e-8)
	if err != nil {
		t.Fatal(err)
	}
	vInf, _, _, err := ev.Hierarchical([]float64{0, inf, inf, 0}, 1e-8)
	if err != nil || vInf != v800 {
		t.Errorf("Hierarchical at a pure leader policy: V1 %v (%v), want %v as at −800", vInf, err, v800)
	}
	for _, c := range []struct {
		th1  []float64
		want string
	}{
		{[]float64{0, math.NaN(), 0, 0}, "markov: best response: theta1[1] = NaN is not finite"},
		{[]float64{0, 0, math.Inf(1), 0}, "markov: best response: theta1[2] = +Inf is not finite"},
		{[]float64{0, 0, inf, inf}, "markov: best response: theta1[2:4] of state 1 is -Inf for every action"},
	} {
		if _, err := ev.BestResponse(c.th1); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("BestResponse(%v): %v, want %q…", c.th1, err, c.want)
		}
	}
}

package markov

import (
	"math"
	"sort"
	"testing"
)

// TestSampledDirectionHeavyTail52 measures what the package doc's
// "sampled Stackelberg direction with small batches" reports, at batch
// 256 (the larger batches of its table take seconds each): on
// Builtin("random") at θ = 0, Horizon 50, seeds 1–200, the sampled Eq. 19
// direction's length over the exact one's has a median near 1 (within
// [0.8, 1.5]; the doc's table: 1.09) and a tail of tens (maximum ≥ 20;
// the table: 30), while the relative error of the sampled ∇θ1V1 stays
// below 4 (the table: median 1.21). A change to the sampler or to
// Eq. 19's solve that moves these beyond the bounds calls for measuring
// the table again.
func TestSampledDirectionHeavyTail52(t *testing.T) {
	g, err := Builtin("random", nil)
	if err != nil {
		t.Fatal(err)
	}
	th1, th2 := make([]float64, g.States*g.Actions[0]), make([]float64, g.States*g.Actions[1])
	ev, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	lead, _, err := ev.StepGradients(th1, th2, 0)
	if err != nil {
		t.Fatal(err)
	}
	exactDir := norm2(lead)
	exactG11 := append([]float64(nil), ev.Eval(th1, th2, OrderGradients).Grad11...)
	if math.Abs(exactDir-1.2965) > 1e-4 {
		t.Errorf("exact ‖Eq. 19 direction‖ = %.6f, the doc says 1.30 (1.2965 within 1e-4)", exactDir)
	}
	var ratios []float64
	maxG := 0.0
	for seed := uint64(1); seed <= 200; seed++ {
		sp, err := NewSampler(g, seed)
		if err != nil {
			t.Fatal(err)
		}
		pt := sp.Estimate(th1, th2, 256, 50, OrderHessians)
		d := make([]float64, len(exactG11))
		for i := range d {
			d[i] = pt.Grad11[i] - exactG11[i]
		}
		maxG = max(maxG, norm2(d)/norm2(exactG11))
		h, err := sp.HierGrad(0)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		ratios = append(ratios, norm2(h)/exactDir)
	}
	sort.Float64s(ratios)
	if med := ratios[len(ratios)/2]; med < 0.8 || med > 1.5 {
		t.Errorf("median ‖sampled‖/‖exact‖ = %.3g, want within [0.8, 1.5]", med)
	}
	if m := ratios[len(ratios)-1]; m < 20 {
		t.Errorf("max ‖sampled‖/‖exact‖ = %.3g, want ≥ 20 (the doc's heavy tail)", m)
	}
	if maxG >= 4 {
		t.Errorf("max relative error of the sampled ∇θ1V1 = %.3g, want < 4", maxG)
	}
}

package repro

import (
	"math"
	"strings"
	"testing"
)

// TestPMRoundedToSpread: a table's mean ± sd is written with the sd to two
// significant digits and the mean to the same decimal place (they were
// written at 4 decimals whatever the spread: "230.2274 ± 53.6637"), an
// exact zero sd as "± 0" (not "± 0.0000"), a tiny one in %.2g beside a
// mean at 6 decimals, or with a mean below 10⁻⁵ in the sd's power of
// ten. Strings compared exactly.
func TestPMRoundedToSpread(t *testing.T) {
	for _, c := range []struct {
		v    []float64
		want string
	}{
		{[]float64{200, 260.4548}, "230 ± 43"},
		{[]float64{266.7778, 266.7778, 266.7778}, "266.778 ± 0"},
		{[]float64{0.45, 0.55}, "0.500 ± 0.071"},
		{[]float64{-0.25, -0.75}, "-0.50 ± 0.35"},
		{[]float64{-3e-6, 1e-6}, "(-1.0 ± 2.8)e-6"}, // a mean below 10⁻⁵ too: the sd's power of ten
		{[]float64{-1e-7}, "0.0000 (1 seed)"},
		{[]float64{24.5, 24.5 + 9e-14}, "24.500000 ± 6.3e-14"},
		{[]float64{0, 0.1408}, "0.07 ± 0.10"}, // sd 0.09956 rounds up to 0.10: two digits of the rounded value
		{[]float64{0, 360}, "180 ± 250"},
	} {
		if got := pm(c.v); got != c.want {
			t.Errorf("pm(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// TestPMCIClippedToReturns: the t interval printed beside a bounded
// statistic (CartPole's returns lie in [0, 500]) is clipped to its range
// ([-15.4, 431.1] was printed), and says that it was; an interval inside
// the range is not. The mean and sd are as pm writes them.
func TestPMCIClippedToReturns(t *testing.T) {
	for _, c := range []struct {
		v           []float64
		lo, hi      float64
		want        string
		wantClipped bool
	}{
		{[]float64{20, 500, 100, 400, 20}, 0, 500, "210 ± 230 [0, 490]", true},
		{[]float64{500, 480, 500, 470, 500}, 0, 500, "490 ± 14 [472, 500]", true},
		{[]float64{100, 120, 110}, 0, 500, "110 ± 10 [85, 135]", false},
		{[]float64{100, 120, 110}, math.Inf(-1), math.Inf(1), "110 ± 10 [85, 135]", false},
	} {
		got, clipped := pmCI(c.v, c.lo, c.hi)
		if got != c.want || clipped != c.wantClipped {
			t.Errorf("pmCI(%v, %g, %g) = %q, %v, want %q, %v", c.v, c.lo, c.hi, got, clipped, c.want, c.wantClipped)
		}
	}
	if got, want := clipNote("CartPole-v1", 0, 500), "Intervals clipped to [0, 500], the returns CartPole-v1 can give"; !strings.HasPrefix(got, want) {
		t.Errorf("clipNote = %q, want it to begin %q", got, want)
	}
}

// TestDynamicsLabels: the tables name the dynamics readably, not by their
// config kinds (sga, stackelberg-pg), which results.json keeps.
func TestDynamicsLabels(t *testing.T) {
	for kind, want := range map[string]string{
		"sga":             "simultaneous gradient (Nash)",
		"stackelberg":     "Stackelberg gradient",
		"stackelberg-pg":  "Stackelberg policy gradient",
		"simultaneous-pg": "simultaneous policy gradient (Nash)",
		"lola":            "lola",
	} {
		if got := dynamicsLabel(kind); got != want {
			t.Errorf("dynamicsLabel(%q) = %q, want %q", kind, got, want)
		}
	}
	if got, want := hicRowName(hicVariant{name: "sga", label: "gradient vs gradient (step 0.1 each)"}), "simultaneous gradient (Nash): gradient vs gradient (step 0.1 each)"; got != want {
		t.Errorf("hicRowName(sga) = %q, want %q", got, want)
	}
}

// TestNoneReached: a steps-to-threshold sample in which no run reached it
// (never: +Inf; unfinished below it: censored) is not tested; one run that
// reached it makes it testable.
func TestNoneReached(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		obs  []Observation
		want bool
	}{
		{[]Observation{{V: inf}, {V: inf}}, true},
		{[]Observation{{V: inf}, {V: 40000, Censored: true}}, true},
		{[]Observation{{V: inf}, {V: 40000}}, false},
	} {
		if got := noneReached(c.obs); got != c.want {
			t.Errorf("noneReached(%v) = %v, want %v", c.obs, got, c.want)
		}
	}
}

// TestStepsAxisLabel: a learning-curve figure says its band and n.
func TestStepsAxisLabel(t *testing.T) {
	for _, c := range []struct {
		runs []int
		want string
	}{
		{[]int{5, 5, 5}, "environment steps; band: mean ± 1 sd over 5 seeds"},
		{[]int{7, 5}, "environment steps; band: mean ± 1 sd over 5–7 seeds"},
		{[]int{1, 1}, "environment steps; one run each, no band"},
		{[]int{1, 3}, "environment steps; band: mean ± 1 sd over up to 3 seeds (none for one run)"},
	} {
		if got := stepsAxisLabel(c.runs); got != c.want {
			t.Errorf("stepsAxisLabel(%v) = %q, want %q", c.runs, got, c.want)
		}
	}
}

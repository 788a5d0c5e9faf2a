package repro

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/plot"
)

// Exact Mann–Whitney p-values against counting by hand: with samples of 3
// and 3 fully separated, U = 0 and p = 2/C(6,3) = 0.1; 5 and 5 separated,
// p = 2/C(10,5) = 2/252; identical orderings interleaved give p = 1.
// With ties the normal approximation: a = b gives p = 1.
func TestMannWhitney(t *testing.T) {
	for _, tc := range []struct {
		a, b  []float64
		u, p  float64
		exact bool
	}{
		{[]float64{1, 2, 3}, []float64{4, 5, 6}, 0, 0.1, true},
		{[]float64{6, 7, 8, 9, 10}, []float64{1, 2, 3, 4, 5}, 25, 2.0 / 252, true},
		{[]float64{1, 4}, []float64{2, 3}, 2, 1, true},
		// U = 2 (5 > 3, 5 > 4); the counts of U = 0…9 for 3 and 3 are
		// 1 1 2 3 3 3 3 2 1 1 (of 20), so P(U ≤ 2 or U ≥ 7) = 8/20.
		{[]float64{1, 2, 5}, []float64{3, 4, 6}, 2, 0.4, true},
	} {
		u, p := MannWhitney(tc.a, tc.b)
		if u != tc.u || math.Abs(p-tc.p) > 1e-12 {
			t.Errorf("%v vs %v: U = %v, p = %v; want %v, %v", tc.a, tc.b, u, p, tc.u, tc.p)
		}
	}
	// Ties: identical samples, p = 1; "never" (+Inf) ties are ranked last.
	if u, p := MannWhitney([]float64{1, 1, 2}, []float64{1, 1, 2}); u != 4.5 || p != 1 {
		t.Errorf("identical samples: U = %v, p = %v", u, p)
	}
	inf := math.Inf(1)
	u, p := MannWhitney([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []float64{inf, inf, inf, inf, inf, inf, inf, inf, inf, inf})
	// Normal approximation: mean 50, var = 100/12·(21 − (1000−10)/(20·19)) = 153.29; z = (50 − 0.5)/12.381.
	wantP := 2 * 0.5 * math.Erfc((49.5/math.Sqrt(100.0/12*(21-990.0/380)))/math.Sqrt2)
	if u != 0 || math.Abs(p-wantP) > 1e-12 {
		t.Errorf("vs never: U = %v, p = %v, want 0, %v", u, p, wantP)
	}
}

// The t interval of 1…5: mean 3, sd √2.5, t_{4, 0.975} = 2.7764451.
func TestMeanCI(t *testing.T) {
	m, lo, hi := MeanCI([]float64{1, 2, 3, 4, 5}, 0.95)
	h := 2.7764451051977987 * math.Sqrt(2.5) / math.Sqrt(5)
	if m != 3 || math.Abs(lo-(3-h)) > 1e-9 || math.Abs(hi-(3+h)) > 1e-9 {
		t.Fatalf("MeanCI = %v [%v, %v], want 3 [%v, %v]", m, lo, hi, 3-h, 3+h)
	}
}

// A --quick reproduction's report says it is quick, at the top.
func TestQuickReportSaysQuick(t *testing.T) {
	r, err := Lookup("stac-toy")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := r.Execute(t.Context(), Options{Out: out, Quick: true}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), quickNote) {
		t.Fatalf("report.md starts %q", string(b[:min(len(b), 120)]))
	}
	if _, still := quickDirs.Load(filepath.Clean(out)); still {
		t.Fatal("quick marker left behind")
	}
}

// Bands stay within the attainable returns: CartPole-v1 in [0, 500],
// Pendulum at most 0; the mean itself is never cut.
func TestClipBand(t *testing.T) {
	s := plot.Series{Y: []float64{480, 20}, Lo: []float64{440, -10}, Hi: []float64{520, 50}}
	clipBand(&s, "CartPole-v1")
	if s.Hi[0] != 500 || s.Lo[1] != 0 || s.Lo[0] != 440 || s.Hi[1] != 50 {
		t.Fatalf("CartPole band %v–%v", s.Lo, s.Hi)
	}
	p := plot.Series{Y: []float64{-5}, Lo: []float64{-30}, Hi: []float64{12}}
	clipBand(&p, "Pendulum-v1")
	if p.Hi[0] != 0 || p.Lo[0] != -30 {
		t.Fatalf("Pendulum band %v–%v", p.Lo, p.Hi)
	}
}

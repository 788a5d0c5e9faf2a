package repro

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Independent oracles for the statistics the reproduction reports print,
// written from the definitions only (no code shared with stats.go).

// pairU is Mann–Whitney's U of x against y from its definition: the number
// of pairs (x_i, y_j) with x_i > y_j, ties ½.
func pairU(x, y []float64) float64 {
	u := 0.0
	for _, xi := range x {
		for _, yj := range y {
			switch {
			case xi > yj:
				u++
			case xi == yj:
				u += 0.5
			}
		}
	}
	return u
}

// mwByEnumeration is the two-sided exact (conditional, with ties)
// Mann–Whitney p of a against b: every assignment of the pooled values to
// a group of len(a) and one of len(b) (every subset, by bit mask; this is
// the permutation distribution with each of the (n+m)! orders of the
// pooled values counted n!·m! times) equally likely, the share whose U is
// at least as far from nm/2 as the observed one. Halves are compared in
// doubled integers, so the comparison is exact.
func mwByEnumeration(a, b []float64) (u, p float64) {
	n, m := len(a), len(b)
	pool := append(append([]float64(nil), a...), b...)
	u = pairU(a, b)
	d := math.Abs(2*u - float64(n*m))
	hits, total := 0, 0
	x, y := make([]float64, 0, len(pool)), make([]float64, 0, len(pool))
	for mask := 0; mask < 1<<len(pool); mask++ {
		x, y = x[:0], y[:0]
		for i, v := range pool {
			if mask&(1<<i) != 0 {
				x = append(x, v)
			} else {
				y = append(y, v)
			}
		}
		if len(x) != n {
			continue
		}
		total++
		if math.Abs(2*pairU(x, y)-float64(n*m)) >= d {
			hits++
		}
	}
	return u, float64(hits) / float64(total)
}

// mwNormalOracle is the normal approximation from the permutation moments
// of U computed directly from the mid-ranks r_i of the pooled values: E U
// = nm/2 and Var U = Var(rank sum of a) = nm/(N(N−1))·Σ(r_i − r̄)² (the
// variance of a sum of n draws without replacement), z = (|U − nm/2| −
// ½)/√Var, p = 2·P(Z ≥ z) = erfc(z/√2), at most 1.
func mwNormalOracle(a, b []float64) (u, p float64) {
	n, m := len(a), len(b)
	pool := append(append([]float64(nil), a...), b...)
	N := len(pool)
	ranks := make([]float64, N)
	for i, v := range pool {
		less, equal := 0, 0
		for _, w := range pool {
			switch {
			case w < v:
				less++
			case w == v:
				equal++
			}
		}
		ranks[i] = float64(less) + float64(equal+1)/2
	}
	mean := float64(N+1) / 2
	ss := 0.0
	for _, r := range ranks {
		ss += (r - mean) * (r - mean)
	}
	v := float64(n*m) / float64(N*(N-1)) * ss
	u = pairU(a, b)
	z := (math.Abs(u-float64(n*m)/2) - 0.5) / math.Sqrt(v)
	return u, math.Min(1, math.Erfc(z/math.Sqrt2))
}

// tCDFTwoSided is P(|T| ≤ t) for Student's T with ν (a positive integer)
// degrees of freedom, from the finite series of Abramowitz and Stegun
// 26.7.3–26.7.4, θ = atan(t/√ν): for odd ν, (2/π)(θ + sin θ·(cos θ +
// (2/3)cos³θ + … + (2·4⋯(ν−3))/(1·3⋯(ν−2))·cos^{ν−2}θ)); for even ν,
// sin θ·(1 + ½cos²θ + … + (1·3⋯(ν−3))/(2·4⋯(ν−2))·cos^{ν−2}θ).
func tCDFTwoSided(t float64, nu int) float64 {
	th := math.Atan(t / math.Sqrt(float64(nu)))
	s, c := math.Sin(th), math.Cos(th)
	if nu%2 == 1 {
		if nu == 1 {
			return 2 / math.Pi * th
		}
		term, sum := c, c
		for k := 3; k <= nu-2; k += 2 {
			term *= float64(k-1) / float64(k) * c * c
			sum += term
		}
		return 2 / math.Pi * (th + s*sum)
	}
	term, sum := 1.0, 1.0
	for k := 2; k <= nu-2; k += 2 {
		term *= float64(k-1) / float64(k) * c * c
		sum += term
	}
	return s * sum
}

// tQuantileOracle is the t with P(|T| ≤ t) = level for ν degrees of
// freedom (t_{ν, (1+level)/2}), by bisection on tCDFTwoSided.
func tQuantileOracle(level float64, nu int) float64 {
	lo, hi := 0.0, 1.0
	for tCDFTwoSided(hi, nu) < level {
		hi *= 2
	}
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if tCDFTwoSided(mid, nu) < level {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// ciHalfWidthT recovers the t quantile MeanCI used: (hi − mean)·√n/sd.
func ciHalfWidthT(x []float64, level float64) float64 {
	m, _, hi := MeanCI(x, level)
	_, sd := MeanSD(x)
	return (hi - m) * math.Sqrt(float64(len(x))) / sd
}

// The tail of the exact distribution against full enumeration: 3 against 3
// and 5 against 5 (every U), 1 against m, and seeded random samples of 1…7
// against 1…7 drawn from a few values and +Inf ("never reached"), so that
// most have ties, some every value tied. U must be equal, p within 1e-12.
func TestMannWhitneyExactAgainstEnumeration(t *testing.T) {
	check := func(a, b []float64) {
		t.Helper()
		u, p := MannWhitney(a, b)
		wu, wp := mwByEnumeration(a, b)
		if u != wu || math.Abs(p-wp) > 1e-12 {
			t.Errorf("%v vs %v: U = %v, p = %.15g; enumeration U = %v, p = %.15g", a, b, u, p, wu, wp)
		}
	}
	// Every arrangement of 3 against 3 and of 5 against 5 distinct values.
	for _, n := range []int{3, 5} {
		for mask := 0; mask < 1<<(2*n); mask++ {
			var a, b []float64
			for i := range 2 * n {
				if mask&(1<<i) != 0 {
					a = append(a, float64(i))
				} else {
					b = append(b, float64(i))
				}
			}
			if len(a) == n {
				check(a, b)
			}
		}
	}
	inf := math.Inf(1)
	check([]float64{inf, inf, inf}, []float64{inf, inf, inf})
	check([]float64{7, 7, 7, 7, 7}, []float64{7, 7, 7, 7, 7})
	check([]float64{1}, []float64{2})
	check([]float64{2}, []float64{1, 3, 5, 7})
	check([]float64{inf}, []float64{1, 2, inf})
	rng := rand.New(rand.NewPCG(33, 1))
	values := []float64{1000, 2000, 3000, 4000, inf}
	for range 3000 {
		a, b := make([]float64, 1+rng.IntN(7)), make([]float64, 1+rng.IntN(7))
		k := 1 + rng.IntN(len(values)) // how many distinct values are drawn from
		for i := range a {
			a[i] = values[rng.IntN(k)]
		}
		for i := range b {
			b[i] = values[len(values)-1-rng.IntN(k)]
		}
		check(a, b)
	}
}

// The p-values quoted for small samples, exact fractions: 3 against 3
// separated 2/20 = 0.1, 5 against 5 separated 2/252; all tied, p = 1;
// an empty sample NaN.
func TestMannWhitneyQuotedMinima(t *testing.T) {
	for _, tc := range []struct {
		a, b []float64
		u, p float64
	}{
		{[]float64{1, 2, 3}, []float64{4, 5, 6}, 0, 0.1},
		{[]float64{1, 2, 3, 4, 5}, []float64{6, 7, 8, 9, 10}, 0, 2.0 / 252},
		{[]float64{3, 3, 3}, []float64{3, 3, 3}, 4.5, 1},
		{[]float64{1}, []float64{2}, 0, 1},
		{[]float64{3}, []float64{1, 2}, 2, 2.0 / 3},
	} {
		if u, p := MannWhitney(tc.a, tc.b); u != tc.u || math.Abs(p-tc.p) > 1e-15 {
			t.Errorf("%v vs %v: U = %v, p = %v; want %v, %v", tc.a, tc.b, u, p, tc.u, tc.p)
		}
	}
	for _, tc := range [][2][]float64{{nil, {1, 2}}, {{1, 2}, nil}, {nil, nil}} {
		if u, p := MannWhitney(tc[0], tc[1]); !math.IsNaN(u) || !math.IsNaN(p) {
			t.Errorf("%v vs %v: U = %v, p = %v; want NaN, NaN", tc[0], tc[1], u, p)
		}
	}
}

// The normal approximation (untied beyond n·m = 10 000, tied beyond about
// 50 against 50) against the permutation moments computed from the
// mid-ranks directly; relative tolerance 1e-9.
func TestMannWhitneyNormalAgainstMoments(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 2))
	inf := math.Inf(1)
	for trial := range 40 {
		n, m := 51+rng.IntN(60), 51+rng.IntN(60)
		a, b := make([]float64, n), make([]float64, m)
		levels := 3 + rng.IntN(40)
		shift := rng.IntN(4)
		for i := range a {
			a[i] = float64(rng.IntN(levels) + shift)
		}
		for i := range b {
			b[i] = float64(rng.IntN(levels))
			if trial%3 == 0 && rng.IntN(5) == 0 {
				b[i] = inf
			}
		}
		if exactTiesWork(n, m) {
			t.Fatalf("%d against %d is counted exactly", n, m)
		}
		u, p := MannWhitney(a, b)
		wu, wp := mwNormalOracle(a, b)
		if u != wu || !relClose(p, wp, 1e-9) {
			t.Errorf("trial %d (%d vs %d): U = %v, p = %.12g; oracle %v, %.12g", trial, n, m, u, p, wu, wp)
		}
	}
	// Untied beyond the exact limit: 101 against 100 interleaved.
	a, b := make([]float64, 101), make([]float64, 100)
	for i := range a {
		a[i] = float64(2*i) + float64(i%7)*0.1
	}
	for i := range b {
		b[i] = float64(2*i+1) + 30
	}
	u, p := MannWhitney(a, b)
	wu, wp := mwNormalOracle(a, b)
	if u != wu || !relClose(p, wp, 1e-9) {
		t.Errorf("101 vs 100 untied: U = %v, p = %.12g; oracle %v, %.12g", u, p, wu, wp)
	}
}

// The t oracle itself against the closed forms, to 1e-13 (relative): ν =
// 1, tan(0.475π); ν = 2, 0.95/√(2·0.975·0.025); ν = 4, 2√(q − 1) with
// q = cos(arccos(√α)/3)/√α, α = 4·0.975·0.025 (Hill 1970). And against
// the brief's table values to 1e-9: t_{2,0.975} = 4.302652729911275 is
// itself 1.6e-10 above the closed form 4.3026527297494637 (at it,
// P(|T| ≤ t) = t/√(2 + t²) = 0.9500000000035).
func TestTQuantileOracle(t *testing.T) {
	alpha := 4 * 0.975 * 0.025
	q := math.Cos(math.Acos(math.Sqrt(alpha))/3) / math.Sqrt(alpha)
	for _, tc := range []struct {
		nu   int
		want float64
	}{
		{1, math.Tan(0.475 * math.Pi)}, {2, 0.95 / math.Sqrt(2*0.975*0.025)}, {4, 2 * math.Sqrt(q-1)},
	} {
		if got := tQuantileOracle(0.95, tc.nu); !relClose(got, tc.want, 1e-13) {
			t.Errorf("oracle t_{%d, 0.975} = %.17g, closed form %.17g", tc.nu, got, tc.want)
		}
	}
	for _, tc := range []struct {
		nu   int
		want float64
	}{{1, 12.706204736174707}, {2, 4.302652729911275}, {4, 2.7764451051977987}} {
		if got := tQuantileOracle(0.95, tc.nu); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("oracle t_{%d, 0.975} = %.17g, table %.17g", tc.nu, got, tc.want)
		}
	}
}

// MeanCI's t quantile for every ν a report can use (n = 2…200 runs),
// at the 95 % level the reports print and at 90 % and 99 %: within 1e-12
// (relative) of the series oracle (gonum's is within 4e-14), and the published values
// t_{1,0.975} = 12.706204736174707, t_{2,0.975} = 4.302652729911275,
// t_{4,0.975} = 2.7764451051977987 to 1e-9.
func TestMeanCIQuantiles(t *testing.T) {
	sample := func(n int) []float64 { // 0, 1, …, n−1: a spread at every n
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i)
		}
		return x
	}
	for _, tc := range []struct {
		n    int
		want float64
	}{{2, 12.706204736174707}, {3, 4.302652729911275}, {5, 2.7764451051977987}} {
		if got := ciHalfWidthT(sample(tc.n), 0.95); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("n = %d: t = %.17g, want %.17g", tc.n, got, tc.want)
		}
	}
	for _, level := range []float64{0.9, 0.95, 0.99} {
		for n := 2; n <= 200; n++ {
			got, want := ciHalfWidthT(sample(n), level), tQuantileOracle(level, n-1)
			if !relClose(got, want, 1e-12) {
				t.Errorf("level %v, n = %d: t = %.17g, oracle %.17g", level, n, got, want)
			}
		}
	}
}

// MeanCI at the edges: one value has no interval (NaN); no spread (sd 0)
// gives the point; two values use t_{1, 0.975}.
func TestMeanCIEdges(t *testing.T) {
	if m, lo, hi := MeanCI([]float64{4}, 0.95); m != 4 || !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("one value: %v [%v, %v]", m, lo, hi)
	}
	if m, lo, hi := MeanCI([]float64{2.5, 2.5, 2.5}, 0.95); m != 2.5 || lo != 2.5 || hi != 2.5 {
		t.Errorf("no spread: %v [%v, %v]", m, lo, hi)
	}
	// 1 and 3: mean 2, sd √2, half-width 12.7062…·√2/√2.
	if m, lo, hi := MeanCI([]float64{1, 3}, 0.95); m != 2 || math.Abs(lo-(2-12.706204736174707)) > 1e-9 || math.Abs(hi-(2+12.706204736174707)) > 1e-9 {
		t.Errorf("1, 3: %v [%v, %v]", m, lo, hi)
	}
	if m, lo, hi := MeanCI(nil, 0.95); !math.IsNaN(m) || !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("no value: %v [%v, %v]", m, lo, hi)
	}
}

// MeanSD is the sample (n − 1) standard deviation, exact for
// well-conditioned data and stable under a large common offset.
func TestMeanSDSample(t *testing.T) {
	for _, tc := range []struct {
		x        []float64
		mean, sd float64
	}{
		{[]float64{1, 2, 3, 4}, 2.5, math.Sqrt(5.0 / 3)},
		{[]float64{1e9 + 1, 1e9 + 2, 1e9 + 3}, 1e9 + 2, 1},
		{[]float64{-5, 5}, 0, math.Sqrt(50)},
	} {
		m, sd := MeanSD(tc.x)
		if m != tc.mean || math.Abs(sd-tc.sd) > 1e-12*tc.sd {
			t.Errorf("%v: %v ± %v, want %v ± %v", tc.x, m, sd, tc.mean, tc.sd)
		}
	}
	// The documented edges: one value has sd 0 (the tables write it
	// alone), none gives NaN for both.
	if m, sd := MeanSD([]float64{7.5}); m != 7.5 || sd != 0 {
		t.Errorf("[7.5]: %v ± %v, want 7.5 ± 0", m, sd)
	}
	if m, sd := MeanSD(nil); !math.IsNaN(m) || !math.IsNaN(sd) {
		t.Errorf("no values: %v ± %v, want NaN ± NaN", m, sd)
	}
}

// pmCI's cells (mean ± sd [95 % t interval], the sd to two significant
// digits, the mean and interval to its decimals) for the reports' sample
// sizes, from the oracle's t.
func TestPMCIFormat(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		want string
	}{
		{[]float64{1, 3}, fmt.Sprintf("2.0 ± 1.4 [%.1f, %.1f]", 2-12.706204736174707, 2+12.706204736174707)},
		{[]float64{5, 5, 5}, "5 ± 0 [5, 5]"},
		{[]float64{7}, "7"},
	} {
		if got, _ := pmCI(tc.x, math.Inf(-1), math.Inf(1)); got != tc.want {
			t.Errorf("pmCI(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

// Every rank test and every mean ± sd [t interval] of the committed
// results recomputed by the oracles from the per-seed values in
// results.json: U equal, p within 1e-12 of the enumeration (steps to the
// threshold with −1, never, as +Inf), and each finished variant's final
// and over-the-run cell, formatted as the report does with the series
// oracle's t, found in report.md.
func TestCommittedStatsAgainstOracles(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "results", "*", "results.json"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "results", "*", "*", "results.json"))
	paths = append(paths, more...)
	tests, cells := 0, 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatal(path, err)
		}
		if _, ok := raw["mann_whitney"]; !ok {
			continue
		}
		type variant struct {
			Steps   []*float64 `json:"steps_to_threshold"`
			Final   []float64  `json:"final"`
			OverRun []float64  `json:"over_run"`
		}
		var metric, envName string
		json.Unmarshal(raw["metric"], &metric)
		json.Unmarshal(raw["env"], &envName)
		least, most := ReturnBounds(envName)
		vs := map[string]variant{}
		for k, r := range raw {
			var v variant
			if json.Unmarshal(r, &v) == nil && v.Steps != nil {
				vs[k] = v
			}
		}
		get := func(slug, stat string) []float64 {
			v := vs[slug]
			switch {
			case stat == "steps to the threshold":
				var h []float64
				for _, s := range v.Steps {
					switch {
					case s == nil:
					case *s < 0:
						h = append(h, math.Inf(1))
					default:
						h = append(h, *s)
					}
				}
				return h
			case stat == "over the run":
				return v.OverRun
			case stat == "final "+metric:
				return v.Final
			}
			t.Fatalf("%s: statistic %q", path, stat)
			return nil
		}
		var mw map[string]struct {
			U, P float64
			Test string
		}
		if err := json.Unmarshal(raw["mann_whitney"], &mw); err != nil {
			t.Fatal(path, err)
		}
		for key, rec := range mw {
			pair, stat, _ := strings.Cut(key, ": ")
			x, ref, _ := strings.Cut(pair, " vs ")
			if rec.Test == "gehan" {
				continue // the censoring is not in results.json
			}
			wu, wp := mwByEnumeration(get(x, stat), get(ref, stat))
			if rec.U != wu || math.Abs(rec.P-wp) > 1e-12 {
				t.Errorf("%s: %s: U = %v, p = %.15g; enumeration U = %v, p = %.15g", path, key, rec.U, rec.P, wu, wp)
			}
			tests++
		}
		report, err := os.ReadFile(filepath.Join(filepath.Dir(path), "report.md"))
		if err != nil {
			report, err = os.ReadFile(filepath.Join(filepath.Dir(path), "..", "report.md"))
		}
		if err != nil {
			t.Fatal(err)
		}
		for slug, v := range vs {
			for _, x := range [][]float64{v.Final, v.OverRun} {
				if len(x) < 2 {
					continue
				}
				m, sd := oracleMeanSD(x)
				h := tQuantileOracle(0.95, len(x)-1) * sd / math.Sqrt(float64(len(x)))
				cell := oracleCell(m, sd, m-h, m+h, least, most)
				if !strings.Contains(string(report), cell) {
					t.Errorf("%s: %s: %q not in report.md", path, slug, cell)
				}
				cells++
			}
		}
	}
	if tests == 0 || cells == 0 {
		t.Fatalf("%d tests and %d cells checked", tests, cells)
	}
	t.Logf("%d rank tests and %d interval cells checked", tests, cells)
}

// oracleCell writes mean ± sd [lo, hi] as the tables' rule says, on its
// own: the decimals those of sd's second significant digit (after
// rounding to two), at most 6; a negative number of decimals rounds to
// tens or hundreds; from thousands on, each number is written as a
// mantissa with one decimal times the power of ten of sd's first digit,
// "(m ± s)eE [loeE, hieE]", as is an sd below 10⁻⁵ beside a mean below
// 10⁻⁵; where m's mantissa is below 1 there but not at E−1, E−1 is used,
// the sd's mantissa written with no decimal ("(-4.3 ± 11)e4"). An end of
// the interval beyond [least, most] is written as that bound, as it is.
func oracleCell(m, sd, lo, hi, least, most float64) string {
	var e int
	fmt.Sscanf(strings.SplitN(fmt.Sprintf("%.1e", sd), "e", 2)[1], "%d", &e)
	dec := min(1-e, 6)
	if 1-e > 6 && math.Abs(m) < 1e-5 {
		dec = -3 // the sd's power of ten, as from thousands on
	}
	sdDec := 1
	if dec < -2 {
		mant := func(x float64, p int) float64 {
			var v float64
			fmt.Sscan(fmt.Sprintf("%.1f", x/math.Pow(10, float64(p))), &v)
			return math.Abs(v)
		}
		if mant(m, e) < 1 && mant(m, e-1) >= 1 {
			e, sdDec = e-1, 0
		}
	}
	noSign := func(s string) string {
		if strings.Trim(s, "-0.") == "" {
			s = strings.TrimPrefix(s, "-")
		}
		return s
	}
	f := func(v float64) string {
		switch {
		case dec >= 0:
			return noSign(fmt.Sprintf("%.*f", dec, v))
		case dec >= -2:
			p := math.Pow(10, float64(-dec))
			return noSign(fmt.Sprintf("%.0f", math.Round(v/p)*p))
		}
		return noSign(fmt.Sprintf("%.1f", v/math.Pow(10, float64(e))))
	}
	g := f
	if dec < -2 {
		g = func(v float64) string { return fmt.Sprintf("%se%d", f(v), e) }
	}
	los, his := g(lo), g(hi)
	if lo < least {
		los = fmt.Sprint(least)
	}
	if hi > most {
		his = fmt.Sprint(most)
	}
	if dec < -2 {
		return fmt.Sprintf("(%s ± %s)e%d [%s, %s]", f(m), noSign(fmt.Sprintf("%.*f", sdDec, sd/math.Pow(10, float64(e)))), e, los, his)
	}
	return f(m) + " ± " + f(sd) + " [" + los + ", " + his + "]"
}

// oracleMeanSD: the mean and the sample sd by the textbook two passes.
func oracleMeanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}

// Gehan's exact p against enumeration on seeded random samples of 1…6
// against 1…6 with censored values (unfinished runs below the threshold),
// "never" (+Inf) and ties: U equal, p within 1e-12; and Mann–Whitney's U
// and p are symmetric in the order of the samples (U ↔ nm − U).
func TestGehanAgainstEnumerationRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(33, 3))
	inf := math.Inf(1)
	draw := func(n int) []Observation {
		o := make([]Observation, n)
		for i := range o {
			o[i].V = float64(4000 * (1 + rng.IntN(5)))
			switch rng.IntN(4) {
			case 0:
				o[i].Censored = true
			case 1:
				if rng.IntN(2) == 0 {
					o[i].V = inf
				}
			}
		}
		return o
	}
	for range 1500 {
		a, b := draw(1+rng.IntN(6)), draw(1+rng.IntN(6))
		u, p := Gehan(a, b)
		wu, wp := gehanByEnumeration(a, b)
		if u != wu || math.Abs(p-wp) > 1e-12 {
			t.Errorf("%v vs %v: U = %v, p = %.15g; enumeration U = %v, p = %.15g", a, b, u, p, wu, wp)
		}
		av, bv := values(a), values(b)
		u1, p1 := MannWhitney(av, bv)
		u2, p2 := MannWhitney(bv, av)
		if u1+u2 != float64(len(a)*len(b)) || math.Abs(p1-p2) > 1e-12 {
			t.Errorf("%v vs %v: U = %v, p = %v; swapped U = %v, p = %v", av, bv, u1, p1, u2, p2)
		}
	}
}

// Without censored values Gehan's test is Mann–Whitney's, U and p, in every
// regime, as its doc comment and the README say: also for untied samples
// of more than 50 against 50 with n·m ≤ 10 000, which Mann–Whitney counts
// exactly (before, Gehan gave the normal approximation there: 60 against
// 60, p = 0.05310 against Mann–Whitney's exact 0.05287; 80 against 40,
// 0.002670 against 0.002435).
func TestGehanUncensoredIsMannWhitney(t *testing.T) {
	for _, nm := range [][2]int{{60, 60}, {80, 40}, {100, 100}, {51, 10}, {120, 120}} {
		var a, b []Observation
		for i := range nm[0] {
			a = append(a, Observation{V: float64(3*i) + 0.5})
		}
		for i := range nm[1] {
			b = append(b, Observation{V: float64(3*i+1) + 20})
		}
		gu, gp := Gehan(a, b)
		mu, mp := MannWhitney(values(a), values(b))
		if gu != mu || !relClose(gp, mp, 1e-12) {
			t.Errorf("%d vs %d uncensored, untied: Gehan U = %v, p = %.10g; Mann–Whitney %v, %.10g", nm[0], nm[1], gu, gp, mu, mp)
		}
	}
	// The exact untied p of 60 against 60 from the Gaussian-binomial
	// oracle: U = 1431.
	var a, b []Observation
	for i := range 60 {
		a = append(a, Observation{V: float64(3*i) + 0.5})
		b = append(b, Observation{V: float64(3*i+1) + 20})
	}
	if u, p := Gehan(a, b); u != 1431 || !relClose(p, untiedPOracle(60, 60, 1431), 1e-12) {
		t.Errorf("60 vs 60: U = %v, p = %v; want 1431, %v", u, p, untiedPOracle(60, 60, 1431))
	}
}

// untiedPOracle is the exact two-sided p of an untied U for samples of n
// and m, from the generating function of U, the Gaussian binomial
// coefficient [n+m choose n]_q = Π_{i=1…n} (1 − q^{m+i})/(1 − q^i), in
// exact integers: the coefficient of q^k counts the arrangements with
// U = k, and p sums those at least as far from nm/2 as u, over C(n+m, n).
func untiedPOracle(n, m int, u float64) float64 {
	c := make([]*big.Int, n*m+1)
	for k := range c {
		c[k] = new(big.Int)
	}
	c[0].SetInt64(1)
	for i := 1; i <= n; i++ {
		for k := len(c) - 1; k >= m+i; k-- { // × (1 − q^{m+i})
			c[k].Sub(c[k], c[k-m-i])
		}
		for k := i; k < len(c); k++ { // ÷ (1 − q^i), exact
			c[k].Add(c[k], c[k-i])
		}
	}
	tail, total := new(big.Int), new(big.Int)
	d := math.Abs(2*u - float64(n*m))
	for k, ck := range c {
		total.Add(total, ck)
		if math.Abs(float64(2*k-n*m)) >= d {
			tail.Add(tail, ck)
		}
	}
	if total.Cmp(new(big.Int).Binomial(int64(n+m), int64(n))) != 0 {
		panic("untiedPOracle: the counts do not sum to C(n+m, n)")
	}
	p, _ := new(big.Rat).SetFrac(tail, total).Float64()
	return p
}

// The exact untied regime (n·m ≤ 10 000) beyond enumeration against the
// Gaussian-binomial oracle: 100 against 100, 1 against 10 000, 7 against
// 1 400, 20 against 30, every U of 12 against 9.
func TestMannWhitneyExactUntiedAgainstGaussianBinomial(t *testing.T) {
	seq := func(n, step, off int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(step*i + off)
		}
		return v
	}
	check := func(a, b []float64) {
		t.Helper()
		u, p := MannWhitney(a, b)
		if want := untiedPOracle(len(a), len(b), u); u != pairU(a, b) || !relClose(p, want, 1e-12) {
			t.Errorf("%d vs %d: U = %v, p = %.15g; oracle U = %v, p = %.15g", len(a), len(b), u, p, pairU(a, b), want)
		}
	}
	check(seq(100, 2, 0), seq(100, 2, 41))
	check([]float64{2.5}, seq(10000, 1, 0))
	check(seq(7, 400, 3), seq(1400, 2, 0))
	check(seq(20, 4, 10), seq(30, 2, 1))
	for off := -20; off <= 20; off++ {
		check(seq(12, 2, 2*off+1), seq(9, 2, 0))
	}
}

// exactBootstrapPoI is the exact distribution of the stratified bootstrap
// probability of improvement (1/T)·Σ_t U_t/(n_t·m_t) when every task's
// runs of X (n_t) and of Y (m_t) are drawn again with replacement: for
// each resample of Y, a draw of X scores 2·#{j: x > y_j} + #{j: x = y_j}
// (2U in halves), and the n_t iid draws of X sum those scores (an
// n_t-fold convolution); the tasks are independent, so their
// distributions convolve. The score depends on Y's resample only through
// how often it draws each run, so the m_t^{m_t} equally likely ordered
// resamples are taken as their C(2m_t−1, m_t) multisets, each with its
// multinomial probability m_t!/(∏_j c_j!)·m_t^{−m_t} (1716 multisets for
// seven runs, where the ordered ones are 823 543). It returns the values
// in increasing order with their probabilities.
func exactBootstrapPoI(x, y [][]float64) (vals, probs []float64) {
	return exactBootstrapPoIBy(x, y, multisetResamples)
}

// multisetResamples calls visit with each multiset of m runs drawn with
// replacement from m (idx nondecreasing) and its probability
// m!/(∏_j c_j!)·m^{−m}, c_j the count of run j.
func multisetResamples(m int, visit func(idx []int, p float64)) {
	factorial := func(k int) float64 {
		f := 1.0
		for i := 2; i <= k; i++ {
			f *= float64(i)
		}
		return f
	}
	idx := make([]int, m)
	for {
		p := factorial(m) * math.Pow(float64(m), -float64(m))
		for run := 0; run < m; {
			c := 1
			for run+c < m && idx[run+c] == idx[run] {
				c++
			}
			p /= factorial(c)
			run += c
		}
		visit(idx, p)
		i := m - 1 // the next multiset: raise the last index below m−1, and set those after it to it
		for i >= 0 && idx[i] == m-1 {
			i--
		}
		if i < 0 {
			return
		}
		idx[i]++
		for j := i + 1; j < m; j++ {
			idx[j] = idx[i]
		}
	}
}

// orderedResamples calls visit with each of the m^m equally likely
// ordered resamples of m runs and its probability m^{−m}: the definition
// multisetResamples groups.
func orderedResamples(m int, visit func(idx []int, p float64)) {
	idx := make([]int, m)
	p := math.Pow(float64(m), -float64(m))
	for {
		visit(idx, p)
		i := 0
		for i < m {
			idx[i]++
			if idx[i] < m {
				break
			}
			idx[i] = 0
			i++
		}
		if i == m {
			return
		}
	}
}

// exactBootstrapPoIBy is exactBootstrapPoI with Y's resamples enumerated
// by resamples.
func exactBootstrapPoIBy(x, y [][]float64, resamples func(m int, visit func(idx []int, p float64))) (vals, probs []float64) {
	T := len(x)
	lcm := 1
	for t := range x {
		d := 2 * len(x[t]) * len(y[t])
		g, b := lcm, d
		for b != 0 {
			g, b = b, g%b
		}
		lcm = lcm / g * d
	}
	total := map[int]float64{0: 1} // key: Σ_t 2U_t·lcm/(2 n_t m_t)
	for t := range x {
		n, m := len(x[t]), len(y[t])
		dist := make([]float64, 2*n*m+1) // P(2U_t = k)
		resamples(m, func(idx []int, pY float64) {
			one := make([]float64, 2*m+1) // the score of one draw of X
			for _, xi := range x[t] {
				s := 0
				for _, j := range idx {
					switch {
					case xi > y[t][j]:
						s += 2
					case xi == y[t][j]:
						s++
					}
				}
				one[s] += 1 / float64(n)
			}
			sum := []float64{1}
			for range n {
				next := make([]float64, len(sum)+2*m)
				for a, pa := range sum {
					for b, pb := range one {
						next[a+b] += pa * pb
					}
				}
				sum = next
			}
			for k, pk := range sum {
				dist[k] += pY * pk
			}
		})
		next := map[int]float64{}
		unit := lcm / (2 * n * m)
		for key, pk := range total {
			for k, p := range dist {
				if p > 0 {
					next[key+k*unit] += pk * p
				}
			}
		}
		total = next
	}
	keys := make([]int, 0, len(total))
	for k := range total {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		vals = append(vals, float64(k)/float64(lcm*T))
		probs = append(probs, total[k])
	}
	return vals, probs
}

// The committed across-task results (each suite's results.json) against
// the oracles: the probability of improvement and its per-task values
// from the pair counts of the tasks' final and over-the-run values (to
// 1e-12), and the 95 % interval's ends against the exact stratified
// bootstrap distribution: P(≤ lo) ≥ 0.025 − 0.01 and P(< lo) ≤ 0.025 +
// 0.01, the same at 0.975 for hi (0.01 is six Monte Carlo standard errors
// of a quantile from 10 000 resamples).
func TestCommittedAcrossTasksAgainstOracles(t *testing.T) {
	root := filepath.Join("..", "..", "results")
	taskFile := func(suite, env string) string {
		if p := filepath.Join(root, suite, env, "results.json"); fileExists(p) {
			return p
		}
		for _, s := range committedSuites {
			if s.dir == suite {
				for _, from := range s.from {
					if p := filepath.Join(root, from, env, "results.json"); fileExists(p) {
						return p
					}
				}
			}
		}
		t.Fatalf("%s: no results.json for %s", suite, env)
		return ""
	}
	paths, _ := filepath.Glob(filepath.Join(root, "*", "results.json"))
	checked := 0
	for _, path := range paths {
		var suite struct {
			PoI map[string]struct {
				P, Lo, Hi float64
				Tasks     []string
				PerTask   []float64 `json:"per_task"`
			} `json:"probability_of_improvement"`
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &suite); err != nil {
			t.Fatal(path, err)
		}
		name := filepath.Base(filepath.Dir(path))
		for key, rec := range suite.PoI {
			pair, stat, _ := strings.Cut(key, ": ")
			xs, ref, _ := strings.Cut(pair, " vs ")
			var x, y [][]float64
			for _, env := range rec.Tasks {
				data, err := os.ReadFile(taskFile(name, env))
				if err != nil {
					t.Fatal(err)
				}
				var task map[string]json.RawMessage
				json.Unmarshal(data, &task)
				var metric string
				json.Unmarshal(task["metric"], &metric)
				get := func(slug string) []float64 {
					var v struct {
						Final   []float64 `json:"final"`
						OverRun []float64 `json:"over_run"`
					}
					json.Unmarshal(task[slug], &v)
					if stat == "over the run" {
						return v.OverRun
					}
					if stat != "final "+metric {
						t.Fatalf("%s: %s: statistic %q", path, env, stat)
					}
					return v.Final
				}
				x, y = append(x, get(xs)), append(y, get(ref))
			}
			p := 0.0
			for i := range x {
				per := pairU(x[i], y[i]) / float64(len(x[i])*len(y[i]))
				if math.Abs(per-rec.PerTask[i]) > 1e-12 {
					t.Errorf("%s: %s: %s per task %v, oracle %v", path, key, rec.Tasks[i], rec.PerTask[i], per)
				}
				p += per / float64(len(x))
			}
			if math.Abs(p-rec.P) > 1e-12 {
				t.Errorf("%s: %s: P = %v, oracle %v", path, key, rec.P, p)
			}
			vals, probs := exactBootstrapPoI(x, y)
			cdf := func(v float64, strict bool) float64 {
				c := 0.0
				for i, w := range vals {
					if w < v-1e-12 || (!strict && w <= v+1e-12) {
						c += probs[i]
					}
				}
				return c
			}
			const tol = 0.01
			for _, end := range []struct {
				v, q float64
			}{{rec.Lo, 0.025}, {rec.Hi, 0.975}} {
				if cdf(end.v, false) < end.q-tol || cdf(end.v, true) > end.q+tol {
					t.Errorf("%s: %s: end %v: exact P(≤) = %v, P(<) = %v; want them around %v", path, key, end.v, cdf(end.v, false), cdf(end.v, true), end.q)
				}
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no across-task result checked")
	}
	t.Logf("%d across-task results checked", checked)
}

// fileExists reports that path names an existing file.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// A level outside (0, 1) has no t interval: NaN, as StratifiedBootstrapPoI
// refuses it (before, 1.5 panicked in gonum's quantile, "distuv:
// percentile out of bounds", −0.5 gave the inverted [2.471, 1.529] for
// 1, 2, 3, and 1 gave [−Inf, +Inf]); the mean is still returned.
func TestMeanCILevelOutOfRange(t *testing.T) {
	for _, level := range []float64{-0.5, 0, 1, 1.5, math.NaN()} {
		m, lo, hi := MeanCI([]float64{1, 2, 3}, level)
		if m != 2 || !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("level %v: %v [%v, %v], want 2 [NaN, NaN]", level, m, lo, hi)
		}
	}
}

// The exact bootstrap oracle on TestStratifiedBootstrapPoI's hand count:
// X = {0, 2}, Y = {1}, P = 0, ½, 1 with probabilities ¼, ½, ¼; and two
// tasks whose X is above Y on every run of the first and below on the
// second: ½ always.
func TestExactBootstrapPoIOracle(t *testing.T) {
	vals, probs := exactBootstrapPoI([][]float64{{0, 2}}, [][]float64{{1}})
	if !slices.Equal(vals, []float64{0, 0.5, 1}) || !slices.Equal(probs, []float64{0.25, 0.5, 0.25}) {
		t.Errorf("{0, 2} against {1}: %v with %v", vals, probs)
	}
	vals, probs = exactBootstrapPoI([][]float64{{5, 6, 7}, {0}}, [][]float64{{1, 2}, {3, 4, 5, 6}})
	if len(vals) != 1 || vals[0] != 0.5 || math.Abs(probs[0]-1) > 1e-12 {
		t.Errorf("opposite tasks: %v with %v", vals, probs)
	}
}

// quantile7 is Hyndman and Fan's type 7 (numpy's default percentile):
// for s = 1…10, the q-quantile is 1 + 9q; for one value, that value.
func TestQuantile7Definition(t *testing.T) {
	s := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, q := range []float64{0, 0.025, 0.1, 0.5, 0.975, 1} {
		if got, want := quantile7(s, q), 1+9*q; math.Abs(got-want) > 1e-12 {
			t.Errorf("q = %v: %v, want %v", q, got, want)
		}
	}
	if got := quantile7([]float64{3}, 0.975); got != 3 {
		t.Errorf("one value: %v", got)
	}
}

// The multisets of Y's resamples with their multinomial probabilities
// give exactBootstrapPoI the distribution the m^m ordered resamples
// define: the same values, probabilities to 1e-12, on two tasks of tied
// and untied runs (Y of 1 to 5 runs, X of other sizes); the multisets'
// probabilities sum to 1 to 1e-12 for m = 1…8.
func TestExactBootstrapPoIMultisetsAgainstOrdered(t *testing.T) {
	for m := 1; m <= 8; m++ {
		sum, count := 0.0, 0
		multisetResamples(m, func(_ []int, p float64) { sum += p; count++ })
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("m = %d: multiset probabilities sum to %v", m, sum)
		}
		if want := binomial(2*m-1, m); float64(count) != want {
			t.Errorf("m = %d: %d multisets, want C(%d, %d) = %v", m, count, 2*m-1, m, want)
		}
	}
	rng := rand.New(rand.NewPCG(53, 1))
	draw := func(k int) []float64 {
		v := make([]float64, k)
		for i := range v {
			v[i] = float64(rng.IntN(6)) // ties within and across X and Y
		}
		return v
	}
	for m := 1; m <= 5; m++ {
		x := [][]float64{draw(m + 1), draw(3)}
		y := [][]float64{draw(m), draw(6 - m)}
		gotV, gotP := exactBootstrapPoIBy(x, y, multisetResamples)
		wantV, wantP := exactBootstrapPoIBy(x, y, orderedResamples)
		if !slices.Equal(gotV, wantV) {
			t.Fatalf("x %v, y %v: values %v, ordered %v", x, y, gotV, wantV)
		}
		for i := range gotP {
			if !(math.Abs(gotP[i]-wantP[i]) <= 1e-12) {
				t.Errorf("x %v, y %v: P(%v) = %v, ordered %v", x, y, gotV[i], gotP[i], wantP[i])
			}
		}
	}
}

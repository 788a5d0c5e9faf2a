package repro

import (
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// MeanCI returns the mean of x and the two-sided confidence interval of
// the given level (e.g. 0.95) from Student's t distribution with n − 1
// degrees of freedom: mean ± t_{n−1, (1+level)/2}·sd/√n. With fewer than two
// values, or a level outside (0, 1), the interval is NaN.
func MeanCI(x []float64, level float64) (mean, lo, hi float64) {
	mean, sd := MeanSD(x)
	n := len(x)
	if n < 2 || !(level > 0 && level < 1) {
		return mean, math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + level) / 2)
	h := t * (sd / math.Sqrt(float64(n))) // t·sd alone may overflow
	return mean, mean - h, mean + h
}

// MannWhitney is the two-sided Mann–Whitney U (Wilcoxon rank-sum) test of
// samples a and b: U counts the pairs (a_i, b_j) with a_i > b_j (ties count
// ½), and p is the probability, under the hypothesis that both come from
// one distribution, of a U at least as far from n·m/2. p is exact (the
// permutation distribution of U by counting) without ties when n·m ≤
// 10 000, and with ties when exactTiesWork allows: the distribution of
// the mid-rank sum over every split of the pooled values into groups of n
// and m (the conditional exact test). Otherwise it uses the normal
// approximation with the tie correction of the variance and a continuity
// correction. +Inf values (e.g. "never reached") are ordinary, tied,
// largest values. A NaN in either sample, or an empty sample, gives NaN
// for both.
func MannWhitney(a, b []float64) (u, p float64) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || slices.ContainsFunc(a, math.IsNaN) || slices.ContainsFunc(b, math.IsNaN) {
		return math.NaN(), math.NaN()
	}
	type obs struct {
		v     float64
		fromA bool
	}
	all := make([]obs, 0, n+m)
	for _, v := range a {
		all = append(all, obs{v, true})
	}
	for _, v := range b {
		all = append(all, obs{v, false})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v < all[j].v })
	// Mid-ranks and the tie correction Σ(t³ − t).
	var rankA, ties float64
	ranks2 := make([]int, len(all)) // twice the mid-ranks, integers
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && (all[j].v == all[i].v) {
			j++
		}
		r := float64(i+j+1) / 2 // ranks i+1..j
		for k := i; k < j; k++ {
			ranks2[k] = i + j + 1
			if all[k].fromA {
				rankA += r
			}
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	u = rankA - float64(n*(n+1))/2
	mean := float64(n*m) / 2
	if ties == 0 && n*m <= 10000 {
		return u, exactUTail(n, m, u)
	}
	if ties > 0 && exactTiesWork(n, m) {
		return u, exactTiedUTail(ranks2, n, m, u)
	}
	N := float64(n + m)
	v := float64(n*m) / 12 * ((N + 1) - ties/(N*(N-1)))
	if v <= 0 {
		return u, 1
	}
	z := (math.Abs(u-mean) - 0.5) / math.Sqrt(v)
	return u, normalTwoSided(z)
}

// smallestTwoSidedP is the smallest two-sided p a rank-sum test of n1
// values against n2 can give, whatever the values: of the C(n1+n2, n1)
// equally likely splits of the pooled values, the two most extreme (every
// value of one sample above every value of the other, or below) give
// 2/C(n1+n2, n1); 1 for one value against one. Ties only raise it
// (MannWhitney, Gehan). Where it is not below 0.05 no data can be
// significant at the 5% level: 2/6 for 2 against 2 and for 5 against 1,
// 2/20 for 3 against 3.
func smallestTwoSidedP(n1, n2 int) float64 {
	return math.Min(1, 2/binomial(n1+n2, n1))
}

// normalTwoSided is the two-sided normal tail 2·P(Z ≥ z) of a standard
// normal Z (1 for z ≤ 0), from erfc: 2·(1 − Φ(z)) would lose every digit
// below about 1e-16 and give 0 from z ≈ 8.3 on.
func normalTwoSided(z float64) float64 {
	if z <= 0 {
		return 1
	}
	return math.Min(1, math.Erfc(z/math.Sqrt2))
}

// exactUTail returns P(|U − nm/2| ≥ |u − nm/2|) for samples of sizes n and
// m without ties: the number of arrangements with each U value counted by
// the recursion c(i, j, k) = c(i−1, j, k−j) + c(i, j−1, k) (the largest of
// i a's and j b's is an a, above all j b's, or a b), where U of i and j
// lies in 0…i·j. The distribution is the same for sizes m and n (the
// count of the partitions of U that fit an n × m box), so j runs over the
// smaller size and two layers of (min(n, m)+1) × (nm+1) counts are kept:
// about n²m²/4 additions, 16 MB at 100 against 100 (before, the layers ran
// over m whatever its size: 1.2 GB at 1 against 10 000).
func exactUTail(n, m int, u float64) float64 {
	if m > n {
		n, m = m, n
	}
	max := n * m
	// prev[j][k] for the previous i, cur[j][k] for the current one:
	// arrangements of i a's and j b's with U = k. Entries beyond i·j stay 0.
	layer := func() [][]float64 {
		l := make([][]float64, m+1)
		for j := range l {
			l[j] = make([]float64, max+1)
		}
		return l
	}
	prev, cur := layer(), layer()
	for j := range prev {
		prev[j][0] = 1 // i = 0: U = 0
	}
	for i := 1; i <= n; i++ {
		for j := 0; j <= m; j++ {
			for k := 0; k <= i*j; k++ {
				// The largest element is an a (it beats all j b's) or a b.
				c := 0.0
				if k >= j {
					c = prev[j][k-j]
				}
				if j > 0 {
					c += cur[j-1][k]
				}
				cur[j][k] = c
			}
		}
		prev, cur = cur, prev
	}
	dist := prev[m]
	total := 0.0
	for _, c := range dist {
		total += c
	}
	d := math.Abs(u - float64(max)/2)
	tail := 0.0
	for k, c := range dist {
		if math.Abs(float64(k)-float64(max)/2) >= d-1e-9 {
			tail += c
		}
	}
	return tail / total
}

// exactTiesWork reports whether the exact tied distribution of U for
// samples of n and m is cheap enough to count: exactTiedUTail takes about
// N·k·N(N+1) steps, N = n + m, k = min(n, m); the bound admits every pair
// of samples up to 50 and 50 (about 0.1 s).
func exactTiesWork(n, m int) bool {
	k, N := min(n, m), n+m
	return N*k*N*(N+1) <= 51_000_000
}

// exactTiedUTail returns P(|U − nm/2| ≥ |u − nm/2|) under the permutation
// distribution with ties: every choice of n of the pooled values as the
// first sample equally likely, U from the mid-ranks. ranks2 holds twice the
// mid-rank of each pooled value (integers). The sum of the doubled ranks of
// the smaller group is counted over all its subsets (c[k][s]: subsets of k
// values with doubled rank sum s), and U follows from it; the groups' U
// values lie symmetrically about nm/2, so the distance is the same for
// either.
func exactTiedUTail(ranks2 []int, n, m int, u float64) float64 {
	k := min(n, m)
	maxSum := 0
	for _, r := range ranks2 {
		maxSum += r
	}
	c := make([][]float64, k+1)
	for i := range c {
		c[i] = make([]float64, maxSum+1)
	}
	c[0][0] = 1
	for idx, r := range ranks2 {
		for j := min(idx+1, k); j >= 1; j-- {
			for s := maxSum; s >= r; s-- {
				c[j][s] += c[j-1][s-r]
			}
		}
	}
	// 2U of the smaller group = S − k(k+1); its distance from nm/2 equals
	// that of the other group's U. Compare in doubled integers: exact.
	d := math.Abs(2*u - float64(n*m))
	tail, total := 0.0, 0.0
	for s, cnt := range c[k] {
		if cnt == 0 {
			continue
		}
		total += cnt
		if math.Abs(float64(s-k*(k+1)-n*m)) >= d {
			tail += cnt
		}
	}
	return tail / total
}

// Observation is a value that may be right-censored: a run that had not
// reached its threshold by V steps when it stopped (unfinished) is only
// known to need more than V (Censored).
type Observation struct {
	// V is the value observed, or the bound it lies beyond when Censored.
	V float64
	// Censored: the value is known only to be larger than V.
	Censored bool
}

// exceeds reports that x is known to be larger than y: y is observed and x
// is larger, or x is censored at or above y (its value lies beyond V).
func (x Observation) exceeds(y Observation) bool {
	return !y.Censored && (x.V > y.V || (x.Censored && x.V >= y.V))
}

// Gehan is the two-sided Gehan (generalised Wilcoxon) test of samples a and
// b that may hold right-censored values (Gehan 1965; Mantel's form): a
// pair (a_i, b_j) counts 1 in U when a_i is known to exceed b_j, 0 when
// b_j is known to exceed a_i, and ½ when they are equal or the censoring
// leaves the order open; without censored values U is Mann–Whitney's. p
// is the probability, every choice of n of the pooled values as the first
// sample equally likely, of a U at least as far from n·m/2: exact (the
// sum of Mantel's scores s_i = #{j: z_i exceeds z_j} − #{j: z_j exceeds
// z_i} counted over the subsets) when exactTiesWork allows, otherwise the
// normal approximation of W = 2U − nm with the permutation variance
// nm/(N(N−1))·Σs_i², N = n + m, and the continuity correction of
// MannWhitney's (½ on U, 1 on W). Without censored values it is
// MannWhitney (whose exact regime, untied, reaches n·m = 10 000), so U
// and p are MannWhitney's in every regime. A NaN or an empty sample gives
// NaN.
func Gehan(a, b []Observation) (u, p float64) {
	n, m := len(a), len(b)
	nan := func(o Observation) bool { return math.IsNaN(o.V) }
	if n == 0 || m == 0 || slices.ContainsFunc(a, nan) || slices.ContainsFunc(b, nan) {
		return math.NaN(), math.NaN()
	}
	if !slices.ContainsFunc(a, isCensored) && !slices.ContainsFunc(b, isCensored) {
		return MannWhitney(values(a), values(b))
	}
	scores, w := mantelScores(a, b)
	u = float64(n*m)/2 + float64(w)/2
	if exactTiesWork(n, m) {
		return u, exactScoreTail(scores, min(n, m), abs(w))
	}
	return u, scoreNormalTail(scores, n, m, w)
}

// mantelScores returns Mantel's scores of the pooled a and b, s_i =
// #{j: z_i exceeds z_j} − #{j: z_j exceeds z_i}, and W = Σ_{i∈a} s_i =
// #{a_i exceeds b_j} − #{b_j exceeds a_i} (the pairs within a cancel),
// so that Gehan's U = nm/2 + W/2.
func mantelScores(a, b []Observation) (scores []int, w int) {
	all := append(append([]Observation(nil), a...), b...)
	scores = make([]int, len(all))
	for i, x := range all {
		for _, y := range all {
			switch {
			case x.exceeds(y):
				scores[i]++
			case y.exceeds(x):
				scores[i]--
			}
		}
		if i < len(a) {
			w += scores[i]
		}
	}
	return scores, w
}

// scoreNormalTail is the normal approximation of the two-sided p of
// W = Σ_{i∈a} s_i for groups of n and m of the pooled scores: variance
// nm/(N(N−1))·Σs_i², N = n + m, and the continuity correction of
// Mann–Whitney's (½ on U is 1 on W), so that on uncensored scores it is
// MannWhitney's normal p.
func scoreNormalTail(scores []int, n, m, w int) float64 {
	N := n + m
	var ss float64
	for _, s := range scores {
		ss += float64(s * s)
	}
	v := float64(n*m) / float64(N*(N-1)) * ss
	if v <= 0 {
		return 1
	}
	z := (float64(abs(w)) - 1) / math.Sqrt(v)
	return normalTwoSided(z)
}

// exactScoreTail returns the fraction of the subsets of k of the pooled
// scores (which sum to zero) whose sum is at least w in absolute value:
// with each score shifted by off to be non-negative, c[j][s] counts the
// subsets of j scores whose shifted sum is s (their sum s − j·off). The
// two groups' sums are negatives of each other, so the smaller group's
// distribution serves for either.
func exactScoreTail(scores []int, k, w int) float64 {
	off := len(scores)
	maxSum := k * 2 * off
	c := make([][]float64, k+1)
	for i := range c {
		c[i] = make([]float64, maxSum+1)
	}
	c[0][0] = 1
	for idx, sc := range scores {
		r := sc + off
		for j := min(idx+1, k); j >= 1; j-- {
			for s := maxSum; s >= r; s-- {
				c[j][s] += c[j-1][s-r]
			}
		}
	}
	tail, total := 0.0, 0.0
	for s, cnt := range c[k] {
		if cnt == 0 {
			continue
		}
		total += cnt
		if abs(s-k*off) >= w {
			tail += cnt
		}
	}
	return tail / total
}

// abs returns |x|.
func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

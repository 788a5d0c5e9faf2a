package repro

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// MeanCI returns the mean of x and the two-sided confidence interval of
// the given level (e.g. 0.95) from Student's t distribution with n − 1
// degrees of freedom: mean ± t_{n−1, (1+level)/2}·sd/√n. With fewer than two
// values the interval is NaN.
func MeanCI(x []float64, level float64) (mean, lo, hi float64) {
	mean, sd := MeanSD(x)
	n := len(x)
	if n < 2 {
		return mean, math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + level) / 2)
	h := t * sd / math.Sqrt(float64(n))
	return mean, mean - h, mean + h
}

// MannWhitney is the two-sided Mann–Whitney U (Wilcoxon rank-sum) test of
// samples a and b: U counts the pairs (a_i, b_j) with a_i > b_j (ties count
// ½), and p is the probability, under the hypothesis that both come from
// one distribution, of a U at least as far from n·m/2. Without ties and
// with n·m ≤ 10 000 p is exact (the distribution of U by counting); with
// ties it uses the normal approximation with the tie correction of the
// variance and a continuity correction. +Inf values (e.g. "never reached")
// are ordinary, tied, largest values.
func MannWhitney(a, b []float64) (u, p float64) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
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
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && (all[j].v == all[i].v) {
			j++
		}
		r := float64(i+j+1) / 2 // ranks i+1..j
		for k := i; k < j; k++ {
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
	N := float64(n + m)
	v := float64(n*m) / 12 * ((N + 1) - ties/(N*(N-1)))
	if v <= 0 {
		return u, 1
	}
	z := (math.Abs(u-mean) - 0.5) / math.Sqrt(v)
	if z < 0 {
		z = 0
	}
	return u, math.Min(1, 2*distuv.UnitNormal.Survival(z))
}

// exactUTail returns P(|U − nm/2| ≥ |u − nm/2|) for samples of sizes n and
// m without ties: the number of arrangements with each U value counted by
// the recursion c(n, m, u) = c(n−1, m, u−m) + c(n, m−1, u).
func exactUTail(n, m int, u float64) float64 {
	max := n * m
	// c[j][k] for the current i: arrangements of i a's and j b's with U = k.
	prev := make([][]float64, m+1)
	for j := range prev {
		prev[j] = make([]float64, max+1)
		prev[j][0] = 1 // i = 0: U = 0
	}
	for i := 1; i <= n; i++ {
		cur := make([][]float64, m+1)
		for j := 0; j <= m; j++ {
			cur[j] = make([]float64, max+1)
			for k := 0; k <= max; k++ {
				// The largest element is an a (it beats all j b's) or a b.
				if k >= j {
					cur[j][k] += prev[j][k-j]
				}
				if j > 0 {
					cur[j][k] += cur[j-1][k]
				}
			}
		}
		prev = cur
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

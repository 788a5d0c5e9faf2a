package equilib

import (
	"math"
	"math/rand/v2"
	"testing"
)

// vertexValue is the strong-Stackelberg value of a bimatrix game with at
// most 3 leader actions by enumerating the vertices of the follower's
// best-response regions: every point of the leader's simplex where two of
// the constraints p_i = 0 and u_j(p) = u_k(p) (follower indifference) hold.
// Each LP of Conitzer and Sandholm attains its optimum at such a vertex;
// at a vertex the follower's best responses (within tol) are tried and the
// best one for the leader kept.
func vertexValue(a, b [][]float64, tol float64) float64 {
	m, n := len(a), len(a[0])
	var lines [][]float64 // coefficient rows c with c·p = 0
	for i := range m {
		c := make([]float64, m)
		c[i] = 1
		lines = append(lines, c)
	}
	for j := range n {
		for k := j + 1; k < n; k++ {
			c := make([]float64, m)
			for i := range m {
				c[i] = b[i][j] - b[i][k]
			}
			lines = append(lines, c)
		}
	}
	value := func(p []float64) float64 {
		best, bu := math.Inf(-1), math.Inf(-1)
		u := make([]float64, n)
		for j := range n {
			for i := range m {
				u[j] += p[i] * b[i][j]
			}
			bu = math.Max(bu, u[j])
		}
		for j := range n {
			if u[j] >= bu-tol {
				v := 0.0
				for i := range m {
					v += p[i] * a[i][j]
				}
				best = math.Max(best, v)
			}
		}
		return best
	}
	ones := make([]float64, m)
	for i := range ones {
		ones[i] = 1
	}
	best := math.Inf(-1)
	try := func(rows [][]float64) {
		// rows: m−1 constraint rows; with Σp = 1 a square system.
		sys := append(append([][]float64{}, rows...), ones)
		rhs := make([]float64, m)
		rhs[m-1] = 1
		p, ok := solveSmall(sys, rhs)
		if !ok {
			return
		}
		for i := range p {
			if p[i] < -1e-12 {
				return
			}
			p[i] = math.Max(p[i], 0)
		}
		best = math.Max(best, value(p))
	}
	switch m {
	case 1:
		try(nil)
	case 2:
		for _, l := range lines {
			try([][]float64{l})
		}
	case 3:
		for i := range lines {
			for j := i + 1; j < len(lines); j++ {
				try([][]float64{lines[i], lines[j]})
			}
		}
	}
	return best
}

// solveSmall solves a square system by Gaussian elimination with partial
// pivoting; false when it is singular.
func solveSmall(a [][]float64, b []float64) ([]float64, bool) {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(append([]float64(nil), a[i]...), b[i])
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		if math.Abs(m[p][c]) < 1e-12 {
			return nil, false
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := m[r][n]
		for k := r + 1; k < n; k++ {
			s -= m[r][k] * x[k]
		}
		x[r] = s / m[r][r]
	}
	return x, true
}

// TestOptimalCommitmentVertexOracle compares OptimalCommitment with the
// exact vertex enumeration on random games with 1-3 leader and 1-5
// follower actions: continuous payoffs, integer payoffs (ties) and payoffs
// of scale 1e6.
func TestOptimalCommitmentVertexOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(32, 1))
	for trial := 0; trial < 600; trial++ {
		m, n := 1+rng.IntN(3), 1+rng.IntN(5)
		kind := trial % 3
		scale := 1.0
		if kind == 2 {
			scale = 1e6
		}
		a, b := make([][]float64, m), make([][]float64, m)
		for i := range m {
			a[i], b[i] = make([]float64, n), make([]float64, n)
			for j := range n {
				if kind == 1 {
					a[i][j], b[i][j] = float64(rng.IntN(4)), float64(rng.IntN(4))
				} else {
					a[i][j], b[i][j] = scale*rng.NormFloat64(), scale*rng.NormFloat64()
				}
			}
		}
		c, err := OptimalCommitment(a, b)
		if err != nil {
			t.Fatalf("trial %d: A=%v B=%v: %v", trial, a, b, err)
		}
		checkCommitment(t, a, b, c, 1e-9*scale)
		want := vertexValue(a, b, 1e-9*scale)
		if math.Abs(c.Value-want) > 1e-8*scale {
			t.Errorf("trial %d: A=%v B=%v: value %.12g, vertex oracle %.12g (leader %v, action %d)", trial, a, b, c.Value, want, c.Leader, c.FollowerAction)
		}
	}
}

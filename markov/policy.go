package markov

import (
	"fmt"
	"math"
)

// Softmax writes the softmax policy of Eq. 7 into dst (allocated when nil
// or too short): dst[s*m+a] = exp θ(s,a) / Σ_a' exp θ(s,a'), for m actions
// per state. It is computed stably (the per-state maximum is subtracted).
// It panics unless m >= 1 divides len(theta).
func Softmax(dst, theta []float64, m int) []float64 {
	if m < 1 || len(theta)%m != 0 {
		panic(fmt.Sprintf("markov: Softmax: len(θ) = %d is not a multiple of m = %d >= 1", len(theta), m))
	}
	if len(dst) < len(theta) {
		dst = make([]float64, len(theta))
	}
	dst = dst[:len(theta)]
	for s := 0; s+m <= len(theta); s += m {
		softmaxRow(dst[s:s+m], theta[s:s+m])
	}
	return dst
}

func softmaxRow(dst, th []float64) {
	mx := th[0]
	for _, v := range th[1:] {
		if v > mx {
			mx = v
		}
	}
	sum := 0.0
	for i, v := range th {
		e := math.Exp(v - mx)
		dst[i] = e
		sum += e
	}
	inv := 1 / sum
	for i := range dst {
		dst[i] *= inv
	}
}

// logSoftmaxRow writes log π into dst.
func logSoftmaxRow(dst, th []float64) {
	mx := th[0]
	for _, v := range th[1:] {
		if v > mx {
			mx = v
		}
	}
	sum := 0.0
	for _, v := range th {
		sum += math.Exp(v - mx)
	}
	lse := mx + math.Log(sum)
	for i, v := range th {
		dst[i] = v - lse
	}
}

// PolicyMatrix returns the softmax policy of θ (m actions per state) as
// rows = states, the layout of Result.Policy1 and Result.Policy2. It
// panics unless m >= 1 divides len(theta).
func PolicyMatrix(theta []float64, m int) [][]float64 {
	pi := Softmax(nil, theta, m)
	out := make([][]float64, len(theta)/m)
	for s := range out {
		out[s] = pi[s*m : (s+1)*m : (s+1)*m]
	}
	return out
}

// LogPolicy returns θ' with softmax(θ') = π and logsumexp θ'(s,·) = 0,
// i.e. θ'(s,a) = log π(a|s), for a policy π given as rows = states with
// strictly positive entries. It is the inverse of Eq. 7 up to the per-state
// constant that the softmax ignores. It returns an error naming the first
// offending entry or row unless π has at least one row, every row has the
// first row's length m >= 1, every entry is finite and > 0, and every row
// sums to 1 within ProbTol (an entry of 0 has no finite logarithm: no
// softmax policy puts probability 0 on an action).
func LogPolicy(pi [][]float64) ([]float64, error) {
	if len(pi) == 0 {
		return nil, fmt.Errorf("markov: LogPolicy: the policy has no states: want at least one row")
	}
	if len(pi[0]) == 0 {
		return nil, fmt.Errorf("markov: LogPolicy: state 0 has no actions: want at least one")
	}
	m := len(pi[0])
	out := make([]float64, 0, len(pi)*m)
	for s, row := range pi {
		if len(row) != m {
			return nil, fmt.Errorf("markov: LogPolicy: state %d has %d actions, state 0 has %d: want the same number in every state", s, len(row), m)
		}
		sum := 0.0
		for a, p := range row {
			if !(p > 0) || math.IsInf(p, 0) {
				return nil, fmt.Errorf("markov: LogPolicy: π(%d|%d) = %v: want a finite probability > 0 (its log is θ)", a, s, p)
			}
			sum += p
			out = append(out, math.Log(p))
		}
		if math.Abs(sum-1) > ProbTol {
			return nil, fmt.Errorf("markov: LogPolicy: the probabilities of state %d sum to %.12g: want 1 (tolerance %g)", s, sum, ProbTol)
		}
	}
	return out, nil
}

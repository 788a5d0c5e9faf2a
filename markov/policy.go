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
// constant that the softmax ignores.
func LogPolicy(pi [][]float64) []float64 {
	var out []float64
	for _, row := range pi {
		for _, p := range row {
			out = append(out, math.Log(p))
		}
	}
	return out
}

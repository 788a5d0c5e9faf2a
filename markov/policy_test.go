package markov

import (
	"strings"
	"testing"
)

// TestSoftmaxRejectsRaggedTheta: Softmax and PolicyMatrix silently left
// the last len(θ) mod m entries unset (PolicyMatrix dropped them: 5
// parameters with m = 2 gave 2 rows), and m = 0 panicked with an index
// error; both now panic naming the lengths.
func TestSoftmaxRejectsRaggedTheta(t *testing.T) {
	for _, c := range []struct {
		theta []float64
		m     int
	}{{make([]float64, 5), 2}, {make([]float64, 2), 0}} {
		func() {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if !strings.Contains(msg, "is not a multiple of m") {
					t.Errorf("len %d, m = %d: panic %v, want one naming the lengths", len(c.theta), c.m, r)
				}
			}()
			PolicyMatrix(c.theta, c.m)
		}()
	}
	if got := PolicyMatrix([]float64{0, 0, 0, 0}, 2); len(got) != 2 || got[1][1] != 0.5 {
		t.Errorf("PolicyMatrix = %v, want two uniform rows", got)
	}
}

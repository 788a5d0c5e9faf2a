package ad

import "math"

// tanhLoop computes d[i] = tanh(x[i]).
func tanhLoop(d, x []float64) {
	x = x[:len(d)]
	for i := range d {
		d[i] = math.Tanh(x[i])
	}
}

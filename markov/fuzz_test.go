package markov

import "testing"

// FuzzMarkovSpec checks that no game spec makes ParseGame panic, hang or
// exhaust memory, and that an accepted game can be evaluated (the crashers
// found so far are in testdata/fuzz/FuzzMarkovSpec).
func FuzzMarkovSpec(f *testing.F) {
	f.Add([]byte("gamma: 0.9\nlambda: 0.2\nstates: 2\nactions: [2, 2]\nrho: [0.5, 0.5]\nP: [[[[1, 0], [0, 1]], [[0.5, 0.5], [1, 0]]], [[[0, 1], [1, 0]], [[0.5, 0.5], [0, 1]]]]\nR1: [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]\nR2: [[[0, 1], [1, 0]], [[1, 0], [0, 1]]]\n"))
	f.Add([]byte(`{"gamma": 0.5, "lambda": 0, "states": 1, "actions": [1, 2], "rho": [1], "P": [[[[1], [1]]]], "R1": [[[1e-3, 1e2]]], "R2": [[[0, 1]]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParseGame(data)
		if err != nil {
			return
		}
		if g.States*g.States*g.Actions[0]*g.Actions[1] > 1<<12 {
			return
		}
		e, err := NewEvaluator(g)
		if err != nil {
			t.Fatalf("a parsed game does not evaluate: %v", err)
		}
		n, m1, m2 := e.Dims()
		_ = e.Eval(make([]float64, n*m1), make([]float64, n*m2), OrderGradients)
	})
}

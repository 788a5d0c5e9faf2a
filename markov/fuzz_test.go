package markov

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// FuzzMarkovSpec checks that no game spec makes ParseGame panic, hang or
// exhaust memory (the crashers found so far are in
// testdata/fuzz/FuzzMarkovSpec); that a refusal is an error of the spec
// ("markov: game spec", with the line of the entry where Validate
// refuses one); that an accepted game writes a spec (Game.Spec) that
// parses back to the same game; and that it evaluates, at uniform
// policies, to a visitation summing to 1/(1−γ) and a value V1 within
// max|R1|/(1−γ), both to the 1e-3 that Validate's bound on γ promises.
func FuzzMarkovSpec(f *testing.F) {
	f.Add([]byte("gamma: 0.9\nlambda: 0.2\nstates: 2\nactions: [2, 2]\nrho: [0.5, 0.5]\nP: [[[[1, 0], [0, 1]], [[0.5, 0.5], [1, 0]]], [[[0, 1], [1, 0]], [[0.5, 0.5], [0, 1]]]]\nR1: [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]\nR2: [[[0, 1], [1, 0]], [[1, 0], [0, 1]]]\n"))
	f.Add([]byte(`{"gamma": 0.5, "lambda": 0, "states": 1, "actions": [1, 2], "rho": [1], "P": [[[[1], [1]]]], "R1": [[[1e-3, 1e2]]], "R2": [[[0, 1]]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParseGame(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "markov: game spec") {
				t.Fatalf("an error not of the spec (no line): %v", err)
			}
			return
		}
		spec, err := g.Spec()
		if err != nil {
			t.Fatalf("an accepted game does not write its spec: %v", err)
		}
		g2, err := ParseGame(spec)
		if err != nil {
			t.Fatalf("an accepted game's spec is refused: %v\n%s", err, spec)
		}
		if !reflect.DeepEqual(specFields(g), specFields(g2)) {
			t.Fatalf("an accepted game's spec reads back another game:\n%s", spec)
		}
		if g.States*g.States*g.Actions[0]*g.Actions[1] > 1<<12 {
			return
		}
		e, err := NewEvaluator(g)
		if err != nil {
			t.Fatalf("a parsed game does not evaluate: %v", err)
		}
		n, m1, m2 := e.Dims()
		p := e.Eval(make([]float64, n*m1), make([]float64, n*m2), OrderGradients)
		sum, rmax := 0.0, 0.0
		for _, d := range p.Visitation {
			sum += d
		}
		for _, s := range g.R1 {
			for _, r := range s {
				for _, x := range r {
					rmax = math.Max(rmax, math.Abs(x))
				}
			}
		}
		h := 1 / (1 - g.Gamma)
		if !(math.Abs(sum-h) <= 1e-3*h) {
			t.Fatalf("the visitation sums to %v, want 1/(1-γ) = %v", sum, h)
		}
		if !(math.Abs(p.V1) <= rmax*h*(1+1e-3)) {
			t.Fatalf("V1 = %v, beyond max|R1|/(1-γ) = %v", p.V1, rmax*h)
		}
	})
}

// specFields are the fields of g that its spec writes.
func specFields(g *Game) []any {
	return []any{g.Gamma, g.Lambda, g.States, g.Actions, g.Rho, g.P, g.R1, g.R2}
}

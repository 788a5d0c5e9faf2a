package markov

import (
	"math"
	"testing"
)

// TestEvaluatorThetaLength57: a θ of the wrong length given to an
// Evaluator method that returns an error is that error, naming the method
// called and the lengths, not a panic naming another function.
func TestEvaluatorThetaLength57(t *testing.T) {
	g, err := RandomGame(1, 2, 2, 3, 0.8, 0.1) // |S||A1| = 2, |S||A2| = 2
	if err != nil {
		t.Fatal(err)
	}
	ev, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	three, two := []float64{0, 0, 0}, []float64{0, 0}
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"Hierarchical", func() error { _, _, _, err := ev.Hierarchical(three, 0); return err },
			"markov: Hierarchical: len(θ1) = 3, want |S||A1| = 1·2 = 2"},
		{"BestResponse", func() error { _, err := ev.BestResponse(three); return err },
			"markov: BestResponse: len(θ1) = 3, want |S||A1| = 1·2 = 2"},
		{"BestResponseTheta", func() error { _, err := ev.BestResponseTheta(nil); return err },
			"markov: BestResponseTheta: len(θ1) = 0, want |S||A1| = 1·2 = 2"},
		{"StepGradients θ1", func() error { _, _, err := ev.StepGradients(three, two, 0); return err },
			"markov: StepGradients: len(θ1) = 3, len(θ2) = 2; want |S||A1| = 2, |S||A2| = 2"},
		{"StepGradients θ2", func() error { _, _, err := ev.StepGradients(two, []float64{0}, 0); return err },
			"markov: StepGradients: len(θ1) = 2, len(θ2) = 1; want |S||A1| = 2, |S||A2| = 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panicked: %v", r)
					}
				}()
				err = c.call()
			}()
			if err == nil || err.Error() != c.want {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	// The right length still works after the refusals.
	v, grad, th2, err := ev.Hierarchical(two, 0)
	if err != nil || len(grad) != 2 || len(th2) != 2 || math.IsNaN(v) {
		t.Errorf("Hierarchical(right length) = %v, %v, %v, %v", v, grad, th2, err)
	}
}

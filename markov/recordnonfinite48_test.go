package markov

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stackel/stackel/loop"
)

// A run whose recorded V1 is not finite stops with an error naming the
// iteration whose record holds it, as a smooth run (learn) names the
// iteration of an objective it records non-finite: the record is kept and
// the error said the next update ("iteration 1" with row 0 holding +Inf).
// One state, γ = 1/2, R1 = R2 = 1e308 on (a1, a2) = (0, 0) and 0 elsewhere:
// V1 = V2 = 2·1e308·π1(0)π2(0), 5e307 at uniform policies and +Inf from
// θ1 = θ2 = (30, 0). From that start both dynamics stop at iteration 0;
// from uniform policies simultaneous PG's first update moves to +Inf, so
// recording every iteration it stops at iteration 1 with that row kept.
func TestRecordedNonFiniteValueNamesItsIteration(t *testing.T) {
	const spec = `
gamma: 0.5
lambda: 0
states: 1
actions: [2, 2]
rho: [1]
P: [[[[1], [1]], [[1], [1]]]]
R1: [[[1e308, 0], [0, 0]]]
R2: [[[1e308, 0], [0, 0]]]
`
	// Validate refuses the game (max|R1|/(1 − γ) = 2e308 is beyond
	// float64's range: checkValueBound); Run's own check of the records
	// is what is tested here, on the game checked without that bound.
	if _, err := ParseGame([]byte(spec)); err == nil {
		t.Fatal("ParseGame accepted rewards whose values reach 2e308")
	}
	g := gameOf(t, spec)
	if err := g.validate(false); err != nil {
		t.Fatal(err)
	}
	hot := []float64{30, 0}
	for _, c := range []struct {
		dyn, estimator string
		start          []float64
		want           string
		rows           int
	}{
		{StackelbergPG, Exact, hot, "markov: iteration 0: V1: non-finite value (NaN or Inf)", 1},
		{SimultaneousPG, Exact, hot, "markov: iteration 0: V1: non-finite value (NaN or Inf)", 1},
		{SimultaneousPG, Sampled, hot, "markov: iteration 0: V1: non-finite value (NaN or Inf)", 1},
		{SimultaneousPG, Exact, nil, "markov: iteration 1: V1: non-finite value (NaN or Inf)", 2},
	} {
		var got []Stats
		rec := RecorderFunc(func(s Stats) error { got = append(got, s); return nil })
		cfg := Config{Dynamics: c.dyn, Estimator: c.estimator, Reg: 1, Batch: 4, Horizon: 4,
			Theta1: c.start, Theta2: c.start, Settings: loop.Settings{Iterations: 5, RecordEvery: 1}}
		res, err := Run(context.Background(), g, cfg, rec)
		var re *RunError
		if !errors.As(err, &re) || err.Error() != c.want || re.Iteration != c.rows-1 {
			t.Errorf("%s %s from %v: err = %v, want %q", c.dyn, c.estimator, c.start, err, c.want)
			continue
		}
		if res.Status != loop.Diverged || res.Iterations != c.rows-1 || len(res.History) != c.rows || len(got) != c.rows {
			t.Errorf("%s %s from %v: status %v, %d iterations, %d records (%d recorded); want %v, %d, %d",
				c.dyn, c.estimator, c.start, res.Status, res.Iterations, len(res.History), len(got), loop.Diverged, c.rows-1, c.rows)
			continue
		}
		if last := got[c.rows-1]; last.Iteration != c.rows-1 || !math.IsInf(last.LeaderValue, 1) || !math.IsInf(res.LeaderValue, 1) {
			t.Errorf("%s %s from %v: last record %+v, final V1 %v; want iteration %d with V1 = +Inf", c.dyn, c.estimator, c.start, last, res.LeaderValue, c.rows-1)
		}
		if c.rows > 1 && !(got[0].LeaderValue == 5e307) {
			t.Errorf("%s from uniform policies: V1 at iteration 0 = %v, want 5e307 (2·1e308/4)", c.dyn, got[0].LeaderValue)
		}
	}
}

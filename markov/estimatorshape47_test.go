package markov

import (
	"context"
	"fmt"
	"testing"

	"github.com/stackel/stackel/loop"
)

// shapeEstimator wraps the exact estimator and returns a leader direction
// of lead entries (−1: as computed), a follower gradient of grad22 entries
// (−1: as computed) or, with noPoint, no Point: a user's Estimator with a
// bug.
type shapeEstimator struct {
	inner        Estimator
	lead, grad22 int
	grad11       int // −1: as computed
	noPoint      bool
}

func (s shapeEstimator) Estimate(th1, th2 []float64, stack bool) (*Point, []float64, error) {
	pt, lead, err := s.inner.Estimate(th1, th2, stack)
	if err != nil || s.noPoint {
		return nil, nil, err
	}
	if s.lead >= 0 {
		lead = make([]float64, s.lead)
	}
	if s.grad22 >= 0 || s.grad11 >= 0 {
		cp := *pt
		if s.grad22 >= 0 {
			cp.Grad22 = make([]float64, s.grad22)
		}
		if s.grad11 >= 0 {
			cp.Grad11 = make([]float64, s.grad11)
		}
		pt = &cp
	}
	return pt, lead, nil
}

// TestEstimatorOutputShapesChecked: a registered Estimator whose leader
// direction or follower gradient has the wrong number of entries, that
// returns no Point, or whose factory returns no Estimator, stops Run with
// an error naming the estimator and the quantity (loop.Failed), keeping
// the record of iteration 0. Before session 47 a short direction moved
// only the first entries of θ1 for the whole run without a word, a long
// one or a nil Point panicked (index out of range, nil dereference), and
// a nil Estimator panicked at the first iteration.
func TestEstimatorOutputShapesChecked(t *testing.T) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		t.Fatal(err)
	}
	n, m1, m2 := g.Dims()
	cases := []struct {
		name         string
		lead, grad22 int
		noPoint      bool
		nilEst       bool
		want         string
		grad11       int  // −1: as computed
		simultaneous bool // SimultaneousPG: lead nil, Point.Grad11 used
	}{
		{"shape47-short-lead", 1, -1, false, false, fmt.Sprintf(`markov: iteration 1: estimator "shape47-short-lead": the leader's direction has 1 entries, want states×actions[0] = %d`, n*m1), -1, false},
		{"shape47-long-lead", n*m1 + 1, -1, false, false, fmt.Sprintf(`markov: iteration 1: estimator "shape47-long-lead": the leader's direction has %d entries, want states×actions[0] = %d`, n*m1+1, n*m1), -1, false},
		{"shape47-long-grad22", -1, n*m2 + 2, false, false, fmt.Sprintf(`markov: iteration 1: estimator "shape47-long-grad22": ∇θ2 V2λ has %d entries, want states×actions[1] = %d`, n*m2+2, n*m2), -1, false},
		{"shape47-no-point", -1, -1, true, false, `markov: iteration 1: estimator "shape47-no-point": no Point and no error`, -1, false},
		{"shape47-nil", -1, -1, false, true, `markov: estimator "shape47-nil": the factory returned no Estimator and no error`, -1, false},
		{"shape47-short-grad11", -1, -1, false, false, fmt.Sprintf(`markov: iteration 1: estimator "shape47-short-grad11": ∇θ1 V1 (the leader's direction, none given) has 2 entries, want states×actions[0] = %d`, n*m1), 2, true},
	}
	for _, c := range cases {
		RegisterEstimator(c.name, func(g *Game, cfg Config) (Estimator, error) {
			if c.nilEst {
				return nil, nil
			}
			f, _ := lookupEstimator(Exact)
			e, err := f(g, cfg)
			return shapeEstimator{inner: e, lead: c.lead, grad22: c.grad22, grad11: c.grad11, noPoint: c.noPoint}, err
		})
		t.Cleanup(func() { // other tests list the registered names; -count=2 registers again
			estimatorsMu.Lock()
			delete(estimators, c.name)
			estimatorsMu.Unlock()
		})
		cfg := Config{Estimator: c.name, Settings: loop.Settings{Iterations: 20}}
		if c.simultaneous {
			cfg.Dynamics = SimultaneousPG
		}
		var res Result
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			res, err = Run(context.Background(), g, cfg, nil)
		}()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
			continue
		}
		if res.Status != loop.Failed {
			t.Errorf("%s: status %v, want %v", c.name, res.Status, loop.Failed)
		}
		wantHist := 1
		if c.nilEst {
			wantHist = 0
		}
		if len(res.History) != wantHist || res.Iterations != 0 {
			t.Errorf("%s: %d records, %d iterations; want %d and 0", c.name, len(res.History), res.Iterations, wantHist)
		}
	}
}

package experiment

import (
	"context"
	"strings"
	"testing"
)

// A single init.uniform range covers every dimension of its player, in
// analyze's Newton starts as in a run's draw (InitialStrategies): with x
// in [0.8, 2]² the leader's field 4x(x²−1) has one root there, x = (1, 1),
// and no start of the second coordinate may come from the default
// [−10, 10] (whose roots −1 and 0 would be listed too).
func TestAnalyzeUniformRangeCoversEveryDimension(t *testing.T) {
	cfg, err := ParseConfig([]byte(`game: {f1: '(x[0]*x[0]-1)*(x[0]*x[0]-1) + (x[1]*x[1]-1)*(x[1]*x[1]-1)', f2: 'y[0]*y[0]', sense: cost, dims: [2, 1]}
dynamics: {kind: sga}
init: {uniform: {x: [[0.8, 2]], y: [[-1, 1]]}}
`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 40})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Equilibria) != 1 {
		t.Fatalf("%d critical points, want 1 (x = (1, 1), y = 0): %+v", len(rep.Equilibria), rep.Equilibria)
	}
	p := rep.Equilibria[0]
	for i, want := range []float64{1, 1} {
		if d := p.X[i] - want; d > 1e-8 || d < -1e-8 {
			t.Errorf("x[%d] = %g, want %g", i, p.X[i], want)
		}
	}
}

// init.uniform ranges that do not match a player's dimensions are an
// error in analyze, as in a run; an extra leader range was taken as the
// follower's.
func TestAnalyzeUniformRangeCount(t *testing.T) {
	cfg, err := ParseConfig([]byte(`game: {f1: 'x*x', f2: 'y*y', sense: cost}
dynamics: {kind: sga}
init: {uniform: {x: [[0, 1], [5, 6]], y: [[0, 1]]}}
`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 4})
	if err == nil || !strings.Contains(err.Error(), "init.uniform.x has 2 ranges for 1 dimensions") {
		t.Fatalf("error %v; want one naming init.uniform.x's 2 ranges for 1 dimension", err)
	}
}

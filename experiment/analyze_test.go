package experiment

import (
	"context"
	"fmt"
	"slices"
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
	if err == nil || !strings.Contains(err.Error(), "init.uniform.x has 2 ranges for 1 dimension") {
		t.Fatalf("error %v; want one naming init.uniform.x's 2 ranges for 1 dimension", err)
	}
}

// A simplex player's starting logits come from [−3, 3] (LogitRadius):
// from the [−10, 10] of unbounded coordinates most starts gave a
// saturated softmax, and on seeds 0 and 4 one of this entropy-regularised
// 2×2 game's six critical points (those 1000 starts find) was missed.
// With the default 200 starts seeds 0, 1 and 4 now find all six.
func TestAnalyzeLogitStartsFindInteriorPoints(t *testing.T) {
	if raceDetector {
		// equilib's search runs on one goroutine: 7 s of Newton
		// iterations, about 110 s under the race detector.
		t.Skip("single-goroutine arithmetic: run without -race")
	}
	const game = `game: {builtin: bimatrix, params: {A: [[3, 1], [0, 2]], B: [[2, 0], [1, 3]], entropy: 0.3}}
`
	// The four searches are independent: they run side by side, on
	// goroutines of their own.
	for _, c := range []struct {
		seed, starts int
		what         string
	}{{0, 1000, "1000 starts"}, {0, 0, "seed 0, default starts"}, {1, 0, "seed 1, default starts"}, {4, 0, "seed 4, default starts"}} {
		t.Run(c.what, func(t *testing.T) {
			t.Parallel()
			cfg, err := ParseConfig([]byte(fmt.Sprintf("seed: %d\n", c.seed) + game))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: c.starts})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Equilibria) != 6 {
				if c.starts == 1000 {
					t.Fatalf("1000 starts: %d critical points, want 6", len(rep.Equilibria))
				}
				t.Errorf("seed %d, default starts: %d critical points, want the 6 of 1000 starts", c.seed, len(rep.Equilibria))
			}
		})
	}
}

// TestAnalyzeOneActionBimatrixGivesCommitment: a bimatrix game with a
// player of one action has no critical point to classify (equilib refuses
// it), but its optimal commitment is defined: analyze reports no
// equilibria, a note naming the player, and the exact commitment (the
// leader's one row; the follower best responds with action 1, B's larger
// payoff, which leaves the leader A[0][1] = 0); the reverse shape likewise
// (the leader commits to row 0, value A[0][0] = 1).
func TestAnalyzeOneActionBimatrixGivesCommitment(t *testing.T) {
	for _, c := range []struct {
		params, who string
		leader      []float64
		action      int
		value       float64
	}{
		{"{A: [[1, 0]], B: [[0, 1]]}", "the leader (x) has one action", []float64{1}, 1, 0},
		{"{A: [[1], [0]], B: [[0], [2]]}", "the follower (y) has one action", []float64{1, 0}, 0, 1},
	} {
		cfg, err := ParseConfig([]byte("game: {builtin: bimatrix, params: " + c.params + "}\n"))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 4})
		if err != nil {
			t.Fatalf("%s: %v", c.params, err)
		}
		if len(rep.Equilibria) != 0 || !strings.Contains(rep.Note, c.who) {
			t.Errorf("%s: %d equilibria, note %q; want none and a note naming %q", c.params, len(rep.Equilibria), rep.Note, c.who)
		}
		if cm := rep.Commitment; cm == nil || !slices.Equal(cm.Leader, c.leader) || cm.FollowerAction != c.action || cm.Value != c.value {
			t.Errorf("%s: commitment %+v, want leader %v, action %d, value %g", c.params, rep.Commitment, c.leader, c.action, c.value)
		}
	}
}

package markov

import (
	"context"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// twoStateGame is a 2-state, 2×2-action game written as a researcher
// writes one in Go (a struct literal, never validated by hand).
func twoStateGame() *Game {
	return &Game{
		Gamma: 0.8, Lambda: 0.3, States: 2, Actions: []int{2, 2},
		Rho: []float64{0.5, 0.5},
		P: [][][][]float64{
			{{{0.9, 0.1}, {0.2, 0.8}}, {{0.5, 0.5}, {0.1, 0.9}}},
			{{{0.3, 0.7}, {0.6, 0.4}}, {{0.8, 0.2}, {0.5, 0.5}}},
		},
		R1: [][][]float64{{{1, 0}, {0, 2}}, {{0.5, 0}, {0, 1}}},
		R2: [][][]float64{{{0, 1}, {1, 0}}, {{1, 0}, {0, 1}}},
	}
}

// A Game changed after a run (a reward swept in a loop, a state added)
// is the changed game to the next run, as if it were new: before session
// 52 the package kept the flattened copy it made on first use, so a
// second Run after editing R1 returned the first game's numbers bit for
// bit without a word, and a game grown by a state panicked inside Eval
// ("markov: Eval: len(θ1)=6, …") instead of naming the field.
func TestChangedGameIsReread52(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Settings: loop.Settings{Iterations: 50}}
	edits := []struct {
		name string
		edit func(g *Game)
	}{
		{"R1 entry", func(g *Game) { g.R1[0][0][0] = 100 }},
		{"R2 entry", func(g *Game) { g.R2[1][1][1] = -3 }},
		{"P row", func(g *Game) { g.P[0][1][1] = []float64{0.6, 0.4} }},
		{"rho", func(g *Game) { g.Rho = []float64{0.9, 0.1} }},
		{"gamma", func(g *Game) { g.Gamma = 0.5 }},
		{"lambda", func(g *Game) { g.Lambda = 1 }},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			g := twoStateGame()
			if _, err := Run(ctx, g, cfg, nil); err != nil {
				t.Fatal(err)
			}
			e.edit(g)
			got, err := Run(ctx, g, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			// The reference: the edited game, fresh (never run before).
			fresh := twoStateGame()
			e.edit(fresh)
			want, err := Run(ctx, fresh, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.LeaderValue != want.LeaderValue || got.FollowerValue != want.FollowerValue {
				t.Errorf("after editing %s: V1, V2λ = %v, %v; the edited game run afresh gives %v, %v (bit for bit)",
					e.name, got.LeaderValue, got.FollowerValue, want.LeaderValue, want.FollowerValue)
			}
		})
	}

	// A shape change after a run is named, not a panic.
	g := twoStateGame()
	if _, err := Run(ctx, g, cfg, nil); err != nil {
		t.Fatal(err)
	}
	g.States = 3
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("states changed after a run: panic %v", r)
			}
		}()
		_, err := Run(ctx, g, cfg, nil)
		const want = "markov: game: rho has 2 entries: want states = 3"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("states changed after a run: err %v, want %q", err, want)
		}
	}()

	// So is an evaluator made after the edit: it evaluates the edited game.
	g = twoStateGame()
	ev0, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	th := []float64{0.3, -0.2, -1, 1}
	th2 := []float64{0.5, 0, -1, 1}
	before := ev0.Eval(th, th2, OrderValues).V1
	g.R1[1][1][1] = 7
	ev1, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	fresh := twoStateGame()
	fresh.R1[1][1][1] = 7
	evf, err := NewEvaluator(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, want := ev1.Eval(th, th2, OrderValues).V1, evf.Eval(th, th2, OrderValues).V1
	if got != want || got == before {
		t.Errorf("evaluator after editing R1: V1 = %v, fresh game %v, before the edit %v", got, want, before)
	}
}

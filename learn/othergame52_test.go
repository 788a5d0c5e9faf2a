package learn

import (
	"context"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// Run refuses a dynamic built on another game than the one it is given,
// for every registered kind, naming both games and what to do. Before
// session 52 the steps followed the dynamic's game while Run projected
// onto, recorded and returned the objectives of its own: a duopoly sweep
// that built the dynamic once and ran it on each game's parameters got
// the first game's iterates under every other game's name and payoffs,
// with no error; a game of other dimensions failed at iteration 1 with
// "step: x has 1 and y 1 coordinates; the game has dimensions (2, 1)",
// which named neither game, while the game Run was given had (1, 1).
func TestRunRefusesDynamicOfAnotherGame52(t *testing.T) {
	ctx := context.Background()
	built := duopoly{a: 100, c1: 5, c2: 2}
	rates := Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)}
	others := []struct {
		name string
		g    game.Game
		x, y []float64
		want string
	}{
		{"other parameters", duopoly{a: 50, c1: 5, c2: 2}, []float64{10}, []float64{10},
			`learn.Run: the dynamic was built on another game "duopoly" (learn.duopoly) than the one given to Run (another value of that type): build the dynamic on the game it runs (NewStackelberg(g, …), Kind.New(g, …))`},
		{"other type", torus{1, 1, 0, 0}, []float64{1}, []float64{1},
			`learn.Run: the dynamic was built on game "duopoly" (learn.duopoly), not on the game "torus" (learn.torus) given to Run: build the dynamic on the game it runs (NewStackelberg(g, …), Kind.New(g, …))`},
	}
	for _, name := range KindNames() {
		k, _ := LookupKind(name)
		for _, o := range others {
			t.Run(name+"/"+o.name, func(t *testing.T) {
				d, err := k.New(built, rates, nil)
				if err != nil {
					t.Fatal(err)
				}
				res, err := Run(ctx, o.g, d, o.x, o.y, Settings{Settings: loop.Settings{Iterations: 10}}, nil)
				if err == nil || err.Error() != o.want {
					t.Fatalf("err %v\nwant %s", err, o.want)
				}
				if res.Status != loop.Failed {
					t.Errorf("status %v, want %v", res.Status, loop.Failed)
				}
				// The same game value runs.
				if _, err := Run(ctx, built, d, []float64{10}, []float64{10}, Settings{Settings: loop.Settings{Iterations: 10}}, nil); err != nil {
					t.Fatalf("the dynamic's own game: %v", err)
				}
			})
		}
	}
	// Pointers to equal values are the same game (two game.Builtin calls
	// with the same parameters); pointers to different values are not.
	p1, p2, p3 := &duopoly{a: 100, c1: 5, c2: 2}, &duopoly{a: 100, c1: 5, c2: 2}, &duopoly{a: 60, c1: 5, c2: 2}
	dp, err := NewSGA(p1, rates)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, p2, dp, []float64{10}, []float64{10}, Settings{Settings: loop.Settings{Iterations: 10}}, nil); err != nil {
		t.Errorf("a pointer to an equal game: %v", err)
	}
	const wantPtr = `learn.Run: the dynamic was built on another game "duopoly" (*learn.duopoly) than the one given to Run (another value of that type): build the dynamic on the game it runs (NewStackelberg(g, …), Kind.New(g, …))`
	if _, err := Run(ctx, p3, dp, []float64{10}, []float64{10}, Settings{Settings: loop.Settings{Iterations: 10}}, nil); err == nil || err.Error() != wantPtr {
		t.Errorf("a pointer to another game: err %v\nwant %s", err, wantPtr)
	}
	// Stackelberg with the follower leading runs on the game it was built
	// on (it steps a copy with the roles swapped).
	d, err := NewStackelberg(built, StackelbergConfig{LeaderLR: loop.Constant(0.01), FollowerLR: loop.Constant(0.01), FollowerLeads: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, built, d, []float64{10}, []float64{10}, Settings{Settings: loop.Settings{Iterations: 10}}, nil); err != nil {
		t.Fatalf("follower leading, own game: %v", err)
	}
}

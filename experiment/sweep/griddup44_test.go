package sweep

import "testing"

// TestGridRepeatedValueNamesKey: a grid key listing the same value twice
// (as written, or as the job sees it: 100 and 1e2, 3 and 3.0) is refused
// naming the key, its line and both values. It was refused as "jobs 0 and
// 1 have the same configuration (grid point {game.params.A=100}); a grid
// key has no effect or a value repeats", naming neither the key at fault
// nor its line. Jobs the same through more than one key keep that text.
func TestGridRepeatedValueNamesKey(t *testing.T) {
	const base = "name: t\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: stackelberg}\n  iterations: 5\n"
	for _, c := range []struct{ grid, want string }{
		{"grid:\n  game.params.A: [100, 1e2]\n",
			"sweep: grid.game.params.A (line 7): its values 100 and 100 make the same configuration (jobs 0 and 1, grid point {game.params.A=100}); a value repeats as the job sees it (numbers count by value, a run's words by their lower case): list each value once"},
		{"grid:\n  game.params.A: [50, 60]\n  iterations: [3, 4, 3]\n",
			"sweep: grid.iterations (line 8): its values 3 and 3 make the same configuration (jobs 0 and 2, grid point {game.params.A=50, iterations=3}); a value repeats as the job sees it (numbers count by value, a run's words by their lower case): list each value once"},
		{"grid:\n  game.params.A: [50, 60]\n  iterations: [3, 3.0]\nseeds: [1, 2]\n",
			"sweep: grid.iterations (line 8): its values 3 and 3 make the same configuration (jobs 0 and 1, grid point {game.params.A=50, iterations=3}); a value repeats as the job sees it (numbers count by value, a run's words by their lower case): list each value once"},
		{"grid:\n  init: [{x: [1], y: [1]}, {x: [1], y: [1.0]}]\n",
			`sweep: grid.init (line 7): its values {"x":[1],"y":[1]} and {"x":[1],"y":[1]} make the same configuration (jobs 0 and 1, grid point {init={"x":[1],"y":[1]}}); a value repeats as the job sees it (numbers count by value, a run's words by their lower case): list each value once`},
	} {
		s, err := ParseSpec([]byte(base+c.grid), t.TempDir())
		if err == nil {
			_, err = s.Expand()
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%s\n got %v\nwant %s", c.grid, err, c.want)
		}
	}
}

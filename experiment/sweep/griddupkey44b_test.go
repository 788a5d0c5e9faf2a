package sweep

import "testing"

// TestGridRepeatedValueNamesTheKeyOfThePair: two keys each listing a
// value twice; the first jobs found the same (0 and 1, in the grid's
// order: the last key varies fastest) differ in the last key's value
// only, so that key is named. The first key listing a value twice was,
// which was not what made jobs 0 and 1 the same.
func TestGridRepeatedValueNamesTheKeyOfThePair(t *testing.T) {
	const spec = "name: t\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: stackelberg}\n  iterations: 5\ngrid:\n  game.params.A: [50, 50]\n  iterations: [3, 3]\n"
	const want = "sweep: grid.iterations (line 8): its values 3 and 3 make the same configuration (jobs 0 and 1, grid point {game.params.A=50, iterations=3}); a value repeats as the job sees it (numbers count by value, a run's words by their lower case): list each value once"
	s, err := ParseSpec([]byte(spec), t.TempDir())
	if err == nil {
		_, err = s.Expand()
	}
	if err == nil || err.Error() != want {
		t.Errorf("\n got %v\nwant %s", err, want)
	}
}

package markov

import "testing"

// TestParseGameValidationLines checks that a spec that decodes but fails
// Validate is reported with the key, its index and its line in the file.
func TestParseGameValidationLines(t *testing.T) {
	const head = "gamma: 0.9\nlambda: 0.1\nstates: 1\nactions: [1, 1]\nrho: [1]\n"
	for _, tc := range []struct{ spec, want string }{
		{"gamma: 0.9\nlambda: 0.1\nstates: 2\nactions: [2, 1]\nrho: [0.5, 0.5]\nP:\n" +
			"  - [[[0.5, 0.5]], [[1.2, -0.2]]]\n  - [[[0.5, 0.5]], [[0.3, 0.7]]]\n" +
			"R1: [[[1], [0]], [[0], [1]]]\nR2: [[[1], [0]], [[0], [1]]]\n",
			"markov: game spec: line 7: P[0][1][0][1] = -0.2: probabilities must be finite and >= 0"},
		{head + "P: [[[[0.9]]]]\nR1: [[[1]]]\nR2: [[[1]]]\n",
			"markov: game spec: line 6: P[0][0][0] sums to 0.9: want 1 (tolerance 1e-09)"},
		{head + "P: [[[[1, 0]]]]\nR1: [[[1]]]\nR2: [[[1]]]\n",
			"markov: game spec: line 6: P[0][0][0] has 2 entries: want states = 1"},
		{head + "P: [[[[1]]]]\nR1: [[[.nan]]]\nR2: [[[1]]]\n",
			"markov: game spec: line 7: R1[0][0][0] = NaN: rewards must be finite"},
		{head + "P: [[[[1]]]]\nR1: [[[1, 2]]]\nR2: [[[1]]]\n",
			"markov: game spec: line 7: R1[0][0] has 2 entries: want actions[1] = 1"},
		{head + "P:\n  - - - - 1\nR1: [[[1]]]\nR2:\n  -\n    -\n      - .inf\n",
			"markov: game spec: line 12: R2[0][0][0] = +Inf: rewards must be finite"},
		{"gamma: .nan\nlambda: 0.1\nstates: 1\nactions: [1, 1]\nrho: [1]\nP: [[[[1]]]]\nR1: [[[1]]]\nR2: [[[1]]]\n",
			"markov: game spec: line 1: gamma = NaN: must be in [0, 1)"},
		{"gamma: 0.9\nlambda: 0.1\nstates: 2\nactions: [1, 1]\nrho: [1, 0]\nP: [[[[1, 0]]]]\nR1: [[[1]]]\nR2: [[[1]]]\n",
			"markov: game spec: line 6: P has 1 rows: want states = 2"},
		{"gamma: 0.9\nlambda: 0.1\nstates: 1\nactions: [0, 1]\nrho: [1]\nP: []\nR1: [[[1]]]\nR2: [[[1]]]\n",
			"markov: game spec: line 4: actions[0] = 0: the leader needs >= 1 action"},
		{"{\"gamma\": 0.9, \"lambda\": 0.1, \"states\": 1, \"actions\": [1, 1], \"rho\": [1],\n \"P\": [[[[1]]]],\n" +
			" \"R1\": [[[1]]], \"R2\": [[[-0.05, 1]]]}\n",
			"markov: game spec: line 3: R2[0][0] has 2 entries: want actions[1] = 1"},
	} {
		g, err := ParseGame([]byte(tc.spec))
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseGame(%q) = %v, %v\nwant error %q", tc.spec, g, err, tc.want)
		}
	}
	// Validate on a Game built in code keeps its message without a line.
	g := &Game{Gamma: 0.9, States: 1, Actions: []int{1, 1}, Rho: []float64{1},
		P: [][][][]float64{{{{0.5}}}}, R1: [][][]float64{{{1}}}, R2: [][][]float64{{{1}}}}
	const want = "markov: game: P[0][0][0] sums to 0.5: want 1 (tolerance 1e-09)"
	if err := g.Validate(); err == nil || err.Error() != want {
		t.Errorf("Validate = %v, want %q", err, want)
	}
}

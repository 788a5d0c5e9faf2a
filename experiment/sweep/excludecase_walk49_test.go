package sweep

import (
	"fmt"
	"strings"
	"testing"
)

// An exclude entry's word of a key a run reads in any case (rl.algo,
// rl.leader, rl.dtype, the word options) drops the grid points whose
// value is that word in another case, as the job takes them for the same
// run: `{rl.algo: DDPG, rl.leader: Critic}` drops ddpg with critic. Before
// session 49 such an entry matched no point and the sweep was refused.
// Other text keeps its case (rl.env is a name: cartpole-v1 is not
// CartPole-v1).
func TestExcludeWordsInAnyCase(t *testing.T) {
	const base = "name: t\nconfig:\n  rl: {env: Pendulum-v1, algo: ddpg, steps: 4000}\n"
	for _, c := range []struct {
		grid, exclude string
		want          []string // the grid points left, in order
		err           string
	}{
		{"grid:\n  rl.algo: [ddpg, stddpg]\n  rl.leader: [actor, critic]\n",
			"exclude:\n  - {rl.algo: DDPG, rl.leader: Critic}\n",
			[]string{"ddpg actor", "stddpg actor", "stddpg critic"}, ""},
		{"grid:\n  rl.algo: [ddpg, stddpg]\n  rl.options.optimizer: [adam, sgd]\n",
			"exclude:\n  - {rl.options.optimizer: SGD}\n",
			[]string{"ddpg adam", "stddpg adam"}, ""},
		{"grid:\n  rl.algo: [DDPG, stddpg]\n  rl.dtype: [float32, float64]\n",
			"exclude:\n  - {rl.algo: ddpg, rl.dtype: Float64}\n",
			[]string{"DDPG float32", "stddpg float32", "stddpg float64"}, ""},
		{"grid:\n  rl.env: [Pendulum-v1, MountainCarContinuous-v0]\n",
			"exclude:\n  - {rl.env: pendulum-v1}\n",
			nil, "sweep: exclude[0] (line 7) matches no grid point (check its values against the grid)"},
	} {
		s, err := ParseSpec([]byte(base+c.grid+c.exclude), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		jobs, err := s.Expand()
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s: got %v, want %s", c.exclude, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.exclude, err)
			continue
		}
		var got []string
		for _, j := range jobs {
			var vals []string
			for _, g := range j.Grid {
				vals = append(vals, fmt.Sprint(g.Value))
			}
			got = append(got, strings.Join(vals, " "))
		}
		if strings.Join(got, ", ") != strings.Join(c.want, ", ") {
			t.Errorf("%s: points %q, want %q", c.exclude, got, c.want)
		}
	}
}

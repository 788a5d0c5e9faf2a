package runplot

import (
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestSeriesNameKeys55: two series of one name are told apart by the
// keys that define a run: rl.threads, which changes no number, is not one
// of them, and an rl.dtype left out reads as its default, float32 (not
// "unset"); a key of another kind left out reads "default".
func TestSeriesNameKeys55(t *testing.T) {
	rl := func(dtype string, threads, steps int) Run {
		return Run{Dir: "d", Config: &experiment.Config{Name: "th", RL: &experiment.RLConfig{
			Env: "CartPole-v1", Algo: "ac", DType: dtype, Threads: threads, Steps: steps}}}
	}
	for _, c := range []struct {
		name string
		runs []Run
		want []string
	}{
		{"dtype left out, threads differ", []Run{rl("float64", 2, 0), rl("", 1, 0)},
			[]string{"th (rl.dtype=float64)", "th (rl.dtype=float32)"}},
		{"steps left out", []Run{rl("", 1, 0), rl("", 3, 500)},
			[]string{"th (rl.steps=default)", "th (rl.steps=500)"}},
	} {
		gs := Groups(c.runs, false)
		if len(gs) != len(c.want) {
			t.Fatalf("%s: %d groups, want %d", c.name, len(gs), len(c.want))
		}
		for i, g := range gs {
			if g.Name != c.want[i] {
				t.Errorf("%s: series %d named %q, want %q", c.name, i, g.Name, c.want[i])
			}
		}
	}
}

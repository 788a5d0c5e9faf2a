package runplot

import (
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestSeriesSameRun55r4: runs whose configurations differ only in what
// changes no number — rl.checkpoint_every (how often the run saves
// itself), an rl.dtype written float32 (the default) or left out, and
// rl.threads — are one series, as runs differing in the seed alone are;
// they were split into series named by their directories, or by
// "rl.checkpoint_every=default" and "=5". A run of another rl.dtype is
// another series.
func TestSeriesSameRun55r4(t *testing.T) {
	rl := func(dir string, seed uint64, dtype string, every, threads int) Run {
		return Run{Dir: dir, Seed: seed, HasSeed: true, Config: &experiment.Config{Name: "th", Seed: seed, RL: &experiment.RLConfig{
			Env: "CartPole-v1", Algo: "ac", Steps: 1000, DType: dtype, Checkpoint: every, Threads: threads}}}
	}
	runs := []Run{rl("a", 1, "", 0, 0), rl("b", 2, "float32", 0, 0), rl("c", 3, "Float32", 5, 2), rl("d", 4, "", 1, 0), rl("e", 1, "float64", 0, 0)}
	gs := Groups(runs, false)
	want := []struct {
		name string
		dirs string
	}{{"th (rl.dtype=float32)", "abcd"}, {"th (rl.dtype=float64)", "e"}}
	if len(gs) != len(want) {
		for _, g := range gs {
			t.Logf("series %q: %d runs", g.Name, len(g.Runs))
		}
		t.Fatalf("%d series, want %d", len(gs), len(want))
	}
	for i, g := range gs {
		dirs := ""
		for _, r := range g.Runs {
			dirs += r.Dir
		}
		if g.Name != want[i].name || dirs != want[i].dirs {
			t.Errorf("series %d: %q of runs %s, want %q of runs %s", i, g.Name, dirs, want[i].name, want[i].dirs)
		}
	}
	// The same seed twice is a copy of one run, left out of the series.
	kept, notes := DropCopies(Groups([]Run{rl("a", 1, "", 0, 0), rl("b", 1, "float32", 5, 0)}, false))
	if len(kept) != 1 || len(kept[0].Runs) != 1 || len(notes) != 1 {
		t.Errorf("same seed, checkpoint_every 1 and 5: %d series, notes %q; want one series of one run and one note", len(kept), notes)
	}
}

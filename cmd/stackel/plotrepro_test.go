package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestPlotReproductionSaid: stackel plot on a reproduction's output says
// on stdout, before the files it wrote, that it named and coloured the
// series as the reproduction's figures do and clipped the return bands to
// the task's returns.
func TestPlotReproductionSaid(t *testing.T) {
	rep := t.TempDir()
	for _, v := range []struct {
		slug, algo string
		unroll     int
	}{{"stac-m1", "stac", 1}, {"ac-m80", "ac", 80}} {
		for seed := 1; seed <= 2; seed++ {
			dir := filepath.Join(rep, v.slug, fmt.Sprintf("seed%d", seed))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			r := float64(40 * (seed - 1)) // bands 20 ± 28.3, 40 ± 56.6: clipped at 0
			writeFile(t, dir, "metrics.csv", fmt.Sprintf("epoch,steps,avg_return\n1,500,%g\n2,1000,%g\n", r, 2*r))
			writeFile(t, dir, "config.yaml", fmt.Sprintf("name: stac-cartpole-%s\nseed: %d\nrl:\n  env: CartPole-v1\n  algo: %s\n  steps: 1000\n  unroll: %d\n", v.slug, seed, v.algo, v.unroll))
			writeFile(t, dir, "job.json", fmt.Sprintf(`{"seed": %d, "labels": {"seed": "%d", "variant": %q}, "status": "done"}`, seed, seed, v.slug))
			writeFile(t, dir, "summary.json", fmt.Sprintf(`{"env": "CartPole-v1", "final": {"avg_return": %g}}`, 2*r))
		}
	}
	writeFile(t, rep, "reproduction.json", `{"reproduction": "stac-cartpole"}`)
	writeFile(t, rep, "results.json", `{"stac-m1": {"label": "STAC (m = 1)"}, "ac-m80": {"label": "AC (m = 80)"}}`)
	out, err := execute(t, "plot", rep)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(rep, "plot")
	want := "plot: series named and coloured as the figures of stac-cartpole name and colour its variants\n" +
		"plot: avg_return: bands clipped to the returns CartPole-v1 can give, [0, 500]\n" +
		"wrote " + base + ".png, " + base + ".svg\n"
	if out != want {
		t.Errorf("output %q;\nwant %q", out, want)
	}
}

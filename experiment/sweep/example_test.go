package sweep_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// A sweep run in this process, without NATS or Slurm: expand the spec into
// jobs, run them with the local executor into the sweep directory (each in
// runs/<job ID>), then read every job's state and summary back from disk
// and write sweep.json, report.md and the curves, as `stackel sweep
// collect DIR` does.
func ExampleSpec_Expand() {
	spec, err := sweep.ParseSpec([]byte(`
name: duopoly-grid
config:
  game: {builtin: duopoly}
  dynamics: {kind: sga, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.1}}
  iterations: 2000
  init: {x: [10], y: [10]}
grid:
  dynamics.kind: [sga, stackelberg]
  game.params.c1: [5, 10]
`), "")
	if err != nil {
		panic(err)
	}
	jobs, err := spec.Expand()
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "sweep")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	if err := (experiment.Local{Workers: 2}).Execute(context.Background(), dir, sweep.Plain(jobs), nil); err != nil {
		panic(err)
	}
	recs := sweep.DiskRecords(dir, jobs)
	for _, r := range recs {
		final := r.Summary["final"].(map[string]any) // summary.json's "final"
		fmt.Printf("%s: %s, x = %.2f, y = %.2f\n", jobs[r.Index].Label(), r.Status,
			final["x"].([]any)[0], final["y"].([]any)[0])
	}
	if err := sweep.WriteReport(dir, spec.Name, jobs, recs, nil); err != nil {
		panic(err)
	}
	_, err = os.Stat(filepath.Join(dir, "sweep.json"))
	fmt.Println("sweep.json written:", err == nil)
	// Output:
	// dynamics.kind=sga, game.params.c1=5: done, x = 30.67, y = 33.67
	// dynamics.kind=sga, game.params.c1=10: done, x = 27.33, y = 35.33
	// dynamics.kind=stackelberg, game.params.c1=5: done, x = 46.00, y = 26.00
	// dynamics.kind=stackelberg, game.params.c1=10: done, x = 41.00, y = 28.50
	// sweep.json written: true
}

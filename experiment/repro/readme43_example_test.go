package repro_test

import (
	"fmt"

	"github.com/stackel/stackel/experiment/repro"
)

// ExampleLookup lists a reproduction's runs as data, without running them:
// the quick fiez-duopoly is 4 seeds of Stackelberg and of simultaneous
// gradient play, each job into its own subdirectory of the output.
// CheckOptions refuses, as Execute does, options the reproduction would
// ignore.
func ExampleLookup() {
	r, err := repro.Lookup("fiez-duopoly")
	if err != nil {
		panic(err)
	}
	jobs, err := r.Jobs(repro.Options{Quick: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(jobs), "jobs:", jobs[0].Out, jobs[1].Out, "…", jobs[len(jobs)-1].Out)
	fmt.Println(r.CheckOptions(repro.Options{Steps: 1000}))
	// Output:
	// 8 jobs: stackelberg/seed0 sga/seed0 … sga/seed3
	// fiez-duopoly has no RL runs: Steps (1000) and DType ("") apply to the RL reproductions only
}

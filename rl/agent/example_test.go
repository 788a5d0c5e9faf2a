package agent_test

import (
	"context"
	"fmt"
	"os"

	"github.com/stackel/stackel/rl/agent"
)

// Train STDDPG with the actor leading on Pendulum-v1, checkpointing after
// every epoch. The checkpoint is written beside the previous one and
// renamed over it only when whole, so that a write that fails (a full
// disk) leaves the previous checkpoint to resume from.
func Example() {
	cfg, err := agent.Defaults("Pendulum-v1", agent.STDDPG)
	if err != nil {
		panic(err)
	}
	cfg.Seed, cfg.Leader = 1, agent.ActorLeads
	cfg.CG.Lambda = 500 // Appendix E's λ for continuous actions (the default)
	a, err := agent.New(cfg)
	if err != nil {
		panic(err)
	}
	for !a.Done() {
		st, err := a.RunEpoch(context.Background())
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d steps: test return %.1f, CG %.1f iterations\n", st.Steps, st.TestReturn, st.CGIters)
		f, err := os.Create("checkpoint.gob.tmp")
		if err != nil {
			panic(err)
		}
		if err := a.Save(f); err != nil {
			f.Close()
			panic(err)
		}
		if err := f.Close(); err != nil { // a write the disk did not take
			panic(err)
		}
		if err := os.Rename("checkpoint.gob.tmp", "checkpoint.gob"); err != nil {
			panic(err)
		}
	}
}

// Resume a run from its checkpoint.
func ExampleLoad() {
	f, err := os.Open("checkpoint.gob")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	a, err := agent.Load(f)
	if err != nil {
		panic(err)
	}
	fmt.Println("continuing after epoch", a.Epoch())
}

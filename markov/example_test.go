package markov_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/stackel/stackel/markov"
)

// Run Stackelberg policy gradient on the built-in epidemic testing game
// and print the published summary.
func ExampleRun() {
	g, err := markov.Builtin("epidemic", nil)
	if err != nil {
		panic(err)
	}
	cfg, _ := markov.DefaultConfig("epidemic")
	res, err := markov.Run(context.Background(), g, cfg, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("V1 = %.4f, stationary: %v, follower at best response: %v\n",
		res.LeaderValue, res.HierGradNorm <= 1e-4, res.BRGap <= 1e-3)
	b, _ := json.Marshal(map[string]any{"final": res})
	fmt.Println(len(b) > 0)
	// Output:
	// V1 = -6.9082, stationary: true, follower at best response: true
	// true
}

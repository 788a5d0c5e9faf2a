package repro

import (
	"context"
	"strings"
	"testing"
)

// TestExecuteRefusesOptions: Execute refuses, before listing or running a
// job, the options a reproduction would silently ignore or misread:
// negative counts, and Steps or a DType other than float64 on a
// reproduction without RL runs.
func TestExecuteRefusesOptions(t *testing.T) {
	game, err := Lookup("hic-cournot")
	if err != nil {
		t.Fatal(err)
	}
	rl, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		r    Reproduction
		opt  Options
		want string
	}{
		{game, Options{Seeds: -1}, "Seeds -1, Workers 0, Steps 0: none may be negative"},
		{rl, Options{Workers: -2}, "Workers -2"},
		{rl, Options{Steps: -5}, "Steps -5"},
		{game, Options{Steps: 100}, "hic-cournot has no RL runs: Steps (100)"},
		{game, Options{DType: "float32"}, `DType ("float32")`},
		// Refused at once; before the limit, listing 10⁹ seeds' jobs took
		// minutes and gigabytes before anything ran.
		{game, Options{Seeds: 1_000_000_000}, "hic-cournot: 1000000000 seeds exceed the limit 100000"},
	}
	for _, c := range cases {
		out := t.TempDir()
		c.opt.Out = out
		err := c.r.Execute(context.Background(), c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %+v: error %v, want one containing %q", c.r.Name, c.opt, err, c.want)
		}
	}
	for _, ok := range []Options{{}, {Seeds: 3, Workers: 2}, {DType: "float64"}, {Seeds: MaxSeeds}} {
		if err := game.CheckOptions(ok); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	if err := rl.CheckOptions(Options{Steps: 2000, DType: "float64"}); err != nil {
		t.Errorf("RL reproduction with Steps and DType: %v", err)
	}
}

package runeval

import (
	"encoding/json"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// TestJSONSDOfOneValue55: the JSON's "sd" is null for one episode (a
// run's return and length) or one run (a series' return), whose sample
// standard deviation is undefined and which the table writes as "(1
// episode)" or "(1 run)"; for two or more it is the sample sd, here
// exact: returns -1 and -3 have sd √2, lengths 100 and 200 sd 50√2.
func TestJSONSDOfOneValue55(t *testing.T) {
	for _, c := range []struct {
		name string
		v    any
		want string
	}{
		{"run of one episode", Run{Dir: "d", Series: "s", Env: "Pendulum-v1", Algo: "ddpg", Steps: 400, RunSteps: 400,
			Return: Stats{Mean: -2, Min: -2, Max: -2}, Length: Stats{Mean: 200, Min: 200, Max: 200}, Episodes: []agent.Episode{{Return: -2, Length: 200}}},
			`{"dir":"d","series":"s","env":"Pendulum-v1","algo":"ddpg","seed":0,"steps":400,"run_steps":400,"return":{"mean":-2,"sd":null,"min":-2,"max":-2},"length":{"mean":200,"sd":null,"min":200,"max":200},"episodes":[{"return":-2,"length":200,"terminated":false}]}`},
		{"run of two episodes", Run{Dir: "d", Series: "s", Env: "Pendulum-v1", Algo: "ddpg", Steps: 400, RunSteps: 400,
			Return: stats([]float64{-1, -3}), Length: stats([]float64{100, 200}), Episodes: []agent.Episode{{Return: -1, Length: 100}, {Return: -3, Length: 200}}},
			`{"dir":"d","series":"s","env":"Pendulum-v1","algo":"ddpg","seed":0,"steps":400,"run_steps":400,"return":{"mean":-2,"sd":1.4142135623730951,"min":-3,"max":-1},"length":{"mean":150,"sd":70.71067811865476,"min":100,"max":200},"episodes":[{"return":-1,"length":100,"terminated":false},{"return":-3,"length":200,"terminated":false}]}`},
		{"series of one run", Series{Name: "s", Runs: 1, Return: Stats{Mean: -2, Min: -2, Max: -2}, MinSteps: 400, MaxSteps: 400},
			`{"name":"s","runs":1,"return":{"mean":-2,"sd":null,"min":-2,"max":-2},"min_steps":400,"max_steps":400}`},
		{"series of two runs", Series{Name: "s", Runs: 2, Return: stats([]float64{-1, -3}), MinSteps: 400, MaxSteps: 400},
			`{"name":"s","runs":2,"return":{"mean":-2,"sd":1.4142135623730951,"min":-3,"max":-1},"min_steps":400,"max_steps":400}`},
	} {
		b, err := json.Marshal(c.v)
		if err != nil || string(b) != c.want {
			t.Errorf("%s: %s (%v)\nwant %s", c.name, b, err, c.want)
		}
	}
}

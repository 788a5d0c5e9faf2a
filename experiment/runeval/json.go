package runeval

import (
	"encoding/json"

	"github.com/stackel/stackel/rl/agent"
)

// jsonStats is Stats as the JSON writes it: "sd" is null for one value,
// whose sample standard deviation is undefined (the table writes the
// mean alone, "(1 episode)" or "(1 run)"), rather than a 0 that a script
// would take for a measured spread.
type jsonStats struct {
	Mean float64  `json:"mean"`
	SD   *float64 `json:"sd"`
	Min  float64  `json:"min"`
	Max  float64  `json:"max"`
}

// statsJSON returns s, the statistics of n values, as the JSON writes it.
func statsJSON(s Stats, n int) *jsonStats {
	j := &jsonStats{Mean: s.Mean, Min: s.Min, Max: s.Max}
	if n > 1 {
		j.SD = &s.SD
	}
	return j
}

// MarshalJSON writes the run with only what it has: a run whose
// checkpoint did not load has no seed or steps, and a run with no episode
// no return or length, rather than zeros a script would take for values.
func (r Run) MarshalJSON() ([]byte, error) {
	type out struct {
		Dir      string          `json:"dir"`
		Series   string          `json:"series"`
		Env      string          `json:"env,omitempty"`
		Algo     string          `json:"algo,omitempty"`
		Leader   string          `json:"leader,omitempty"`
		Seed     *uint64         `json:"seed,omitempty"`
		DType    string          `json:"dtype,omitempty"`
		Steps    *int            `json:"steps,omitempty"`
		RunSteps *int            `json:"run_steps,omitempty"`
		Stopped  string          `json:"stopped,omitempty"`
		Return   *jsonStats      `json:"return,omitempty"`
		Length   *jsonStats      `json:"length,omitempty"`
		Episodes []agent.Episode `json:"episodes,omitempty"`
		Error    string          `json:"error,omitempty"`
	}
	o := out{Dir: r.Dir, Series: r.Series, Env: r.Env, Algo: r.Algo, Leader: r.Leader, DType: r.DType, Stopped: r.Stopped, Episodes: r.Episodes, Error: r.Error}
	if r.Env != "" { // the checkpoint loaded
		o.Seed, o.Steps, o.RunSteps = &r.Seed, &r.Steps, &r.RunSteps
	}
	if len(r.Episodes) > 0 {
		o.Return, o.Length = statsJSON(r.Return, len(r.Episodes)), statsJSON(r.Length, len(r.Episodes))
	}
	return json.Marshal(o)
}

// MarshalJSON writes the series without a return or steps when none of
// its runs was evaluated.
func (s Series) MarshalJSON() ([]byte, error) {
	type out struct {
		Name     string     `json:"name"`
		Runs     int        `json:"runs"`
		Failed   int        `json:"failed,omitempty"`
		Return   *jsonStats `json:"return,omitempty"`
		MinSteps *int       `json:"min_steps,omitempty"`
		MaxSteps *int       `json:"max_steps,omitempty"`
	}
	o := out{Name: s.Name, Runs: s.Runs, Failed: s.Failed}
	if s.Runs > 0 {
		o.Return, o.MinSteps, o.MaxSteps = statsJSON(s.Return, s.Runs), &s.MinSteps, &s.MaxSteps
	}
	return json.Marshal(o)
}

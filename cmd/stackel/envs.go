package main

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stackel/stackel/rl/env"
)

// envInfo is one row of `stackel envs`.
type envInfo struct {
	Name            string   `json:"name"`
	Observation     string   `json:"observation"`
	Action          string   `json:"action"`
	TimeLimit       int      `json:"time_limit"`
	RewardThreshold *float64 `json:"reward_threshold"`
	Tag             string   `json:"tag"`
	Available       bool     `json:"available"`
	// Error says why an environment cannot be described or run (its New
	// returns no environment, a space is nil); "" for the others.
	Error string `json:"error,omitempty"`
}

func newEnvsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "envs",
		Short: "List the RL environments, and which this binary can run",
		Long: `envs lists every registered RL environment: its observation and action
spaces, time limit, reward threshold, the build tag it needs (the MuJoCo
tasks need -tags mujoco and the MuJoCo library) and whether this binary
can run it.`,
		Args: noArgs("it lists every environment"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var rows []envInfo
			for _, name := range env.Names() {
				s, _ := env.Lookup(name)
				rows = append(rows, envRow(name, s))
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tOBSERVATION\tACTION\tTIME LIMIT\tREWARD THRESHOLD\tNEEDS TAG\tIN THIS BINARY")
			missing := false
			var notes []string
			for _, r := range rows {
				th, tag, avail := "—", "—", "yes"
				if r.RewardThreshold != nil {
					th = fmt.Sprintf("%g", *r.RewardThreshold)
				}
				if r.Tag != "" {
					tag = r.Tag
				}
				switch {
				case r.Error != "":
					avail = "no"
					notes = append(notes, r.Error)
				case !r.Available:
					avail, missing = "no", true
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.Name, r.Observation, r.Action, r.TimeLimit, th, tag, avail)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if len(notes) > 0 {
				fmt.Fprintln(out, "\n"+strings.Join(notes, "\n"))
			}
			if missing {
				fmt.Fprintln(out, "\nThe MuJoCo tasks need the MuJoCo 2.2.2 library and the mujoco build tag:\n"+
					"  apt-get install libmujoco-dev && go build -tags mujoco ./cmd/stackel")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

// envRow describes the environment name registered as s. One that
// cannot be described (its New returns no environment, as env.Make says,
// or a space is a nil pointer; its New, or a space's String, panics, or
// a Box's bounds differ in length) is listed not available with Error
// saying why, its missing spaces as "—": `stackel envs` panicked on it.
func envRow(name string, s env.Spec) envInfo {
	r := envInfo{Name: name, Observation: "—", Action: "—", TimeLimit: s.MaxEpisodeSteps, Tag: s.Tag, Available: s.Available() == nil}
	if s.RewardThreshold != 0 {
		v := s.RewardThreshold
		r.RewardThreshold = &v
	}
	for _, sp := range []struct {
		what  string
		space func() env.Space
		to    *string
	}{{"observation", s.ObservationSpace, &r.Observation}, {"action", s.ActionSpace, &r.Action}} {
		text, none, panicked := describeSpace(sp.space)
		if !none && panicked == "" {
			*sp.to = text
			continue
		}
		if r.Error != "" {
			continue
		}
		switch {
		case panicked != "":
			r.Error = fmt.Sprintf("env: %s: its %s space cannot be described: panic: %s", name, sp.what, panicked)
		default:
			r.Error = fmt.Sprintf("env: %s: its %s space is nil", name, sp.what)
			if r.Available {
				if _, err := env.Make(name); err != nil {
					r.Error = err.Error()
				}
			}
		}
		r.Available = false
	}
	return r
}

// describeSpace returns the text of the space that space returns
// (compactSpace), or that it is none (noSpace), or, if space or the
// text panics (a bug in a registered environment), the panic's value.
func describeSpace(space func() env.Space) (text string, none bool, panicked string) {
	defer func() {
		if v := recover(); v != nil {
			text, none, panicked = "", false, fmt.Sprint(v)
		}
	}()
	sp := space()
	if noSpace(sp) {
		return "", true, ""
	}
	return compactSpace(sp), false, ""
}

// noSpace reports that sp is no space: nil, or a nil pointer (map, …) of
// its type, which is not == nil as a Space.
func noSpace(sp env.Space) bool {
	if sp == nil {
		return true
	}
	switch v := reflect.ValueOf(sp); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// compactSpace writes a Box whose bounds are all equal as Box(lo, hi, (n,)),
// as Gymnasium prints it, and any other Box in full, Box([lo…], [hi…],
// shape); an infinite bound is -∞ or ∞ in both forms, as in the README's
// environment tables (env.Box.String writes -Inf and +Inf, and the compact
// form wrote Inf: CartPole's and Hopper's rows disagreed). Other spaces are
// written as they write themselves.
func compactSpace(s env.Space) string {
	b, ok := s.(*env.Box)
	if !ok || len(b.Low) == 0 {
		return s.String()
	}
	same := true
	for i := range b.Low {
		if b.Low[i] != b.Low[0] || b.High[i] != b.High[0] {
			same = false
			break
		}
	}
	if same {
		return fmt.Sprintf("Box(%s, %s, (%d,))", boundString(b.Low[0], "%v"), boundString(b.High[0], "%v"), len(b.Low))
	}
	return b.Format(func(v float64) string { return boundString(v, "%.4g") })
}

// boundString writes a Box bound: -∞ or ∞ when infinite, else with format.
func boundString(v float64, format string) string {
	switch {
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	}
	return fmt.Sprintf(format, v)
}

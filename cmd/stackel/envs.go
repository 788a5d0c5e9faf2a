package main

import (
	"encoding/json"
	"fmt"
	"math"
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
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var rows []envInfo
			for _, name := range env.Names() {
				s, _ := env.Lookup(name)
				r := envInfo{Name: name, Observation: compactSpace(s.ObservationSpace()), Action: compactSpace(s.ActionSpace()),
					TimeLimit: s.MaxEpisodeSteps, Tag: s.Tag, Available: s.Available() == nil}
				if s.RewardThreshold != 0 {
					v := s.RewardThreshold
					r.RewardThreshold = &v
				}
				rows = append(rows, r)
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
			for _, r := range rows {
				th, tag, avail := "—", "—", "yes"
				if r.RewardThreshold != nil {
					th = fmt.Sprintf("%g", *r.RewardThreshold)
				}
				if r.Tag != "" {
					tag = r.Tag
				}
				if !r.Available {
					avail, missing = "no", true
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.Name, r.Observation, r.Action, r.TimeLimit, th, tag, avail)
			}
			if err := w.Flush(); err != nil {
				return err
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

// compactSpace writes a Box whose bounds are all equal as Box(lo, hi, (n,)),
// as Gymnasium prints it, and any other space in full.
func compactSpace(s env.Space) string {
	b, ok := s.(*env.Box)
	if !ok || len(b.Low) == 0 {
		return s.String()
	}
	for i := range b.Low {
		if b.Low[i] != b.Low[0] || b.High[i] != b.High[0] {
			return s.String()
		}
	}
	f := func(v float64) string {
		if math.IsInf(v, 0) {
			return strings.TrimPrefix(fmt.Sprint(v), "+")
		}
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("Box(%s, %s, (%d,))", f(b.Low[0]), f(b.High[0]), len(b.Low))
}

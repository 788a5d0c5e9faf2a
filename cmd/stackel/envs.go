package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
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
		Args: noArgs("it lists every environment"),
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
	var sb strings.Builder
	sb.WriteString("Box(")
	for k, xs := range [][]float64{b.Low, b.High} {
		if k > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('[')
		for i, v := range xs {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(boundString(v, "%.4g"))
		}
		sb.WriteByte(']')
	}
	sb.WriteString(", (")
	shape := b.Shape()
	for i, n := range shape {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(strconv.Itoa(n))
	}
	if len(shape) == 1 {
		sb.WriteByte(',')
	}
	sb.WriteString("))")
	return sb.String()
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

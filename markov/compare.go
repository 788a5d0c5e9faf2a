package markov

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/loop"
)

// DefaultConfig returns the exact-gradient configuration used for a
// built-in game by `stackel reproduce` and by this package's tests:
// constant steps α = 0.5, β = 2 (timescale ratio 1/4, stable for the
// built-ins' follower curvature) and enough iterations for the
// hierarchical gradient norm to fall below 1e-4.
func DefaultConfig(name string) (Config, error) {
	if _, ok := builtins[name]; !ok {
		return Config{}, fmt.Errorf("markov: unknown built-in game %s (valid: %v)", safeyaml.ValueText(name), BuiltinNames())
	}
	return Config{
		Dynamics:   StackelbergPG,
		LeaderLR:   loop.Constant(0.5),
		FollowerLR: loop.Constant(2),
		Estimator:  Exact,
		Settings:   loop.Settings{Iterations: 50000, RecordEvery: 1000},
	}, nil
}

// Comparison is the outcome of running Stackelberg and simultaneous
// policy gradient on the same game with the same settings.
type Comparison struct {
	// Game names the game.
	Game string `json:"game"`
	// Stackelberg and Simultaneous are the two runs.
	Stackelberg  Result `json:"stackelberg_pg"`
	Simultaneous Result `json:"simultaneous_pg"`
	// Lambda is the game's follower entropy weight (Game.Lambda), which
	// says why a hier_grad_norm was not computed (HierGradNormTextAt).
	Lambda float64 `json:"-"`
}

// Compare runs StackelbergPG and SimultaneousPG on g with cfg (its
// Dynamics field is overridden) and returns both results. The recorders,
// if not nil, receive each run's records.
func Compare(ctx context.Context, g *Game, cfg Config, stackRec, simRec Recorder) (Comparison, error) {
	if g == nil {
		// Refused as Run refuses it (g.Name below dereferenced it).
		return Comparison{}, errors.New("markov: nil game")
	}
	c := Comparison{Game: g.Name, Lambda: g.Lambda}
	cfg.Dynamics = StackelbergPG
	var err error
	if c.Stackelberg, err = Run(ctx, g, cfg, stackRec); err != nil {
		return c, fmt.Errorf("%s: %w", StackelbergPG, err)
	}
	cfg.Dynamics = SimultaneousPG
	if c.Simultaneous, err = Run(ctx, g, cfg, simRec); err != nil {
		return c, fmt.Errorf("%s: %w", SimultaneousPG, err)
	}
	return c, nil
}

// WriteComparisonTable writes a plain-text table of comparisons: the
// leader's value V1 under each dynamics, their difference, and the
// stationarity measures of each run. A measure that could not be computed
// (the -1 of Stats.HierGradNorm and Stats.BRGap) is written "n/a", and a
// line under the table says why, per run (HierGradNormTextAt, BRGapText).
func WriteComparisonTable(w io.Writer, rows []Comparison) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "game\tV1 stackelberg-pg\tV1 simultaneous-pg\tgain\t‖∇V1(θ1,B(θ1))‖ stack\t‖∇V1(θ1,B(θ1))‖ sim\tbr_gap stack\tbr_gap sim\t")
	var why []string
	cell := func(x float64, game, dyn, measure, text string) string {
		if !(x < 0) {
			return text
		}
		why = append(why, fmt.Sprintf("%s %s %s: %s", game, dyn, measure, text))
		return "n/a"
	}
	for _, r := range rows {
		s, m := r.Stackelberg, r.Simultaneous
		fmt.Fprintf(tw, "%s\t%.6f\t%.6f\t%+.6f\t%s\t%s\t%s\t%s\t\n", r.Game,
			s.LeaderValue, m.LeaderValue, s.LeaderValue-m.LeaderValue,
			cell(s.HierGradNorm, r.Game, StackelbergPG, "‖∇V1(θ1,B(θ1))‖", HierGradNormTextAt(s.HierGradNorm, s.BRGap, r.Lambda, "%.2e")),
			cell(m.HierGradNorm, r.Game, SimultaneousPG, "‖∇V1(θ1,B(θ1))‖", HierGradNormTextAt(m.HierGradNorm, m.BRGap, r.Lambda, "%.2e")),
			cell(s.BRGap, r.Game, StackelbergPG, "br_gap", BRGapText(s.BRGap, "%.2e")),
			cell(m.BRGap, r.Game, SimultaneousPG, "br_gap", BRGapText(m.BRGap, "%.2e")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, line := range why {
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/learn/uncoupled"
)

// AnalyzeOptions configures Analyze.
type AnalyzeOptions struct {
	// Starts is the number of Newton starts per vector field (default 200).
	Starts int
	// LearnStages is the length of the Hi-C run that learns a bimatrix
	// game's commitment (0: exact solution only).
	LearnStages int
	// Radius bounds the starting points of unbounded coordinates to
	// [−Radius, Radius] when the config gives no init.uniform ranges
	// (default 10).
	Radius float64
	// LogitRadius bounds the starting logits of a simplex player likewise
	// (default 3, at most Radius): logits drawn from [−10, 10] mostly
	// give a saturated softmax, where Newton stalls on a field that
	// underflows, and interior mixed equilibria were missed (a 2×2 logit
	// game with entropy 0.3 found 5 of its 6 critical points on seed 0
	// with 200 starts; from [−3, 3], all 6, as with 1000 starts).
	LogitRadius float64
	// Progress, when not nil, is called with the Newton starts done and
	// their total (over both fields), before the first and after each.
	Progress ProgressFunc
}

// AnalyzeReport is what `stackel analyze` prints; its JSON form is the
// published interface.
type AnalyzeReport struct {
	// Game is the game's name.
	Game string `json:"game"`
	// Leader is "y" when the config's dynamics make the second player the
	// leader (stackelberg with leader: y): DSE, stable_stackelberg, eig_JS
	// and the commitment are then those of y leading (x, y, f1 and f2 stay
	// the players' own). Left out when x leads.
	Leader string `json:"leader,omitempty"`
	// Equilibria are the classified critical points of a smooth game.
	Equilibria []equilib.Point `json:"equilibria"`
	// Commitment is the exact optimal commitment of a bimatrix game.
	Commitment *equilib.Commitment `json:"commitment,omitempty"`
	// Learned is the commitment Hi-C learns against a gradient follower on
	// the bimatrix game, beside the exact one.
	Learned *uncoupled.LearnedCommitment `json:"learned_commitment,omitempty"`
	// Discarded counts the Newton end points that are not critical points
	// (non-finite, run off where the field only decays, or on a saturated
	// softmax; equilib.KeepCritical) and so are not listed.
	Discarded int `json:"discarded,omitempty"`
	// Continuum counts the Newton end points that lie on a continuum of
	// critical points (equilib.SplitContinuum: the field vanishes on a
	// curve or region through them, as everywhere when f1 and f2 are
	// constant) and so are not listed as isolated critical points.
	Continuum int `json:"continuum,omitempty"`
	// ContinuumExample is one of those points (the first), left out when
	// there is none.
	ContinuumExample *equilib.Point `json:"continuum_example,omitempty"`
	// Note says why no critical point was searched for: a bimatrix game
	// with a player of one action, whose commitment is still given.
	Note string `json:"note,omitempty"`
	// SolverLambda is the config's dynamics.solver.lambda when positive,
	// which analyze does not apply: the points are the game's own critical
	// points (λ = 0, as Fiez et al.'s Definition 4 classifies them), while
	// a run with λ > 0 settles where its regularised total derivative
	// vanishes, in general at none of them. Left out at 0.
	SolverLambda float64 `json:"solver_lambda,omitempty"`
	// SolverSteps and SolverLR are the config's unrolled solver's steps m
	// and lr η (left out for another solver): a run with it uses the
	// truncated series η Σ_{i<m} (I − η(∇yy f2 + λI))^i ∇y f1 for the
	// implicit term and settles where that leader gradient vanishes, at
	// one of the points only where the series has converged there.
	SolverSteps int     `json:"solver_steps,omitempty"`
	SolverLR    float64 `json:"solver_lr,omitempty"`
	// Search counts what became of the Newton starts (left out when no
	// search ran): with no equilibrium listed, it says whether no start
	// converged or the roots lay outside a box domain.
	Search *equilib.SearchStats `json:"search,omitempty"`
}

// Analyze finds the critical points of the config's game under
// simultaneous and Stackelberg gradient fields, and classifies each (DNE,
// DSE, stability, spectra). For a bimatrix game it adds the exact
// strong-Stackelberg commitment.
func Analyze(ctx context.Context, cfg *Config, opt AnalyzeOptions) (*AnalyzeReport, error) {
	if cfg == nil || (cfg.RL == nil && cfg.Game == nil) {
		return nil, fmt.Errorf("config: missing game section")
	}
	if cfg.RL != nil || cfg.Game == nil {
		return nil, fmt.Errorf("analyze needs a smooth or bimatrix game; an rl config has none (use stackel run)")
	}
	if cfg.Game.Markov != "" || cfg.Game.MarkovBuiltin != "" {
		return nil, fmt.Errorf("analyze needs a smooth or bimatrix game; a Markov game is analysed by its run's summary (hier_grad_norm, br_gap)")
	}
	if opt.Starts < 0 || opt.LearnStages < 0 {
		return nil, fmt.Errorf("analyze: --starts %d and --learn-stages %d must be ≥ 0", opt.Starts, opt.LearnStages)
	}
	g, err := BuildGame(cfg.Game)
	if err != nil {
		return nil, err
	}
	if opt.Starts == 0 {
		opt.Starts = 200
	}
	if opt.Radius == 0 {
		opt.Radius = 10
	}
	if opt.LogitRadius == 0 {
		opt.LogitRadius = 3
	}
	opt.LogitRadius = min(opt.LogitRadius, opt.Radius)
	if opt.Starts > maxStarts {
		return nil, fmt.Errorf("analyze: --starts %d exceeds the limit %d (each start is a Newton solve, and the distinct end points are kept)", opt.Starts, maxStarts)
	}
	if u := cfg.Init; u != nil && u.Uniform != nil {
		// The ranges a run draws from, checked as a run checks them
		// (whatever the domain): analyze accepted a partial init.uniform
		// (x without y) that every run of the config refuses.
		if err := checkUniform(u.Uniform, g); err != nil {
			return nil, err
		}
	}
	so := equilib.SearchOptions{Starts: opt.Starts, Seed: cfg.Seed, Context: ctx, Progress: opt.Progress}
	d1, d2 := g.Dims()
	dx, dy := g.Domains()
	if dx.Kind == game.Unbounded || dx.Kind == game.Simplex || dy.Kind == game.Unbounded || dy.Kind == game.Simplex {
		so.Lo = make([]float64, d1+d2)
		so.Hi = make([]float64, d1+d2)
		for i := range so.Lo {
			r := opt.Radius
			if (i < d1 && dx.Kind == game.Simplex) || (i >= d1 && dy.Kind == game.Simplex) {
				r = opt.LogitRadius
			}
			so.Lo[i], so.Hi[i] = -r, r
		}
		if u := cfg.Init; u != nil && u.Uniform != nil {
			// The ranges of a run's draw (drawUniform, checked above):
			// one per dimension, or one for every dimension of the
			// player.
			for _, r := range []struct {
				who    string
				off, d int
				ranges [][]float64
			}{{"x", 0, d1, u.Uniform.X}, {"y", d1, d2, u.Uniform.Y}} {
				for i := range r.d {
					p := r.ranges[min(i, len(r.ranges)-1)]
					so.Lo[r.off+i], so.Hi[r.off+i] = p[0], p[1]
				}
			}
		}
	}
	// With dynamics.leader: y the search runs with y leading (its points
	// and counts in the game's own x, y, f1 and f2); KeepCritical and
	// SplitContinuum run on the game with the roles exchanged (its first
	// player is y), with the points exchanged to its order and back.
	yLeads := leaderIsY(cfg.Dynamics)
	so.YLeads = yLeads
	ga := g
	if yLeads {
		ga = learn.SwapRoles(g)
	}
	swap := func(p *equilib.Point) { p.X, p.Y, p.F1, p.F2 = p.Y, p.X, p.F2, p.F1 }
	rep := &AnalyzeReport{Game: g.Name()}
	if yLeads {
		rep.Leader = "y"
	}
	if cfg.Dynamics != nil {
		if p, ok := cfg.Dynamics.Params.(*learn.StackelbergParams); ok && p.Solver != nil {
			if p.Solver.Lambda > 0 {
				rep.SolverLambda = p.Solver.Lambda
			}
			if p.Solver.Kind == learn.SolverUnrolled {
				rep.SolverSteps, rep.SolverLR = p.Solver.Steps, p.Solver.LR
			}
		}
	}
	pts, stats, err := equilib.SearchWithStats(g, so)
	switch {
	case errors.Is(err, equilib.ErrOneAction) && cfg.Game.Builtin == "bimatrix":
		// A player with one action has no critical point to classify,
		// but the leader's optimal commitment is still defined.
		rep.Note = err.Error() // naming the game's own player (y leads: the leader (y))
	case err != nil:
		return nil, fmt.Errorf("analyze: %w", err)
	default:
		rep.Search = &stats
		if yLeads {
			for i := range pts {
				swap(&pts[i])
			}
		}
		rep.Equilibria, rep.Discarded = equilib.KeepCritical(ga, pts)
		var cont []equilib.Point
		rep.Equilibria, cont = equilib.SplitContinuum(ga, rep.Equilibria)
		if rep.Continuum = len(cont); len(cont) > 0 {
			rep.ContinuumExample = &cont[0]
		}
		if yLeads {
			for i := range rep.Equilibria {
				swap(&rep.Equilibria[i])
			}
			if rep.ContinuumExample != nil {
				swap(rep.ContinuumExample)
			}
		}
	}
	if rep.Equilibria == nil {
		rep.Equilibria = []equilib.Point{}
	}
	if cfg.Game.Builtin == "bimatrix" {
		a, b, err := bimatrixParams(cfg.Game.Params)
		if err != nil {
			return nil, err
		}
		if yLeads {
			// The column player commits: its payoffs Bᵀ lead, the row
			// player's Aᵀ follow.
			a, b = transposed(b), transposed(a)
		}
		c, err := equilib.OptimalCommitment(a, b)
		if err != nil {
			return nil, fmt.Errorf("analyze: commitment: %w", err)
		}
		rep.Commitment = &c
		if bm, ok := g.(*game.Bimatrix); ok && opt.LearnStages > 0 {
			if yLeads {
				if bm, err = game.NewBimatrix(a, b, bm.Options()); err != nil {
					return nil, fmt.Errorf("analyze: %w", err)
				}
			}
			cmp, err := uncoupled.CompareCommitment(ctx, bm, uncoupled.BimatrixHiC(opt.LearnStages), NewRand(cfg.Seed, 1))
			if err != nil {
				return nil, fmt.Errorf("analyze: learning the commitment with Hi-C: %w", err)
			}
			rep.Learned = &cmp.Learned
		}
	}
	return rep, nil
}

// leaderIsY reports that the config's dynamics make the second player
// (y) the leader: kind stackelberg with leader: y.
func leaderIsY(d *DynamicsConfig) bool {
	if d == nil {
		return false
	}
	p, ok := d.Params.(*learn.StackelbergParams)
	return ok && p.Leader == "y"
}

// transposed returns the transpose of the matrix m (rows of equal length).
func transposed(m [][]float64) [][]float64 {
	t := make([][]float64, len(m[0]))
	for j := range t {
		t[j] = make([]float64, len(m))
		for i := range m {
			t[j][i] = m[i][j]
		}
	}
	return t
}

// bimatrixParams extracts the payoff matrices A and B of a bimatrix config.
func bimatrixParams(raw map[string]any) (a, b [][]float64, err error) {
	p, err := params(raw)
	if err != nil {
		return nil, nil, err
	}
	get := func(name string) ([][]float64, error) {
		t, ok := p[name]
		if !ok {
			return nil, fmt.Errorf("config: game.params.%s: missing payoff matrix", name)
		}
		m := make([][]float64, t.Rows)
		for i := range m {
			m[i] = t.Data[i*t.Cols : (i+1)*t.Cols]
		}
		return m, nil
	}
	if a, err = get("A"); err != nil {
		return nil, nil, err
	}
	if b, err = get("B"); err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

// WriteJSON prints the report as indented JSON.
func (r *AnalyzeReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable prints the report as an aligned table.
func (r *AnalyzeReport) WriteTable(w io.Writer) {
	lead := ""
	if r.Leader == "y" {
		lead = " (y leads: DSE, stable Stackelberg, eig J_S and the commitment are y's)"
	}
	fmt.Fprintf(w, "%s: %s%s\n", r.Game, CountOf(len(r.Equilibria), "critical point"), lead)
	if r.Note != "" {
		fmt.Fprintf(w, "(not searched: %s)\n", r.Note)
	}
	if r.SolverLambda > 0 {
		fmt.Fprintf(w, "(dynamics.solver.lambda %g is not applied: these are the game's own critical points, λ = 0; a run with λ > 0 settles where its regularised leader gradient vanishes, in general at none of them)\n", r.SolverLambda)
	}
	if r.SolverSteps > 0 {
		fmt.Fprintf(w, "(dynamics.solver unrolled, steps %d, lr %g: a run's leader gradient uses a truncated series for the implicit term and settles where that gradient vanishes, at one of these points only where the series has converged)\n", r.SolverSteps, r.SolverLR)
	}
	if r.Discarded > 0 {
		fmt.Fprintf(w, "(%s discarded: not finite, run off where the field only decays (Newton's step there still large, or beyond |%g| where it cannot be computed), or on a saturated softmax — not critical points)\n", CountOf(r.Discarded, "Newton end point"), equilib.MaxCoordinate)
	}
	if r.Continuum > 0 {
		x := r.ContinuumExample
		verb, which := "lie", "one of them"
		if r.Continuum == 1 {
			verb, which = "lies", "it"
		}
		fmt.Fprintf(w, "(%s %s on a continuum of critical points, not listed: the field vanishes on a curve or region through each (its Jacobian is singular there and it has other zeros, to Newton's precision, on a smooth curve along the null direction, t = %g·max(1, |z|) (or %g), t/4 and t/16 away on one side), as everywhere when f1 and f2 are constant; %s: x = %s, y = %s)\n",
			CountOf(r.Continuum, "Newton end point"), verb, equilib.ContinuumStep, equilib.ContinuumStep, which, vec(x.X), vec(x.Y))
	}
	if st := r.Search; st != nil && st.NonFiniteStart > 0 && st.NonFiniteStart == st.Starts {
		fmt.Fprintf(w, "(the game is not finite at any of the %d starts: at the first, %s; narrow the start region (init.uniform, default [−10, 10] per unbounded coordinate, or the box domain) or rescale the game so that f1, f2 and their gradients are finite there)\n", st.Starts, st.FirstNonFinite)
	} else if len(r.Equilibria) == 0 && r.Discarded == 0 && r.Continuum == 0 && st != nil && st.Converged == 0 {
		// Search drops the starts whose Newton iteration fails: with no
		// point kept or discarded, none converged inside the domain.
		fmt.Fprintf(w, "(no start of %d reached a critical point inside the domain: %d did not converge, %d converged outside a box domain, %d stopped where the Jacobian is not finite.", st.Starts, st.NotConverged, st.OutsideDomain, st.NonFiniteJacobian)
		if st.NonFiniteStart > 0 {
			fmt.Fprintf(w, " At %d the game is not finite (the first: %s).", st.NonFiniteStart, st.FirstNonFinite)
		}
		if st.NonFiniteObjective > 0 {
			fmt.Fprintf(w, " %d reached a root where f1 or f2 is not finite, no point of the game (the first: %s).", st.NonFiniteObjective, st.FirstNonFiniteObjective)
		}
		fmt.Fprintln(w, " The game may have no critical point, or only non-isolated ones (a singular Jacobian, e.g. a curve of them), or roots only outside a box domain, whose equilibria then lie on its boundary — neither is searched for)")
	} else if st != nil && st.NonFiniteObjective > 0 {
		// Points were found (or kept out): the roots Search dropped
		// because an objective is not finite there are said all the same.
		fmt.Fprintf(w, "(%s dropped: f1 or f2 is not finite there, no point of the game (the first: %s))\n", CountOf(st.NonFiniteObjective, "Newton end point"), st.FirstNonFiniteObjective)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "x\ty\tf1\tf2\tDNE\tDSE\tstable SGA\tstable Stackelberg\teig J\teig J_S")
	undecided := false
	for _, p := range r.Equilibria {
		dne, dse := verdict(p.DNE, "dne", p.Undecided), verdict(p.DSE, "dse", p.Undecided)
		undecided = undecided || dne == "undecided" || dse == "undecided"
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%v\t%v\t%s\t%s\n",
			vec(p.X), vec(p.Y), fixed4(p.F1), fixed4(p.F2), dne, dse, p.StableSGA, p.StableStackelberg, eigs(p.EigJ), eigs(p.EigJS))
	}
	tw.Flush()
	if undecided {
		fmt.Fprintln(w, "(undecided: the point is critical and a second-order matrix of the definition is singular, with no negative eigenvalue: the second-order sufficient condition fails but the necessary one holds, so the point may still be a local equilibrium of that kind, as f1 = x⁴/4, f2 = y²/2 at 0 is a strict Nash equilibrium; the JSON's dne/dse are false there)")
	}
	if c := r.Commitment; c != nil {
		fmt.Fprintf(w, "exact commitment:   leader %s, follower action %d, value %.6g\n", vec(c.Leader), c.FollowerAction, c.Value)
	}
	if l := r.Learned; l != nil {
		fmt.Fprintf(w, "learned (Hi-C, %s): leader %s, follower %s (action %d), value %.6g against action %d\n",
			CountOf(l.Stages, "stage"), vec(l.Leader), vec(l.Follower), l.FollowerAction, l.PureValue, l.FollowerAction)
		fmt.Fprintf(w, "  follower margin %.4g for action %d", l.FollowerMargin, l.FollowerAction)
		if l.BranchValue != nil {
			fmt.Fprintf(w, "; best value with action %d a best response %.6g", l.FollowerAction, *l.BranchValue)
		}
		fmt.Fprintln(w)
		if l.Note != "" {
			fmt.Fprintf(w, "  (%s)\n", l.Note)
		} else if l.FollowerMargin < 0 {
			// The note covers a shortfall only; a value at or above the
			// exact one against an action the follower does not prefer
			// is not one the commitment earns.
			fmt.Fprintf(w, "  (action %d is not the follower's best response to this leader mixture (margin %.4g < 0): the follower had not caught up when the run ended, and the value %.6g is not one this commitment earns against a best-responding follower)\n",
				l.FollowerAction, l.FollowerMargin, l.PureValue)
		}
	}
}

func vec(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fixed4(x)
	}
	return "(" + strings.Join(s, ", ") + ")"
}

// fixed4 formats x with 4 decimals, without a sign on a zero: −0 and a
// tiny negative that rounds to zero print "0.0000", not "-0.0000".
func fixed4(x float64) string {
	s := fmt.Sprintf("%.4f", x)
	if s == "-0.0000" {
		return "0.0000"
	}
	return s
}

func eigs(e [][2]float64) string {
	s := make([]string, len(e))
	for i, z := range e {
		// +0 turns a negative zero into 0: a real part of −0 printed as
		// "-0+1i".
		if z[1] == 0 {
			s[i] = fmt.Sprintf("%.3g", z[0]+0)
		} else {
			s[i] = fmt.Sprintf("%.3g%+.3gi", z[0]+0, z[1])
		}
	}
	return strings.Join(s, " ")
}

// verdict writes a DNE or DSE verdict for the analysis table: "true",
// "false", or "undecided" where it is false only because a second-order
// matrix is singular (equilib.Point.Undecided lists kind).
func verdict(v bool, kind string, undecided []string) string {
	switch {
	case v:
		return "true"
	case slices.Contains(undecided, kind):
		return "undecided"
	}
	return "false"
}

package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/markov"
)

func init() {
	pgShared := []string{"leader_lr", "follower_lr"}
	registerDynamics("stackelberg-pg", pgShared, func() any { return new(StackelbergPGParams) })
	registerDynamics("simultaneous-pg", pgShared, func() any { return new(PGParams) })
	RegisterRunKind(RunKind{Name: "markov", Match: (*Config).isMarkov, Run: runMarkov, Check: checkMarkov})
}

// PGParams are the keys of a `kind: simultaneous-pg` dynamics block
// besides the shared leader_lr and follower_lr.
type PGParams struct {
	// Estimator is exact (default) or another registered markov estimator
	// (sampled).
	Estimator string `yaml:"estimator"`
	// Batch and Horizon are the sampled estimator's trajectories per
	// iteration and their length (0: markov.DefaultBatch and
	// DefaultHorizon, markov.Config.SampleSizes); negative is an error,
	// and so is a positive one with the exact estimator.
	Batch   int `yaml:"batch"`
	Horizon int `yaml:"horizon"`
	// StepRule is fixed (default: the schedules' steps) or backtracking
	// (markov.Backtracking: the schedules' steps are caps, shortened by a
	// line search on V2λ and on the leader's hierarchical value).
	StepRule string `yaml:"step_rule"`
}

// StackelbergPGParams are the keys of a `kind: stackelberg-pg` dynamics
// block besides the shared leader_lr and follower_lr: PGParams and reg.
type StackelbergPGParams struct {
	// PGParams are the keys simultaneous-pg takes too.
	PGParams `yaml:",inline"`
	// Reg ≥ 0 regularises the follower Hessian in the Stackelberg policy
	// gradient (markov.Config.Reg).
	Reg float64 `yaml:"reg"`
	// Hessian is estimate (default) or entropy-floor, with estimator
	// sampled: how Eq. 19 uses the batch's follower-Hessian estimate
	// (markov.Config.Hessian). With the exact estimator entropy-floor is
	// an error (it would have no effect); estimate, what an exact run
	// does, is accepted.
	Hessian string `yaml:"hessian"`
}

// pgParams returns the policy-gradient keys of d (zero for another kind)
// and stackelberg-pg's reg.
func pgParams(d *DynamicsConfig) (PGParams, float64) {
	switch p := d.params().(type) {
	case *PGParams:
		return *p, 0
	case *StackelbergPGParams:
		return p.PGParams, p.Reg
	}
	return PGParams{}, 0
}

// checkMarkov loads the game and the policy-gradient settings of cfg
// without running.
func checkMarkov(cfg *Config) error {
	_, _, err := markovRun(cfg)
	return err
}

// markovRun loads the game of cfg and its policy-gradient settings, and
// checks the settings against the game (markov.Config.Validate): every
// error a run would find before its first iteration.
func markovRun(cfg *Config) (*markov.Game, markov.Config, error) {
	g, err := markovGame(cfg)
	if err != nil {
		return nil, markov.Config{}, err
	}
	mc, err := MarkovConfig(cfg, cfg.Game.MarkovBuiltin)
	if err != nil {
		return nil, mc, err
	}
	if mc.Hessian == markov.HessianEntropyFloor && !(g.Lambda > 0) {
		// Said here, naming where the game's λ comes from and what to
		// do (markov's message names its own field only).
		where := "game.params.lambda"
		if cfg.Game.Markov != "" {
			where = "the lambda of game.markov " + textcut.Printable(cfg.Game.Markov)
		}
		return nil, mc, fmt.Errorf("config: dynamics.hessian = %s: the floor, λ Σ_s d(s)(diag π2 − π2π2ᵀ), needs the game's lambda > 0, and %s is %v; use hessian: %s (the default), or a game with lambda > 0", mc.Hessian, where, g.Lambda, markov.HessianEstimate)
	}
	if mc.Hessian != "" {
		// Any other refusal of markov's, naming the config's key, so that
		// Locate gives its line (markov's message names its own field
		// only).
		if err := (markov.Config{Estimator: mc.Estimator, Hessian: mc.Hessian}).Validate(g); err != nil {
			return nil, mc, fmt.Errorf("config: dynamics.hessian = %s: %w", mc.Hessian, err)
		}
	}
	if err := mc.Validate(g); err != nil {
		return nil, mc, err
	}
	return g, mc, nil
}

// markovGame loads the Markov game of a config: a spec file (relative to
// the config's directory) or a built-in with numeric params.
func markovGame(cfg *Config) (*markov.Game, error) {
	gc := cfg.Game
	if gc.Markov != "" {
		if len(gc.Params) != 0 {
			return nil, fmt.Errorf("config: game.params: a markov spec file takes no params")
		}
		path := gc.Markov
		if !filepath.IsAbs(path) && cfg.dir != "" {
			path = filepath.Join(cfg.dir, path)
		}
		g, err := markov.LoadGame(path)
		if err != nil {
			return nil, fmt.Errorf("config: game.markov: %w", err)
		}
		if g.Name == "" {
			g.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		}
		return g, nil
	}
	p := make(map[string]float64, len(gc.Params))
	keys := make([]string, 0, len(gc.Params))
	for k := range gc.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, ok := number(gc.Params[k])
		if !ok {
			return nil, fmt.Errorf("config: game.params.%s = %s: markov built-ins take numbers", safeyaml.KeyText(k), safeyaml.ValueText(fmt.Sprint(gc.Params[k])))
		}
		p[k] = v
	}
	g, err := markov.Builtin(gc.MarkovBuiltin, p)
	if pe := (*markov.ParamError)(nil); errors.As(err, &pe) {
		// A parameter's value: named by the key the file gives it,
		// game.params.NAME, whose line Config.Locate finds.
		return nil, &lineError{text: fmt.Sprintf("config: game.params.%s = %v: %s (a parameter of the markov built-in %s)", pe.Param, pe.Value, pe.Reason, gc.MarkovBuiltin), err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("config: game.markov_builtin: %w", err)
	}
	return g, nil
}

// number converts a YAML-decoded scalar to float64.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case string:
		// YAML 1.1 reads 1e-3 (no dot) as a string; every JSON and YAML
		// 1.2 number form counts as a number.
		if f, err := strconv.ParseFloat(strings.TrimSpace(n), 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, true
		}
	}
	return 0, false
}

// MarkovConfig builds the policy-gradient settings of a config.
func MarkovConfig(cfg *Config, name string) (markov.Config, error) {
	mc, err := markov.DefaultConfig(name)
	if err != nil {
		// Not a built-in (a spec file): use the built-ins' defaults.
		mc, _ = markov.DefaultConfig(markov.BuiltinNames()[0])
	}
	d := cfg.Dynamics
	if d != nil {
		switch d.Kind {
		case "stackelberg-pg":
			mc.Dynamics = markov.StackelbergPG
		case "simultaneous-pg":
			mc.Dynamics = markov.SimultaneousPG
		default:
			return mc, fmt.Errorf("config: dynamics.kind %q does not run on a Markov game (stackelberg-pg | simultaneous-pg)", d.Kind)
		}
		mc.LeaderLR = schedule(d.LeaderLR, mc.LeaderLR)
		mc.FollowerLR = schedule(d.FollowerLR, mc.FollowerLR)
		// Checked as markov.Config.Validate does, to name the keys (and
		// so, through Config.Locate, their lines).
		if err := checkSchedules(d, mc.LeaderLR, mc.FollowerLR, loop.ValidatePositive); err != nil {
			return mc, err
		}
		p, reg := pgParams(d)
		switch p.Estimator {
		case "":
			mc.Estimator = markov.Exact
		default:
			mc.Estimator = p.Estimator // checked against markov's registered estimators
			if !slices.Contains(markov.EstimatorNames(), p.Estimator) {
				return mc, fmt.Errorf("config: dynamics.estimator = %s: need one of %s", safeyaml.ValueText(p.Estimator), strings.Join(markov.EstimatorNames(), ", "))
			}
		}
		if mc.Estimator == markov.Exact {
			// A written 0 is accepted (it reads as the key left out):
			// configs saved in the flat form of every kind's keys hold
			// batch: 0 and horizon: 0 whatever the estimator.
			if p.Batch != 0 {
				return mc, fmt.Errorf("config: dynamics.batch: not used by the exact estimator (a key of estimator: sampled)")
			}
			if p.Horizon != 0 {
				return mc, fmt.Errorf("config: dynamics.horizon: not used by the exact estimator (a key of estimator: sampled)")
			}
		}
		defBatch, defHorizon := mc.SampleSizes()
		if p.Batch < 0 {
			return mc, fmt.Errorf("config: dynamics.batch = %d: the trajectories per iteration must be positive (leave the key out for the default %d)", p.Batch, defBatch)
		}
		if p.Horizon < 0 {
			return mc, fmt.Errorf("config: dynamics.horizon = %d: the trajectory length must be positive (leave the key out for the default %d)", p.Horizon, defHorizon)
		}
		if p.Batch != 0 {
			mc.Batch = p.Batch
		}
		if p.Horizon != 0 {
			mc.Horizon = p.Horizon
		}
		if !(reg >= 0) || math.IsInf(reg, 0) {
			return mc, fmt.Errorf("config: dynamics.reg = %v: the regularisation of the follower-Hessian inverse must be a finite number ≥ 0", reg)
		}
		mc.Reg = reg
		if sp, ok := d.params().(*StackelbergPGParams); ok {
			switch sp.Hessian {
			case "":
			case markov.HessianEstimate, markov.HessianEntropyFloor:
				if mc.Estimator == markov.Exact && sp.Hessian == markov.HessianEntropyFloor {
					// The exact follower Hessian is not floored. estimate,
					// the default, is what an exact run does (its
					// estimator's Hessian is exact) and is accepted, as a
					// written batch: 0 is: the README's example held it,
					// and configs copied from it ran.
					return mc, fmt.Errorf("config: dynamics.hessian = %s: not used by the exact estimator (a key of estimator: sampled): "+
						"the exact estimator's follower Hessian is exact; leave the key out, or use estimator: sampled", sp.Hessian)
				}
				mc.Hessian = sp.Hessian
			default:
				return mc, fmt.Errorf("config: dynamics.hessian = %s: need %s or %s", safeyaml.ValueText(sp.Hessian), markov.HessianEstimate, markov.HessianEntropyFloor)
			}
		}
		switch p.StepRule {
		case "", "fixed":
			mc.StepRule = markov.FixedSteps
		case "backtracking":
			mc.StepRule = markov.Backtracking
			if mc.Estimator != markov.Exact {
				return mc, fmt.Errorf("config: dynamics.step_rule = backtracking: the rule needs exact values and the %s estimator has none (use fixed)", mc.Estimator)
			}
		default:
			return mc, fmt.Errorf("config: dynamics.step_rule = %s: need fixed or backtracking", safeyaml.ValueText(p.StepRule))
		}
	}
	if mc.StepRule == "" {
		// No dynamics block: markov.Run's default, named, so that
		// summary.json's step_rule says it (it was "").
		mc.StepRule = markov.FixedSteps
	}
	if cfg.Iterations != 0 {
		mc.Iterations = cfg.Iterations
	}
	if cfg.RecordEvery != 0 {
		mc.RecordEvery = cfg.RecordEvery
	}
	mc.Seed = cfg.Seed
	return mc, nil
}

// MarkovSummary is summary.json of a Markov-game run.
type MarkovSummary struct {
	// Name is the config's name, Game the game's and Dynamics the
	// dynamics kind; Seed is the run's seed.
	Name     string `json:"name"`
	Game     string `json:"game"`
	Dynamics string `json:"dynamics"`
	Seed     uint64 `json:"seed"`
	// Final is the outcome at the last parameters.
	Final markov.Result `json:"final"`
	// Iterations is the number of updates made.
	Iterations int `json:"iterations"`
	// Converged and Status are the verdict on the last iterate
	// (markov.Assess): whether it passed, the criterion stated in words,
	// the measures and, when it failed, why.
	Converged bool           `json:"converged"`
	Status    markov.Verdict `json:"status"`
	// StepRule is fixed or backtracking; LeaderStep and FollowerStep are
	// the last steps taken.
	StepRule     string  `json:"step_rule"`
	LeaderStep   float64 `json:"leader_step"`
	FollowerStep float64 `json:"follower_step"`
	// WallSeconds is the run's wall-clock time.
	WallSeconds float64 `json:"wall_seconds"`
	// MetricsDigest is metrics.csv's rows and SHA-256 as the run left it
	// (metrics_rows, metrics_sha256), which the check of a finished run
	// compares with the file.
	MetricsDigest
	// Error is the error that stopped the run, if any (what was recorded
	// before it is kept).
	Error string `json:"error,omitempty"`
	// RunEnd says how the run ended: "run_status" and, for a diverged
	// run, "diverged_quantity".
	RunEnd
}

// MarshalJSON encodes the summary with the keys and order of its fields,
// each number that is NaN or ±Inf (which JSON cannot hold) as null, as
// the smooth and Hi-C summaries write an objective that is not finite: a
// run that stops with V1 = +Inf at its last parameters (rewards near
// float64's range) still gets its summary.json, with the error, where
// encoding/json refused the whole file.
func (s MarkovSummary) MarshalJSON() ([]byte, error) {
	type final struct {
		LeaderValue   any     `json:"leader_value"`
		FollowerValue any     `json:"follower_value"`
		Policy1       [][]any `json:"policy1"`
		Policy2       [][]any `json:"policy2"`
		HierGradNorm  any     `json:"hier_grad_norm"`
		BRGap         any     `json:"br_gap"`
	}
	type verdict struct {
		Converged bool   `json:"converged"`
		Criterion string `json:"criterion"`
		Measure   string `json:"measure"`
		GradNorm  any    `json:"grad_norm"`
		BRGap     any    `json:"br_gap"`
		Reason    string `json:"reason,omitempty"`
	}
	policy := func(p [][]float64) [][]any {
		if p == nil {
			return nil
		}
		out := make([][]any, len(p))
		for i, row := range p {
			out[i] = make([]any, len(row))
			for j, v := range row {
				out[i][j] = Finite(v)
			}
		}
		return out
	}
	f, v := s.Final, s.Status
	return json.Marshal(struct {
		Name         string  `json:"name"`
		Game         string  `json:"game"`
		Dynamics     string  `json:"dynamics"`
		Seed         uint64  `json:"seed"`
		Final        final   `json:"final"`
		Iterations   int     `json:"iterations"`
		Converged    bool    `json:"converged"`
		Status       verdict `json:"status"`
		StepRule     string  `json:"step_rule"`
		LeaderStep   any     `json:"leader_step"`
		FollowerStep any     `json:"follower_step"`
		WallSeconds  float64 `json:"wall_seconds"`
		MetricsDigest
		Error string `json:"error,omitempty"`
		RunEnd
	}{s.Name, s.Game, s.Dynamics, s.Seed,
		final{Finite(f.LeaderValue), Finite(f.FollowerValue), policy(f.Policy1), policy(f.Policy2), Finite(f.HierGradNorm), Finite(f.BRGap)},
		s.Iterations, s.Converged,
		verdict{v.Converged, v.Criterion, v.Measure, Finite(v.GradNorm), Finite(v.BRGap), v.Reason},
		s.StepRule, Finite(s.LeaderStep), Finite(s.FollowerStep), s.WallSeconds, s.MetricsDigest, s.Error, s.RunEnd})
}

func runMarkov(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	g, mc, err := markovRun(cfg)
	if err != nil {
		return "", err
	}
	csv, err := newRunCSV(cfg, opt.Out,
		[]string{"iter", "leader_value", "follower_value", "hier_grad_norm", "br_gap"})
	if err != nil {
		return "", err
	}
	// The rows recorded reach the file however the run ends, a panic
	// included (the job is then recorded failed: runGuarded); a no-op
	// after the Close that ends the run.
	defer csv.Close()
	rec := markov.RecorderFunc(func(s markov.Stats) error {
		if opt.Progress != nil {
			opt.Progress(s.Iteration, mc.Iterations)
		}
		return csv.Row(float64(s.Iteration), s.LeaderValue, s.FollowerValue, s.HierGradNorm, s.BRGap)
	})
	start := time.Now()
	res, runErr := markov.Run(ctx, g, mc, rec)
	wall := time.Since(start).Seconds()
	kind := "stackelberg-pg"
	if mc.Dynamics == markov.SimultaneousPG {
		kind = "simultaneous-pg"
	}
	verdict, err := markov.Assess(g, mc.Dynamics, res, markov.DefaultCriterion)
	if err != nil && runErr == nil {
		return "", err
	}
	if runErr != nil {
		// A run that stopped has no verdict on an iterate it did not
		// reach, whatever its last parameters measure.
		verdict.Converged = false
		verdict.Reason = fmt.Sprintf("the run stopped before a verdict: %v", runErr)
	}
	sum := &MarkovSummary{Name: cfg.Name, Game: g.Name, Dynamics: kind, Seed: cfg.Seed, Final: res,
		Iterations: res.Iterations, Converged: verdict.Converged, Status: verdict, StepRule: mc.StepRule,
		LeaderStep: res.LeaderStep, FollowerStep: res.FollowerStep, WallSeconds: wall}
	if err := finishRun(opt.Out, csv, runErr, sum, &sum.Error, &sum.RunEnd, false); err != nil {
		return "", err
	}
	msg := fmt.Sprintf("%s (%s, %s steps): %d iterations in %s; V1=%.6g V2λ=%.6g ‖∇V1(θ1,B(θ1))‖=%s br_gap=%s\n%s",
		g.Name, kind, mc.StepRule, res.Iterations, wallText(wall), res.LeaderValue, res.FollowerValue,
		markov.HierGradNormTextAt(res.HierGradNorm, res.BRGap, g.Lambda, "%.3g"), markov.BRGapText(res.BRGap, "%.3g"), verdict)
	if h := markovRunHint(mc, verdict, g.Gamma, g.Lambda, res.History); h != "" {
		msg += "\nhint: " + h
	}
	return msg, nil
}

// markovHint is the advice printed under a verdict of not converged with
// fixed steps: with exact gradients, the line search (which needs them);
// with an estimator of sampled gradients, for which backtracking is not
// available, steps that decay (Assumption 1), since steps that do not keep
// the follower moving about its best response by the gradients' noise —
// or, when they already decay so, more iterations or a larger batch.
//
// With the sampled estimator and a horizon too short for the discount γ
// (γ^horizon > 0.01 of the discounted weight left out), the hint says so
// first: the sampled gradients are then those of the objective truncated
// at the horizon, a bias that neither more iterations nor a larger batch
// removes, while the verdict measures the infinite-horizon objective.
//
// When the verdict's hier_grad_norm could not be computed (−1: the
// follower Hessian that Eq. 18 or 19 inverts is singular, or the
// gradient non-finite), the hint says what makes that matrix singular
// (singularHint) instead of the steps, which do not.
func markovHint(mc markov.Config, v markov.Verdict, gamma, lambda float64) string {
	if v.Converged {
		return ""
	}
	if h := singularHint(mc, v, lambda); h != "" {
		return h
	}
	var trunc string
	if mc.Estimator == markov.Sampled {
		_, h := mc.SampleSizes()
		if rest := math.Pow(gamma, float64(h)); rest > 0.01 {
			need := int(math.Ceil(math.Log(0.01) / math.Log(gamma)))
			trunc = fmt.Sprintf("horizon = %d leaves out γ^horizon = %.3g of the discounted weight (γ = %g): the sampled gradients are those of the objective truncated at the horizon, "+
				"biased against the infinite-horizon values the verdict measures, which neither more iterations nor a larger batch corrects; use horizon ≥ %d (γ^horizon ≤ 0.01)", h, rest, gamma, need)
		}
	}
	if h := markovRegHint(mc, v); h != "" {
		if trunc != "" {
			return trunc + "; and " + h
		}
		return h
	}
	if mc.StepRule != markov.FixedSteps {
		return trunc
	}
	h := markovStepHint(mc)
	if trunc != "" {
		return trunc + "; and " + h
	}
	return h
}

// singularHint is markovHint's advice when a Stackelberg PG run ends with
// hier_grad_norm undefined (Verdict.GradNorm −1): with λ > 0, Eq. 18
// inverts ∇²θ2V2λ at the follower's best response B(θ1), which is
// singular to working precision when B(θ1) is deterministic to rounding
// in some state: a λ small against the differences of the follower's
// action values (patrol at λ = 0.001: "−1" at every recorded iterate,
// whatever the steps); with λ = 0, Eq. 19 inverts ∇²θ2V2 − reg·I, which
// dynamics.reg keeps regular. No step rule changes either. With λ > 0 and
// br_gap undefined too (Verdict.BRGap −1), the best response B(θ1) itself
// could not be computed (Assess: "no best response to take it at"), and
// Eq. 18, taken at it, was never reached: the hint says so, and neither
// blames a singular Hessian nor asks for a larger λ. (With λ = 0 the
// measure is Eq. 19 at the follower's own policy, not at B(θ1), so an
// undefined br_gap says nothing of it.) Empty otherwise.
func singularHint(mc markov.Config, v markov.Verdict, lambda float64) string {
	if mc.Dynamics != markov.StackelbergPG && mc.Dynamics != "" || !(v.GradNorm < 0) {
		return ""
	}
	if v.BRGap < 0 && lambda > 0 {
		return "hier_grad_norm and br_gap are undefined: the follower's best response B(θ1) (Eq. 13-14, soft policy iteration) could not be computed at the last iterate, " +
			"so Eq. 18, which is taken at B(θ1), was not reached (its Hessian is not what failed): the best response did not converge within its iteration limit there, or met a non-finite value"
	}
	if lambda > 0 {
		return fmt.Sprintf("hier_grad_norm is undefined: Eq. 18 inverts the follower's Hessian ∇²θ2V2λ at its best response B(θ1), which is singular to working precision when B(θ1) is deterministic to rounding in some state, "+
			"as at λ = %g small against the differences of the follower's action values; raise the game's lambda (the steps do not change this)", lambda)
	}
	return fmt.Sprintf("hier_grad_norm is undefined: with λ = 0, Eq. 19 inverts ∇²θ2V2 − reg·I at the follower's policy, singular to working precision at dynamics.reg = %g; raise dynamics.reg, or give the game a lambda > 0", mc.Reg)
}

// markovRegHint is markovHint's advice when a Stackelberg PG run with
// Config.Reg > 0 ends with the follower at its best response (br_gap
// within the criterion) but hier_grad_norm above it: the regularised
// Eq. 19 direction, not the steps, is what keeps the run from a
// stationary point of V1(θ1, B(θ1)), whatever the step rule. Empty
// otherwise.
func markovRegHint(mc markov.Config, v markov.Verdict) string {
	if mc.Dynamics != markov.StackelbergPG && mc.Dynamics != "" || !(mc.Reg > 0) {
		return ""
	}
	if v.BRGap < 0 || v.BRGap > markov.DefaultCriterion.BRTol || !(v.GradNorm > markov.DefaultCriterion.GradTol) {
		return ""
	}
	return fmt.Sprintf("the follower is at its best response (br_gap = %.3g), and dynamics.reg = %g replaces its Hessian by ∇²θ2V2λ − reg·I in the leader's update (Eq. 19): "+
		"the run settles where that regularised direction vanishes, not where ∇V1(θ1, B(θ1)) (Eq. 18, hier_grad_norm = %.3g) does; lower dynamics.reg (reg: 0 needs λ > 0)", v.BRGap, mc.Reg, v.GradNorm)
}

// exactStepHint is markovStepHint's advice for fixed steps along exact
// gradients.
const exactStepHint = "steps too long for this game make the follower jump across its best response; try dynamics.step_rule: backtracking"

// markovRunHint is markovHint for a run whose records are hist, in
// order: where markovHint blames fixed steps along exact gradients
// (exactStepHint) but the follower's br_gap fell at each of the last
// three records, the run has not finished rather than jumped across the
// best response (patrol at 2000 iterations: br_gap 2.6e-4, 2.1e-4,
// 1.7e-4 at the last records, 9.8e-8 at 50 000 with the same steps,
// where backtracking ends elsewhere), and the hint asks for more
// iterations. A br_gap that rose, stayed, or was not computed at those
// records, or fewer than three records after the start, keep
// markovHint's.
func markovRunHint(mc markov.Config, v markov.Verdict, gamma, lambda float64, hist []markov.Stats) string {
	h := markovHint(mc, v, gamma, lambda)
	if h != exactStepHint {
		return h
	}
	const last = 3
	if len(hist) < last+1 {
		return h
	}
	tail := hist[len(hist)-last:]
	for i, st := range tail {
		if !(st.BRGap > 0) || i > 0 && !(st.BRGap < tail[i-1].BRGap) {
			return h
		}
	}
	return fmt.Sprintf("br_gap is still falling at the last records (%.3g at iteration %d, %.3g at %d, %.3g at %d): the run has not finished, not jumped across the best response; give it more iterations (settings.iterations)",
		tail[0].BRGap, tail[0].Iteration, tail[1].BRGap, tail[1].Iteration, tail[2].BRGap, tail[2].Iteration)
}

// markovStepHint is markovHint's advice on the steps.
func markovStepHint(mc markov.Config) string {
	if mc.Estimator != "" && mc.Estimator != markov.Exact && mc.Estimator != markov.Sampled {
		// An estimator registered from Go: whether its gradients are
		// noisy is its own; the line search needs the exact one.
		return fmt.Sprintf("steps too long for this game make the follower jump across its best response (and, if its gradients are noisy, steps that do not decay keep it moving about it): try smaller or decaying steps (dynamics.step_rule: backtracking needs the exact estimator, not %s)", textcut.Word(mc.Estimator, 40))
	}
	if mc.Estimator == markov.Sampled {
		leader, follower := mc.LeaderLR, mc.FollowerLR
		if leader == nil {
			leader = markov.DefaultLeaderLR
		}
		if follower == nil {
			follower = markov.DefaultFollowerLR
		}
		if markov.CheckAssumption1(leader, follower) == nil {
			return "the steps decay as Assumption 1 asks, and the sampled gradients' noise averages out slowly: more iterations or a larger batch"
		}
		return "with sampled gradients, steps that do not decay keep the follower moving about its best response (br_gap stays at the gradients' noise level); " +
			"use steps that decay, e.g. leader_lr {power: {a: 0.5, b: 1, p: 1}} and follower_lr {power: {a: 2, b: 1, p: 0.6}} (Assumption 1: 1/2 < p_follower < p_leader ≤ 1), or a larger batch"
	}
	return exactStepHint
}

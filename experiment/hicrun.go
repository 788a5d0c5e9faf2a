package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/learn/uncoupled"
	"github.com/stackel/stackel/loop"
)

func init() {
	registerDynamics("hic", nil, func() any { return new(HiCParams) })
	RegisterRunKind(RunKind{Name: "hic", Match: (*Config).isHiC, Run: runHiC, Check: checkHiC})
}

// HiCParams are the keys of a `kind: hic` dynamics block (Hi-C takes none
// of the shared keys).
type HiCParams struct {
	// Alpha and Delta are Hi-C's step-size and perturbation schedules α_n
	// and δ_n (required).
	Alpha *ScheduleConfig `yaml:"alpha"`
	Delta *ScheduleConfig `yaml:"delta"`
	// Commitment is Hi-C's commitment schedule k_n (required).
	Commitment *CommitmentConfig `yaml:"commitment"`
	// Baseline is none (default), previous or {ema: decay}. A quoted
	// decay is an error (safeyaml:"numeric"), as in the other maps of
	// named numbers.
	Baseline any `yaml:"baseline" safeyaml:"numeric"`
	// Follower is the learner Hi-C plays against (required).
	Follower *FollowerConfig `yaml:"follower"`
	// BurnIn is the number of Hi-C intervals without a leader update.
	BurnIn int `yaml:"burn_in"`
}

// Validate checks the schedules' forms (see learn.Validator).
func (p *HiCParams) Validate() error {
	for _, s := range []struct {
		name string
		s    *ScheduleConfig
	}{{"alpha", p.Alpha}, {"delta", p.Delta}} {
		if s.s != nil {
			if err := s.s.validate(s.name); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkHiC builds the game, the Hi-C settings and the initial strategies
// of cfg without running, as runHiC builds them: an init that does not
// fit the game (a wrong length, a point or range outside a box) is
// refused here, as for a smooth run, not at every job of a sweep.
func checkHiC(cfg *Config) error {
	g, err := BuildGame(cfg.Game)
	if err != nil {
		return err
	}
	run, err := HiCRunConfig(cfg)
	if err != nil {
		return err
	}
	x0, y0, err := InitialStrategies(cfg.Init, g, NewRand(cfg.Seed, 0))
	if err != nil {
		return err
	}
	return checkEq19Curvature(cfg, run, g, x0, y0)
}

// HiCRunConfig turns the dynamics section of a `kind: hic` config into the
// Hi-C leader and follower settings.
func HiCRunConfig(cfg *Config) (uncoupled.HiCRun, error) {
	d, _ := cfg.Dynamics.params().(*HiCParams)
	var run uncoupled.HiCRun
	if d == nil {
		return run, fmt.Errorf("config: dynamics: kind %s is not hic", cfg.Dynamics.Kind)
	}
	var missing []string
	for _, k := range []struct {
		key, what string
		set       bool
	}{
		{"alpha", "Hi-C's step size α_n, e.g. alpha: {power: {a: 0.001, b: 0, p: 0.1}}", d.Alpha != nil},
		{"delta", "Hi-C's perturbation size δ_n, e.g. delta: {power: {a: 1, b: 0, p: 0.6}}", d.Delta != nil},
		{"commitment", "Hi-C's commitment length k_n in stages, e.g. commitment: {constant: 100} or {eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}}", d.Commitment != nil},
	} {
		if !k.set {
			// Left out or null: named with an example, at the dynamics
			// line (Config.Locate), rather than a bare list of the
			// required keys.
			missing = append(missing, k.key+": missing ("+k.what+")")
		}
	}
	if len(missing) > 0 {
		return run, fmt.Errorf("config: dynamics: %s", strings.Join(missing, "; "))
	}
	delta := schedule(d.Delta, nil)
	lc := uncoupled.HiCConfig{Alpha: schedule(d.Alpha, nil), Delta: delta, BurnIn: d.BurnIn}
	c := d.Commitment
	if c.Eq19 != nil && c.Constant == nil && c.Log == nil && c.Power == nil {
		beta, err := eq19Beta(cfg, d)
		if err != nil {
			return run, err
		}
		lc.Commitment = uncoupled.Eq19{Beta: beta, Mu: c.Eq19.Mu, B: c.Eq19.B, P: c.Eq19.P, Delta: delta}
	} else {
		k, err := commitmentSchedule(c, "dynamics.commitment", true)
		if err != nil {
			return run, err
		}
		lc.Commitment = k
	}
	b, err := baselineOf(d.Baseline, "dynamics.baseline")
	if err != nil {
		return run, err
	}
	lc.Baseline = b
	if err := lc.Validate(); err != nil {
		if key, ok := strings.CutPrefix(err.Error(), "hic."); ok {
			// uncoupled names the keys hic.alpha, hic.delta,
			// hic.commitment and hic.baseline: say dynamics.alpha …, the
			// keys of the config, whose lines Config.Locate finds.
			return run, &lineError{text: "config: dynamics." + key, err: err}
		}
		return run, fmt.Errorf("config: dynamics: %w", err)
	}
	f := d.Follower
	if f == nil {
		// Worded as a missing commitment is, so that Config.Locate gives
		// the dynamics block's line.
		return run, fmt.Errorf("config: dynamics: follower: missing (e.g. {kind: gradient, lr: 0.1})")
	}
	for _, v := range []struct {
		key string
		x   float64
	}{{"lr", f.LR}, {"noise", f.Noise}} {
		if math.IsInf(v.x, 0) {
			return run, fmt.Errorf("config: dynamics.follower.%s = %g: need a finite number", v.key, v.x)
		}
	}
	if f.Kind != "best-response" {
		for _, k := range []struct {
			key string
			set bool
		}{{"tol", f.Tol != 0}, {"max_iter", f.MaxIter != 0}} {
			if _, given := cfg.lines["dynamics.follower."+k.key]; given || k.set {
				return run, fmt.Errorf("config: dynamics.follower.%s: only a best-response follower has tol and max_iter (its inner loop's), not kind %s", k.key, safeyaml.ValueText(f.Kind))
			}
		}
	}
	switch f.Kind {
	case "gradient", "noisy-gradient":
		if f.LR == 0 && cfg.leftOut("dynamics.follower.lr") {
			// Left out or null, not written as 0: "dynamics.follower.lr = 0"
			// quoted a value the file does not hold, and had no line.
			// Worded so that Config.Locate gives the follower's line.
			return run, fmt.Errorf("config: dynamics.follower: lr: missing (the follower's gradient step, > 0, e.g. lr: 0.1)")
		}
		if !(f.LR > 0) {
			return run, fmt.Errorf("config: dynamics.follower.lr = %g: need > 0", f.LR)
		}
		if f.Kind == "noisy-gradient" && f.Noise == 0 && cfg.leftOut("dynamics.follower.noise") {
			// Left out, as lr above: the message quoted a value the
			// file does not hold, and had no line.
			return run, fmt.Errorf("config: dynamics.follower: noise: missing (a noisy-gradient follower's noise σ, > 0, e.g. noise: 0.1)")
		}
		if f.Kind == "noisy-gradient" && !(f.Noise > 0) {
			return run, fmt.Errorf("config: dynamics.follower.noise = %g: a noisy-gradient follower needs noise > 0", f.Noise)
		}
		if f.Kind == "gradient" && f.Noise != 0 {
			return run, fmt.Errorf("config: dynamics.follower.noise: use kind noisy-gradient for a noisy follower")
		}
	case "best-response":
		if !(f.LR > 0) || f.Noise != 0 {
			return run, fmt.Errorf("config: dynamics.follower: best-response needs lr > 0 (its inner gradient step) and no noise")
		}
		if !(f.Tol >= 0) || math.IsInf(f.Tol, 0) {
			return run, fmt.Errorf("config: dynamics.follower.tol = %g: need a finite number ≥ 0 (0: 1e-10), the largest move of a coordinate that ends the best response's inner loop", f.Tol)
		}
		if f.MaxIter < 0 || f.MaxIter > MaxBestResponseIter {
			return run, fmt.Errorf("config: dynamics.follower.max_iter = %d: need 0 (10000) to %d inner steps a stage", f.MaxIter, MaxBestResponseIter)
		}
		run.BestResponse = &uncoupled.BestResponseConfig{LR: f.LR, Tol: f.Tol, MaxIter: f.MaxIter}
	default:
		return run, fmt.Errorf("config: dynamics.follower.kind = %s: need gradient, noisy-gradient or best-response", safeyaml.ValueText(f.Kind))
	}
	if e := c.Eq19; e != nil && e.Beta != 0 && f.Kind != "best-response" && e.Beta != f.LR {
		// Corollary 3.11's k_n (Eq. 19) are the stages a follower
		// ascending with step β needs (Proposition 3.9, Eq. 14): another
		// β gives commitments computed for another follower, too short
		// for a slower one, and a follower too fast for its payoff
		// (β > 1/K2) diverges, which a box hides.
		return run, fmt.Errorf("config: dynamics.commitment.eq19.beta = %g is not the follower's step dynamics.follower.lr = %g: Eq. 19 (Corollary 3.11) counts the stages a gradient follower with step β needs to track its best response, so β must be that lr; make them equal (note that eq19 needs beta·mu < 1), or leave beta out to take the follower's lr", e.Beta, f.LR)
	}
	run.Leader = lc
	run.Follower = uncoupled.GradientConfig{LR: loop.Constant(f.LR), Noise: f.Noise}
	run.Iterations = cfg.Stages
	if run.Iterations == 0 {
		return run, fmt.Errorf("config: stages: a hic run needs stages > 0")
	}
	if lc.BurnIn > 0 {
		if err := checkBurnIn(lc, run.Iterations); err != nil {
			return run, err
		}
	}
	run.RecordEvery = cfg.RecordEvery
	if run.RecordEvery == 0 {
		run.RecordEvery = max(1, run.Iterations/1000)
	}
	return run, nil
}

// commitmentSchedule is the commitment schedule k_n of the block c at key
// (dynamics.commitment, or a negotiation's dynamics.leader.commitment):
// exactly one of constant, log or power (and eq19 when eq19 is true, which
// the caller builds: it is not built here). A constant below one stage is
// refused: values are rounded up to whole stages
// (uncoupled.CommitmentLength), so 2.5 commits 3, and 0.3 would commit 1
// without a word.
func commitmentSchedule(c *CommitmentConfig, key string, eq19 bool) (loop.Schedule, error) {
	n := 0
	for _, set := range []bool{c.Constant != nil, c.Log != nil, c.Eq19 != nil, c.Power != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		if eq19 {
			return nil, fmt.Errorf("config: %s: give exactly one of constant, log, eq19 or power", key)
		}
		return nil, fmt.Errorf("config: %s: give exactly one of constant, log or power", key)
	}
	switch {
	case c.Constant != nil:
		if v := *c.Constant; !(v >= 1) {
			also := ""
			if v > 0 {
				also = fmt.Sprintf(", and %g would commit 1", v)
			}
			return nil, fmt.Errorf("config: %s.constant = %g: need a number of stages ≥ 1 (a value that is not a whole number is rounded up: 2.5 commits 3 stages%s)", key, v, also)
		}
		return loop.Constant(*c.Constant), nil
	case c.Log != nil:
		return loop.Log{A: c.Log.A, B: c.Log.B}, nil
	case c.Power != nil:
		return loop.Power{A: c.Power.A, B: c.Power.B, P: c.Power.P}, nil
	}
	return nil, fmt.Errorf("config: %s.eq19: not offered here (Eq. 19 counts the stages of one gradient follower of known step; give constant, log or power)", key)
}

// baselineOf is the baseline written at key: none (or left out),
// previous or {ema: decay}.
func baselineOf(v any, key string) (uncoupled.Baseline, error) {
	switch b := v.(type) {
	case nil, string:
		switch b {
		case nil, "none":
			return uncoupled.Baseline{Kind: uncoupled.NoBaseline}, nil
		case "previous":
			return uncoupled.Baseline{Kind: uncoupled.PreviousBaseline}, nil
		}
		return uncoupled.Baseline{}, fmt.Errorf("config: %s = %s: need none, previous or {ema: decay}", key, safeyaml.ValueText(b.(string)))
	case map[string]any:
		e, ok := b["ema"]
		decay, isNum := number(e)
		if ok && len(b) == 1 && isNum {
			return uncoupled.Baseline{Kind: uncoupled.EMABaseline, Decay: decay}, nil
		}
	}
	return uncoupled.Baseline{}, fmt.Errorf("config: %s = %s: need none, previous or {ema: decay}", key, safeyaml.ValueText(fmt.Sprint(v)))
}

// eq19Beta is β of the eq19 commitment of d: dynamics.commitment.eq19.beta
// when given, else (left out or null) the step dynamics.follower.lr of its
// gradient or noisy-gradient follower, which Corollary 3.11 says β is. A
// best-response follower's lr is its inner step, not such a follower's:
// it must give beta. A follower that is missing or has no usable lr is
// left for the follower's own checks, which name it (β is then 0, and
// refused only if those pass).
func eq19Beta(cfg *Config, d *HiCParams) (float64, error) {
	e := d.Commitment.Eq19
	// mu, B and p left out read as 0, which eq19's own check quoted (with
	// a beta taken from the lr, a beta the file does not give): named
	// missing here, and a mu written ≤ 0 as itself.
	for _, k := range []struct {
		key, what string
		v         float64
	}{
		{"mu", "μ of Assumption 3.8, the strong concavity of the follower's payoff in y, > 0, e.g. mu: 2 for a Cournot follower", e.Mu},
		{"B", "B of Assumption 3.10, twice a bound on ‖y‖ and ‖r(x)‖, > 0, e.g. B: 100", e.B},
		{"p", "the rate p > 0 of Corollary 3.11, ε_n/δ_n ≤ n^−p, e.g. p: 0.5", e.P},
	} {
		if k.v == 0 && cfg.leftOut("dynamics.commitment.eq19."+k.key) {
			return 0, fmt.Errorf("config: dynamics.commitment.eq19: %s: missing (%s)", k.key, k.what)
		}
	}
	if !(e.Mu > 0) || math.IsInf(e.Mu, 0) {
		return 0, fmt.Errorf("config: dynamics.commitment.eq19.mu = %g: need a finite number > 0 (μ of Assumption 3.8, the strong concavity of the follower's payoff in y)", e.Mu)
	}
	if e.Beta != 0 || !cfg.leftOut("dynamics.commitment.eq19.beta") {
		return e.Beta, nil
	}
	f := d.Follower
	if f == nil || !(f.LR > 0) || math.IsInf(f.LR, 0) {
		return 0, nil
	}
	if f.Kind == "best-response" {
		return 0, fmt.Errorf("config: dynamics.commitment.eq19: beta: missing (a best-response follower's lr is its inner step, not the step of a gradient follower Eq. 19 counts for: give beta, e.g. beta: 0.1)")
	}
	if bm := f.LR * e.Mu; e.Mu > 0 && !(bm < 1) {
		// Said of the lr, the value the file holds: "eq19: beta·mu =
		// 0.6·2" quoted a beta the file does not give.
		return 0, fmt.Errorf("config: dynamics.follower.lr = %g: dynamics.commitment.eq19 leaves beta out and takes it from this lr, but eq19 needs beta·mu = %g·%g = %g in (0, 1) (Corollary 3.11: β ≤ 1/K2, and μ ≤ K2): lower lr, or check mu", f.LR, f.LR, e.Mu, bm)
	}
	return f.LR, nil
}

// StartWarnings returns the warning lines of a Hi-C configuration whose
// run would not learn what Hi-C is for, although it runs: a commitment
// of one stage from some interval on, the first or a later one, to the
// last interval the run can reach (oneStageFrom), after which the
// follower has made no update against x̃_n when the leader observes it
// (its strategy at stage t answers the leader's of stage t − 1, a
// best-response follower's too), so the pair learns the Nash
// equilibrium; and an eq19 commitment with a noisy-gradient follower,
// which breaks Assumption 3.5 (README, "Choosing the schedules"). Of a
// negotiation: its hic.commitment's one stage, and a leader that stops
// updating from some meta-interval on (checkLeaderUpdates). runHiC and
// runNegotiation write them to RunOptions.Warnings before the first
// stage. nil for another kind of run, or a configuration that does not
// build (its error is reported by the run).
func StartWarnings(cfg *Config) []string {
	if cfg != nil && cfg.isNegotiation() {
		// A player that leads is a Hi-C leader of dynamics.hic's
		// commitment against the other's gradient follower.
		nc, meta, leaderWarn, err := negotiationRunConfig(cfg)
		if err != nil {
			return nil
		}
		return negotiationStartWarnings(nc, meta, leaderWarn)
	}
	if cfg == nil || !cfg.isHiC() {
		return nil
	}
	run, err := HiCRunConfig(cfg)
	if err != nil {
		return nil
	}
	d, _ := cfg.Dynamics.params().(*HiCParams)
	var out []string
	if r, ok := oneStageFrom(run.Leader.Commitment, run.Iterations); ok {
		out = append(out, oneStageWarning("dynamics.commitment", r))
	}
	if d != nil && d.Commitment != nil && d.Commitment.Eq19 != nil && d.Follower != nil && d.Follower.Kind == "noisy-gradient" {
		// Corollary 3.11 bounds the tracking error of a deterministic
		// gradient follower; a noisy one's error stays of the order of its
		// noise, not o(δ_n) (Assumption 3.5).
		out = append(out, fmt.Sprintf("warning: dynamics.commitment.eq19 with a noisy-gradient follower: Eq. 19 (Corollary 3.11) counts the stages a noiseless gradient follower needs; a noisy one stays within its noise (dynamics.follower.noise = %g) of its best response, which no k_n brings within o(δ_n) as δ_n → 0 (Assumption 3.5), so the leader's estimates do not converge and x_n wanders; use a gradient follower, or a commitment schedule of your own", d.Follower.Noise))
	}
	return out
}

// negotiationStartWarnings are StartWarnings of a negotiation of the
// settings nc and meta meta-intervals, leaderWarn its checkLeaderUpdates
// warning.
func negotiationStartWarnings(nc uncoupled.NegotiatorConfig, meta int, leaderWarn string) []string {
	var out []string
	// A leader's Hi-C interval runs on across the meta-intervals in
	// which it leads: it can reach the run's stages, counted here up to
	// the first million meta-intervals.
	last := runStagesUpTo(nc.Meta.Tau, meta, math.MaxInt/2) // MaxInt/2: room for limit + 1, on 32-bit int too
	if r, ok := oneStageFrom(nc.Leader.Commitment, last); ok {
		out = append(out, oneStageWarning("dynamics.hic.commitment", r))
	}
	if leaderWarn != "" {
		out = append(out, leaderWarn)
	}
	return out
}

// oneStageWarning is the warning of a commitment (at key) of one stage
// from interval from on to the last interval the run reaches
// (oneStageFrom's oneStageRun): at every interval when from is 1, else
// naming from, k_(from−1) and the share of the run's intervals at one
// stage.
func oneStageWarning(key string, r oneStageRun) string {
	when := "at every interval"
	if r.from > 1 {
		if r.last > 0 {
			when = fmt.Sprintf("from interval %d on (k_%d = %d) to interval %d, the last the run can reach: %d of its %d intervals (%s)", r.from, r.from-1, r.before, r.last, r.last-r.from+1, r.last, shareText(r.last-r.from+1, r.last))
		} else {
			when = fmt.Sprintf("from interval %d on (k_%d = %d): at every interval walked (to %d, a work cap) and at interval %d (the run's stages, at or past the last interval it can reach)", r.from, r.from-1, r.before, r.walked, r.stages)
		}
	}
	return "warning: " + key + " gives k_n = 1 stage " + when + ": the follower answers one stage late (its strategy at stage t answers the leader's of stage t − 1), so the leader observes the answer to x̃_{n−1}, not to x̃_n, and the pair learns the Nash equilibrium, not the Stackelberg one; commit k_n ≥ 2 stages (e.g. commitment: {constant: 2} or more)"
}

// shareText writes part/whole as a percentage, "100 %" only when whole.
func shareText(part, whole int) string {
	if part == whole {
		return "100 %"
	}
	p := 100 * float64(part) / float64(whole)
	t := strconv.FormatFloat(p, 'f', 1, 64)
	if t == "100.0" {
		t = "99.9"
	}
	return t + " %"
}

// oneStageWalkBudget caps the intervals oneStageFrom walks.
var oneStageWalkBudget = 10_000_000

// oneStageRun is what oneStageFrom finds: the run of k_n = 1 from
// interval from (before = k_(from−1) when from > 1) to last, the last
// interval the run reaches; or, when the walk hit its budget (last =
// 0), ones from from to walked, the last interval walked, and at stages.
type oneStageRun struct {
	from, before, last, walked, stages int
}

// oneStageFrom reports that the commitment schedule k gives one stage
// (uncoupled.CommitmentLength, rounded up) from some interval on to the
// last interval a run of the given stages reaches: it walks the
// intervals, summing k_n up to stages, and finds where the run of ones
// that reaches the last interval begins. A schedule that is 1 at the
// start and grows (log: k_1 = 1, k_2 = 2), or one that drops to 1 only
// past the intervals the run reaches, is not reported. Past
// oneStageWalkBudget intervals it reports a run of ones that reaches the
// budget when k is 1 also at n = stages (every interval is at least one
// stage, so the run reaches no further).
func oneStageFrom(k loop.Schedule, stages int) (oneStageRun, bool) {
	if k == nil {
		return oneStageRun{}, false
	}
	stages = max(stages, 1)
	from, before, prev := 0, 0, 0
	sum := 0
	for n := 1; sum < stages; n++ {
		if n > oneStageWalkBudget {
			if from == 0 {
				return oneStageRun{}, false
			}
			if l, err := uncoupled.CommitmentLength(k, stages); err != nil || l != 1 {
				return oneStageRun{}, false
			}
			return oneStageRun{from: from, before: before, walked: n - 1, stages: stages}, true
		}
		l, err := uncoupled.CommitmentLength(k, n)
		if err != nil {
			return oneStageRun{}, false // the run reports it
		}
		switch {
		case l != 1:
			from = 0
		case from == 0:
			from, before = n, prev
		}
		prev = l
		sum += l
		if sum >= stages {
			if from == 0 {
				return oneStageRun{}, false
			}
			return oneStageRun{from: from, before: before, last: n}, true
		}
	}
	return oneStageRun{}, false
}

// MaxBestResponseIter is the largest dynamics.follower.max_iter of a
// best-response follower: a run is cancelled between stages only
// (uncoupled.Play polls before every stage once stages take a
// millisecond), and one response of 10⁵ inner steps is already about a
// millisecond of work deaf to Ctrl-C; a larger cap could hide a
// follower that does not converge behind minutes of stages.
const MaxBestResponseIter = 100000

// checkBurnIn refuses a burn-in that leaves the leader no update in a run
// of the given stages. The leader updates first at the end of interval
// BurnIn + 1, so that run needs k_1 + … + k_{BurnIn+1} ≤ stages, the k_n
// those the run plays (uncoupled.CommitmentLength, its rounding
// included). A commitment value that is not usable is left for the run to
// report, at its stage.
func checkBurnIn(lc uncoupled.HiCConfig, stages int) error {
	if lc.BurnIn >= stages {
		// Every interval lasts at least one stage.
		return fmt.Errorf("config: dynamics.burn_in = %d: stages = %d hold at most %s of dynamics.commitment (each at least one stage), all of them burn-in: the leader would never update",
			lc.BurnIn, stages, CountOf(stages, "interval"))
	}
	if lc.BurnIn > MaxBurnIn {
		// The check below walks every burn-in interval, before the run
		// and deaf to Ctrl-C: burn_in: 1000000000000000000 with stages
		// of 2⁶³−1 held the command for centuries at "checking".
		return fmt.Errorf("config: dynamics.burn_in = %d: at most %d burn-in intervals (each lasts at least one stage)", lc.BurnIn, MaxBurnIn)
	}
	if lc.Commitment == nil {
		return nil // refused by the run's own checks
	}
	burnStages := 0 // stages of intervals 1 … n−1
	for n := 1; n <= lc.BurnIn+1; n++ {
		k, err := uncoupled.CommitmentLength(lc.Commitment, n)
		if err != nil {
			return nil // the run reports it
		}
		if burnStages+k <= stages {
			burnStages += k
			continue
		}
		if n <= lc.BurnIn {
			return fmt.Errorf("config: dynamics.burn_in = %d: stages = %d hold only %s of dynamics.commitment, all of them burn-in: the leader would never update",
				lc.BurnIn, stages, CountOf(n-1, "complete interval"))
		}
		last := "last"
		if lc.BurnIn == 1 {
			last = "lasts"
		}
		return fmt.Errorf("config: dynamics.burn_in = %d: the %s of dynamics.commitment %s %d of stages = %d, and interval %d, the first that updates the leader, does not end in the %d left: the leader would never update",
			lc.BurnIn, CountOf(lc.BurnIn, "burn-in interval"), last, burnStages, stages, n, stages-burnStages)
	}
	return nil
}

// HiCSummary is summary.json of a Hi-C run.
type HiCSummary struct {
	// Name is the config's name, Game the game's and Dynamics the
	// dynamics kind; Seed is the run's seed.
	Name     string `json:"name"`
	Game     string `json:"game"`
	Dynamics string `json:"dynamics"`
	Seed     uint64 `json:"seed"`
	// Final is the profile played at the end: the leader's perturbed
	// strategy x̃_n = x_n + δ_n Δ_n of the interval in progress (Algorithm
	// 1, line 5; not its mean x_n), the follower's strategy and both
	// payoffs there. It is the profile at Stages (uncoupled.Outcome), the
	// last row of metrics.csv when the run ran to its end; a run that
	// stopped with an error (cancelled, say) keeps the profile it reached
	// at the stage it stopped at, as a smooth run its last point, which
	// metrics.csv holds only when that stage was recorded. When a
	// strategy or payoff there is not finite (a diverged run), Final is
	// instead the last row of metrics.csv where all of them are finite,
	// a stage before Stages. Its x_mean, after the keys of a smooth
	// run's final, is the leader's mean x_n there.
	Final HiCFinalPoint `json:"final"`
	// Stages is the number of stages played: the configured stages when
	// the run ended normally, else the stage at which it stopped (the one
	// its error names; uncoupled.Outcome.Stages).
	Stages int `json:"stages"`
	// WallSeconds is the run's wall-clock time.
	WallSeconds float64 `json:"wall_seconds"`
	// BestResponseCappedStages counts the stages whose best response
	// (follower kind best-response) stopped at dynamics.follower.max_iter
	// inner steps with its last step still moving a coordinate by
	// dynamics.follower.tol or more (uncoupled.Outcome.BestResponseCapped):
	// the follower played no best response there, and the leader's
	// estimate used it. BestResponseCappedMaxStep is the largest such last
	// step (max_i |Δy_i|). Both 0 when there were none, and for the other
	// followers.
	BestResponseCappedStages  int     `json:"best_response_capped_stages"`
	BestResponseCappedMaxStep float64 `json:"best_response_capped_max_step"`
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

// HiCFinalPoint is the final point of a Hi-C run: a FinalPoint, whose
// x is the perturbed strategy x̃_n the leader played, and the leader's
// mean strategy x_n there, which Theorem 3.6 is about.
type HiCFinalPoint struct {
	FinalPoint
	// XMean is x_n (summary.json's x_mean; null when the run stopped
	// before its first stage was recorded).
	XMean []float64 `json:"x_mean"`
}

// MarshalJSON writes FinalPoint's keys as FinalPoint does, in their
// order, then x_mean (new keys come last: summary.json is published).
func (p HiCFinalPoint) MarshalJSON() ([]byte, error) {
	b, err := p.FinalPoint.MarshalJSON()
	if err != nil {
		return nil, err
	}
	m, err := json.Marshal(plusZero(p.XMean))
	if err != nil {
		return nil, err
	}
	b = append(b[:len(b)-1], `,"x_mean":`...)
	return append(append(b, m...), '}'), nil
}

// hicRecorder writes Hi-C samples as metrics rows.
type hicRecorder struct {
	csv      *CSVWriter
	row      []float64
	err      error
	progress ProgressFunc
	stages   int
	// stop cancels the run when a sample is not finite.
	stop context.CancelFunc
	// last is the last recorded sample whose strategies and payoffs are
	// finite (the summary's final point of a run that fails), or, when
	// the first sample's objectives are not, that sample's profile.
	last    HiCFinalPoint
	hasLast bool
	// d1 is the leader's dimension: the row's xm columns.
	d1 int
	// diagnose, when not nil, names the part of an objective that is not
	// finite (game.Diagnoser: a formula game).
	diagnose func(x, y []float64) error
	// own turns the payoffs the uncoupled agents see (−cost for a cost
	// game) back into the game's own objectives: −1 for a cost game, 1
	// for a payoff game (ownSense).
	own float64
}

// ownSense is the factor that turns a payoff of uncoupled.RunHiC (the
// cost negated for a cost game) into the objective in the game's own
// sense, which metrics.csv, summary.json and the run's line report, as a
// smooth run's do: −1 for a cost game, 1 for a payoff game.
func ownSense(g game.Game) float64 {
	return -g.Sense().Sign()
}

func (r *hicRecorder) Record(s uncoupled.Sample) error {
	if r.err != nil {
		return r.err
	}
	s.F1, s.F2 = r.own*s.F1, r.own*s.F2
	if err := finiteSample(s.X, s.Y, s.F1, s.F2); err != nil {
		r.err = fmt.Errorf("stage %d: %w", s.Stage, r.diagnosed(s, err))
		if r.stop != nil {
			r.stop()
		}
		if !r.hasLast && finiteSample(s.X, s.Y, 0, 0) == nil {
			// No earlier sample (the first one, stage 0): the profile
			// played, with the objective that is not finite as null, as
			// a smooth run reports its start.
			r.last = hicFinal(s)
		}
	} else {
		r.last = hicFinal(s)
		r.hasLast = true
	}
	r.row = append(r.row[:0], float64(s.Stage))
	r.row = append(r.row, s.X...)
	r.row = append(r.row, s.Y...)
	r.row = append(r.row, s.F1, s.F2)
	// Appended after the columns a Hi-C run always wrote: the leader's
	// mean x_n and δ_n (uncoupled.Sample), NaN should a sample lack them.
	if len(s.Mean) == r.d1 {
		r.row = append(r.row, s.Mean...)
		r.row = append(r.row, s.Delta)
	} else {
		for range r.d1 + 1 {
			r.row = append(r.row, math.NaN())
		}
	}
	if err := r.csv.Row(r.row...); err != nil && r.err == nil {
		r.err = err
	}
	if r.progress != nil {
		r.progress(s.Stage, r.stages)
	}
	return r.err
}

// hicFinal is the final point of sample s (copies).
func hicFinal(s uncoupled.Sample) HiCFinalPoint {
	return HiCFinalPoint{
		FinalPoint: FinalPoint{X: append([]float64(nil), s.X...), Y: append([]float64(nil), s.Y...), F1: s.F1, F2: s.F2},
		XMean:      append([]float64(nil), s.Mean...),
	}
}

// diagnosed adds to err, a sample's objective that is not finite at
// finite strategies, the sub-expression r.diagnose names there, as
// learn.Run does for a smooth run.
func (r *hicRecorder) diagnosed(s uncoupled.Sample, err error) error {
	if r.diagnose == nil || finiteSample(s.X, s.Y, 0, 0) != nil {
		return err
	}
	if de := r.diagnose(s.X, s.Y); de != nil {
		return fmt.Errorf("%w: %v", err, de)
	}
	return err
}

func runHiC(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	g, err := BuildGame(cfg.Game)
	if err != nil {
		return "", err
	}
	run, err := HiCRunConfig(cfg)
	if err != nil {
		return "", err
	}
	x0, y0, err := InitialStrategies(cfg.Init, g, NewRand(cfg.Seed, 0))
	if err != nil {
		return "", err
	}
	if err := checkEq19Curvature(cfg, run, g, x0, y0); err != nil {
		return "", err
	}
	if opt.Warnings != nil && !opt.StartWarningsSaid {
		// Before the first stage: what the run will learn is known now.
		for _, w := range StartWarnings(cfg) {
			fmt.Fprintln(opt.Warnings, w)
		}
	}
	d1, d2 := g.Dims()
	csv, err := newRunCSV(cfg, opt.Out, hicHeader(d1, d2))
	if err != nil {
		return "", err
	}
	// The rows recorded reach the file however the run ends, a panic
	// included (the job is then recorded failed: runGuarded); a no-op
	// after the Close that ends the run.
	defer csv.Close()
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	rec := &hicRecorder{csv: csv, progress: opt.Progress, stages: run.Iterations, stop: stop, own: ownSense(g), d1: d1}
	if d, ok := g.(game.Diagnoser); ok {
		rec.diagnose = d.Diagnose
	}
	start := time.Now()
	out, runErr := uncoupled.RunHiC(runCtx, g, x0, y0, run, NewRand(cfg.Seed, 1), rec)
	wall := time.Since(start).Seconds()
	out.F1, out.F2 = rec.own*out.F1, rec.own*out.F2
	if rec.err != nil {
		// The recorder's error (a non-finite sample, a failed write) is
		// the cause; a cancellation it triggered is not.
		runErr = rec.err
	}
	if loop.StatusOf(runErr, false) == loop.Diverged {
		if r := hicDivergedRemedy(g, cfg, x0, y0, out); r != "" {
			// After the message as it was (scripts match it), and
			// wrapping it: the status and quantity are unchanged.
			runErr = fmt.Errorf("%w; remedy: %s", runErr, r)
		}
	}
	// The profile the run reached, also when it stopped with an error (a
	// cancelled run: the profile at out.Stages, as a smooth run reports
	// the point it reached); when the profile or a payoff there is not
	// finite (a diverged run), the last good profile recorded.
	final := HiCFinalPoint{FinalPoint: FinalPoint{X: out.X, Y: out.Y, F1: Finite(out.F1), F2: Finite(out.F2)}, XMean: out.Mean}
	if out.X == nil || finiteSample(out.X, out.Y, out.F1, out.F2) != nil || loop.CheckFinite("x_mean", out.Mean) != nil {
		final = HiCFinalPoint{FinalPoint: FinalPoint{X: rec.last.X, Y: rec.last.Y, F1: Finite(asFloat(rec.last.F1)), F2: Finite(asFloat(rec.last.F2))}, XMean: rec.last.XMean}
	}
	sum := &HiCSummary{Name: cfg.Name, Game: g.Name(), Dynamics: "hic", Seed: cfg.Seed,
		Final:  final,
		Stages: out.Stages, WallSeconds: wall,
		BestResponseCappedStages: out.BestResponseCapped, BestResponseCappedMaxStep: out.BestResponseCappedStep}
	err = finishRun(opt.Out, csv, runErr, sum, &sum.Error, &sum.RunEnd, false)
	if opt.Warnings != nil && run.BestResponse == nil && loop.StatusOf(runErr, false) != loop.Diverged {
		// Said of a run that ended without diverging: a box kept the
		// strategies of a follower stepping too far finite (a diverged
		// run's remedy says it).
		if w := followerStepWarning(g, run, x0, y0); w != "" {
			fmt.Fprintln(opt.Warnings, w)
		}
	}
	if out.BestResponseCapped > 0 && opt.Warnings != nil {
		// Said however the run ended: the stages were played.
		fmt.Fprintln(opt.Warnings, bestResponseCappedWarning(run, out, curvatureY(g, x0, y0)))
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s (hic): %d stages in %s; final x=%.6g y=%.6g f1=%.6g f2=%.6g",
		g.Name(), out.Stages, wallText(wall), plusZero(out.X), plusZero(out.Y), out.F1+0, out.F2+0), nil
}

// hicDivergedRemedy is a short remedy for a Hi-C run on g from (x0, y0)
// that diverged and stopped at out, where the cause is clear; "" where it
// is not. A follower's step lr with lr·K2 ≥ 2, K2 the curvature of f2 in
// y at the start (the spectral radius of ∇²_yy f2 there, curvatureY),
// diverges its gradient ascent on f2 whatever the leader does (Corollary
// 3.11 wants lr ≤ 1/K2 of eq19's β). With a stable step, strategies that
// grew without bound (|x| or |y| over 1e50, or not finite, where the run
// stopped) come from a follower's payoff that is not concave in y at the
// start when y grew (no best response to settle on: a box), else from the
// leader's steps α_n(f1 − b)/δ_n. Anything else
// (a payoff that is not finite at moderate strategies, say the square
// root of a negative number) gets no remedy. It runs only on the error
// path.
func hicDivergedRemedy(g game.Game, cfg *Config, x0, y0 []float64, out uncoupled.Outcome) string {
	d, _ := cfg.Dynamics.params().(*HiCParams)
	if d == nil || d.Follower == nil {
		return ""
	}
	lr := d.Follower.LR
	eig := curvatureY(g, x0, y0)
	if eig == nil {
		return ""
	}
	k2 := spectralRadius(eig)
	if lr*k2 >= 2*(1-1e-9) {
		return fmt.Sprintf("lower dynamics.follower.lr: %g is at least 2/K2 = %.4g (K2 = %.4g, the curvature of f2 in y at the start), a step with which gradient ascent on f2 diverges (eq19 wants lr ≤ 1/K2)", lr, 2/k2, k2)
	}
	grown := func(vs ...[]float64) bool {
		for _, v := range vs {
			for _, e := range v {
				if !(math.Abs(e) <= 1e50) {
					return true
				}
			}
		}
		return false
	}
	grownY := grown(out.Y)
	if !grownY && !grown(out.X, out.Mean) {
		return ""
	}
	// A box for y is the remedy only when y grew: a y the box already
	// holds leaves the leader's steps as the cause.
	if top := eig[len(eig)-1]; top > 0 && grownY {
		return fmt.Sprintf("the strategies grew without bound, and the follower's payoff is not concave in y at the start (the largest eigenvalue of ∇²_yy %s there is %.4g > 0), so it may have no best response to settle on: bound y with a box (game.domain)", followerPayoff(g), top)
	}
	return fmt.Sprintf("the strategies grew without bound while the follower's step is stable (lr·K2 = %.3g < 2 at the start): lower dynamics.alpha (the leader's step is α_n·(f1 − baseline)/δ_n), set a dynamics.baseline, or bound the strategies with game.domain boxes", lr*k2)
}

// followerStepWarning is the warning line of a Hi-C run whose gradient
// follower's step lr is at least 2/K2, K2 the largest curvature of its
// payoff in y at the start (x0, y0): its gradient ascent diverges there,
// which a box hides by keeping the strategies finite, as does a run that
// ends before they overflow; "" otherwise.
func followerStepWarning(g game.Game, run uncoupled.HiCRun, x0, y0 []float64) string {
	c, ok := run.Follower.LR.(loop.Constant)
	eig := curvatureY(g, x0, y0)
	if !ok || eig == nil {
		return ""
	}
	lr, k2 := float64(c), spectralRadius(eig)
	if !(lr*k2 >= 2*(1-1e-9)) {
		return ""
	}
	// What hid the divergence: the follower's box, or else a run too
	// short for the strategies to overflow (a game without a domain).
	hid := "the run ended before the strategies overflowed"
	switch _, dy := g.Domains(); dy.Kind {
	case game.Box:
		hid = "the box kept the strategies finite"
	case game.Torus:
		hid = "the torus kept the strategies finite"
	}
	return fmt.Sprintf("warning: dynamics.follower.lr = %g is at least 2/K2 = %.4g (K2 = %.4g, the largest curvature of f2 in y at the start, x = %g, y = %g): the follower's gradient ascent diverges with this step, so it never tracked its best response and the leader's estimates are not Hi-C's (%s, hiding the divergence); lower lr below %.4g",
		lr, 2/k2, k2, plusZero(x0), plusZero(y0), hid, 2/k2)
}

// curvatureY returns the eigenvalues of the Hessian ∇²_yy of the
// follower's payoff at (x, y), ascending (followerCurvature with y the
// follower's strategy); nil when one is not finite. K2 of Assumption 3.8
// is at least the largest |eigenvalue| anywhere, and μ at most −(the
// largest eigenvalue).
func curvatureY(g game.Game, x, y []float64) []float64 {
	return followerCurvature(g, x, y, false)
}

// followerCurvature returns the eigenvalues, ascending, of the Hessian of
// the follower's payoff in its own strategy at (x, y): of f2 in y, or,
// when xFollows (a smooth run's leader: y), of f1 in x; negated for a
// cost game, so that they are the curvature of what the follower ascends.
// The Hessian is the objective's own (ad.Hessian of its formula), exact
// to rounding, symmetrised, and its eigenvalues Jacobi's; nil when one is
// not finite. Central differences of the gradient read a kink at the
// point (abs(y) at y = 0, whose second derivative is 0) as a curvature of
// the gradient's jump over the step, and carry the gradient's rounding,
// which grows with its terms (10¹² prices), not with the curvature.
func followerCurvature(g game.Game, x, y []float64, xFollows bool) []float64 {
	t := ad.NewTape()
	xn, yn := t.VarVec(x...), t.VarVec(y...)
	f, v := g.F2(xn, yn), yn
	if xFollows {
		f, v = g.F1(xn, yn), xn
	}
	if g.Sense() != game.Payoff {
		f = ad.Neg(f)
	}
	ht := ad.Hessian(f, v)
	n := v.Cols() * v.Rows()
	h := make([][]float64, n)
	for i := range n {
		h[i] = make([]float64, n)
		for j := range n {
			h[i][j] = ht.At(i, j)
		}
	}
	for i := range n {
		for j := range i {
			h[i][j] = (h[i][j] + h[j][i]) / 2
			h[j][i] = h[i][j]
		}
	}
	eig := symmetricEigenvalues(h)
	if loop.CheckFinite("curvature", eig) != nil {
		return nil
	}
	return eig
}

// symmetricEigenvalues returns the eigenvalues of the symmetric matrix a
// (changed in place), ascending, by cyclic Jacobi rotations: exact to
// rounding for the few dimensions of a strategy.
func symmetricEigenvalues(a [][]float64) []float64 {
	n := len(a)
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for i := range n {
			for j := i + 1; j < n; j++ {
				off += a[i][j] * a[i][j]
			}
		}
		if !(off > 1e-300) {
			break
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				if a[p][q] == 0 {
					continue
				}
				// The rotation that zeroes a[p][q].
				theta := (a[q][q] - a[p][p]) / (2 * a[p][q])
				t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				if theta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range n {
					akp, akq := a[k][p], a[k][q]
					a[k][p], a[k][q] = c*akp-s*akq, s*akp+c*akq
				}
				for k := range n {
					apk, aqk := a[p][k], a[q][k]
					a[p][k], a[q][k] = c*apk-s*aqk, s*apk+c*aqk
				}
			}
		}
	}
	eig := make([]float64, n)
	for i := range n {
		eig[i] = a[i][i]
	}
	slices.Sort(eig)
	return eig
}

// spectralRadius is the largest |e| of eig (0 for none).
func spectralRadius(eig []float64) float64 {
	r := 0.0
	for _, e := range eig {
		r = math.Max(r, math.Abs(e))
	}
	return r
}

// followerPayoff names the follower's payoff, which its curvature
// messages speak of: f2 in a payoff game, −f2 in a cost game, whose
// follower ascends −f2 (the f2 a user wrote has the opposite curvature).
func followerPayoff(g game.Game) string {
	if g.Sense().Sign() > 0 {
		return "of −f2 (a cost game's follower ascends −f2)"
	}
	return "of f2"
}

// checkEq19Curvature refuses an eq19 commitment whose constants break
// Corollary 3.11 at the run's start (x0, y0), where the curvature of the
// follower's payoff in y bounds them whatever the rest of the game:
// β·K2 > 1 with K2 at least the largest |eigenvalue| of ∇²_yy there
// (Corollary 3.11: β ≤ 1/K2), a payoff that is not concave there
// (Assumption 3.8), or a mu above its concavity there (the smallest
// eigenvalue of −∇²_yy, which bounds μ from above). The Hessian is the
// payoff's own (curvatureY), exact but for rounding, which a relative
// 1e-6 covers, so that the bound itself passes.
func checkEq19Curvature(cfg *Config, run uncoupled.HiCRun, g game.Game, x0, y0 []float64) error {
	e, ok := run.Leader.Commitment.(uncoupled.Eq19)
	d, _ := cfg.Dynamics.params().(*HiCParams)
	if !ok || d == nil || d.Commitment == nil || d.Commitment.Eq19 == nil {
		return nil
	}
	eig := curvatureY(g, x0, y0)
	if eig == nil {
		return nil // not finite at the start: the run reports it
	}
	at := fmt.Sprintf("at the start (x = %g, y = %g", plusZero(x0), plusZero(y0))
	if top := eig[len(eig)-1]; top >= 0 {
		return fmt.Errorf("config: dynamics.commitment.eq19.mu = %g: the follower's payoff is not strongly concave in y %s; the largest eigenvalue of ∇²_yy %s there is %.4g ≥ 0), which eq19 (Corollary 3.11, Assumption 3.8) assumes: use another dynamics.commitment schedule", e.Mu, at, followerPayoff(g), top+0)
	}
	if k2 := spectralRadius(eig); e.Beta*k2 > 1+1e-6 {
		key, lower := fmt.Sprintf("dynamics.commitment.eq19.beta = %g", e.Beta), "beta and dynamics.follower.lr"
		if d.Commitment.Eq19.Beta == 0 {
			key, lower = fmt.Sprintf("dynamics.follower.lr = %g: eq19 takes its beta from it, and", e.Beta), "lr"
		} else if run.BestResponse != nil {
			// A best-response follower's lr is its inner step, which
			// beta need not equal.
			key, lower = key+":", "beta"
		} else {
			key += ":"
		}
		return fmt.Errorf("config: %s β·K2 = %.4g > 1, K2 = %.4g being the largest curvature of f2 in y %s): Corollary 3.11 needs β ≤ 1/K2 = %.4g (a gradient follower's step that Eq. 19's rate holds for); lower %s to at most %.4g", key, e.Beta*k2, k2, at, 1/k2, lower, 1/k2)
	}
	if mu := -eig[len(eig)-1]; e.Mu > mu*(1+1e-6) {
		return fmt.Errorf("config: dynamics.commitment.eq19.mu = %g: the follower's payoff is only %.4g-strongly concave in y %s; the smallest eigenvalue of −∇²_yy %s there), and Assumption 3.8 needs mu at most that everywhere: with a larger mu Eq. 19 commits too few stages; lower mu to at most %.4g", e.Mu, mu, at, followerPayoff(g), mu)
	}
	return nil
}

// bestResponseCappedWarning is the warning line of a run with
// out.BestResponseCapped > 0 stages whose best response stopped at its
// step cap above its tolerance, naming the config keys that change that.
// eig is the follower's curvature at the start (curvatureY; nil if
// unknown): an inner step lr of at least 2/K2 diverges, so the line then
// says to lower lr, not to raise it.
func bestResponseCappedWarning(run uncoupled.HiCRun, out uncoupled.Outcome, eig []float64) string {
	maxIter, tol := " unset (10000)", " unset (1e-10)"
	if run.BestResponse.MaxIter != 0 {
		maxIter = fmt.Sprint(" = ", run.BestResponse.MaxIter)
	}
	if run.BestResponse.Tol != 0 {
		tol = fmt.Sprint(" = ", run.BestResponse.Tol)
	}
	lr := run.BestResponse.LR
	advice := fmt.Sprintf("raise dynamics.follower.max_iter, loosen dynamics.follower.tol or raise dynamics.follower.lr (now %g; a step too large for the follower's payoff diverges)", lr)
	if k2 := spectralRadius(eig); eig != nil && lr*k2 >= 2*(1-1e-9) {
		advice = fmt.Sprintf("lower dynamics.follower.lr: its inner step %g is at least 2/K2 = %.4g (K2 = %.4g, the largest curvature of f2 in y at the start), with which the best response's gradient steps diverge", lr, 2/k2, k2)
	}
	return fmt.Sprintf("warning: in %s the follower's best response stopped at its cap dynamics.follower.max_iter%s with its last step above its tolerance dynamics.follower.tol%s (largest last step %.3g): the follower played no best response there, and the leader's Hi-C estimate used it (summary.json: best_response_capped_stages); %s",
		CountOf(out.BestResponseCapped, "stage"), maxIter, tol, out.BestResponseCappedStep, advice)
}

// hicHeader is a Hi-C run's metrics.csv header: smoothHeader's
// iter,x0,…,y0,…,f1,f2 (iter counts stages; x the perturbed strategy
// played), then the leader's mean xm0,… and its perturbation size delta.
func hicHeader(d1, d2 int) []string {
	h := smoothHeader(d1, d2)
	for i := 0; i < d1; i++ {
		h = append(h, fmt.Sprintf("xm%d", i))
	}
	return append(h, "delta")
}

// smoothHeader is the metrics.csv header iter,x0,…,y0,…,f1,f2.
func smoothHeader(d1, d2 int) []string {
	h := []string{"iter"}
	for i := 0; i < d1; i++ {
		h = append(h, fmt.Sprintf("x%d", i))
	}
	for i := 0; i < d2; i++ {
		h = append(h, fmt.Sprintf("y%d", i))
	}
	return append(h, "f1", "f2")
}

// finiteSample reports the first non-finite strategy coordinate or payoff
// of a recorded point, naming the quantity: a *loop.DivergedError, so
// that summary.json says the run diverged and names the quantity.
func finiteSample(x, y []float64, f1, f2 float64) error {
	for _, q := range []struct {
		name string
		v    []float64
	}{{"leader strategy x", x}, {"follower strategy y", y}, {"leader objective f1", []float64{f1}}, {"follower objective f2", []float64{f2}}} {
		for i, v := range q.v {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				if len(q.v) == 1 {
					return loop.Diverge(q.name, "%s is %g (not finite)", q.name, v)
				}
				return loop.Diverge(q.name, "%s[%d] is %g (not finite)", q.name, i, v)
			}
		}
	}
	return nil
}

// asFloat returns v as a float64 (NaN if it is not one).
func asFloat(v any) float64 {
	if f, ok := v.(float64); ok {
		return f
	}
	return math.NaN()
}

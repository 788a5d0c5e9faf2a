package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/learn/uncoupled"
	"github.com/stackel/stackel/loop"
)

func init() {
	registerDynamics("negotiation", nil, func() any { return new(NegotiationParams) })
	RegisterRunKind(RunKind{Name: "negotiation", Match: (*Config).isNegotiation, Run: runNegotiation, Check: checkNegotiation})
}

// isNegotiation reports a role-negotiation run: `dynamics.kind:
// negotiation` on a smooth (or bimatrix) game.
func (c *Config) isNegotiation() bool {
	return !c.isRL() && !c.isMarkov() && c.Dynamics != nil && c.Dynamics.Kind == "negotiation"
}

// NegotiationParams are the keys of a `kind: negotiation` dynamics block:
// role negotiation (Algorithm 2 of the Hi-C paper) between two symmetric
// players, each of which, in every meta-interval, leads with Hi-C or
// follows by gradient ascent on its own payoff. Both players take the
// same settings (uncoupled.NegotiatorConfig each, as the `negotiation`
// reproduction builds them); each keeps its own strategy domain.
type NegotiationParams struct {
	// Meta holds the role meta-learner's schedules β_n, κ_n, τ_n, its
	// start w_0 and its baseline (required).
	Meta *NegotiationMeta `yaml:"meta"`
	// HiC is the Hi-C update a player runs when it leads (required; not
	// named leader, which is the stackelberg kind's key).
	HiC *NegotiationHiC `yaml:"hic"`
	// Gradient is the gradient ascent a player runs when it follows
	// (required).
	Gradient *NegotiationGradient `yaml:"gradient"`
	// MetaIntervals is the number of meta-intervals n = 1 … N (required,
	// > 0); the stages are Σ τ_n.
	MetaIntervals int `yaml:"meta_intervals"`
}

// NegotiationMeta is the `meta:` block (uncoupled.MetaConfig).
type NegotiationMeta struct {
	// Beta, Kappa and Tau are β_n (the meta step, ≥ 0), κ_n (the meta
	// perturbation, > 0) and τ_n (the meta-interval's stages, > 0,
	// rounded up), indexed by the meta-interval n from 1.
	Beta  *ScheduleConfig `yaml:"beta"`
	Kappa *ScheduleConfig `yaml:"kappa"`
	Tau   *ScheduleConfig `yaml:"tau"`
	// W0 is the start w_0 of both meta-strategies (left out: 0, Algorithm
	// 2's, a stationary point of the meta update: π/4 =
	// 0.7853981633974483 starts at lead probability ½).
	W0 *float64 `yaml:"w0"`
	// Baseline is none (default), previous or {ema: decay}, subtracted
	// from a_n in the meta update. A quoted decay is an error.
	Baseline any `yaml:"baseline" safeyaml:"numeric"`
}

// NegotiationHiC is the `hic:` block: Hi-C's α_n, δ_n, k_n, baseline
// and burn-in (observe-only intervals after each restart), indexed by
// Hi-C's own interval n, which runs on across the meta-intervals in which
// the player leads (uncoupled.HiCConfig).
type NegotiationHiC struct {
	// Alpha, Delta: α_n and δ_n (required).
	Alpha *ScheduleConfig `yaml:"alpha"`
	Delta *ScheduleConfig `yaml:"delta"`
	// Commitment is k_n (required): constant, log or power.
	Commitment *NegotiationCommitment `yaml:"commitment"`
	// Baseline is none (default), previous or {ema: decay}.
	Baseline any `yaml:"baseline" safeyaml:"numeric"`
	// BurnIn is the number of intervals after each restart without a
	// leader update.
	BurnIn int `yaml:"burn_in"`
}

// NegotiationCommitment is a negotiation's Hi-C commitment k_n: exactly
// one of constant (≥ 1), log or power (rounded up to whole stages).
// Eq. 19 is not offered: its β is the step of the one gradient follower
// it counts stages for.
type NegotiationCommitment struct {
	Constant *float64     `yaml:"constant"`
	Log      *LogConfig   `yaml:"log"`
	Power    *PowerConfig `yaml:"power"`
}

// NegotiationGradient is the `gradient:` block: the constant step of the
// gradient ascent a player runs on its own payoff when it follows.
type NegotiationGradient struct {
	LR float64 `yaml:"lr"`
}

// Validate checks the schedules' forms (see learn.Validator).
func (p *NegotiationParams) Validate() error {
	var scheds []struct {
		name string
		s    *ScheduleConfig
	}
	if p.Meta != nil {
		scheds = append(scheds, []struct {
			name string
			s    *ScheduleConfig
		}{{"meta.beta", p.Meta.Beta}, {"meta.kappa", p.Meta.Kappa}, {"meta.tau", p.Meta.Tau}}...)
	}
	if p.HiC != nil {
		scheds = append(scheds, []struct {
			name string
			s    *ScheduleConfig
		}{{"hic.alpha", p.HiC.Alpha}, {"hic.delta", p.HiC.Delta}}...)
	}
	for _, s := range scheds {
		if s.s != nil {
			if err := s.s.validate(s.name); err != nil {
				return err
			}
		}
	}
	return nil
}

// NegotiationRunConfig turns the dynamics block of a `kind: negotiation`
// config into the settings of both players (one NegotiatorConfig, its
// Domain left for each player's own) and the number of meta-intervals.
func NegotiationRunConfig(cfg *Config) (uncoupled.NegotiatorConfig, int, error) {
	nc, meta, _, err := negotiationRunConfig(cfg)
	return nc, meta, err
}

// negotiationRunConfig is NegotiationRunConfig with the warning of
// checkLeaderUpdates, whose walk it runs once.
func negotiationRunConfig(cfg *Config) (uncoupled.NegotiatorConfig, int, string, error) {
	nc, meta, err := negotiationSettings(cfg)
	if err != nil {
		return nc, 0, "", err
	}
	warn, err := checkLeaderUpdates(nc, meta)
	if err != nil {
		return nc, 0, "", err
	}
	return nc, meta, warn, nil
}

// negotiationSettings is NegotiationRunConfig without checkLeaderUpdates.
func negotiationSettings(cfg *Config) (uncoupled.NegotiatorConfig, int, error) {
	var nc uncoupled.NegotiatorConfig
	d, _ := cfg.Dynamics.params().(*NegotiationParams)
	if d == nil {
		return nc, 0, fmt.Errorf("config: dynamics: kind %s is not negotiation", cfg.Dynamics.Kind)
	}
	for _, k := range []struct {
		key, what string
		set       bool
	}{
		{"meta", "the role meta-learner, e.g. meta: {beta: {constant: 0.0001}, kappa: {constant: 0.3}, tau: {constant: 20000}, w0: 0.7853981633974483, baseline: previous}", d.Meta != nil},
		{"hic", "Hi-C when a player leads, e.g. hic: {alpha: {constant: 0.003}, delta: {constant: 0.5}, commitment: {constant: 50}, baseline: previous, burn_in: 2}", d.HiC != nil},
		{"gradient", "gradient ascent when a player follows, e.g. gradient: {lr: 0.1}", d.Gradient != nil},
		{"meta_intervals", "the number of meta-intervals, > 0, e.g. meta_intervals: 200", d.MetaIntervals != 0 || !cfg.leftOut("dynamics.meta_intervals")},
	} {
		if !k.set {
			// At the dynamics block's line (Config.Locate).
			return nc, 0, fmt.Errorf("config: dynamics: %s: missing (%s)", k.key, k.what)
		}
	}
	if d.MetaIntervals <= 0 {
		return nc, 0, fmt.Errorf("config: dynamics.meta_intervals = %d: need > 0", d.MetaIntervals)
	}
	if err := checkNegotiationRows(d.MetaIntervals, cfg.RecordEvery); err != nil {
		return nc, 0, err
	}
	m := d.Meta
	for _, k := range []struct {
		key, what string
		set       bool
	}{
		{"beta", "the meta step β_n ≥ 0, e.g. beta: {constant: 0.0001}", m.Beta != nil},
		{"kappa", "the meta perturbation κ_n > 0, e.g. kappa: {constant: 0.3}", m.Kappa != nil},
		{"tau", "the stages τ_n of meta-interval n, e.g. tau: {constant: 20000}", m.Tau != nil},
	} {
		if !k.set {
			return nc, 0, fmt.Errorf("config: dynamics.meta: %s: missing (%s)", k.key, k.what)
		}
	}
	nc.Meta = uncoupled.MetaConfig{Beta: schedule(m.Beta, nil), Kappa: schedule(m.Kappa, nil), Tau: schedule(m.Tau, nil)}
	if m.W0 != nil {
		nc.Meta.W0 = *m.W0
	}
	b, err := baselineOf(m.Baseline, "dynamics.meta.baseline")
	if err != nil {
		return nc, 0, err
	}
	nc.Meta.Baseline = b
	if err := nc.Meta.ValidateFor(d.MetaIntervals); err != nil {
		// uncoupled names meta.beta, meta.kappa, …: the config's keys
		// under dynamics, whose lines Config.Locate finds.
		return nc, 0, &lineError{text: "config: dynamics." + err.Error(), err: err}
	}
	l := d.HiC
	for _, k := range []struct {
		key, what string
		set       bool
	}{
		{"alpha", "Hi-C's step size α_n, e.g. alpha: {constant: 0.003}", l.Alpha != nil},
		{"delta", "Hi-C's perturbation size δ_n, e.g. delta: {constant: 0.5}", l.Delta != nil},
		{"commitment", "Hi-C's commitment length k_n in stages, e.g. commitment: {constant: 50}", l.Commitment != nil},
	} {
		if !k.set {
			return nc, 0, fmt.Errorf("config: dynamics.hic: %s: missing (%s)", k.key, k.what)
		}
	}
	lc := uncoupled.HiCConfig{Alpha: schedule(l.Alpha, nil), Delta: schedule(l.Delta, nil), BurnIn: l.BurnIn}
	lk := l.Commitment
	if lc.Commitment, err = commitmentSchedule(&CommitmentConfig{Constant: lk.Constant, Log: lk.Log, Power: lk.Power}, "dynamics.hic.commitment", false); err != nil {
		return nc, 0, err
	}
	if lc.Baseline, err = baselineOf(l.Baseline, "dynamics.hic.baseline"); err != nil {
		return nc, 0, err
	}
	if lc.BurnIn > MaxBurnIn {
		return nc, 0, fmt.Errorf("config: dynamics.hic.burn_in = %d: at most %d", lc.BurnIn, MaxBurnIn)
	}
	if err := lc.Validate(); err != nil {
		// uncoupled names hic.alpha, hic.delta, …: the config's keys
		// under dynamics.
		if strings.HasPrefix(err.Error(), "hic.") {
			return nc, 0, &lineError{text: "config: dynamics." + err.Error(), err: err}
		}
		return nc, 0, fmt.Errorf("config: dynamics.hic: %w", err)
	}
	nc.Leader = lc
	f := d.Gradient
	if f.LR == 0 && cfg.leftOut("dynamics.gradient.lr") {
		return nc, 0, fmt.Errorf("config: dynamics.gradient: lr: missing (the gradient step of a player that follows, > 0, e.g. lr: 0.1)")
	}
	if !(f.LR > 0) || math.IsInf(f.LR, 0) {
		return nc, 0, fmt.Errorf("config: dynamics.gradient.lr = %g: need a finite number > 0", f.LR)
	}
	nc.Follower = uncoupled.GradientConfig{LR: loop.Constant(f.LR)}
	return nc, d.MetaIntervals, nil
}

// DefaultMaxMetricsRows bounds the rows a negotiation run writes to
// metrics.csv (meta_intervals / record_every, and the last meta-interval),
// checked before the run. STACKEL_MAX_METRICS_ROWS.
const DefaultMaxMetricsRows = 10_000_000

// negotiationRows is the number of metrics rows of a negotiation of
// metaIntervals meta-intervals recording every every-th (0: every one)
// and the last.
func negotiationRows(metaIntervals, every int) int {
	every = max(every, 1)
	rows := metaIntervals / every
	if metaIntervals%every != 0 {
		rows++
	}
	return rows
}

// checkNegotiationRows refuses a negotiation whose metrics.csv would hold
// more than DefaultMaxMetricsRows rows (or STACKEL_MAX_METRICS_ROWS),
// naming the keys that lower them.
func checkNegotiationRows(metaIntervals, every int) error {
	limit, err := safeyaml.LookupEnvInt("STACKEL_MAX_METRICS_ROWS", DefaultMaxMetricsRows)
	if err != nil {
		return err
	}
	rows := negotiationRows(metaIntervals, every)
	if rows <= limit {
		return nil
	}
	given := fmt.Sprintf("record_every = %d", every)
	if every == 0 {
		given = "record_every = 1 (left out: every meta-interval)"
	}
	// The least k with ⌈N/k⌉ ≤ limit: k = ⌈N/limit⌉.
	need := metaIntervals/limit + min(1, metaIntervals%limit)
	return fmt.Errorf("config: dynamics.meta_intervals = %d with %s gives %d metrics rows, over the limit %d (set STACKEL_MAX_METRICS_ROWS to raise it): raise record_every to at least %d or lower dynamics.meta_intervals",
		metaIntervals, given, rows, limit, need)
}

// Streams of a negotiation run's random sources: player 1 draws all its
// numbers (its start under init.uniform, Δ_n, z_n and its Hi-C
// perturbations) from NewRand(seed, negotiationStream1), player 2 from
// NewRand(seed, negotiationStream2) — the streams of the `negotiation`
// reproduction's first game (cournot), so that a config run with its
// settings is that reproduction's run of the same seed, bit for bit.
const (
	negotiationStream1 = 10
	negotiationStream2 = 11
)

// negotiationStarts returns both players' starts and random sources: the
// config's fixed init (or the centre of each domain), or a uniform draw
// from init.uniform's ranges, player 1's from its own source and player
// 2's from its own (each player draws its start as it draws everything).
func negotiationStarts(cfg *Config, g game.Game) (x0, y0 []float64, r1, r2 *rand.Rand, err error) {
	r1, r2 = NewRand(cfg.Seed, negotiationStream1), NewRand(cfg.Seed, negotiationStream2)
	if err := checkNegotiationInit(cfg.Init, g); err != nil {
		return nil, nil, nil, nil, err
	}
	if cfg.Init == nil || cfg.Init.Uniform == nil {
		x0, y0, err = InitialStrategies(cfg.Init, g, nil)
		return x0, y0, r1, r2, err
	}
	u := cfg.Init.Uniform
	if err := checkUniform(u, g); err != nil {
		return nil, nil, nil, nil, err
	}
	d1, d2 := g.Dims()
	if x0, err = drawUniform("x", u.X, d1, r1); err != nil {
		return nil, nil, nil, nil, err
	}
	if y0, err = drawUniform("y", u.Y, d2, r2); err != nil {
		return nil, nil, nil, nil, err
	}
	dx, dy := g.Domains()
	dx.Project(x0)
	dy.Project(y0)
	return x0, y0, r1, r2, nil
}

// checkNegotiationInit refuses an init of the wrong size in the words of
// a negotiation, player 1 (x) and player 2 (y), not the leader and the
// follower of InitialStrategies and checkUniform, whose other checks
// follow.
func checkNegotiationInit(init *InitConfig, g game.Game) error {
	if init == nil {
		return nil
	}
	d1, d2 := g.Dims()
	var ux, uy [][]float64
	if u := init.Uniform; u != nil {
		ux, uy = u.X, u.Y
	}
	for _, p := range []struct {
		who, player string
		dim         int
		v           []float64
		ranges      [][]float64
	}{{"x", "player 1", d1, init.X, ux}, {"y", "player 2", d2, init.Y, uy}} {
		if init.Uniform != nil {
			if len(p.ranges) == 0 {
				return fmt.Errorf("config: init.uniform: %s: missing (a run draws both players' starts from init.uniform: give %s's [lo, hi] ranges, one per dimension — %s has %s — or one for all)", p.who, p.who, p.player, CountOf(p.dim, "dimension"))
			}
			continue
		}
		if p.v != nil && len(p.v) != p.dim {
			return fmt.Errorf("config: init.%s has %s, %s has %s", p.who, CountOf(len(p.v), "value"), p.player, CountOf(p.dim, "dimension"))
		}
	}
	return nil
}

// negotiators builds both players of cfg on g from (x0, y0).
func negotiators(g game.Game, nc uncoupled.NegotiatorConfig, x0, y0 []float64, r1, r2 *rand.Rand) (*uncoupled.Negotiator, *uncoupled.Negotiator, uncoupled.Referee, error) {
	ev := game.NewEvaluator(g)
	v1, v2 := uncoupled.Split(ev, g.Sense())
	dx, dy := g.Domains()
	c1, c2 := nc, nc
	c1.Domain, c2.Domain = dx, dy
	p1, err := uncoupled.NewNegotiator(v1, x0, c1, r1)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("player 1: %w", err)
	}
	p2, err := uncoupled.NewNegotiator(v2, y0, c2, r2)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("player 2: %w", err)
	}
	return p1, p2, uncoupled.NewReferee(ev, g.Sense()), nil
}

// checkNegotiation builds the game, both players and their starts of cfg
// without running (RunKind.Check).
func checkNegotiation(cfg *Config) error {
	g, err := BuildGame(cfg.Game)
	if err != nil {
		return err
	}
	nc, _, err := NegotiationRunConfig(cfg)
	if err != nil {
		return err
	}
	x0, y0, r1, r2, err := negotiationStarts(cfg, g)
	if err != nil {
		return err
	}
	_, _, _, err = negotiators(g, nc, x0, y0, r1, r2)
	return err
}

// NegotiationSummary is summary.json of a negotiation run.
type NegotiationSummary struct {
	// Name is the config's name, Game the game's and Dynamics
	// "negotiation"; Seed is the run's seed.
	Name     string `json:"name"`
	Game     string `json:"game"`
	Dynamics string `json:"dynamics"`
	Seed     uint64 `json:"seed"`
	// MetaIntervals is the number of meta-intervals completed (all of
	// them, or those before the one that failed) and Stages the stages
	// played (up to the stage an error names).
	MetaIntervals int `json:"meta_intervals"`
	Stages        int `json:"stages"`
	// Final is the last completed meta-interval's record (null when none
	// completed).
	Final *NegotiationFinal `json:"final"`
	// WallSeconds is the run's wall-clock time.
	WallSeconds float64 `json:"wall_seconds"`
	MetricsDigest
	// Error is the error that stopped the run, if any (what was recorded
	// before it is kept).
	Error string `json:"error,omitempty"`
	RunEnd
}

// NegotiationFinal is the state after the last completed meta-interval:
// each player's meta-strategy w and lead probability sin²w, the
// strategies and the objectives there in the game's own sense.
type NegotiationFinal struct {
	W1 float64   `json:"w1"`
	W2 float64   `json:"w2"`
	P1 float64   `json:"p1_leads"`
	P2 float64   `json:"p2_leads"`
	X  []float64 `json:"x"`
	Y  []float64 `json:"y"`
	F1 float64   `json:"f1"`
	F2 float64   `json:"f2"`
}

// negotiationHeader is a negotiation run's metrics.csv header: the
// meta-interval n, the stages played up to its end, τ_n, each player's
// meta-strategy w after the update and its lead probability sin²w,
// whether each led in the interval (1 or 0), each one's average
// objective a_n over it, the strategies at its end and the objectives
// there.
func negotiationHeader(d1, d2 int) []string {
	h := []string{"n", "stage", "tau", "w1", "w2", "p1_leads", "p2_leads", "led1", "led2", "a1", "a2"}
	for i := range d1 {
		h = append(h, fmt.Sprintf("x%d", i))
	}
	for i := range d2 {
		h = append(h, fmt.Sprintf("y%d", i))
	}
	return append(h, "f1", "f2")
}

func runNegotiation(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	g, err := BuildGame(cfg.Game)
	if err != nil {
		return "", err
	}
	nc, meta, leaderWarn, err := negotiationRunConfig(cfg)
	if err != nil {
		return "", err
	}
	x0, y0, r1, r2, err := negotiationStarts(cfg, g)
	if err != nil {
		return "", err
	}
	p1, p2, ref, err := negotiators(g, nc, x0, y0, r1, r2)
	if err != nil {
		return "", err
	}
	if opt.Warnings != nil && !opt.StartWarningsSaid {
		for _, w := range negotiationStartWarnings(nc, meta, leaderWarn) {
			fmt.Fprintln(opt.Warnings, w)
		}
	}
	d1, d2 := g.Dims()
	csv, err := newRunCSV(cfg, opt.Out, negotiationHeader(d1, d2))
	if err != nil {
		return "", err
	}
	defer csv.Close()
	own := ownSense(g) // the agents maximise −cost in a cost game
	every := max(cfg.RecordEvery, 1)
	stage, written := 0, 0 // written: the last meta-interval written
	var (
		row      []float64
		writeErr error
	)
	write := func(st uncoupled.MetaStep) error {
		row = append(row[:0], float64(st.N), float64(stage), float64(st.Tau), st.W[0], st.W[1], st.P[0], st.P[1],
			b2f(st.Lead[0]), b2f(st.Lead[1]), own*st.Avg[0], own*st.Avg[1])
		row = append(row, st.X...)
		row = append(row, st.Y...)
		row = append(row, own*st.F1, own*st.F2)
		written = st.N
		writeErr = csv.Row(row...)
		return writeErr
	}
	record := func(st uncoupled.MetaStep) error {
		stage += st.Tau
		if st.N%every == 0 || st.N == meta {
			if err := write(st); err != nil {
				return err
			}
		}
		if opt.Progress != nil {
			opt.Progress(st.N, meta)
		}
		return nil
	}
	start := time.Now()
	// NegotiateStream: the records go to metrics.csv only (a run of 10¹⁰
	// meta-intervals recording every 10⁴th kept 10¹⁰ of them).
	res, runErr := uncoupled.NegotiateStream(ctx, p1, p2, ref, meta, record)
	if runErr != nil && res.Completed > written && writeErr == nil {
		// Stopped early (an error, a cancellation): the last meta-interval
		// completed is recorded, as the run's last one is.
		if err := write(res.Last); err != nil {
			runErr = errors.Join(runErr, err)
		}
	}
	wall := time.Since(start).Seconds()
	sum := &NegotiationSummary{Name: cfg.Name, Game: g.Name(), Dynamics: "negotiation", Seed: cfg.Seed,
		MetaIntervals: res.Completed, Stages: res.Stages, WallSeconds: wall}
	if res.Completed > 0 {
		st := res.Last
		sum.Final = &NegotiationFinal{W1: st.W[0], W2: st.W[1], P1: st.P[0], P2: st.P[1], X: st.X, Y: st.Y, F1: own * st.F1, F2: own * st.F2}
	}
	if err := finishRun(opt.Out, csv, runErr, sum, &sum.Error, &sum.RunEnd, false); err != nil {
		return "", err
	}
	f := sum.Final
	return fmt.Sprintf("%s (negotiation): %d meta-intervals, %d stages in %s; P(1 leads) = %.4g, P(2 leads) = %.4g",
		g.Name(), sum.MetaIntervals, sum.Stages, wallText(wall), f.P1, f.P2), nil
}

// b2f is 1 for true, 0 for false.
func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// leaderSamples are the Hi-C intervals n and the meta-intervals m (with
// meta_intervals, the last) at which sampledLeaderWarning compares a
// leader's first window k_n + … + k_(n+s) with τ_m.
var leaderSamples = []int{1, 2, 10, 100, 1000}

// leaderWindow is k_n + … + k_(n+s) of the commitment k, the stages from
// a restart at Hi-C interval n to the leader's first update; it stops
// summing past limit (the sum is then > limit), and ok is false when a
// k_j is not usable (the run reports it).
func leaderWindow(k loop.Schedule, n, s, limit int) (sum int, ok bool) {
	for j := n; j <= n+s; j++ {
		l, err := uncoupled.CommitmentLength(k, j)
		if err != nil {
			return 0, false
		}
		sum += l
		if sum > limit {
			return sum, true
		}
	}
	return sum, true
}

// windowTerms writes k_n + … + k_(n+s).
func windowTerms(s int) string {
	switch s {
	case 1:
		return "k_n + k_(n+1)"
	case 2:
		return "k_n + k_(n+1) + k_(n+2)"
	}
	return fmt.Sprintf("k_n + … + k_(n+%d)", s)
}

// listText writes 1, 2, 10 and 100.
func listText(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// leaderWalkBudget caps the schedule reads (τ_m and k_n) of walkLeader:
// beyond it checkLeaderUpdates falls back to sampling, which only warns.
var leaderWalkBudget = 10_000_000

// leaderWalk is the walk of a leader's Hi-C intervals through a run's
// meta-intervals as if it led in every one (walkLeader).
type leaderWalk struct {
	decided bool // every meta-interval walked within the budget, every τ_m and k_n usable
	updated int  // the meta-intervals in which it updates
	// stopM is the first meta-interval of the run's last stretch without
	// an update (0: it updates in the last one), stopN its Hi-C interval
	// when stopM begins and stopTau τ_stopM; lastN its Hi-C interval when
	// the last meta-interval begins.
	stopM, stopN, stopTau, lastN int
	// A player that has not led yet begins its Hi-C at interval 1
	// (firstLeaderWarning): first is k_1 + … + k_(1+s) (firstOK false when
	// a k_j is not usable), k1 is k_1. firstM is the first meta-interval
	// in which the walk updates while first > τ_m though first ≤ τ of an
	// earlier one (0: none), firstTau τ_firstM and firstCount the
	// meta-intervals so; stuckM is the first meta-interval from which on
	// k_1 > τ_m in every one (metaIntervals + 1: k_1 ≤ τ of the last),
	// stuckUp the meta-intervals from stuckM on in which the walk updates.
	first, k1                    int
	firstOK                      bool
	firstM, firstTau, firstCount int
	stuckM, stuckUp              int
}

// walkLeader plays a leader's Hi-C intervals through meta-intervals 1 to
// metaIntervals as if it led in every one: meta-interval m restarts it
// at interval n, it ends k_n, k_(n+1), … while they fit in τ_m, updating
// once it ends an interval at n + s or later (s = max(burn_in, 1)), and
// the next restart is at the first interval it did not end. It reads at
// most budget schedule values.
//
// No leader is further on: with f_m(n) the restart after meta-interval
// m from n (f_m(n) ≥ n), n1 ≤ n2 gives f_m(n1) ≤ f_m(n2) (if f_m(n1) >
// n2, the intervals n2 … f_m(n1) − 1 fit in τ_m, being among those from
// n1 that did, all k ≥ 1), so a leader that follows in some
// meta-intervals (n unchanged there) is at each meta-interval at an
// interval at most the walk's.
//
// It also compares, at each meta-interval, τ_m with the window of a
// player that has not led yet, at interval 1 (firstLeaderWarning).
func walkLeader(nc uncoupled.NegotiatorConfig, metaIntervals, s, budget int) leaderWalk {
	var w leaderWalk
	// The window at interval 1 (s + 1 reads, none when over the budget)
	// is read outside the budget, which so bounds the walk as it did
	// before.
	if s < budget {
		w.first, w.firstOK = leaderWindow(nc.Leader.Commitment, 1, s, math.MaxInt/4)
	}
	k1, err := uncoupled.CommitmentLength(nc.Leader.Commitment, 1)
	if err != nil {
		return leaderWalk{}
	}
	w.k1, w.stuckM = k1, 1
	n, fitted := 1, false // fitted: first ≤ τ of an earlier meta-interval
	for m := 1; m <= metaIntervals; m++ {
		if budget--; budget < 0 {
			return leaderWalk{}
		}
		tau, err := uncoupled.CommitmentLength(nc.Meta.Tau, m)
		if err != nil {
			return leaderWalk{} // the run reports it
		}
		used, j, up := 0, n, false
		for {
			if budget--; budget < 0 {
				return leaderWalk{}
			}
			k, err := uncoupled.CommitmentLength(nc.Leader.Commitment, j)
			if err != nil {
				return leaderWalk{}
			}
			if used+k > tau {
				break
			}
			used += k
			if j >= n+s {
				up = true
			}
			j++
		}
		if k1 <= tau {
			w.stuckM, w.stuckUp = m+1, 0
		} else if up {
			w.stuckUp++
		}
		if up && w.firstOK && w.first > tau && fitted {
			if w.firstM == 0 {
				w.firstM, w.firstTau = m, tau
			}
			w.firstCount++
		}
		fitted = fitted || (w.firstOK && w.first <= tau)
		if up {
			w.updated++
			w.stopM = 0
		} else if w.stopM == 0 {
			w.stopM, w.stopN, w.stopTau = m, n, tau
		}
		w.lastN = n
		n = j
	}
	w.decided = true
	return w
}

// checkLeaderUpdates walks a leader's Hi-C intervals through the run's
// meta-intervals as if it led in every one (walkLeader): every
// meta-interval in which a player leads restarts its Hi-C
// (uncoupled.HiC.Restart), which then observes s = max(burn_in, 1)
// intervals, n to n + s − 1, and updates first at the end of interval n
// + s; the interval unfinished when the meta-interval ends is dropped.
// So the leader updates in meta-interval m only if k_n + … + k_(n+s) ≤
// τ_m. When the walk never updates the leader would never move: an
// error at the dynamics.hic line. When it stops updating from some
// meta-interval on, warn names it. A walk over the budget falls back to
// sampledLeaderWarning, which only warns.
func checkLeaderUpdates(nc uncoupled.NegotiatorConfig, metaIntervals int) (warn string, err error) {
	if nc.Leader.Commitment == nil || nc.Meta.Tau == nil || metaIntervals < 1 {
		return "", nil
	}
	key, ok := leaderCheckKey(nc, metaIntervals)
	if !ok {
		return walkLeaderUpdates(nc, metaIntervals)
	}
	leaderChecks.Lock()
	for i, k := range leaderChecks.keys {
		if k == key {
			c := leaderChecks.vals[i]
			leaderChecks.Unlock()
			return c.warn, c.err
		}
	}
	leaderChecks.Unlock()
	warn, err = walkLeaderUpdates(nc, metaIntervals)
	leaderChecks.Lock()
	if len(leaderChecks.keys) == leaderChecksKept {
		leaderChecks.keys, leaderChecks.vals = leaderChecks.keys[1:], leaderChecks.vals[1:]
	}
	leaderChecks.keys = append(leaderChecks.keys, key)
	leaderChecks.vals = append(leaderChecks.vals, leaderCheck{warn, err})
	leaderChecks.Unlock()
	return warn, err
}

// leaderCheck is a result of walkLeaderUpdates.
type leaderCheck struct {
	warn string
	err  error
}

// leaderChecks keeps the results of the last leaderChecksKept walks by
// their inputs (leaderCheckKey): a `stackel run` checks its config
// (Check), says its start warnings (StartWarnings) and runs it (Run), each
// of which needs the walk, of up to leaderWalkBudget schedule reads
// (0.2 s); the walk is a function of its key, so a result reused is the
// result a new walk gives.
var leaderChecks struct {
	sync.Mutex
	keys []string
	vals []leaderCheck
}

// leaderChecksKept is the number of walks leaderChecks keeps.
const leaderChecksKept = 8

// leaderCheckKey is the text of what walkLeaderUpdates reads: τ_n, k_n,
// burn_in, the meta-intervals and the walk's budget; ok is false (the
// walk is not kept) for a schedule of another type than the config's
// value types (whose text may not hold its values) or a long list.
func leaderCheckKey(nc uncoupled.NegotiatorConfig, metaIntervals int) (key string, ok bool) {
	for _, s := range []loop.Schedule{nc.Meta.Tau, nc.Leader.Commitment} {
		switch v := s.(type) {
		case loop.Constant, loop.Power, loop.Log:
		case loop.List:
			if len(v) > 10_000 {
				return "", false
			}
		default:
			return "", false
		}
	}
	return fmt.Sprintf("%#v|%#v|%d|%d|%d", nc.Meta.Tau, nc.Leader.Commitment, nc.Leader.BurnIn, metaIntervals, leaderWalkBudget), true
}

// leaderWalkHook, when not nil, is called by every walkLeaderUpdates (a
// test counts the walks).
var leaderWalkHook func()

// walkLeaderUpdates is checkLeaderUpdates without keeping its result.
func walkLeaderUpdates(nc uncoupled.NegotiatorConfig, metaIntervals int) (warn string, err error) {
	if leaderWalkHook != nil {
		leaderWalkHook()
	}
	s := max(nc.Leader.BurnIn, 1)
	w := walkLeader(nc, metaIntervals, s, leaderWalkBudget)
	if !w.decided {
		return sampledLeaderWarning(nc, metaIntervals, s), nil
	}
	terms := windowTerms(s)
	observed := fmt.Sprintf("max(burn_in, 1) = %s", CountOf(s, "interval"))
	first := firstLeaderWarning(w, metaIntervals, s, terms, observed)
	if w.stopM == 0 {
		return first, nil
	}
	// The window at the stop, summed only past τ: its numbers stay small.
	win, _ := leaderWindow(nc.Leader.Commitment, w.stopN, s, w.stopTau)
	if never, _ := neverUpdatesFrom(nc, metaIntervals, s, 1, leaderWalkBudget); w.updated == 0 && !never {
		// The walk leads in every meta-interval, the fastest a leader's
		// Hi-C moves on; one that followed in some is at an earlier
		// interval, whose window can fit a τ_m the walk's did not (a τ
		// that grows faster than the commitment): not refused.
		return fmt.Sprintf("warning: dynamics.hic: a player that leads in every meta-interval would never update its strategy: a leader updates in meta-interval m only if %s ≤ τ_m, n its Hi-C interval when m begins (after each restart its Hi-C observes %s, and the interval unfinished at the end of a meta-interval is dropped), and walking its Hi-C intervals (dynamics.hic.commitment) through the run's %s (dynamics.meta.tau) as if it led in every one, that fails in every one; a player that followed in some meta-intervals is at an earlier interval, whose window fits some τ_m: it can update; lengthen tau or lower burn_in or the commitment if the roles are to settle",
			terms, observed, CountOf(metaIntervals, "meta-interval")), nil
	}
	if w.updated == 0 {
		span := "n"
		if s > 1 {
			span = fmt.Sprintf("n to n + %d", s-1)
		}
		return "", fmt.Errorf("config: dynamics.hic: a player that leads would never update its strategy: after each restart (every meta-interval in which it leads) its Hi-C observes %s, %s, and updates first at the end of interval n + %d, and the interval unfinished at the end of a meta-interval is dropped, so a leader updates in meta-interval m only if %s ≤ τ_m (n: its Hi-C interval when m begins); walking its Hi-C intervals (dynamics.hic.commitment) through meta-intervals 1 to %d (dynamics.meta.tau) as if it led in every one, that fails in every one (at m = 1, n = 1: %s is at least %d stages > τ_m = %d; its Hi-C is at interval %d when meta-interval %d begins): lower burn_in or the commitment, or lengthen tau",
			observed, span, s, terms, metaIntervals, terms, win, w.stopTau, w.lastN, metaIntervals)
	}
	var stop string
	if never, least := neverUpdatesFrom(nc, metaIntervals, s, w.stopM, leaderWalkBudget); never {
		// τ_m is below every window a leader can begin m at, from stopM
		// on: no leader updates there, whatever it led in.
		stop = fmt.Sprintf("warning: dynamics.hic: no player that leads updates its strategy from meta-interval %d on, whatever the meta-intervals it led in: a leader updates in meta-interval m only if %s ≤ τ_m, n its Hi-C interval when m begins (after each restart its Hi-C observes %s, and the interval unfinished at the end of a meta-interval is dropped), n being at most that of a leader that led in every one (walking its Hi-C intervals, dynamics.hic.commitment, through the run's %s, it updates in %s and in none from meta-interval %d on), and τ_m (dynamics.meta.tau) has fallen below every such window from meta-interval %d on (at m = %d: every window is at least %d stages > τ_m = %d); lengthen tau",
			w.stopM, terms, observed, CountOf(metaIntervals, "meta-interval"), CountOf(w.updated, "meta-interval"), w.stopM, w.stopM, w.stopM, least, w.stopTau)
	} else {
		stop = fmt.Sprintf("warning: dynamics.hic: a player that leads updates in meta-interval m only if %s ≤ τ_m, n its Hi-C interval when m begins (after each restart its Hi-C observes %s, and the interval unfinished at the end of a meta-interval is dropped): walking its Hi-C intervals (dynamics.hic.commitment) through the run's %s (dynamics.meta.tau) as if it led in every one, it updates in %s and in none from meta-interval %d on (there n = %d: %s is at least %d stages > τ_m = %d): that walk is the fastest a leader's Hi-C moves on (a leader that follows in some meta-intervals is at the same or an earlier interval in each), so meta-interval %d is the earliest at which a leader can reach interval %d; one that follows in some reaches it later, or not within the run; lengthen tau or bound the commitment",
			terms, observed, CountOf(metaIntervals, "meta-interval"), CountOf(w.updated, "meta-interval"), w.stopM, w.stopN, terms, win, w.stopTau, w.stopM, w.stopN)
	}
	if first != "" {
		stop = first + "\n" + stop
	}
	return stop, nil
}

// firstLeaderWarning is the warning of a player's first lead for the walk
// w (walkLeader), or "" when none is due. A player that has not led yet
// is at Hi-C interval 1 when it first leads (its Hi-C has never
// restarted), the least interval a leader can be at, as the walk's is the
// furthest; with monotone schedules these are the two extremes of the
// window k_n + … + k_(n+s). Where the commitment shrinks with n, the
// window at 1 is the longest, and with a τ that shrinks too it can exceed
// τ_m where the walk's fits: the walk updates there, a first leader does
// not. When k_1 > τ_m from some meta-interval on and the walk still
// updates there, a player first leading there never ends an interval, so
// stays at interval 1 and never updates in the run: said. Otherwise the
// meta-intervals in which the walk updates and the window at 1 exceeds τ_m
// though it fitted an earlier τ are said; a window at 1 over every τ
// before (the walk, too, began there) is not a first leader's handicap.
func firstLeaderWarning(w leaderWalk, metaIntervals, s int, terms, observed string) string {
	win := fmt.Sprintf("k_1 + … + k_%d", 1+s)
	switch s {
	case 1:
		win = "k_1 + k_2"
	case 2:
		win = "k_1 + k_2 + k_3"
	}
	walk := fmt.Sprintf("walking its Hi-C intervals (dynamics.hic.commitment) through the run's %s (dynamics.meta.tau) as if it led in every one", CountOf(metaIntervals, "meta-interval"))
	rule := fmt.Sprintf("a leader updates in meta-interval m only if %s ≤ τ_m, n its Hi-C interval when m begins (after each restart its Hi-C observes %s, and the interval unfinished at the end of a meta-interval is dropped); a player that has not led before is at n = 1 when it first leads", terms, observed)
	if w.stuckM <= metaIntervals && w.stuckUp > 0 {
		return fmt.Sprintf("warning: dynamics.hic: a player that first leads in meta-interval %d or later never updates its strategy in the run: %s, and k_1 = %d stages > τ_m in every meta-interval from %d on, so it never ends an interval, while a leader further on updates: %s, it updates in %s from meta-interval %d on; the commitment and τ both shrink, and leading late does not catch up: lengthen tau or lower the commitment's first intervals",
			w.stuckM, rule, w.k1, w.stuckM, walk, CountOf(w.stuckUp, "meta-interval"), w.stuckM)
	}
	if w.firstM == 0 {
		return ""
	}
	size := fmt.Sprintf("= %d stages", w.first)
	if w.first > math.MaxInt/4 {
		size = fmt.Sprintf("is over %d stages", math.MaxInt/4)
	}
	return fmt.Sprintf("warning: dynamics.hic: a player leading for the first time in some meta-intervals does not update in them: %s, and %s %s > τ_m (it fitted an earlier τ) in %s in which a leader further on updates, first in meta-interval %d (τ_m = %d): %s, it updates in those; lengthen tau or lower the commitment's first intervals",
		rule, win, size, CountOf(w.firstCount, "meta-interval"), w.firstM, w.firstTau, walk)
}

// neverUpdatesFrom, from = 1, reports that no leader of the run can update whatever the
// meta-intervals it led in: at every meta-interval m, every window k_n +
// … + k_(n+s) with n up to the walk's interval when m begins exceeds τ_m.
// The walk, which leads in every meta-interval, is at each meta-interval
// at least as far on as any leader (walkLeader), so a leader begins m at
// such an n; the run's longest τ against every window up to the walk's
// last interval, as before, refused less (τ_1 = 100, then 10, against
// k_n = 70/n: a leader begins meta-interval 1 at n = 1, 70 + 35 > 100,
// and every later one at n ≤ 2, 35 + 24 > 10; windows up to n = 2
// against 100 let it through). It reads at most budget schedule values,
// and is false when it would need more (a refusal is made only when
// sure).
//
// With from > 1 it is the same test for the meta-intervals from on only
// (no leader updates from there on); atFrom is the least window at from.
func neverUpdatesFrom(nc uncoupled.NegotiatorConfig, metaIntervals, s, from, budget int) (never bool, atFrom int) {
	const limit = math.MaxInt / 4 // above every usable τ_m; a window's sum stops past it
	n, next, least := 1, 1, math.MaxInt
	for m := 1; m <= metaIntervals; m++ {
		if budget--; budget < 0 {
			return false, 0
		}
		tau, err := uncoupled.CommitmentLength(nc.Meta.Tau, m)
		if err != nil {
			return false, 0
		}
		// The least window of the intervals a leader can begin m at.
		for ; next <= n; next++ {
			if budget -= s + 1; budget < 0 {
				return false, 0
			}
			w, ok := leaderWindow(nc.Leader.Commitment, next, s, limit)
			if !ok {
				return false, 0
			}
			least = min(least, w)
		}
		if m == from {
			atFrom = least
		}
		if m >= from && least <= tau {
			return false, 0
		}
		// The walk's next restart (walkLeader).
		used, j := 0, n
		for {
			if budget--; budget < 0 {
				return false, 0
			}
			k, err := uncoupled.CommitmentLength(nc.Leader.Commitment, j)
			if err != nil {
				return false, 0
			}
			if used+k > tau {
				break
			}
			used += k
			j++
		}
		n = j
	}
	return true, atFrom
}

// sampledLeaderWarning is checkLeaderUpdates' warning of a run too long
// to walk: at the sampled Hi-C intervals n reachable in the run (k_1 +
// … + k_(n−1) within its stages) and meta-intervals m (with the last),
// the first n whose window k_n + … + k_(n+s) exceeds some τ_m.
func sampledLeaderWarning(nc uncoupled.NegotiatorConfig, metaIntervals, s int) string {
	var ms []int
	taus := map[int]int{}
	tauMax := 0
	for _, m := range append(append([]int(nil), leaderSamples...), metaIntervals) {
		if m > metaIntervals || (len(ms) > 0 && ms[len(ms)-1] >= m) {
			continue
		}
		t, err := uncoupled.CommitmentLength(nc.Meta.Tau, m)
		if err != nil {
			continue // the run reports it
		}
		ms = append(ms, m)
		taus[m] = t
		tauMax = max(tauMax, t)
	}
	if len(ms) == 0 {
		return ""
	}
	terms := windowTerms(s)
	observed := fmt.Sprintf("max(burn_in, 1) = %s", CountOf(s, "interval"))
	// The stages before each sampled n (k_1 + … + k_(n−1)), and the run's
	// stages, counted as far as those need.
	before := map[int]int{}
	sum := 0
	for j := 1; j <= leaderSamples[len(leaderSamples)-1]; j++ {
		if slices.Contains(leaderSamples, j) {
			before[j] = sum
		}
		l, err := uncoupled.CommitmentLength(nc.Leader.Commitment, j)
		if err != nil {
			return ""
		}
		sum += l
	}
	stages := runStagesUpTo(nc.Meta.Tau, metaIntervals, before[leaderSamples[len(leaderSamples)-1]])
	for _, n := range leaderSamples {
		if before[n] > stages {
			break // not reached in the run
		}
		w, ok := leaderWindow(nc.Leader.Commitment, n, s, tauMax)
		if !ok {
			return ""
		}
		var fail []int
		tau := 0
		for _, m := range ms {
			if w > taus[m] {
				fail = append(fail, m)
				tau = max(tau, taus[m])
			}
		}
		if len(fail) == 0 {
			continue
		}
		tauText := fmt.Sprintf("τ_m = %d", tau)
		if len(fail) > 1 && slices.ContainsFunc(fail, func(m int) bool { return taus[m] != tau }) {
			tauText = fmt.Sprintf("τ_m ≤ %d", tau)
		}
		return fmt.Sprintf("warning: dynamics.hic: a player that leads updates in meta-interval m only if %s ≤ τ_m, n its Hi-C interval when m begins (after each restart its Hi-C observes %s, and the interval unfinished at the end of a meta-interval is dropped): at n = %d, %s is at least %d stages (dynamics.hic.commitment) > %s (dynamics.meta.tau, at m = %s; the run is too long to walk, these are samples): a leader whose Hi-C reaches interval %d no longer moves in those meta-intervals; lengthen tau or bound the commitment",
			terms, observed, n, terms, w, tauText, listText(fail), n)
	}
	return ""
}

// runStagesUpTo is the stages τ_1 + … + τ_N of a run of N meta-intervals,
// counted until they exceed limit (or for the first million
// meta-intervals): enough to say whether the run reaches limit stages.
func runStagesUpTo(tau loop.Schedule, metaIntervals, limit int) int {
	sum := 0
	for m := 1; m <= metaIntervals && m <= 1_000_000 && sum <= limit; m++ {
		t, err := uncoupled.CommitmentLength(tau, m)
		if err != nil {
			break
		}
		sum += t
	}
	if metaIntervals > 1_000_000 && sum <= limit {
		return limit + 1 // a longer run: taken to reach it
	}
	return sum
}

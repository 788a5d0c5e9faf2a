package uncoupled

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/internal/poll"
	"github.com/stackel/stackel/loop"
)

// MetaConfig holds the schedules of the role meta-learner (Algorithm 2),
// indexed by the meta-interval n counting from 1.
type MetaConfig struct {
	// Beta is the meta step-size schedule β_n.
	Beta loop.Schedule
	// Kappa is the meta perturbation schedule κ_n.
	Kappa loop.Schedule
	// Tau is the meta-interval length τ_n in stages (positive, rounded
	// up), shared by both players (Negotiate refuses a meta-interval where
	// the two players' τ_n differ).
	Tau loop.Schedule
	// W0 is the initial meta-strategy w_0 (Algorithm 2 uses 0).
	W0 float64
	// Baseline optionally subtracts a baseline from a_n in the meta update
	// (Algorithm 2 uses none); the EMA and previous kinds work as in Hi-C.
	Baseline Baseline
}

// Validate checks the meta schedules, τ_n at the first meta-interval
// only (it knows no run length; ValidateFor checks τ_n over a run's).
func (c MetaConfig) Validate() error {
	return c.validate(1)
}

// ValidateFor is Validate for a run of metaIntervals meta-intervals: τ_n
// must be a usable number of stages (finite, at most 2^40) at every
// meta-interval n = 1 … metaIntervals the run has, and is not checked
// past its end. A Constant, Power, Log or (R ≥ 0) Exponential τ is
// monotone in n, so its first unusable n is found from its value at the
// run's end by bisection; a List's entries up to the run's end are read;
// another schedule is read at every n up to tauReadBudget (beyond it
// Negotiate checks τ_n before each meta-interval). The error names the
// first unusable n.
func (c MetaConfig) ValidateFor(metaIntervals int) error {
	return c.validate(metaIntervals)
}

// tauReadBudget caps the τ_n values ValidateFor reads one by one for a
// schedule of a type it does not know to be monotone.
const tauReadBudget = 1_000_000

func (c MetaConfig) validate(metaIntervals int) error {
	for _, s := range []struct {
		name string
		s    loop.Schedule
	}{{"meta.beta", c.Beta}} {
		if err := loop.ValidateIndexed(s.name, s.s, loop.MetaInterval); err != nil {
			return err
		}
	}
	// κ_n is divided by; a meta-interval of τ_n = 0 stages has no payoff
	// to average.
	for _, s := range []struct {
		name string
		s    loop.Schedule
	}{{"meta.kappa", c.Kappa}, {"meta.tau", c.Tau}} {
		if err := loop.ValidatePositiveIndexed(s.name, s.s, loop.MetaInterval); err != nil {
			return err
		}
	}
	if err := checkTauOver(c.Tau, metaIntervals); err != nil {
		return err
	}
	if !finite(c.W0) {
		return fmt.Errorf("meta.w0 = %g is not finite", c.W0)
	}
	if c.Baseline.Kind == EMABaseline && !(c.Baseline.Decay >= 0 && c.Baseline.Decay < 1) {
		return fmt.Errorf("meta.baseline: ema decay %g must lie in [0, 1)", c.Baseline.Decay)
	}
	if c.Baseline.Kind < NoBaseline || c.Baseline.Kind > EMABaseline {
		return fmt.Errorf("meta.baseline: unknown kind %d", c.Baseline.Kind)
	}
	return nil
}

// NegotiatorConfig configures one player of role negotiation: its
// meta-learner and the two learners it may run.
type NegotiatorConfig struct {
	// Meta configures the role meta-learner.
	Meta MetaConfig
	// Leader configures the Hi-C update the player runs when it leads.
	Leader HiCConfig
	// Follower configures the gradient update it runs when it follows.
	Follower GradientConfig
	// Domain is the player's strategy domain.
	Domain game.Domain
}

// Negotiator is one symmetric player of role negotiation (Algorithm 2 of
// the Hi-C paper): it keeps a meta-strategy w, leads with probability
// sin²w, and in each meta-interval plays the Hi-C leader or the gradient
// follower on its own payoff. It is built from its own View only.
type Negotiator struct {
	view View
	cfg  NegotiatorConfig
	rng  *rand.Rand
	w    float64
	hic  *HiC
	grad *GradientAscent
	x    []float64 // current strategy (the Hi-C mean when leading)

	base     float64
	haveBase bool
}

// NewNegotiator returns a negotiator starting at strategy x0 (copied), with
// meta-strategy cfg.Meta.W0, drawing every random number from rng.
func NewNegotiator(view View, x0 []float64, cfg NegotiatorConfig, rng *rand.Rand) (*Negotiator, error) {
	if view.Payoff == nil || view.Gradient == nil {
		return nil, fmt.Errorf("negotiator: the view needs both a payoff and a gradient")
	}
	if rng == nil {
		return nil, fmt.Errorf("negotiator: no random source")
	}
	if err := cfg.Meta.Validate(); err != nil {
		return nil, err
	}
	h, err := NewHiC(view.Payoff, x0, cfg.Domain, cfg.Leader, rng)
	if err != nil {
		return nil, fmt.Errorf("negotiator leader: %w", err)
	}
	g, err := NewGradientAscent(view.Gradient, x0, cfg.Domain, cfg.Follower, rng)
	if err != nil {
		return nil, fmt.Errorf("negotiator follower: %w", err)
	}
	return &Negotiator{view: view, cfg: cfg, rng: rng, w: cfg.Meta.W0, hic: h, grad: g, x: append([]float64(nil), g.Strategy()...)}, nil
}

// W returns the current meta-strategy w.
func (p *Negotiator) W() float64 { return p.w }

// LeadProbability returns p(w) = sin²w, the probability of leading.
func (p *Negotiator) LeadProbability() float64 { s := math.Sin(p.w); return s * s }

// Strategy returns the player's current (unperturbed) strategy.
func (p *Negotiator) Strategy() []float64 { return p.x }

// MetaStep records one meta-interval.
type MetaStep struct {
	// N is the meta-interval (from 1) and Tau its length in stages.
	N, Tau int
	// Lead says which players led during the interval.
	Lead [2]bool
	// Avg is each player's average own payoff a_n over the interval.
	Avg [2]float64
	// W is each player's meta-strategy after the update, P = sin²W.
	W, P [2]float64
	// X and Y are the two players' strategies at the end of the interval.
	X, Y []float64
	// F1 and F2 are the payoffs at (X, Y).
	F1, F2 float64
}

// NegotiationResult is the outcome of Negotiate.
type NegotiationResult struct {
	// Steps holds one record per meta-interval (none from
	// NegotiateStream).
	Steps []MetaStep
	// Completed is the number of meta-intervals completed and Last the
	// record of the last of them (the zero MetaStep when none was).
	Completed int
	Last      MetaStep
	// Stages is the total number of stages played (when Negotiate
	// returns an error, up to the stage the error names).
	Stages int
	// Status says why the negotiation stopped.
	Status loop.Status `json:"-"`
}

// Negotiate runs role negotiation between two negotiators for the given
// number of meta-intervals. In meta-interval n each player i
//
//	draws Δ ∈ {−1, 1}, w̃ = w + κ_n Δ, z ~ U[0, 1]               (Alg. 2, lines 4–6)
//	leads (Hi-C) if z < sin²(w̃), else follows (gradient ascent)  (lines 7–11)
//	plays τ_n stages, whatever the other chose, and averages its
//	own payoff a_n = (1/τ_n) Σ f_i over them                       (lines 12–13)
//	updates w ← w + β_n (a_n − b)/(κ_n Δ)                          (line 14)
//
// with b = 0 unless a meta baseline is configured. Algorithm 2 shares τ_n
// between the players: a meta-interval where p1's and p2's Meta.Tau give
// different numbers of stages is an error before any stage of it. A
// player keeps its strategy across meta-intervals (when it led, the Hi-C
// mean strategy) and its Hi-C and gradient learners keep their schedule
// indices. ref only records the payoffs. Nil players, one negotiator
// given as both players, or a nil ref are an error before any stage; a
// payoff that is not finite stops the run at its stage, and one of ref's
// at the end of its meta-interval (the steps before it are kept).
func Negotiate(ctx context.Context, p1, p2 *Negotiator, ref Referee, metaIntervals int) (NegotiationResult, error) {
	return NegotiateRecorded(ctx, p1, p2, ref, metaIntervals, nil)
}

// NegotiateRecorded is Negotiate handing each meta-interval's record to
// record (when not nil) as soon as it is made, before the next
// meta-interval begins, so that a caller can write it out while the
// negotiation runs; an error from record stops the negotiation with that
// error (the record is in the result). The numbers are Negotiate's bit for
// bit.
func NegotiateRecorded(ctx context.Context, p1, p2 *Negotiator, ref Referee, metaIntervals int, record func(MetaStep) error) (NegotiationResult, error) {
	return negotiate(ctx, p1, p2, ref, metaIntervals, record, true)
}

// NegotiateStream is NegotiateRecorded keeping no records in the result
// (its Steps is nil; Completed and Last say how far it got), so that its
// memory does not grow with the meta-intervals: the records go to record
// only. The numbers are Negotiate's bit for bit.
func NegotiateStream(ctx context.Context, p1, p2 *Negotiator, ref Referee, metaIntervals int, record func(MetaStep) error) (NegotiationResult, error) {
	return negotiate(ctx, p1, p2, ref, metaIntervals, record, false)
}

// negotiate is NegotiateRecorded, appending each record to the result's
// Steps when keep is true.
func negotiate(ctx context.Context, p1, p2 *Negotiator, ref Referee, metaIntervals int, record func(MetaStep) error, keep bool) (res NegotiationResult, err error) {
	// Set on every return, so that a refused negotiation is Failed
	// (a negative count returned before it, with Status Running).
	defer func() { res.Status = loop.StatusOf(err, false) }()
	switch {
	case ctx == nil:
		// Refused, as learn.Run does: ctx.Err() panicked at once.
		return NegotiationResult{}, fmt.Errorf("negotiate: nil context (use context.Background())")
	case metaIntervals < 0:
		return NegotiationResult{}, fmt.Errorf("negotiate: meta_intervals = %d must be ≥ 0", metaIntervals)
	case p1 == nil || p2 == nil:
		return NegotiationResult{}, fmt.Errorf("negotiate: player 1 or player 2 is nil")
	case p1 == p2:
		// One negotiator as both players would observe twice a stage and
		// update w twice a meta-interval, against itself.
		return NegotiationResult{}, fmt.Errorf("negotiate: player 1 and player 2 are the same negotiator")
	case ref == nil:
		return NegotiationResult{}, fmt.Errorf("negotiate: no referee")
	}
	players := [2]*Negotiator{p1, p2}
	for n := 1; n <= metaIntervals; n++ {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("negotiate: stopped before meta-interval %d: %w", n, err)
		}
		tau, err := tauLength(p1.cfg.Meta.Tau, n)
		if err != nil {
			return res, fmt.Errorf("negotiate: %w", err)
		}
		// Algorithm 2 shares τ_n between the players: a p2 configured for
		// other meta-intervals had its τ ignored, silently.
		tau2, err := tauLength(p2.cfg.Meta.Tau, n)
		if err != nil {
			return res, fmt.Errorf("negotiate: player 2 %w", err)
		}
		if tau2 != tau {
			return res, fmt.Errorf("negotiate meta-interval %d: player 1's meta.tau gives τ_%d = %d stages, player 2's τ_%d = %d; Algorithm 2 needs one schedule shared by both players", n, n, tau, n, tau2)
		}
		var (
			sign  [2]float64
			lead  [2]bool
			agent [2]Agent
		)
		// κ_n and β_n of both players, checked before anything is played.
		var kappa, beta [2]float64
		for i, p := range players {
			if kappa[i], err = loop.PositiveIndexed("meta.kappa κ_n", p.cfg.Meta.Kappa, n, loop.MetaInterval); err == nil {
				beta[i], err = loop.NonNegativeIndexed("meta.beta β_n", p.cfg.Meta.Beta, n, loop.MetaInterval)
			}
			if err != nil {
				return res, fmt.Errorf("negotiate meta-interval %d: player %d: %w", n, i+1, err)
			}
		}
		for i, p := range players {
			sign[i] = float64(int(p.rng.Uint64()&1)*2 - 1) // Δ_n
			wt := p.w + kappa[i]*sign[i]                   // w̃_n
			s := math.Sin(wt)
			lead[i] = p.rng.Float64() < s*s // z_n < sin²(w̃_n)
			if lead[i] {
				if err := p.hic.Restart(p.x); err != nil {
					return res, err
				}
				agent[i] = p.hic
			} else {
				if err := p.grad.Reset(p.x); err != nil {
					return res, err
				}
				agent[i] = p.grad
			}
		}
		avg, played, err := playAveraging(ctx, agent, [2]Payoff{p1.view.Payoff, p2.view.Payoff}, tau)
		res.Stages += played
		if err != nil {
			return res, fmt.Errorf("negotiate meta-interval %d: %w", n, err)
		}
		st := MetaStep{N: n, Tau: tau, Lead: lead, Avg: avg}
		for i, p := range players {
			if lead[i] {
				copy(p.x, p.hic.Mean())
			} else {
				copy(p.x, p.grad.Strategy())
			}
			est := avg[i]
			if p.haveBase {
				est -= p.base
			}
			// w_{n+1} = w_n + β_n a_n / (κ_n Δ_n)   (Alg. 2, line 14)
			p.w += beta[i] * est / (kappa[i] * sign[i])
			if !finite(p.w) {
				return res, loop.Diverge("meta-strategy w", "negotiate meta-interval %d: player %d meta-strategy w = %g (a_n = %g)", n, i+1, p.w, avg[i])
			}
			switch p.cfg.Meta.Baseline.Kind {
			case PreviousBaseline:
				p.base, p.haveBase = avg[i], true
			case EMABaseline:
				if p.haveBase {
					lam := p.cfg.Meta.Baseline.Decay
					p.base = lam*p.base + (1-lam)*avg[i]
				} else {
					p.base, p.haveBase = avg[i], true
				}
			}
			st.W[i], st.P[i] = p.w, p.LeadProbability()
		}
		st.X = append([]float64(nil), p1.x...)
		st.Y = append([]float64(nil), p2.x...)
		st.F1, st.F2 = ref(st.X, st.Y)
		for i, f := range [2]float64{st.F1, st.F2} {
			if !finite(f) {
				// Stopped, as Play stops: recorded, it was garbage in
				// the result with no error.
				return res, loop.Diverge(fmt.Sprintf("referee payoff f%d", i+1), "negotiate meta-interval %d: referee: player %d payoff f%d = %g at x = %v, y = %v", n, i+1, i+1, f, st.X, st.Y)
			}
		}
		if keep {
			res.Steps = append(res.Steps, st)
		}
		res.Completed, res.Last = n, st
		if record != nil {
			if err := record(st); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// checkTauOver returns tauLength's error at the first meta-interval n =
// 1 … last whose τ_n is not a usable number of stages (see ValidateFor).
func checkTauOver(s loop.Schedule, last int) error {
	if last < 1 {
		return nil
	}
	if _, err := tauLength(s, 1); err != nil {
		return err
	}
	switch t := s.(type) {
	case loop.Constant:
		return nil
	case loop.Power, loop.Log:
		return firstBadTau(s, last)
	case loop.Exponential:
		if t.R >= 0 {
			return firstBadTau(s, last)
		}
	case loop.List:
		for n := 2; n <= min(last, len(t)); n++ {
			if _, err := tauLength(s, n); err != nil {
				return err
			}
		}
		return nil
	}
	for n := 2; n <= min(last, tauReadBudget); n++ {
		if _, err := tauLength(s, n); err != nil {
			return err
		}
	}
	return nil
}

// firstBadTau is checkTauOver for a τ monotone in n and usable at n = 1:
// usable at last, it is usable at every n between (its values lie between
// τ_1's and τ_last's); otherwise the first unusable n is bisected for.
func firstBadTau(s loop.Schedule, last int) error {
	if _, err := tauLength(s, last); err == nil {
		return nil
	}
	good, bad := 1, last // τ_good usable, τ_bad not
	for bad-good > 1 {
		mid := good + (bad-good)/2
		if _, err := tauLength(s, mid); err == nil {
			good = mid
		} else {
			bad = mid
		}
	}
	_, err := tauLength(s, bad)
	return err
}

// tauLength is τ_n of meta-interval n in stages (rounded up, at least 1,
// as a commitment's), its error naming meta.tau and the meta-interval.
func tauLength(s loop.Schedule, n int) (int, error) {
	k, err := commitmentLength(s, n)
	if err != nil {
		return 0, fmt.Errorf("meta.tau: τ_%d = %g at %s %d is not a usable number of stages (a finite number up to %s)", n, s.At(n), loop.MetaInterval, n, maxStagesText)
	}
	return k, nil
}

// playAveraging plays tau stages between two agents and returns each
// one's average own payoff at the played profiles (Alg. 2, line 13) and
// the number of stages played: tau, or on an error the stage it names (the
// stages before it were played). A payoff that is not finite stops it at
// its stage. It polls ctx before the first stage and then about every
// millisecond of stages (poll.Poller: a numerical best responder takes up
// to max_iter inner steps a stage).
func playAveraging(ctx context.Context, agent [2]Agent, payoff [2]Payoff, tau int) ([2]float64, int, error) {
	var poller poll.Poller
	px := append([]float64(nil), agent[0].Strategy()...)
	py := append([]float64(nil), agent[1].Strategy()...)
	var sum [2]float64
	for t := 0; t < tau; t++ {
		if err := poller.Err(ctx); err != nil {
			return sum, t, fmt.Errorf("stage %d: %w", t, err)
		}
		copyVec(px, agent[0].Strategy())
		copyVec(py, agent[1].Strategy())
		f := [2]float64{payoff[0](px, py), payoff[1](py, px)}
		for i, v := range f {
			if !finite(v) {
				// Named here: summed, it was reported only after the
				// meta-interval's last stage, without the stage.
				return sum, t, loop.Diverge(fmt.Sprintf("player %d payoff", i+1), "stage %d: player %d payoff = %g", t, i+1, v)
			}
			sum[i] += v
		}
		if err := agent[0].Observe(py); err != nil {
			return sum, t, fmt.Errorf("stage %d: player 1: %w", t, err)
		}
		if err := agent[1].Observe(px); err != nil {
			return sum, t, fmt.Errorf("stage %d: player 2: %w", t, err)
		}
	}
	for i := range sum {
		sum[i] /= float64(tau)
		if !finite(sum[i]) {
			return sum, tau, loop.Diverge("average payoff a_n", "player %d average payoff a_n = %g", i+1, sum[i])
		}
	}
	return sum, tau, nil
}

package uncoupled

import (
	"fmt"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// BaselineKind selects the value subtracted from the observed payoff in the
// Hi-C update to reduce the variance of the SPSA estimate.
type BaselineKind int

const (
	// NoBaseline uses the payoff as it is (Eq. 6).
	NoBaseline BaselineKind = iota
	// PreviousBaseline subtracts the payoff observed at the end of the
	// previous interval, f1(x̃_{n−1}, ỹ_{n−1}), which is independent of Δ_n.
	// Section 3, after Eq. 6, writes the baseline f1(x_t, ỹ_{n−1}), with an
	// x_t the paper does not define; stackel reads it as the strategy the
	// leader played at the stage t where ỹ_{n−1} was observed, x̃_{n−1},
	// so the baseline is a payoff the leader observed and needs no
	// evaluation of f1 at a strategy it did not play (the unperturbed x_n
	// would be the other reading). In interval 1 it is 0.
	PreviousBaseline
	// EMABaseline subtracts an exponential moving average of the payoffs
	// observed at the ends of the previous intervals:
	// b ← Decay·b + (1 − Decay)·f, started at the first observed payoff.
	// In interval 1 it is 0.
	EMABaseline
)

// Baseline is the variance-reducing baseline of the Hi-C update.
type Baseline struct {
	// Kind is none, previous or EMA.
	Kind BaselineKind
	// Decay is the EMA's weight on the old value, in [0, 1) (EMA only).
	Decay float64
}

// String gives the config spelling: none, previous or ema(λ).
func (b Baseline) String() string {
	switch b.Kind {
	case PreviousBaseline:
		return "previous"
	case EMABaseline:
		return fmt.Sprintf("ema(%g)", b.Decay)
	}
	return "none"
}

// HiCConfig holds the schedules of Algorithm 1. Every schedule is indexed
// by the interval n, counting from 1.
type HiCConfig struct {
	// Alpha is the step-size schedule α_n of Eq. 6.
	Alpha loop.Schedule
	// Delta is the perturbation schedule δ_n (x̃_n = x_n + δ_n Δ_n).
	Delta loop.Schedule
	// Commitment is the commitment schedule k_n, the number of stages the
	// leader plays x̃_n; its values must be positive (Validate) and are
	// rounded up to an integer. Use loop.Constant, loop.Log or Eq19.
	Commitment loop.Schedule
	// Baseline is subtracted from the observed payoff (default none).
	Baseline Baseline
	// BurnIn is the number of initial intervals during which the leader
	// perturbs and commits as usual but does not update x_n (the baseline
	// and the follower warm up).
	BurnIn int
}

// Validate checks the schedules and the baseline.
func (c HiCConfig) Validate() error {
	if err := loop.ValidateIndexed("hic.alpha", c.Alpha, loop.Interval); err != nil {
		return err
	}
	if err := loop.ValidatePositiveIndexed("hic.delta", c.Delta, loop.Interval); err != nil {
		return err
	}
	// Eq. 19's own parameters first: its values are NaN or worse when they
	// are wrong, and the error should say which.
	e, ok := c.Commitment.(Eq19)
	if pe, isPtr := c.Commitment.(*Eq19); isPtr {
		// A *Eq19 is a Schedule too (value receivers): it skipped these
		// checks, and its δ_n could differ from the leader's silently.
		if pe == nil {
			return fmt.Errorf("hic.commitment: no schedule (a nil *Eq19)")
		}
		e, ok = *pe, true
	}
	if ok {
		if err := e.Validate(); err != nil {
			return fmt.Errorf("hic.commitment: %w", err)
		}
		// Corollary 3.11 computes k_n from the leader's own perturbation
		// schedule; an Eq19 carrying another δ_n gave commitments that
		// are not Eq. 19's for this leader, silently.
		for _, n := range []int{1, 2, 10, 1000} {
			if de, dh := e.Delta.At(n), c.Delta.At(n); de != dh {
				return fmt.Errorf("hic.commitment: eq19: its perturbation schedule gives δ_%d = %g where hic.delta gives %g; Eq. 19 needs the leader's own δ_n", n, de, dh)
			}
		}
	}
	// A commitment of 0 stages is no commitment (Algorithm 1 plays x̃_n for
	// k_n ≥ 1 stages): refused rather than rounded up to 1.
	if err := loop.ValidatePositiveIndexed("hic.commitment", c.Commitment, loop.Interval); err != nil {
		return err
	}
	for _, n := range []int{1, 2, 10, 1000} {
		if _, err := commitmentLength(c.Commitment, n); err != nil {
			return fmt.Errorf("hic.commitment: %w", err)
		}
	}
	if c.Baseline.Kind == EMABaseline && !(c.Baseline.Decay >= 0 && c.Baseline.Decay < 1) {
		return fmt.Errorf("hic.baseline: ema decay %g must lie in [0, 1)", c.Baseline.Decay)
	}
	if c.Baseline.Kind < NoBaseline || c.Baseline.Kind > EMABaseline {
		return fmt.Errorf("hic.baseline: unknown kind %d", c.Baseline.Kind)
	}
	if c.BurnIn < 0 {
		return fmt.Errorf("hic.burn_in = %d must be ≥ 0", c.BurnIn)
	}
	return nil
}

// HiC is the uncoupled Hi-C leader of Algorithm 1. It is built from its own
// payoff oracle only: it observes the strategy the follower played and
// evaluates its own payoff at the played profile at the end of each
// commitment interval.
type HiC struct {
	cfg    HiCConfig
	payoff Payoff
	dom    game.Domain
	rng    *rand.Rand

	x     []float64 // x_n, the mean strategy
	xt    []float64 // x̃_n, the perturbed strategy played during interval n
	sign  []float64 // Δ_n ∈ {−1, +1}^d
	n     int       // current interval, from 1
	k     int       // k_n
	t     int       // stages of interval n played so far
	delta float64   // δ_n

	base     float64 // baseline for the coming update
	haveBase bool
	skip     int     // intervals left that only observe (after Restart)
	last     float64 // payoff observed at the end of the last interval
}

// NewHiC returns a Hi-C leader starting from the mean strategy x0 (copied)
// on the domain dom, drawing its perturbations from rng. The first
// interval's perturbation is drawn at once.
func NewHiC(payoff Payoff, x0 []float64, dom game.Domain, cfg HiCConfig, rng *rand.Rand) (*HiC, error) {
	if payoff == nil {
		return nil, fmt.Errorf("hic: no payoff oracle")
	}
	if rng == nil {
		return nil, fmt.Errorf("hic: no random source")
	}
	if err := checkStrategy("hic.x0", x0, dom); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	d := len(x0)
	h := &HiC{
		cfg: cfg, payoff: payoff, dom: dom, rng: rng,
		x: append([]float64(nil), x0...), xt: make([]float64, d), sign: make([]float64, d),
	}
	dom.Project(h.x)
	if err := h.begin(1); err != nil {
		return nil, err
	}
	return h, nil
}

// begin starts interval n: draws Δ_n, sets δ_n, k_n and x̃_n.
func (h *HiC) begin(n int) error {
	h.n, h.t = n, 0
	// δ_n first: Eq. 19's k_n is computed from it, and a bad δ_n should
	// be reported as itself, not as an unusable k_n.
	var err error
	if h.delta, err = loop.PositiveIndexed("hic.delta δ_n", h.cfg.Delta, n, loop.Interval); err != nil {
		return fmt.Errorf("hic: %w", err)
	}
	if h.k, err = commitmentLength(h.cfg.Commitment, n); err != nil {
		return fmt.Errorf("hic: %w", err)
	}
	var bits uint64
	for i := range h.sign {
		if i%64 == 0 {
			bits = h.rng.Uint64()
		}
		// Δ_n uniform on {−1, 1}^d (Algorithm 1, line 4).
		h.sign[i] = float64(int(bits&1)*2 - 1)
		bits >>= 1
		h.xt[i] = h.x[i] + h.delta*h.sign[i] // line 5
	}
	project(&h.dom, h.xt)
	return nil
}

// Strategy returns x̃_n, the strategy committed to in the current interval.
func (h *HiC) Strategy() []float64 { return h.xt }

// Mean returns x_n, the leader's current unperturbed strategy.
func (h *HiC) Mean() []float64 { return h.x }

// Perturbation returns δ_n, the perturbation size of the current interval
// (x̃_n = x_n + δ_n Δ_n before projection).
func (h *HiC) Perturbation() float64 { return h.delta }

// Interval returns the current interval n (from 1) and its commitment k_n.
func (h *HiC) Interval() (n, k int) { return h.n, h.k }

// Observe counts a stage of the commitment; at the last stage of interval n
// it takes the follower's strategy as ỹ_n, observes its own payoff
// f1(x̃_n, ỹ_n) and updates x (Eq. 6), then starts interval n + 1.
func (h *HiC) Observe(other []float64) error {
	h.t++
	if h.t < h.k {
		return nil // lines 6–9: keep playing x̃_n
	}
	f := h.payoff(h.xt, other) // f1(x̃_n, ỹ_n), ỹ_n = y at the interval's last stage
	if !finite(f) {
		return loop.Diverge("leader payoff f1(x̃, ỹ)", "hic interval %d: leader payoff f1(x̃, ỹ) = %g", h.n, f)
	}
	if h.n > h.cfg.BurnIn && h.skip == 0 {
		est := f
		if h.haveBase {
			est -= h.base
		}
		// x_{n+1}^i = x_n^i + α_n (f1(x̃_n, ỹ_n) − b_n)/(δ_n Δ_n^i)   (Eq. 6)
		alpha, err := loop.NonNegativeIndexed("hic.alpha α_n", h.cfg.Alpha, h.n, loop.Interval)
		if err != nil {
			return fmt.Errorf("hic interval %d: %w", h.n, err)
		}
		step := alpha * est / h.delta
		for i := range h.x {
			h.x[i] += step * h.sign[i] // 1/Δ^i = Δ^i for Δ^i = ±1
			if !finite(h.x[i]) {
				return loop.Diverge("leader strategy x", "hic interval %d: leader strategy x[%d] = %g (payoff %g, δ = %g)", h.n, i, h.x[i], f, h.delta)
			}
		}
		project(&h.dom, h.x)
	}
	h.last = f
	if h.skip > 0 {
		h.skip--
	}
	switch h.cfg.Baseline.Kind {
	case PreviousBaseline:
		h.base, h.haveBase = f, true
	case EMABaseline:
		if !h.haveBase {
			h.base, h.haveBase = f, true
		} else {
			lam := h.cfg.Baseline.Decay
			h.base = lam*h.base + (1-lam)*f
		}
	}
	return h.begin(h.n + 1)
}

// Restart makes the leader resume from the mean strategy x0 (copied and
// projected; an x0 that is not finite is an error and changes nothing),
// for role negotiation: the interval in progress is abandoned
// without an update and interval n begins again with a fresh Δ_n. The
// schedules keep their index. The other agent may have just changed its
// learning rule, so the first max(BurnIn, 1) intervals after a restart only
// observe (re-warming the baseline, which is discarded as stale, and
// letting the other agent adapt) and do not update x.
func (h *HiC) Restart(x0 []float64) error {
	if len(x0) != len(h.x) {
		return fmt.Errorf("hic restart: %d values for a %d-dimensional strategy", len(x0), len(h.x))
	}
	// Refused as NewHiC refuses it: a NaN was played as x̃ and surfaced
	// later as the payoff's (or the follower's gradient's) failure.
	if err := checkFinite("hic restart: x0", x0); err != nil {
		return err
	}
	copy(h.x, x0)
	project(&h.dom, h.x)
	h.haveBase = false
	h.skip = max(h.cfg.BurnIn, 1)
	return h.begin(h.n)
}

// LastPayoff returns the payoff observed at the end of the last completed
// interval (0 before the first).
func (h *HiC) LastPayoff() float64 { return h.last }

// finite reports whether v is neither NaN nor ±Inf (v − v is 0 exactly
// then, and NaN otherwise): one comparison on the hot path.
func finite(v float64) bool { return v-v == 0 }

// project maps v into dom in place. A box is clipped with plain
// comparisons (the values are known to be finite), the hot path of every
// stage; other domains use Domain.Project.
func project(dom *game.Domain, v []float64) {
	if dom.Kind != game.Box {
		dom.Project(v)
		return
	}
	for i, e := range v {
		if e < dom.Lo[i] {
			v[i] = dom.Lo[i]
		} else if e > dom.Hi[i] {
			v[i] = dom.Hi[i]
		}
	}
}

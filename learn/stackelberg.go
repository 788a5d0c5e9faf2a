package learn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/total"
)

// Solver kinds for the leader's implicit term.
const (
	// SolverExact forms the dense follower Hessian ∇yy f2 + λI from ad
	// (one Hessian row per follower coordinate) and solves by LU with
	// partial pivoting.
	SolverExact = "exact"
	// SolverCG solves matrix-free by conjugate gradients on ad
	// Hessian–vector products (Appendix E of the Stackelberg actor-critic
	// paper).
	SolverCG = "cg"
	// SolverUnrolled replaces the inverse by differentiating through Steps
	// gradient steps of size LR of the follower on f2 + (λ/2)‖y‖²: the
	// truncated Neumann series w = η Σ_{i<m} (I − η(∇yy f2 + λI))^i ∇y f1
	// (total.Unrolled), on ad Hessian–vector products.
	SolverUnrolled = "unrolled"
)

// Solver says how the leader computes the implicit term
// w = (∇yy f2 + λI)⁻¹ ∇y f1 of its total derivative. The zero value is the
// exact solver without regularisation. Its yaml tags are the keys of the
// `solver:` block of a stackelberg configuration.
type Solver struct {
	// Kind is SolverExact ("exact", also when empty), SolverCG ("cg") or
	// SolverUnrolled ("unrolled").
	Kind string `yaml:"kind"`
	// Lambda is the implicit-map regularisation λ ≥ 0 of Section 4.5 and
	// Proposition 2 of the Stackelberg actor-critic paper: the leader
	// models the follower as minimising f2 + (λ/2)‖y‖², interpolating
	// between the Stackelberg total derivative (λ → 0) and the individual
	// gradient D1 f1 (λ → ∞). It is added to the Hessian of the follower's
	// cost (Sign·f2), so it regularises payoff games too. Default 0.
	Lambda float64 `yaml:"lambda"`
	// Iters caps the CG iterations; 0 means d2 (exact in exact arithmetic
	// for a positive-definite system). A key of CG only: the other solvers
	// refuse a non-zero value.
	Iters int `yaml:"iters"`
	// Tol is CG's relative residual tolerance ‖r‖ ≤ Tol·‖∇y f1‖; 0 means
	// 1e-10. A key of CG only, like Iters.
	Tol float64 `yaml:"tol"`
	// Steps is the number m ≥ 1 of unrolled follower steps (unrolled
	// only; required there).
	Steps int `yaml:"steps,omitempty"`
	// LR is the unrolled follower's step η > 0 (unrolled only; required
	// there). The series converges to the exact implicit term when
	// η < 2/‖∇yy f2 + λI‖ and ∇yy f2 + λI is positive definite.
	LR float64 `yaml:"lr,omitempty"`
	// WarmStart starts each CG solve from the previous step's solution
	// instead of zero. Default false (every step is a function of the
	// current point alone). Not a config key; CG only, like Iters.
	WarmStart bool `yaml:"-"`
}

func (s Solver) validate() error {
	switch s.Kind {
	case "", SolverExact, SolverCG, SolverUnrolled:
	default:
		return fmt.Errorf("solver.kind: unknown solver %q (want %q, %q or %q)", s.Kind, SolverExact, SolverCG, SolverUnrolled)
	}
	if !(s.Lambda >= 0) || math.IsInf(s.Lambda, 0) {
		return fmt.Errorf("solver.lambda: %g is not a finite non-negative number", s.Lambda)
	}
	if s.Iters < 0 {
		return fmt.Errorf("solver.iters: %d is negative", s.Iters)
	}
	if !(s.Tol >= 0) || math.IsInf(s.Tol, 0) {
		return fmt.Errorf("solver.tol: %g is not a finite non-negative number", s.Tol)
	}
	if s.Kind != SolverCG && (s.Iters != 0 || s.Tol != 0) {
		// The unrolled solver's length is steps; it ignored iters and tol.
		kind := s.Kind
		if kind == "" {
			kind = SolverExact
		}
		return fmt.Errorf("solver: iters and tol are keys of the cg solver, not of the %s one (give kind: cg to use them)", kind)
	}
	if s.Kind != SolverCG && s.WarmStart {
		// Ignored by the other solvers, as iters and tol were.
		kind := s.Kind
		if kind == "" {
			kind = SolverExact
		}
		return fmt.Errorf("solver: WarmStart is an option of the cg solver, not of the %s one (give Kind: cg to use it)", kind)
	}
	if s.Kind == SolverUnrolled {
		if s.Steps < 1 {
			return fmt.Errorf("solver.steps: %d: the unrolled solver needs steps ≥ 1", s.Steps)
		}
		if !(s.LR > 0) || math.IsInf(s.LR, 0) {
			return fmt.Errorf("solver.lr: %g: the unrolled solver needs a finite step lr > 0", s.LR)
		}
	} else if s.Steps != 0 || s.LR != 0 {
		kind := s.Kind
		if kind == "" {
			kind = SolverExact // no kind is the exact solver
		}
		return fmt.Errorf("solver: steps and lr are keys of the unrolled solver, not of %q (give kind: unrolled to use them)", kind)
	}
	return nil
}

// StackelbergParams are the config keys of kind stackelberg besides the
// shared ones (leader_lr, follower_lr, noise, step_tol).
type StackelbergParams struct {
	// Solver is `solver`: how the leader applies (∇yy f2 + λI)⁻¹ (absent:
	// {kind: exact, lambda: 0}).
	Solver *Solver `yaml:"solver"`
	// Unroll is `unroll`, the follower steps per leader step (0 or
	// absent: 1).
	Unroll int `yaml:"unroll"`
	// Leader is `leader`: x (the first player leads, the default) or y.
	Leader string `yaml:"leader"`
}

// CheckWritten reports the unrolled solver's steps or lr left out of a
// configuration file as missing: both are required, with no default (see
// WrittenChecker).
func (p *StackelbergParams) CheckWritten(written func(key string) bool) error {
	s := p.Solver
	if s == nil || s.Kind != SolverUnrolled {
		return nil
	}
	for _, k := range []struct {
		key, what string
		zero      bool
	}{{"steps", "a whole number ≥ 1", s.Steps == 0}, {"lr", "a finite step > 0", s.LR == 0}} {
		if k.zero && !written("solver."+k.key) {
			return fmt.Errorf("solver: %s: missing (the unrolled solver requires %s, %s; it has no default)", k.key, k.key, k.what)
		}
	}
	return nil
}

// Validate checks the values of the keys (see Validator).
func (p *StackelbergParams) Validate() error {
	if s := p.Solver; s != nil {
		// No kind is the exact solver, as in the Go API (Solver.Kind).
		if err := s.validate(); err != nil {
			return err
		}
	}
	if p.Unroll < 0 {
		return fmt.Errorf("unroll = %d: need ≥ 1 (0 or absent means 1)", p.Unroll)
	}
	if p.Leader != "" && p.Leader != "x" && p.Leader != "y" {
		return fmt.Errorf("leader = %q: need x (the first player leads, default) or y", p.Leader)
	}
	return nil
}

func init() {
	RegisterKind(NewKind("stackelberg", func(g game.Game, r Rates, p *StackelbergParams) (Dynamics, error) {
		c := StackelbergConfig{
			LeaderLR: r.Leader, FollowerLR: r.Follower,
			NoiseLeader: r.NoiseLeader, NoiseFollower: r.NoiseFollower,
			Unroll: p.Unroll, FollowerLeads: p.Leader == "y",
		}
		if p.Solver != nil {
			c.Solver = *p.Solver
		}
		return NewStackelberg(g, c)
	}))
}

// StackelbergConfig configures two-timescale Stackelberg dynamics.
type StackelbergConfig struct {
	// LeaderLR is the leader's step size γ_{1,k}; for the two-timescale
	// analysis of Section 3.2 it should vanish faster than FollowerLR
	// (γ_{1,k} = o(γ_{2,k})), e.g. 1/k against 1/k^{2/3}. Required.
	// Config key dynamics.leader_lr; NewStackelberg's and Run's errors
	// call it "leader step size" (nil: "leader step size: no schedule").
	LeaderLR loop.Schedule
	// FollowerLR is the follower's step size γ_{2,k}. Required. Config
	// key dynamics.follower_lr; errors call it "follower step size".
	FollowerLR loop.Schedule
	// NoiseLeader is the standard deviation σ_1 of each coordinate of the
	// leader's noise w_{1,k} (Eq. 6); 0 means noiseless. Config key
	// dynamics.noise.leader; errors call it "leader noise σ".
	NoiseLeader float64
	// NoiseFollower is σ_2 for the follower's noise w_{2,k} (Eq. 7).
	// Config key dynamics.noise.follower; errors call it "follower noise
	// σ".
	NoiseFollower float64
	// Solver computes the implicit term; the zero value is exact with
	// λ = 0. Config key dynamics.solver: errors name its fields solver.kind,
	// solver.lambda, solver.iters, solver.tol, solver.steps and solver.lr
	// (Solver.Kind, Lambda, Iters, Tol, Steps, LR).
	Solver Solver
	// Unroll is the number m of follower steps per leader step (Algorithm 2
	// of the Stackelberg actor-critic paper); 0 means 1, which is Eq. 6–7.
	// Config key dynamics.unroll.
	Unroll int
	// FollowerLeads swaps the roles: the player choosing y leads (follows
	// its total derivative) and the player choosing x follows. LeaderLR,
	// NoiseLeader and the solver then apply to the y player. Default false.
	// Config key dynamics.leader: y. To check a run's end point, use
	// equilib.PolishYLeads(g, r.X, r.Y, equilib.StackelbergField) (or
	// equilib.AnalyzeYLeads): equilib.Polish takes x for the leader and
	// would Newton-step to the x-leads equilibrium, another point in
	// general.
	FollowerLeads bool
}

// Stackelberg is the two-timescale Stackelberg gradient dynamic of Eq. 6–7
// (Eq. 4 with ω_S = (Df1, D2 f2)), generalised by Algorithm 2 of the
// Stackelberg actor-critic paper (follower unrolling, regularisation):
//
//	Df1^λ(x, y) = D1 f1 − (D21 f2)ᵀ (D2² f2 + λI)⁻¹ D2 f1      (§2.1, Eq. 6; λ: Zheng Prop. 2)
//	x_{k+1}     = x_k − γ_{1,k}(Df1^λ(x_k, y_{k,0}) + w_{1,k+1})   (Eq. 6)
//	y_{k,l+1}   = y_{k,l} − γ_{2,k}(D2 f2(x_k, y_{k,l}) + w_{2,k,l+1}), l < m   (Eq. 7)
//	y_{k+1,0}   = y_{k,m}
//
// (the follower's noise is drawn afresh at each of its m steps; with m = 1,
// w_{2,k,1} is Eq. 7's w_{2,k+1}. Zheng: the Stackelberg actor-critic
// paper of Zheng et al.; Fiez et al.'s own Proposition 2 is the zero-sum
// result of Section 2.2.1), with the f_i
// taken as costs (Sign·f_i: payoffs are negated, so the leader ascends its
// payoff's total derivative and λ regularises the Hessian of the
// follower's cost). Every update is projected onto its
// player's domain. With Unroll = 1 this is exactly Eq. 6–7: both players
// update from the same point (x_k, y_k).
//
// All derivatives come from ad graphs compiled once by NewStackelberg and
// replayed each step: the gradients (and, for the exact solver, the rows of
// ∇yy f2), the Hessian–vector product ∇yy f2·v for CG, and the mixed
// product ∇x(∇y f2 · w).
//
// Config: `dynamics: {kind: stackelberg, leader_lr, follower_lr, noise,
// step_tol, solver, unroll, leader}` (StackelbergParams).
//
// Stackelberg is not safe for concurrent use.
type Stackelberg struct {
	cfg    StackelbergConfig
	g      game.Game // with roles swapped when FollowerLeads
	game0  game.Game // the game it was built on (builtOn)
	swap   bool
	d1, d2 int
	hvpOp  bool // the solver uses Hessian–vector products (cg, unrolled)
	m      int
	dx, dy game.Domain

	main   program      // ∇x c1, ∇y c2, ∇y c1 [, rows of ∇yy c2]
	hvp    program      // ∇yy c2 · v (cg, unrolled)
	mixed  program      // ∇x(∇y c2 · w)
	fgrad  program      // ∇y c2 (unrolled follower steps)
	solver total.Solver // exact (dense LU), CG or unrolled
	hess   total.Hessian
	xl, yf []float64 // the point of the current total derivative

	w, dtot, gy, xNew, ySave []float64

	// gauge is c/d2 when the exact solver with λ = 0 meets a simplex
	// follower (see hessianRow), 0 otherwise; row is hessianRow's buffer.
	gauge float64
	row   []float64
}

// NewStackelberg compiles the derivative graphs of g for Stackelberg
// dynamics with configuration c. Its errors name c's fields by their
// config keys (see StackelbergConfig's fields and the package
// documentation's "Errors and config keys").
func NewStackelberg(g game.Game, c StackelbergConfig) (*Stackelberg, error) {
	if err := checkGame(g); err != nil {
		return nil, err
	}
	if err := loop.Validate("leader step size", c.LeaderLR); err != nil {
		return nil, err
	}
	if err := loop.Validate("follower step size", c.FollowerLR); err != nil {
		return nil, err
	}
	if err := validateNoise(c.NoiseLeader, c.NoiseFollower); err != nil {
		return nil, err
	}
	if err := c.Solver.validate(); err != nil {
		return nil, err
	}
	if c.Unroll < 0 {
		return nil, fmt.Errorf("unroll: %d is negative", c.Unroll)
	}
	s := &Stackelberg{cfg: c, g: g, game0: g, swap: c.FollowerLeads, m: max(c.Unroll, 1),
		hvpOp: c.Solver.Kind == SolverCG || c.Solver.Kind == SolverUnrolled}
	if s.swap {
		s.g = swapped{g}
	}
	s.d1, s.d2 = s.g.Dims()
	s.dx, s.dy = s.g.Domains()
	sv := c.Solver
	switch sv.Kind {
	case SolverCG:
		s.main = ownGrads(s.g, true)
		s.hvp = followerHVP(s.g)
		s.solver = &total.CG{Lambda: sv.Lambda, Iters: sv.Iters, Tol: sv.Tol, WarmStart: sv.WarmStart, FailOnBreakdown: true}
	case SolverUnrolled:
		s.main = ownGrads(s.g, true)
		s.hvp = followerHVP(s.g)
		s.solver = &total.Unrolled{Lambda: sv.Lambda, Steps: sv.Steps, Eta: sv.LR}
	default:
		s.main = gradsHessian(s.g)
		s.solver = &total.Exact{Lambda: sv.Lambda}
	}
	s.hess = total.Hessian{Apply: s.applyHessian, Row: s.hessianRow}
	s.mixed = mixedProduct(s.g)
	if s.m > 1 {
		s.fgrad = followerGrad(s.g)
	}
	s.w = make([]float64, s.d2)
	s.dtot = make([]float64, s.d1)
	s.gy = make([]float64, s.d2)
	s.xNew = make([]float64, s.d1)
	s.ySave = make([]float64, s.d2)
	return s, nil
}

// hessianRow is row i of the dense follower Hessian ∇yy c2 computed by
// the main program (exact solver), plus the gauge term (c/d2)·11ᵀ when
// s.gauge is set.
//
// A simplex follower plays logits y that enter the objectives only
// through softmax(y), which y + s·1 does not change: ∇yy f2·1 = 0, so in
// logits the follower Hessian is always singular and with λ = 0 the exact
// solve failed at iteration 1 on every bimatrix game. The term is exact:
// ∇y f1 ⊥ 1 (the objective is shift-invariant), so the solution w of
// (∇yy f2 + (c/d2)·11ᵀ) w = ∇y f1 is the one orthogonal to 1, the
// pseudo-inverse's, and (∇yx f2)ᵀ w is the same for every solution since
// 1ᵀ∇yx f2 = 0. c is the largest |diagonal entry| (1 if all are 0), so the
// added eigenvalue is of the Hessian's scale; a Hessian singular on the
// directions that do change softmax(y) is still reported.
func (s *Stackelberg) hessianRow(i int) []float64 {
	r := s.main.out(3 + i)
	if s.gauge == 0 {
		return r
	}
	for j, v := range r {
		s.row[j] = v + s.gauge
	}
	return s.row
}

// setGauge sets s.gauge for the Hessian the main program just computed:
// c/d2 with c its largest |diagonal entry| (1 if all are 0), when the
// exact solver runs with λ = 0 on a simplex follower of d2 ≥ 2 logits
// whose Hessian rows sum to 0 (to 1e-9 of their absolute sums); 0
// otherwise (λ > 0 makes the solve regular, and its numbers stay those
// of earlier versions).
func (s *Stackelberg) setGauge() {
	s.gauge = 0
	if s.hvpOp || s.cfg.Solver.Lambda != 0 || s.dy.Kind != game.Simplex || s.d2 < 2 {
		return
	}
	c := 0.0
	for i := range s.d2 {
		row := s.main.out(3 + i)
		c = math.Max(c, math.Abs(row[i]))
		// The term is exact only when the objective is unchanged by the
		// shift (∇yy f2·1 = 0, each row summing to 0): a formula game
		// may declare a simplex follower whose objective is not
		// (equilib refuses it); its Hessian is then solved as it is.
		sum, abs := 0.0, 0.0
		for _, v := range row {
			sum += v
			abs += math.Abs(v)
		}
		if math.Abs(sum) > 1e-9*abs {
			return
		}
	}
	if !(c > 0) || math.IsInf(c, 0) {
		c = 1 // a NaN or Inf entry is reported by the solver's own check
	}
	if s.row == nil {
		s.row = make([]float64, s.d2)
	}
	s.gauge = c / float64(s.d2)
}

// mixedProduct is (∇yx c2)ᵀ w = ∇x(∇y c2 · w) at the current point.
func (s *Stackelberg) mixedProduct(w []float64) []float64 {
	s.mixed.p.SetInput(2, w)
	s.mixed.run(s.xl, s.yf)
	return s.mixed.out(0)
}

// applyHessian is the CG operator v ↦ ∇yy c2 · v at the point last set on
// the HVP program.
func (s *Stackelberg) applyHessian(dst, v []float64) {
	s.hvp.p.SetInput(2, v)
	s.hvp.p.Run()
	copy(dst, s.hvp.out(0))
}

// TotalDerivative writes the leader's regularised total derivative
// Df1^λ(x, y) = D1 f1 − (D21 f2)ᵀ(D2² f2 + λI)⁻¹ D2 f1 of its cost (Sign·f1)
// into dst, as the configured solver computes it. x and y are the strategies
// of the game's players 1 and 2; with FollowerLeads the leader is player 2
// and dst has player 2's dimension. Lengths that do not fit the game are
// an error naming them. On error dst is left unchanged.
func (s *Stackelberg) TotalDerivative(dst, x, y []float64) (StepInfo, error) {
	if err := s.checkLengths(dst, x, y); err != nil {
		return StepInfo{}, err
	}
	xl, yf := x, y
	if s.swap {
		xl, yf = y, x
	}
	info, err := s.leaderDirection(context.Background(), xl, yf)
	if err == nil {
		copy(dst, s.dtot)
	}
	return info, err
}

// checkLengths returns an error unless x and y have the dimensions of
// the game's players 1 and 2 and dst the leader's (player 2's with
// FollowerLeads): a wrong x or y panicked inside ad, and a wrong dst was
// filled in part.
func (s *Stackelberg) checkLengths(dst, x, y []float64) error {
	d1, d2 := s.d1, s.d2 // in the leader/follower order of s.g
	leader, g := 1, s.g
	if s.swap {
		d1, d2, leader, g = d2, d1, 2, s.g.(swapped).g
	}
	if len(x) != d1 || len(y) != d2 {
		return fmt.Errorf("total derivative: x has %d and y %d coordinates; game %q has dimensions (%d, %d)", len(x), len(y), g.Name(), d1, d2)
	}
	if len(dst) != len(s.dtot) {
		return fmt.Errorf("total derivative: dst has %d elements; the leader (player %d) has %d", len(dst), leader, len(s.dtot))
	}
	return nil
}

// leaderDirection computes s.dtot = Df1^λ(xl, yf) and s.gy = D2 f2(xl, yf)
// in the leader/follower coordinates of s.g.
func (s *Stackelberg) leaderDirection(ctx context.Context, xl, yf []float64) (StepInfo, error) {
	var info StepInfo
	s.main.run(xl, yf)
	g1x, g2y, g1y := s.main.out(0), s.main.out(1), s.main.out(2)
	copy(s.gy, g2y)
	if err := checkFinite("leader gradient D1 f1", g1x); err != nil {
		return info, err
	}
	if err := checkFinite("leader cross gradient D2 f1", g1y); err != nil {
		return info, err
	}
	if err := checkFinite("follower gradient D2 f2", g2y); err != nil {
		return info, err
	}
	if s.hvpOp {
		// Matrix-free solve of (∇yy f2 + λI) w = ∇y f1 (Prop. 2 of the
		// Stackelberg actor-critic paper).
		s.hvp.p.SetInput(0, xl)
		s.hvp.p.SetInput(1, yf)
	}
	s.xl, s.yf = xl, yf
	s.setGauge()
	// Df1 = D1 f1 − (∇yx f2)ᵀ (∇yy f2 + λI)⁻¹ D2 f1: Fiez et al. §2.1 and
	// Eq. 6 (Dr = −(D2² f2)⁻¹ D21 f2), regularised by λ as in Prop. 2 of
	// the Stackelberg actor-critic paper (Zheng et al.).
	res, err := total.Derivative(ctx, s.solver, s.dtot, g1x, g1y, s.hess, s.w, s.mixedProduct)
	info.CGIters, info.CGResidual = res.Iterations, res.Residual
	info.CGCapped, info.CGRelResidual = res.Capped, res.RelResidual
	if err != nil {
		return info, err
	}
	return info, checkFinite("leader total derivative", s.dtot)
}

// Step performs iteration k (see Stackelberg). Noise draws per step: the
// leader's d1 normals, then the follower's d2 normals for each of its m
// unrolled steps.
func (s *Stackelberg) Step(ctx context.Context, k int, x, y []float64, rng *rand.Rand) (StepInfo, error) {
	d1, d2 := s.d1, s.d2 // the leader's and the follower's
	if s.swap {
		d1, d2 = d2, d1
	}
	if err := checkStep(x, y, d1, d2); err != nil {
		return StepInfo{}, err
	}
	if err := needRNG(s.cfg.NoiseLeader, s.cfg.NoiseFollower, rng); err != nil {
		return StepInfo{}, err
	}
	gamma1, gamma2, err := stepSizes(s.cfg.LeaderLR, s.cfg.FollowerLR, k)
	if err != nil {
		return StepInfo{}, err
	}
	xl, yf := x, y
	if s.swap {
		xl, yf = y, x
	}
	info, err := s.leaderDirection(ctx, xl, yf)
	if err != nil {
		return info, err
	}
	// Eq. 6: the leader's step from (x_k, y_{k,0}), applied after the
	// follower's steps, which see x_k.
	copy(s.xNew, xl)
	descend(s.xNew, s.dtot, gamma1, s.cfg.NoiseLeader, rng)
	s.dx.Project(s.xNew)
	// Eq. 7, unrolled m times (Algorithm 2).
	copy(s.ySave, yf)
	poll := loop.NewPoll(ctx, 1024) // an unrolled step costs ~0.1 µs
	for l := 0; l < s.m; l++ {
		if l > 0 {
			if err := poll.Err(); err != nil {
				copy(yf, s.ySave)
				return info, fmt.Errorf("follower unrolled step %d: %w", l+1, err)
			}
			s.fgrad.run(xl, yf)
			copy(s.gy, s.fgrad.out(0))
			if !allFiniteValues(s.gy) {
				// The name is built only here, so that a step allocates
				// nothing.
				copy(yf, s.ySave)
				return info, checkFinite(fmt.Sprintf("follower gradient D2 f2 (unrolled step %d)", l+1), s.gy)
			}
		}
		descend(yf, s.gy, gamma2, s.cfg.NoiseFollower, rng)
		s.dy.Project(yf)
	}
	copy(xl, s.xNew)
	return info, nil
}

// Package learn runs gradient-based learning dynamics on smooth two-player
// games (package game): simultaneous gradient play, two-timescale
// Stackelberg dynamics and the baselines LOLA, extragradient, consensus
// optimisation and symplectic gradient adjustment.
//
// It implements, from Fiez, Chasnov and Ratliff, "Convergence of Learning
// Dynamics in Stackelberg Games":
//
//   - Eq. 4 / Eq. 6–7, the two-timescale Stackelberg dynamics: the leader
//     follows the total derivative Df1 = D1 f1 − (D21 f2)ᵀ(D2² f2)⁻¹ D2 f1
//     (Section 2.1) and the follower its individual gradient D2 f2, each
//     with its own step-size schedule (loop.Schedule) and Gaussian noise w_{i,k}
//     (Stackelberg);
//   - simultaneous gradient play, the "Nash dynamics" of Section 4.1 (SGA,
//     kind sga: not Balduzzi et al.'s symplectic gradient adjustment,
//     which is kind symplectic);
//   - the LOLA update as written in Section 2.2.2 (LOLA);
//
// from Balduzzi et al., "The Mechanics of n-Player Differentiable Games"
// (ICML 2018), Algorithm 1: symplectic gradient adjustment ξ + λAᵀξ with
// the sign alignment of λ, as Letcher et al. ("Differentiable Game
// Mechanics", JMLR 2019) also give it (Symplectic, kind symplectic; the
// baselines extragradient and consensus optimisation are Korpelevich's
// and Mescheder et al.'s);
// and from Zheng et al., "Stackelberg Actor-Critic": the implicit-map
// regularisation (∇yy f2 + λI)⁻¹ of Section 4.5 / Proposition 2, the
// matrix-free conjugate-gradient solve of Appendix E, the unrolled-follower
// solve (a truncated Neumann series, total.Unrolled), follower unrolling
// (m follower steps per leader step) and either player as the leader
// (Algorithm 2).
//
// Departures from Fiez et al.: every update is projected onto its player's
// domain (box, torus), where the paper's dynamics are unconstrained; LOLA
// takes the players' noise and an optional look-ahead β other than γ_{2,k}
// (the paper's LOLA is deterministic with β = γ2). The noise w_{i,k} is
// Gaussian, N(0, σ_i² I) with σ_i a standard deviation: Eq. 4 (Assumption
// A1c) allows any zero-mean martingale-difference noise, and the paper's
// examples write N(0, 10) (§4.1) and N(0, 0.01) (§4.2), which stackel reads
// as variances (σ = √10, 0.1). The timescale separation γ_{1,k} = o(γ_{2,k})
// of Section 3.2 and Assumption A1b (Σ_k γ_{i,k} = ∞, Σ_k γ_{i,k}² < ∞) are
// the caller's choice of schedules; nothing checks them (the 1/√k of the
// paper's own §4.2 is not square-summable).
// The solvers other than the exact one, λ > 0, follower unrolling and
// FollowerLeads come from the Stackelberg actor-critic paper (or are
// stackel's own), not from Fiez et al.
//
// # Conventions
//
// Games declare a Sense; the dynamics work on costs Sign·f_i, so payoff
// games are maximised and λ regularises the Hessian of the follower's cost
// (the paper writes (∇θ² J + λI)⁻¹ for a maximising actor-follower, which
// would push a negative-definite Hessian towards singularity; on costs the
// regularisation means what Section 4.5 says it means).
//
// # Structure
//
// As in gonum's optimize package, what runs (a Dynamics), how long and what
// to record (Settings: loop.Settings with a Recorder) and what came out
// (Result, with a loop.Status saying why the run stopped) are kept apart;
// the schedules, settings, recorder and status are the run vocabulary of
// package loop, shared with every other loop of stackel. Each dynamic is a
// small type with a Step; the single loop Run drives all of them, projects
// nothing itself (each Step projects its updates onto the players'
// domains), stops on an iteration budget or a step-norm tolerance, polls
// its context before the first step and then about every millisecond of
// steps (every step when one takes that long, at most every 256th), and
// passes it to Step, whose inner loops — follower unrolling, CG — poll it
// too, so cancellation is prompt however they are configured, and stops
// with an error naming the iteration and the quantity when a step
// produces NaN or ±Inf, returning the last good point and keeping
// everything recorded so far. Each Step reads its step sizes
// through loop.NonNegative, so a schedule that passed validation at its
// first iterations and breaks later (+Inf, NaN, negative) stops the run
// naming the schedule and the iteration, before the step is applied. RecordEvery = 0 records only the
// start and the last iteration; the objectives are checked for
// finiteness at the recorded iterations only, with or without a
// Recorder, so RecordEvery changes where a diverging run stops and which
// last good point it returns (with 0, possibly the start).
//
// Dynamics kinds are a registry: each kind (sga, stackelberg, lola,
// extragradient, consensus, symplectic) registers, in its own file, its config name,
// the type of its own config keys and a builder from the shared Rates and
// those parameters (RegisterKind(NewKind(name, build)); e.g.
// StackelbergParams for solver, unroll and leader, ConsensusParams for
// gamma, NoParams for sga). The config layer (package experiment) decodes
// the keys every smooth dynamic shares (kind, leader_lr, follower_lr,
// noise, step_tol) itself and the kind's own keys strictly into the
// kind's type — an unknown key is an error naming the key, the kind and
// the line — and calls its Validate (Validator) when it has one. Adding a
// dynamic is one file with a registration, here or in any package linked
// in; no shared struct changes. The leader's total derivative of the
// Stackelberg dynamics is package total's (Exact, CG or Unrolled solver
// values).
//
// # Errors and config keys
//
// The constructors' and validators' errors name a setting as a
// configuration file does, by its config key (or a description of it),
// not by the Go field, so that the command line's messages and the Go
// API's agree:
//
//	leader step size, follower step size   Rates.Leader, Rates.Follower; StackelbergConfig.LeaderLR, FollowerLR (keys leader_lr, follower_lr)
//	leader noise σ, follower noise σ       NoiseLeader, NoiseFollower (keys noise.leader, noise.follower)
//	solver.kind, solver.lambda, solver.iters, solver.tol, solver.steps, solver.lr
//	                                       Solver.Kind, Lambda, Iters, Tol, Steps, LR (StackelbergConfig.Solver)
//	unroll                                 StackelbergConfig.Unroll
//	gamma                                  NewConsensus's gamma
//	lambda                                 NewSymplectic's lambda
//	lookahead                              LOLAConfig.LookAhead
//
// A run stopped by a singular follower Hessian advises "set
// solver.lambda > 0": Solver.Lambda.
//
// Every derivative comes from package ad graphs compiled once per dynamic
// (ad.Compile) and replayed each step: no tape is recorded in the hot path
// and a step does not allocate.
//
// Randomness: every noise draw comes from the *rand.Rand passed to Run, in
// a documented order (leader coordinates, then follower coordinates), so a
// seed reproduces a run bit for bit.
package learn

// Package agent implements the actor-critic algorithms of the Stackelberg
// actor-critic paper (Zheng, Fiez, Alumbaugh, Chasnov and Ratliff, 2021):
// the plain AC, DDPG and SAC of Section 3.3 and their Stackelberg versions
// STAC, STDDPG and STSAC of Section 4, with the actor or the critic leading.
//
// # The game
//
// Each algorithm is a two-player game between the actor (parameters θ,
// objective J(θ, w), maximised) and the critic (parameters w, loss L(θ, w),
// minimised): Eq. 2/4 with a state-value critic for AC (ac.go), Eq. 7–8 for
// DDPG (ddpg.go), Eq. 9–10 for SAC (sac.go). The plain algorithms follow the
// individual gradients (Eq. 5–6). In the Stackelberg versions the leader
// follows the total derivative (Algorithm 1):
//
//	actor leads (Eq. 11–12):  ∇J = ∇θJ − ∇wθᵀL (∇²_w L)⁻¹ ∇wJ        (Eq. 15)
//	critic leads (Eq. 13–14): ∇L = ∇wL − ∇θwᵀJ (∇²_θ J)⁻¹ ∇θL        (Eq. 16)
//
// regularised by λ as in Algorithm 2 and Proposition 2 (the leader sees the
// follower's cost plus λ/2‖·‖²; λ → ∞ recovers the individual gradient), with
// the follower unrolled m steps per leader step. The inverse-Hessian–vector
// product is a conjugate-gradient solve on Hessian–vector products, and the
// mixed term a second-order product, both from package ad (stackelberg.go).
// For STAC the critic loss E_s[(V_w(s) − V^π(s))²] depends on θ through
// V^π and the distribution of s, so ∇θL comes from the policy-gradient
// theorem of Proposition 1 (Theorem 1 for a Q critic), applied with every
// visited state as a start state (see the departures below). Off-policy,
// every term of Eq. 15–16 is an expectation over one replay-buffer mini-batch
// (Section 4.3 and Appendix D): the products of expectations are estimated
// from the same batch.
//
// # Running
//
// [Defaults] gives Appendix E's hyper-parameters (64×32 tanh networks,
// 4000 steps per epoch and SGD for AC/STAC; 256×256 relu networks,
// mini-batches of 100 and Adam for the off-policy algorithms; CG λ = 0
// for discrete and 500 for continuous actions) and, where Appendix E
// gives none, Spinning Up's (GAE λ = 0.97 and 80 critic iterations for
// AC/STAC; the replay, start-step, update and Polyak settings of DDPG
// and SAC) or stackel's own (learning rates of AC/STAC, CG iterations
// and tolerance; see [Defaults]). [New] builds an [Agent]; [Agent.RunEpoch] runs one epoch and
// returns its [EpochStats] (returns, test returns of the deterministic
// policy, losses, gradient norms, CG iterations and residual, the follower
// Hessian's extreme eigenvalues by Lanczos). [Agent.Save] and [Load]
// checkpoint between epochs; a resumed run continues bit for bit as the
// uninterrupted one would, and [Agent.Extend] continues a restored run to
// more steps as a run of that length from the start would. Nothing here
// prints: callers record the statistics (package experiment writes
// metrics.csv).
//
// [New] and [Defaults] take an environment registered by name
// (env.Register); [NewWithEnv], [DefaultsFor], [LoadWithEnv] and
// [LoadPolicyWithEnv] take instead an [EnvFactory] of the caller's, which
// builds the environment without a name in the (global) registry, e.g.
// one per parameter set of a sweep. Such a run's checkpoint (version 3,
// which builds of before factories refuse) records that its environment
// came from a factory and the environment's spaces exactly (a Box's
// bounds to the bit, another space's Go type): [Load] and [LoadPolicy]
// refuse it, and LoadWithEnv refuses a factory whose environment has
// other spaces. A registry run's checkpoint is written as before
// factories existed, byte for byte (version 2, or 1 on-policy).
//
// # Where the code departs from the paper's text or the authors' code
//
// Measured against the paper and the authors' public code
// (github.com/LeoZhengZLY/stackelberg-actor-critic-algos, a Spinning Up
// fork), these choices are deliberate; each changes numbers, none is
// configurable except where a Config field is named:
//
//   - Critic leading, λ > 0: Algorithm 2 prints (∇²_θ J + λI)⁻¹. The code
//     regularises the follower's cost −J as Section 4.5 and Proposition 2
//     describe (the leader sees −J + λ/2‖θ‖²), giving (−∇²_θ J + λI)⁻¹ =
//     −(∇²_θ J − λI)⁻¹: Eq. 16 at λ = 0, the individual gradient as
//     λ → ∞, and what the authors' stddpg.py computes (CG on the Hessian
//     of −Q plus reg·I). Near a maximum of J, ∇²_θ J is negative definite
//     and the printed +λI would push it towards singularity. The code's
//     form is the derivative of w ↦ L(θ*_λ(w), w) for the best response
//     θ*_λ of an actor minimising −J + λ/2‖θ‖²; the printed one is not
//     (TestCriticLeaderTotalDerivativeFiniteDifferences).
//   - STAC's actor objective is J = E[r + γ(1 − d)V_w(s')]; Section 4.2
//     prints E[r(s₀, a₀) + V_w(s₁)], without γ. With γ it is the one-step
//     estimate of Q^π that the GAE advantages of ∇θJ use, so ∇wJ carries γ.
//   - Plain DDPG and SAC take both individual gradients at (θ_k, w_k)
//     (Eq. 5–6). Spinning Up and the authors' ddpg.py and sac.py step the
//     critic first and take the actor's gradient at the updated critic.
//     The Stackelberg updates, here and in the authors' code, take both
//     players' directions at the same point.
//   - DDPG has no target actor: the next-state action of Eq. 8's target is
//     μθ(s') from the current actor, in DDPG as in STDDPG (the paper's
//     footnote 4). Spinning Up's ddpg.py and the authors' ddpg.py by
//     default (targ_pi=True) take it from a Polyak-averaged target actor;
//     the authors' targ_pi=False and their stddpg.py use the current one.
//     The targets of Eq. 8 and 10 carry (1 − d), as in Spinning Up and
//     the authors' code (the paper prints none).
//   - Config.ActNoise is DDPG's noise σ as a fraction of the action
//     half-width; Spinning Up and the authors add σ itself. The two agree
//     on the MuJoCo tasks (half-width 1); on Pendulum-v1 (half-width 2)
//     the noise here is twice theirs.
//   - Off-policy follower unrolling (Config.Unroll m > 1) draws a fresh
//     mini-batch for each follower step; the authors' rollout_iters reuses
//     the leader's batch. As Algorithm 2 prints, the follower's m steps
//     here see the leader at its iterate k, which steps after them; the
//     authors' stddpg.py and stsac.py step the leader first, so that
//     their follower steps after the first see θ_{k+1} (or w_{k+1})
//     (TestPaperOracleUnrolledFollowerOrder checks the order here).
//   - STAC's mixed term ∇wθᵀL·z applies Proposition 1, whose states are
//     the initial ones (s₀ ~ ρ, independent of θ), to every visited state
//     of the epoch, the states the critic is fitted on, each taken as a
//     start state: the visitation distribution is held fixed, and its own
//     dependence on θ (the analogue of Theorem 1's first term) is not
//     differentiated. On the enumerable MDP of the tests that term would
//     change the mixed term by 20 % (TestMixedTermHoldsVisitedStatesFixed);
//     the estimator is otherwise Proposition 1 exactly
//     (TestGradientEstimatorsFiniteDifferences). Q^π(s_t, a_t) is replaced
//     by the GAE advantage Â_t (a state baseline does not change the
//     expectation; GAE's λ < 1 does, as it does for ∇θJ).
//   - RunEpoch resets the environment at the start of every epoch, for the
//     off-policy algorithms too; Spinning Up's DDPG and SAC (which the
//     authors' code forks) reset only at the end of an episode. It makes no
//     difference where episodes divide the epoch (Pendulum-v1: 200-step
//     episodes, 4000-step epochs); where they end early or do not divide
//     it (the MuJoCo tasks, MountainCarContinuous-v0) an episode running
//     at an epoch's end is cut there (its last transition stored without
//     done, so it still bootstraps).
//   - λ is constant unless Config.CG.LambdaDecay < 1 (Appendix E gives
//     λ = 500 on continuous tasks, 0 on CartPole, and no schedule). The
//     authors' off-policy runner (run_experiments.py, decay on by
//     default; stddpg.py, stsac.py) multiplies it by e^{−t/10⁵} at
//     environment step t, so λ = 500 falls to about 9 by step 4·10⁵ and
//     to 0.02 by 10⁶; LambdaDecay = e^{−StepsPerEpoch/10⁵} follows that
//     curve epoch by epoch (λ held within an epoch). Their CG
//     (conjugate_gradient) stops once the squared residual is below
//     10⁻¹⁸, absolute, or after 10 iterations; Config.CG stops once the
//     residual is below Tol·‖b‖, relative, or after Iters (the STAC code
//     uses scipy's cg, relative 10⁻⁵, 10 iterations).
//   - Spinning Up counts steps from 0 (random actions while t ≤
//     start_steps, updates from t ≥ update_after); the code counts from 1
//     (random actions for the first StartSteps steps, the first burst of
//     updates after UpdateAfter steps), one step fewer of each.
//
// # Precision and threads
//
// Config.DType (float32 by default) is the element type of the solver's
// ad tapes, on which every network is evaluated and differentiated:
// forward passes, gradients and, unless Config.HessianDType says
// otherwise (below), the Hessian–vector products of the CG solve and the
// mixed product of Eq. 15–16. The parameter vectors (nn.Params),
// the replay buffer, Adam's moments and CG's iterates and inner products
// stay float64 (a float64 master copy, rounded when bound to a float32
// tape; the float32 gradients are widened on the way out): they cost
// O(parameters) per update against the products' O(batch·parameters), and
// keeping them float64 keeps small Adam steps from being lost to float32
// rounding. The acting path (MLP.Apply, once per environment step) uses the
// float64 parameters too. The Hessian tape (the follower's Hessian–vector
// products inside CG, the Lanczos diagnostics and the mixed product) takes
// Config.HessianDType instead: float64 when λ can reach 0, because without
// regularisation the follower Hessian is indefinite and ill-conditioned
// and CG amplifies float32 products' rounding into O(1) changes of its
// solution (see HessianAuto). A checkpoint records the DType; the zero value is
// float64, the meaning of checkpoints written before the field existed.
//
// [Agent.SetThreads] splits the large matrix products and elementwise
// operations of each update (ad.Tape.SetThreads), CG's vector passes and
// inner products (by fixed blocks and lanes, ad.CG32), Adam's update and
// the target critic's Polyak update over goroutines; on exactly two
// threads the total derivative's two independent first-order passes (the
// leader's cost on one tape, the follower's recording on the Hessian
// tape) run at once instead, one per core (solver.overlap), and so do
// DDPG's and SAC's two individual gradients (the actor's and the critic's,
// solver.partials, on two tapes of the networks' type). The numbers
// are identical for every thread count. The off-policy float32 runs'
// gradient norms are summed in lanes (ad.DotLanes), the float64 runs'
// sequentially, as always; AC's and STAC's are summed sequentially in
// both types.
//
// An earlier version also recorded the off-policy objectives on fixed
// row blocks of the mini-batch, each on tapes of its own and run at once;
// it cost STDDPG-AL about 10 % on one thread and gave no more on two than
// splitting each product, and was removed once the overlapped passes and
// paired backward products (ad) did better (README, Performance).
package agent

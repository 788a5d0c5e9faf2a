// Package markov implements learning in finite stochastic (Markov)
// Stackelberg games by policy gradient, following "Learning in Stochastic
// Stackelberg Games" (Das, Nortmann, Ratliff, Gupta, Mylvaganam;
// shared/papers/stochastic-stackelberg-policy-gradient.md).
//
// # Model
//
// A Game is the tuple <S, {1,2}, (A1, A2), P, (R1, R2), γ, ρ> of Section II
// plus the follower's entropy weight λ (Eq. 3-4). Player 1, the leader,
// maximises V1 (Eq. 1, 5); player 2, the follower, maximises the
// entropy-regularised V2λ (Eq. 3, 6). Both use softmax policies (Eq. 7),
// θ1 ∈ R^{|S||A1|}, θ2 ∈ R^{|S||A2|}, stored flat with index s*|A|+a.
// Games come from a spec file (ParseGame, LoadGame; YAML or JSON, strict)
// or from Builtin ("patrol", "epidemic", "random").
//
// # Exact analysis (Evaluator)
//
//   - values V1, V2λ by one LU factorisation of (I − γP_π) (Eq. 1-6);
//   - gradients ∇θ1V1, ∇θ2V1, ∇θ1V2λ, ∇θ2V2λ (d(s)π(a|s)·advantage);
//   - the Hessian blocks ∇²θ2V2λ (Point.Hess22) and ∂(∇θ2V2λ)/∂θ1
//     (Point.Mixed, the transpose of the paper's ∇θ1,θ2V2λ), derived in
//     closed form as forward-mode derivatives of the analytic gradient
//     (for x = A⁻¹b, dx = A⁻¹(db − dA·x)) reusing M = (I − γP_π)⁻¹;
//   - the averaged MDP of the follower (Eq. 13-14) and its unique soft
//     best response B(θ1) (Prop. 1) by soft policy iteration
//     (Evaluator.BestResponse), the oracle for br_gap;
//   - the leader's implicit gradient (Eq. 17-19, HierGrad) and the
//     hierarchical objective V1(θ1, B(θ1)) with its gradient (Eq. 18,
//     Evaluator.Hierarchical). The follower Hessian is singular along the
//     per-state constant shifts of θ2 (Remark 2); the inverse is taken on
//     their complement, as the inverse of H − cNNᵀ with N the shift
//     directions. The gauge scale c is max(mean |diag H|, hscale) with
//     hscale = (λ + span R2/(1−γ))/(1−γ); if that matrix's condition
//     number exceeds MaxCond and the floor was active, c = mean |diag H|
//     is tried, and accepted when the condition number is then at most
//     MaxCond and mean |diag H| ≥ 1e-10·hscale (a Hessian that vanishes
//     up to rounding stays ErrSingularHessian). If both fail, Eq. 19 is
//     solved in the policy's scale, with H's rows and columns scaled by
//     1/√(d(s)π2(b|s)) (a nearly deterministic best response, small λ,
//     makes H's condition number in θ2 grow like 1/min π2 while Eq. 18
//     stays well conditioned). Config.Reg subtracts
//     Reg·I from H in the update (the follower is concave near its best
//     response, so H − Reg·I stays invertible); with λ > 0 the
//     diagnostics use H itself.
//
// StepGradients computes the same Stackelberg gradient from the factored
// form of the Hessian blocks (block diagonal plus rank 2|S|) with the
// Woodbury identity; Run uses it, and falls back to the dense solve when a
// block or the capacitance matrix is ill-conditioned.
//
// # Learning (Run)
//
// Run performs the two-timescale Stackelberg policy gradient (Eq. 8, 9,
// 19; Dynamics "stackelberg-pg") or the simultaneous policy gradient
// baseline ("simultaneous-pg"), with step sizes given as loop.Schedule
// values (e.g. loop.Constant, or loop.Power a/(b+k)^p with k counting from
// 1; CheckAssumption1 tells whether a pair satisfies Assumption 1). Estimator "exact" uses the
// model; "sampled" estimates every gradient and Hessian block from Batch
// trajectories of Horizon steps with score-function (REINFORCE)
// estimators including the second-order terms (Sampler), seeded by Seed.
// Theorem 1: under Assumptions 1-5 the iterates converge to (θ1*, B(θ1*))
// with θ1* a stationary point of V1(θ1, B(θ1)); Result.HierGradNorm and
// Result.BRGap measure exactly that. A state no trajectory from ρ can
// reach (visitation 0; with γ = 0, every state outside ρ's support)
// takes no part: V1 and V2λ do not depend on its parameters, Eq. 19 is
// taken on the other states' (the follower's Hessian is singular on its
// block) and BRGap leaves it out. So does, at each (θ1, θ2), a reachable
// state whose computed visitation is at the rounding floor, at most
// 1e3·ε·Σ_t|d(t)| (entered with probability about 1e-15 or less): V1 and
// V2λ depend on it below their rounding, and its Hessian block is noise
// that made Eq. 19 look singular. The sampled estimator treats alike in
// Eq. 19 a state its batch did not visit at a step of weight γ^τ > 0, or
// whose discounted weight in the batch is at most 1e3·ε of the total.
//
// Estimators are values behind the Estimator interface, chosen by name
// (Config.Estimator) from a registry: "exact" (the model, by linear
// solves) and "sampled" (score-function estimates); RegisterEstimator adds
// another. The exact Stackelberg direction keeps this package's structured
// form of Eq. 19 (StepGradients: per-state LU of the follower's Hessian
// blocks and a Woodbury capacitance solve), a different algorithm from
// the dense or CG total derivative of package total, which the smooth-game
// and actor-critic learners share.
//
// # API for the experiment layer
//
//	g, err := markov.LoadGame(path)                 // or markov.Builtin(name, params)
//	cfg := markov.Config{                           // zero fields take defaults
//	    Dynamics:   markov.StackelbergPG,            // or markov.SimultaneousPG
//	    LeaderLR:   loop.Constant(0.5),              // α_k (Eq. 8)
//	    FollowerLR: loop.Power{A: 5, B: 10, P: 0.6}, // β_k (Eq. 9): a/(b+k)^p
//	    Estimator:  markov.Exact,                    // or markov.Sampled (+ Batch, Horizon, Seed)
//	    Reg:        0,                               // λ_reg in (∇²θ2V2λ − λ_reg I)⁻¹
//	    Settings:   loop.Settings{Iterations: 50000, RecordEvery: 1000},
//	}
//	res, err := markov.Run(ctx, g, cfg, recorder)   // recorder: markov.Recorder or nil
//	json.Marshal(res)  // {"leader_value","follower_value","policy1","policy2","hier_grad_norm","br_gap"}
//
// A Recorder receives Stats{Iteration, LeaderValue, FollowerValue,
// HierGradNorm, BRGap} at iteration 0, every RecordEvery iterations and at
// the end (RecordEvery = 0: only the first and the last); Result.History
// keeps them all, with or without a Recorder. A run that meets NaN/Inf or
// a singular Hessian returns a *RunError (iteration and quantity; a V1 or V2λ not finite at the
// parameters of an update names that update, which is recorded whatever
// RecordEvery; Result.Status loop.Diverged) together
// with the Result at the last finite parameters and its History; a
// step-size schedule that gives a value that is not a finite positive
// number returns a *ScheduleError the same way (loop.Failed), and a
// follower best response that reaches its iteration limit at the current
// θ1 of the Backtracking rule a *BestResponseLimitError (loop.Failed;
// ErrBestResponseLimit); a cancelled ctx stops it before the next update
// (loop.Cancelled).
//
// Config.Validate's and Run's refusals of a Config begin "markov: config:"
// and name a field as a configuration file would, in lower case: dynamics
// (Config.Dynamics), estimator (Estimator), step rule (StepRule), hessian
// (Hessian), leader_lr and follower_lr (LeaderLR, FollowerLR), batch and
// horizon (Batch, Horizon), reg (Reg), theta1 and theta2 (Theta1,
// Theta2), backtrack.c and backtrack.max_halvings (Backtrack.C,
// Backtrack.MaxHalvings), and settings.iterations, settings.record_every
// and iterations (Settings.Iterations, RecordEvery).
//
// For `stackel reproduce markov-patrol|markov-epidemic`: DefaultConfig(name)
// gives the tuned exact-gradient settings of a built-in, Compare runs both
// dynamics on a game, and WriteComparisonTable prints the table of the
// leader's values (Stackelberg vs simultaneous) with the stationarity
// measures. Measured with DefaultConfig (50 000 iterations; in brackets
// the values after 200 000):
//
//	game      V1 stackelberg-pg      V1 simultaneous-pg     ‖∇V1(θ1,B(θ1))‖ stack / sim   br_gap stack / sim
//	patrol    -6.621212 (-6.621178)  -6.788195 (-6.788101)  4.2e-05 (1.1e-05) / 2.7e-01  9.8e-08 / 4.1e-07
//	epidemic  -6.908179 (-6.908119)  -7.292075 (-7.292122)  5.7e-05 (1.4e-05) / 1.5e-04  2.6e-09 / 5.4e-09
//	random     6.141378 ( 6.141408)   6.126777 ( 6.126831)  4.0e-05 (1.0e-05) / 2.4e-02  4.2e-09 / 2.8e-10
//
// The products and LU factorisations here go through gonum's blas64.
// Importing markov installs nothing: call ad.UseFastBLAS once (the stackel
// command does) to run them on ad's packed kernel (0.62 → 0.40 ms on the
// |S| = 50, 5×5 step) or, under the build tag openblas, on OpenBLAS.
//
// # Notes
//
// λ = 0 is accepted (the unregularised follower of Eq. 2) but Assumption 2
// then fails at deterministic best responses: use Reg > 0; the oracle then
// returns a greedy best response and HierGradNorm is taken at the current
// θ2. ρ doubles as the distribution μ of Eq. 8-9; Prop. 1 and Theorem 1
// want every state reachable. When the leader's optimum is a deterministic
// policy in some state (Remark 5: Assumption 4 fails), θ1 grows without
// bound there and the gradient norm decays only like 1/k.
//
// # Departures from the paper
//
//   - The paper has no numerical section: patrol and epidemic are this
//     package's models of its Introduction's two examples (their tables
//     are ours; the epidemic's government also pays for its testing,
//     which the Introduction does not mention), and their numbers (and
//     the simultaneous-PG baseline) are ours, not the paper's.
//   - Rewards may be any finite reals; the paper takes R_i ∈ [0, 1] (Eq. 16,
//     Prop. 1). Scaling R2 by k acts like λ/k; shifting it changes nothing.
//   - B(θ1) maximises the regularised V2λ throughout (Section II-c writes
//     V2; Section IV and Eq. 17-19 use V2λ). The entropy uses the natural log.
//   - Eq. 11 prints Σα² = Σβ² < ∞; CheckAssumption1 reads Σα², Σβ² < ∞.
//   - DefaultConfig's constant steps (α = 0.5, β = 2) are outside Assumption 1
//     and far above Prop. 1's β = (1−γ)³/(8+λ(4+8 log|A2|)); Run enforces
//     neither. The Backtracking step rule (a line search on V2λ and on
//     V1(θ1, B(θ1))) is not in the paper either.
//   - Assumption 2 cannot hold as printed for the full softmax parameters:
//     ∇²θ2V2λ is singular along the per-state shifts of θ2 at every point.
//     The inverse in Eq. 17-19 is the inverse on their complement, which
//     is what the unique parametrisation of Remark 2 gives.
//   - The paper states Eq. 8, 9 and 19 with exact gradients and gives no
//     estimator of them. Estimator "sampled" is ours: trajectories of
//     both players' policies from ρ, score-function (REINFORCE) estimates
//     without a baseline, stopped at Horizon steps, one batch for the
//     gradients and the Hessian blocks. Its estimates are unbiased for the
//     horizon-T objective Σ_{τ<T} (a test checks this with T = 5); against
//     Eq. 1-6 they carry the truncation bias, about γ^T relative (0.5–0.6 %
//     in ∇θ2V2λ on the built-ins at γ = 0.9, T = 50). Its Eq. 19
//     direction inverts an estimated H and multiplies estimates from the
//     same batch: consistent, not unbiased.
//   - Config.Reg regularises the leader's update (Eq. 19) only. The
//     diagnostic hier_grad_norm is Eq. 18 with ∇²θ2V2λ itself (for λ > 0),
//     so a run with Reg > 0, which settles where the regularised direction
//     vanishes, is not reported as stationary for V1(θ1, B(θ1)).
//
// # The sampled Stackelberg direction with small batches
//
// With Estimator "sampled", StackelbergPG's direction (Eq. 19) inverts a
// follower Hessian estimated from the batch, and its error is heavy-tailed:
// most batches give a direction near the exact one, a few one tens of
// times longer, and one such step can saturate the leader's softmax
// policy, where its gradient vanishes and the run stays. Measured (session
// 52) on Builtin("random", nil) (2 states, 2×2 actions, γ 0.9, λ 0.2) at
// uniform policies (θ = 0), Horizon 50, 200 seeds per batch (100 at
// 20 000): the length of the sampled direction over the exact one's (1.30),
// and the relative error of the sampled ∇θ1V1 for comparison:
//
//	batch     ‖sampled‖/‖exact‖ median  90 %   max    ∇θ1V1 rel. error, median
//	256       1.09                      4.9    30     1.21
//	1000      1.17                      5.4    54     0.67
//	2000      1.36                      6.3    34     0.46
//	5000      1.14                      5.5    176    0.31
//	20000     1.02                      1.5    2.6    0.16
//
// The gradient's error falls like 1/√batch; the direction's tail does not
// until the batch is large. Runs of 200 iterations with the default steps
// (α = 0.5, β = 2) on the same game reach V1 = 6.13 with the exact
// estimator; sampled, seeds 1, 2, 3, the final V1 were 4.97, 4.64, 5.66
// (batch 256), 3.17, 5.51, 5.66 (2000), 3.11, 5.97, 5.54 (5000) and 6.20,
// 6.16, 6.07 (20 000), from 5.43 at the start (stackel run, main at
// 307c952). The two runs at 3.1–3.2 (seed 1, batch 2000 and 5000)
// saturated the leader (at batch 5000 at iteration 1: π1 of an action
// 6e-29) and stayed there with hier_grad_norm 8e-7 and 3e-9: small
// because the policy is saturated, not because θ1 is stationary (br_gap
// 0.017 and 0.015, so the runs are not reported converged). Smaller steps
// (α = 0.1, β = 0.5) do not prevent it (batch 5000, seed 1: 3.17);
// Config.Reg = 1 did here, at the price of a regularised direction
// (batch 5000: max ratio 1.9 to the exact regularised direction; runs at
// batch 2000 and 5000, seeds 1–3, ended at V1 5.69–7.01,
// where the exact run with Reg = 1 reaches 6.11, with br_gap 0.06–0.30
// from the follower's noisy steps). Compare a sampled run with an exact one on a
// model of the game before trusting it, and use large batches or Reg.
//
// The cause is the estimated follower Hessian (measured at the same
// points): on the complement of the shift directions (here 2×2, exact
// eigenvalues −0.53, −0.44) its relative error is 2.6, 1.3, 0.91, 0.59 at
// batch 256, 1000, 2000, 5000 and an eigenvalue is ≥ 0 in 139, 100, 61,
// 29 of 200 batches; in the top 10 % of the length ratio its eigenvalue
// nearest 0 has median magnitude 0.09, 0.06, 0.03, 0.02. The estimated
// Hessian with the exact other blocks keeps the tail (max 25, 39, 30,
// 218), the exact Hessian with the sampled others has none (max 7.8,
// 3.7, 3.3, 2.1), and a Hessian from an independent batch is no better
// (max 285, 74, 3470, 67): the shared batch is not the cause.
//
// Config.Hessian HessianEntropyFloor (Sampler.HierGradEntropyFloor)
// removes the tail. At the follower's best response ∇²θ2V2λ is exactly
// −λ Σ_s d(s)(diag π2_s − π2_sπ2_sᵀ) (soft performance-difference
// identity, see entropyCurvature); the estimate's generalised
// eigenvalues against that matrix (with the batch's visitation) are
// capped at −1, so no direction less concave than the best response's
// entropy curvature is inverted. The exact Hessian at B(θ1) is left
// unchanged; away from it the direction is biased where the exact H is
// less concave (on random at θ = 0 the limit is 2 % off, cosine 0.9998).
// Same 200 batches, median / 90 % / max of the length ratio:
//
//	batch     estimate            entropy-floor
//	256       1.09 / 4.9 / 30     1.34 / 3.0 / 6.7
//	1000      1.17 / 5.4 / 54     1.00 / 1.9 / 3.5
//	2000      1.36 / 6.3 / 34     0.95 / 1.6 / 2.4
//	5000      1.14 / 5.5 / 176    0.95 / 1.3 / 1.9
//	20000     1.02 / 1.5 / 2.6    0.94 / 1.2 / 1.6     (100 batches)
//
// The 200-iteration runs (seeds 1, 2, 3) end at a hierarchical value
// V1(θ1, B(θ1)) of 5.56, 5.56, 5.56 (batch 256), 6.12, 6.14, 6.13 (2000),
// 6.13, 6.13, 6.13 (5000), the exact run's 6.13, against 4.49, 4.49,
// 5.56; 3.14, 5.56, 5.56; 3.14, 6.14, 5.56 without the floor, and 6.12,
// 6.13, 6.12 (2000), 6.13, 6.10, 6.12 (5000) with Reg = 1; no leader
// saturated with the floor (min π1 ≥ 1.6e-3).
//
// At θ = 0 on patrol and epidemic (50 batches) the max ratio falls from
// 151, 13.5, 182 and 107, 106, 217 to 9.1, 2.9, 1.3 and 8.7, 4.8, 2.3 at
// batch 256, 1000, 5000, but patrol's median relative error at 256 rises
// from 2.8 to 3.4. Patrol's uniform follower is far from B(θ1): the
// exact H has 4 of 16 generalised eigenvalues > 0, and the floor's limit
// direction is 65 % off (0.36 of the exact length, cosine 0.98).
//
// 200-iteration runs at batch 2000 (seeds 1–10, the default steps 0.5
// and 2) end at a hierarchical value with median [min, max]:
//
//	game      start   exact 200  exact 50 000  estimate                 entropy-floor
//	patrol    -6.97   -6.78      -6.62         -7.68 [-8.13, -7.01]     -6.89 [-7.51, -6.76]
//	epidemic  -7.90   -6.93      -6.91         -7.60 [-8.26, -6.94]     -6.94 [-6.97, -6.93]
//
// On epidemic every run with the floor ends within 0.04 of the exact run,
// where 8 of the 10 without it end 0.49–1.33 below (5 with a saturated
// leader). On patrol the floor avoids the loss (every run without it ends
// below the start, 9 of 10 saturated) but gains little: its median is
// 0.08 above the start, the exact run's 0.20, and 4 of its 10 runs end at
// or below the start. The floor is therefore opt-in: it changes every sampled direction, needs
// λ > 0, and off the best response estimates a different direction.
//
// Nothing here prints; all randomness comes from seeded PCG sources.
package markov

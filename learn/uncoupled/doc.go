// Package uncoupled implements uncoupled leader–follower learning: agents
// that see only their own payoff at the played profile and the strategy the
// other agent played.
//
// It implements, from Loftin et al., "Uncoupled Learning of Differential
// Stackelberg Equilibria with Commitments" (AAMAS 2024):
//
//   - Hi-C, the leader of Algorithm 1: Rademacher perturbations Δ_n,
//     perturbation schedule δ_n, one-sample SPSA step α_n (Eq. 5–6) with an
//     optional baseline, commitment intervals k_n (constant, logarithmic or
//     Eq. 19 of Corollary 3.11), burn-in intervals and projection onto box
//     domains (HiC, HiCConfig, Eq19).
//   - Followers: gradient ascent with a fixed step (Eq. 13), noisy gradient
//     ascent, and a best-response oracle (GradientAscent, BestResponder).
//   - Role negotiation, Algorithm 2 of Section 4: each player's
//     meta-strategy w leads with probability sin²w and is updated by
//     one-sample SPSA over meta-intervals τ_n (Negotiate).
//   - Learned versus exact commitments in bimatrix games: Hi-C on the
//     logits of a game.Bimatrix beside equilib.OptimalCommitment
//     (LearnCommitment, CompareCommitment).
//
// # Departures from the paper
//
//   - The perturbed strategy x̃_n = x_n + δ_n Δ_n is projected onto the
//     leader's domain, and Eq. 6 still divides by δ_n Δ_n^i (the paper
//     only says strategies are projected back "whenever necessary",
//     Assumption 3.2).
//   - Schedules count n from 1, not 0 (δ_n = n^−q and Eq. 19 are undefined
//     at n = 0); the EMA baseline, burn-in and the meta baseline are
//     options the paper does not have (only the `previous` baseline is
//     its, after Eq. 6), all off by default.
//   - Role negotiation: a player keeps its strategy across meta-intervals,
//     and a Hi-C leader that resumes after a meta-interval only observes
//     for max(BurnIn, 1) intervals before updating (HiC.Restart); Algorithm 2
//     does not say.
//
// # Information structure
//
// An uncoupled agent is constructed from a Payoff or Gradient function of
// (own, other) strategies — its own objective only — never from a
// game.Game. Split extracts the two players' private oracles from a game
// evaluator; the coupled learners of package learn and learn/hierarchy, by
// contrast, are handed the follower's objective explicitly. Play drives two
// agents stage by stage; only its Referee (used for recording) sees both
// payoffs.
//
// # Timing
//
// At stage t both agents play their current strategies; each then observes
// the other's played strategy and may update. A Hi-C leader in interval n
// plays x̃_n for k_n stages and, at the last of them, takes the follower's
// strategy at that stage as ỹ_n and its own payoff f1(x̃_n, ỹ_n) (Algorithm
// 1, lines 6–11). Schedules are indexed by the interval n counting from 1.
//
// # Configuration
//
// The published `dynamics: {kind: hic …}` keys map onto HiCRun, run by
// RunHiC(ctx, game, x0, y0, run, rng, recorder):
//
//	alpha: {power: {a, b, p}}    HiCConfig.Alpha = loop.Power{A: a, B: b, P: p} (also constant, log)
//	delta: {power: {a, b, p}}    HiCConfig.Delta, likewise
//	commitment: {constant: k}    HiCConfig.Commitment = loop.Constant(k)
//	commitment: {log: {a, b}}    loop.Log{A: a, B: b}  (k_n = ⌈a ln n + b⌉)
//	commitment: {power: {a, b, p}}
//	                             loop.Power{A: a, B: b, P: p}  (k_n = ⌈a/(b + n)^p⌉; p < 0 grows)
//	commitment: {eq19: {beta, mu, B, p}}
//	                             Eq19{Beta, Mu, B, P, Delta: the delta schedule}
//	baseline: none | previous | {ema: λ}
//	                             Baseline{} | Baseline{Kind: PreviousBaseline} |
//	                             Baseline{Kind: EMABaseline, Decay: λ}
//	burn_in: m                   HiCConfig.BurnIn = m
//	follower: {kind: gradient, lr: β}
//	                             HiCRun.Follower = GradientConfig{LR: loop.Constant(β)}
//	follower: {kind: noisy-gradient, lr: β, noise: σ}
//	                             … and GradientConfig.Noise = σ
//	follower: {kind: best-response, lr: β}
//	                             HiCRun.BestResponse = &BestResponseConfig{LR: β}
//	stages: T                    HiCRun.Iterations = T (HiCRun.RecordEvery: recording period; loop.Settings)
//
// Schedules are indexed by the interval n from 1 (α_n, δ_n, k_n) and the
// follower's by its stage from 1. The example schedule of the issue
// (α = 0.001 n^−0.1, δ = n^−0.6, Eq. 19 with β = 0.1, μ = 2, B = 100,
// p = 0.5) is Section 3.3's except B and p, which the paper does not state;
// Eq. 19 then equals ⌈9.859 ln n + 41.275⌉, which {log: {a: 9.86, b: 41.3}}
// rounds.
package uncoupled

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
//   - Role negotiation, Algorithm 2 of Section 4: each player keeps a
//     meta-strategy w (p(w) = sin²w, the paper's probability of leading),
//     leads in meta-interval n when z_n < sin²(w_n + κ_n Δ_n) (z_n uniform
//     on [0, 1], Δ_n = ±1), and updates w by one-sample SPSA on its
//     average payoff over the τ_n stages (Negotiate; NegotiateRecorded
//     hands each meta-interval's record to a callback as it is made;
//     NegotiateStream does so without keeping the records, which
//     `stackel run` with dynamics.kind negotiation writes out).
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
//     its, after Eq. 6), all off by default. The `previous` baseline is
//     f1(x̃_{n−1}, ỹ_{n−1}), our reading of the paper's f1(x_t, ỹ_{n−1})
//     (PreviousBaseline).
//   - Burn-in and EMA against the authors' reference code (Hi-C
//     repository, hi_c/learners/hi_c.py), whose Cournot run the
//     hic-cournot reproduction follows: α_n keeps the interval index n
//     through burn-in (the first update uses α_{BurnIn+1}; the reference
//     restarts α's index at its first update), BurnIn intervals go without
//     an update (the reference's burn_in skips burn_in − 1), and the EMA
//     starts at the first observed payoff (the reference's at 0).
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
// The follower computed that strategy after k_n − 1 updates against x̃_n
// (at the first stage of interval n it plays the strategy it computed against
// x̃_{n−1}), as line 8 of Algorithm 1 says (ỹ_n = y_{t(n)+k_n−1}, with
// y_{t+1} from x̃_{n(t)} by Eq. 13); Eq. 16 counts k_n updates, so Eq. 19's
// bound ε_n/δ_n ≤ n^−p holds here up to the factor (1 − βμ)^−½ (1.118 for
// Section 3.3's βμ = 0.2).
//
// # Section 3.3's schedules need a baseline
//
// With α_n = 0.001 n^−0.1 and δ_n = n^−0.6 the SPSA gain α_n/δ_n =
// 0.001 n^0.5 grows, so Σ α_n²/δ_n² diverges and Assumption 3.4 (Eq. 8)
// fails. Eq. 6 as written (no baseline, the configuration's default) then
// steps by α_n f1/δ_n with f1 ≈ 300 and does not find the Stackelberg
// quantity: in the Cournot game the leader ends at x < 0.01 after 10⁶ stages
// (three seeds), where the `previous` or EMA(0.9) baseline ends at 24.07–24.47
// (TestPaperSchedulesNeedBaseline). The paper calls the baseline optional;
// with these schedules it is not, and the authors' reference run uses
// EMA(0.9).
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
//	follower: {kind: best-response, lr: β, tol: ε, max_iter: m}
//	                             HiCRun.BestResponse = &BestResponseConfig{LR: β, Tol: ε, MaxIter: m}
//	                             (Outcome.BestResponseCapped counts the stages stopped at m above ε)
//	stages: T                    HiCRun.Iterations = T (HiCRun.RecordEvery: recording period; loop.Settings)
//
// Schedules are indexed by the interval n from 1 (α_n, δ_n, k_n) and the
// follower's by its stage from 1. The example schedule of the issue
// (α = 0.001 n^−0.1, δ = n^−0.6, Eq. 19 with β = 0.1, μ = 2, B = 100,
// p = 0.5) is Section 3.3's except B and p, which the paper does not state;
// Eq. 19 then equals ⌈9.859 ln n + 41.275⌉, which {log: {a: 9.86, b: 41.3}}
// rounds.
package uncoupled

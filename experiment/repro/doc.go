// Package repro holds the paper reproductions behind `stackel reproduce`:
// each file registers one or more Reproductions (Register) in an init
// function, and the command looks them up by name (Lookup, All).
//
// A reproduction is a list of jobs and a report: Jobs lists configurations
// and seeds (experiment.Job), each run into its own subdirectory of the
// output directory, and Report reads their summary.json and metrics.csv and
// writes report.md (the tables), results.json and figures. Execute runs
// the jobs not yet finished there with the options' Executor (the local
// pool by default), saying which finished ones it reuses, so an interrupted
// reproduction resumes where it stopped. A run with a configuration form is
// a configuration job (fiez-duopoly, stac-toy's update rules,
// markov-patrol, markov-epidemic, the RL comparisons); one without is a
// task job — negotiation and negotiation-schedules (role negotiation),
// stackelberg-oligopoly (hierarchies of followers), hic-cournot (Hi-C and
// gradient-vs-gradient play), fiez-torus (both dynamics; the Nash runs on
// a second noise stream) and stac-toy's grid of steps —: a function
// registered with experiment.RegisterTask that writes its outcome as
// summary.json.
// testdata/golden holds the results.json numbers of the eleven
// reproductions that existed before the jobs refactor; TestGoldenResults
// requires them bit for bit.
//
// The reproductions, by paper:
//
//   - Fiez, Chasnov and Ratliff: fiez-duopoly (§4.1, Fig. 1), fiez-torus
//     (§4.2, Fig. 2), stackelberg-oligopoly (Appendix C.1, C.2).
//   - Loftin et al. (Hi-C): hic-cournot (§3.3, Fig. 1), negotiation (§4,
//     Algorithm 2), negotiation-schedules (which meta steps and horizons
//     make negotiation's roles settle).
//   - Das et al. (stochastic Stackelberg policy gradient): markov-patrol,
//     markov-epidemic (Eq. 8, 9, 19).
//   - Zheng et al. (Stackelberg actor-critic): stac-toy (§3 and App. A,
//     Figs. 1, 2, 4–7: the plain game and its soft, SAC version),
//     stac-cartpole, stddpg-pendulum, stsac-pendulum (Fig. 3), and
//     on MuJoCo (build tag mujoco for the runs; the reports need no
//     engine) stac-mujoco, stddpg-mujoco, stsac-mujoco (Fig. 3, one
//     panel per task); stac-cartpole-v0, stac-cartpole-authors and
//     stac-cartpole-ablations compare the paper's CartPole settings with
//     the authors' code's.
//
// Choices the papers leave open or that depart from them:
//
//   - fiez-duopoly, fiez-torus: noise N(0, 10) and N(0, 0.01) read as
//     variances (σ = √10, 0.1); starts uniform on [0, 50]² and on the
//     torus (not stated); the duopoly without the price kink, in [0, 100]².
//   - stackelberg-oligopoly: Appendix C has no experiment; the game
//     (A = 50, c = 1, N = 3), constant rates ordered leader < follower
//     instead of γ_j = o(γ_{j+1}), and no noise are stackel's.
//   - hic-cournot: Eq. 19's B = 100, p = 0.5, the EMA(0.9) baseline and 50
//     burn-in intervals are not stated in the paper; starts uniform on
//     [0, 50]².
//   - negotiation: §4 has no experiment; games (b) and (c), constant κ, τ,
//     β (the paper lets τ_n grow without bound), w_0 = π/4 (w_0 = 0 of
//     Algorithm 2 is a stationary point of Eq. 25) and a `previous` meta
//     baseline are stackel's.
//
// The RL comparisons' statistics: per task, t intervals of the means
// (MeanCI) and two-sided rank tests against the reference variant
// (MannWhitney; Gehan when --report-only meets unfinished runs below the
// threshold), exact up to 50 runs a side, a row whose sizes cannot give p
// below 0.05 (smallestTwoSidedP: 2/C(n1+n2, n1)) saying so instead of a
// p; across the tasks of a MuJoCo suite (Zheng et al.'s Fig. 3
// comparisons on Hopper, HalfCheetah, Walker2d and Ant), the probability
// of improvement with a stratified bootstrap interval
// (ProbabilityOfImprovement, StratifiedBootstrapPoI).
//
// To add a reproduction, write one file here whose init calls Register
// with its Jobs and Report.
package repro

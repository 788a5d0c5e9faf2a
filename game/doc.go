// Package game defines smooth two-player (leader–follower) games: the Game
// interface that every learner and analysis consumes, strategy domains,
// the built-in games of the papers, and formula games written as Go
// expressions.
//
// A Game gives each player's objective as an ad function of the leader's
// strategy x ∈ R^d1 and the follower's y ∈ R^d2 (1×d row vectors), so that
// any derivative the dynamics need — ∇x f1, ∇y f2, ∇yy f2·v, ∇xy f2·z and the
// implicit total derivative Df1 = ∇x f1 − ∇xy f2ᵀ(∇yy f2)⁻¹∇y f1 (§2.1 of
// Fiez et al., Eq. 3 of the Hi-C paper, Eq. 15 of Stackelberg actor-critic) —
// is one ad call away. Sense says whether both objectives are costs
// (minimised) or payoffs (maximised); Sense.Sign turns either into a cost.
//
// Hot loops use an Evaluator instead: closed-form objectives and own
// gradients on float64 slices. Every built-in but soft-ac-toy implements it
// by hand (immutable, safe for concurrent use, and allocation free except
// for a bimatrix player with more than 16 actions); NewEvaluator
// compiles any other game (soft-ac-toy's Gauss–Hermite sums included) with
// ad.Compile.
//
// # Built-in games
//
// Builtin(name, params) constructs them from named tensor parameters (the
// form a YAML config decodes to, see ParseParam); Builtins lists them with
// their parameters and defaults.
//
//   - duopoly (Duopoly): the Stackelberg/Cournot duopoly of Fiez et al. §4.1
//     (A = 100, c1 = 5, c2 = 2) and, as cournot, of Loftin et al. §3.3,
//     Eqs. 20–21 (A = 50, c1 = c2 = 1). Payoffs.
//   - torus (Location): the location game on the torus of Fiez et al. §4.2.
//     Costs.
//   - ac-toy (ACToy): the actor-critic toy game of Zheng et al. §3.2 (Fig. 1),
//     J = wθ for the actor (leader), L = (wθ + θ²/5)² for the critic,
//     written as costs.
//   - soft-ac-toy (SoftACToy): its soft actor-critic version (Zheng et
//     al. Figs. 2, 6, 7), a squashed Gaussian policy with SAC's entropy
//     term, expectations as Gauss–Hermite sums (sigma, eta). Costs.
//   - bimatrix (Bimatrix): an m×n matrix game on the simplices (softmax
//     logits), with optional entropy and L2 regularisers. Payoffs.
//   - quadratic (Quadratic): the general-sum quadratic game
//     f1 = ½xᵀAx + xᵀBy + ½yᵀCy + aᵀx, f2 = ½yᵀDy + yᵀEx + eᵀy (costs), with
//     closed-form Nash and Stackelberg equilibria and a seeded random
//     well-posed instance (RandomQuadratic) for benchmarks.
//
// Departures from the papers' games:
//
//   - duopoly: the price A − q1 − q2 is linear everywhere (Fiez et al. set
//     P = 0 for Q > A; Loftin's Eqs. 20–21 are linear), and each quantity
//     lies in the box [0, A] (neither paper bounds it). Its costs must be
//     ≥ 0 and keep the closed-form Nash and Stackelberg quantities in
//     [0, A] (Fiez et al. assume c_i > 0 and A > c_i, which alone do not).
//
// # Formula games
//
// NewFormula parses objectives written as Go expressions over x, y, named
// parameters, number literals and a fixed set of functions (see
// FormulaSpec), validates names, arities, indices and shapes once, and
// reports errors as `f1: unknown identifier "z" at 1:7`. Precedence and
// associativity are Go's; a power is pow(a, b) (a^b, Go's XOR, and a**b are
// errors that say so). Where an objective is NaN or infinite,
// Formula.Diagnose names the innermost sub-expression at fault and its
// position: `f1: sqrt(x[0]) is NaN at 1:13 (x = [-0.5], y = [1 2])`;
// where an objective is finite but its gradient or Hessian is not,
// Formula.DiagnoseDerivative names the innermost sub-expression whose
// derivative is: `f1: sqrt(x[0]) has an infinite derivative at 1:1
// (x = [0], y = [1])`.
package game

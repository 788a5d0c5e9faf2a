// Package total computes the regularised Stackelberg total derivative of
// the leader's cost f1 when the follower minimises f2 (Fiez et al.,
// Section 2.1; Stackelberg actor-critic, Proposition 2 and Algorithm 2):
//
//	Df1^λ = ∇x f1 − (∇yx f2)ᵀ (∇yy f2 + λI)⁻¹ ∇y f1
//
// once, for every package that needs it: learn (Stackelberg dynamics),
// rl/agent (STAC, STDDPG, STSAC) and, at the graph level (Graph, so that
// the result can be differentiated again for J_S), equilib. The pieces
// come from package ad — gradients, the follower Hessian as dense rows or
// as Hessian–vector products, and the mixed product ∇x(∇y f2 · w) — and
// the implicit term w = (∇yy f2 + λI)⁻¹ ∇y f1 is computed by a Solver
// value:
//
//   - Exact: the dense Hessian plus λI factored by LU with partial
//     pivoting (LU, in preallocated buffers; measured faster than gonum's
//     LAPACK for the follower dimensions used here, see BenchmarkLU);
//   - CG: conjugate gradients on Hessian–vector products (ad.CG), with λ,
//     an iteration cap and a relative tolerance, polling a context;
//   - Unrolled: the inverse replaced by differentiating through m
//     gradient steps of size η of the follower (a truncated Neumann
//     series, w = η Σ_{i<m} (I − η(H + λI))^i ∇y f1).
//
// Markov games (package markov) keep their own structured exact form
// (Eq. 19 with a Woodbury factorisation of the policy-gradient Hessian
// blocks): a different algorithm on a different representation, see
// markov.Evaluator.StepGradients. learn/hierarchy generalises the
// implicit function theorem to N levels on ad graphs (its recursion).
//
// A singular (or, for CG, indefinite) follower Hessian stops a solve with
// a loop.DivergedError whose advice "set solver.lambda > 0" names the
// config key of learn's Solver.Lambda; calling this package directly, it
// is the Lambda field of Exact, CG or Unrolled.
package total

// Package ad is stackel's reverse-mode differentiation engine over dense,
// row-major float64 tensors.
//
// Every quantity the papers need is a derivative of a player's objective:
// gradients, Hessian–vector products ∇yy f·v, mixed products ∇xy f·z (the
// implicit total derivative of Eq. 3 of the Hi-C paper, Eq. 19 of the
// stochastic Stackelberg paper, Eq. 15–16 of the Stackelberg actor-critic
// paper) and, for small games, whole Jacobians and Hessians for stability
// analysis.
//
// # Model
//
// A Tape records operations as they run (define-by-run). Each operation
// creates a Node holding its value, computed at once. Tensors are matrices
// (rows × cols): a scalar is 1×1, a vector is a 1×n row, a batch of n-vectors
// is b×n (batch first).
//
// Grad walks the tape backwards. Every backward rule is itself written with
// taped operations, so a gradient is an ordinary node that can be
// differentiated again:
//
//	g := ad.Grad(f, y)[0]                 // ∇y f
//	hv := ad.Grad(ad.Dot(g, v), y)[0]      // ∇yy f · v   (HVP)
//	mx := ad.Grad(ad.Dot(g, z), x)[0]      // ∇xy f · z   (MixedVP)
//
// Operations whose derivative is zero almost everywhere (comparisons, masks,
// the sign function) say so explicitly; an operation without a second-order
// rule panics when differentiated, never returns a silent zero.
//
// # Performance modes
//
//   - Tape.Reset recycles every node and buffer, so a learning loop that
//     records the same computation each step stops allocating after the first.
//   - Grad1 is the first-order-only gradient: its backward pass uses fused
//     kernels (tanh, sigmoid, relu, …) and records a graph that cannot be
//     differentiated again (trying panics).
//   - Compile records a function's graph once (value, gradient, HVP, …) and
//     re-evaluates it on new inputs of the same shapes with no allocation.
//
// Matrix products go through gonum's blas64; the build tag openblas routes
// them to OpenBLAS through cgo.
package ad

// Package ad is stackel's reverse-mode differentiation engine over dense,
// row-major float64 or float32 tensors.
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
// the sign and step functions, the arg-max mask of RowMax/ColMax) say so
// explicitly; every other operation has a backward rule written with taped
// operations, and those rules have their own rules, so derivatives of any
// order are exact. The tests check every operation's gradient, HVP and
// third derivative against finite differences.
//
// Where a derivative is infinite (Sqrt, Log or a fractional PowConst or
// Pow at 0, Div by 0, Exp past overflow), a zero cotangent times it is
// 0·∞ = NaN, as in IEEE arithmetic (already at first order: the gradient
// of Sqrt(Norm2(x)) at x = 0 is ∞·0 = NaN), and the sweep does not tell a
// zero cotangent from a structural one. So a Hessian–vector product along a
// direction with a zero component, and a row of Hessian or Jacobian (each
// row is a sweep seeded with 0 at every other output), are NaN where an
// infinite second derivative meets that zero: for f = x^1.5·y at
// (x, y) = (0, 1), Hessian(f, x, y) is [[+Inf, 0], [NaN, 0]] (the lower
// entry is 0 = 1.5·√x, plus 0 times ∂²f/∂x² = +Inf), and HVP along (0, 1)
// gives [NaN, 0] (what IEEE arithmetic gives for that matrix times that
// vector). In such a Hessian the entries sharing a column with
// the infinite one are the ones affected. The one entry wanted can be had
// without the zero seed by differentiating that gradient alone:
// Grad(Grad(f, y)[0], x) and MixedVP give 0 here. Making every backward
// product treat 0·∞ as 0 would cost the elementwise products of every
// sweep a test, and would turn the NaN of a genuine 0·∞ into 0 as well;
// PyTorch and JAX give NaN in the same cases.
//
// # Element types
//
// A tape computes in one DType: NewTape gives float64, NewTapeOf(Float32)
// float32. The API is the same for both: Var, Const, Set take float64
// values and round them to the tape's type; Data, Value, Scalar and CopyTo
// give float64 values (on a float32 tape Data and Value are copies, and
// Data32 aliases the float32 buffer). Every operation's mathematics is one
// generic kernel instantiated for both types, so a float64 tape computes
// exactly what it computed before float32 existed.
//
// A float32 tape accumulates in float64 where that keeps results accurate
// at no cost to the products: Sum, RowSums and Dot (hence Norm2 and the
// Hessian–vector products' inner products) sum in float64 and round once
// (Mean is that rounded Sum scaled by 1/n in float32: a second rounding,
// and +Inf where the sum, not the mean, passes the float32 range);
// LogSumExp, Softmax and LogSoftmax work in float64 per row; the
// transcendental functions (Exp, Log, …) are evaluated in float64 and
// rounded, except Tanh, which on AVX2 CPUs runs its own float32 vector
// kernel (within 2 ulp; the network activations are the bulk of an MLP's
// elementwise work); Solve factors in float64. Matrix products and column sums
// (ColSums, the bias gradients) accumulate in float32, as BLAS's sgemm
// does, except the small matrix–vector products A·b left to the plain
// loops (up to 512 multiply-adds, and below 2¹⁵ in a build without the
// vector kernels: purego, non-amd64) and the small or thin A·Bᵀ products
// that smallMatMul computes, whose dot products sum in float64. CG takes
// float64 vectors, so its inner products and iterates are float64 whatever
// the tape the operator records on (CG32's inner products by fixed blocks
// of 1024 and 8 lanes, see Threads).
//
// # Threads
//
// Tape.SetThreads(n) splits each large matrix product (m·n·k ≥ 2¹⁵) over up
// to n goroutines by contiguous blocks of columns (or rows) of the result,
// each large elementwise operation (≥ 2¹⁴ elements: the binary, unary,
// fused-backward and affine ones, the float64↔float32 loads and copies of
// values, constants' copies and Copy32) by contiguous blocks of elements
// or rows, and thin one-column products (A·b, Aᵀ·b of ≥ 2¹⁴ multiply-adds)
// by blocks of rows, except float32 ones where the CPU has the vector
// kernels below, which run whole on the caller (a split cost more than it
// saved). The calling goroutine runs the first block, which is
// never the smaller one (a helper starts a little later). Each element is
// computed by the same sequence of operations whatever the block it falls
// in, and no sum is split across goroutines, so the numbers are identical
// for every n (tested bit for bit). On exactly two threads, the backward
// rule of a large product whose operands both need gradients computes its
// two products (∂A and ∂B, equal in multiply-adds) at once, one on each
// goroutine, instead of splitting each: one hand-off for the pair
// (STDDPG-AL's 2-thread speed-up by pairs of epochs 1.42 → 1.63,
// Mann–Whitney p = 0.01 over 10 alternated rounds). Also on two
// threads, a float32 product whose left operand is not transposed (read in
// place by the kernel, so cutting it finely packs nothing twice) is cut
// into up to 8 blocks of columns that the two goroutines claim from
// either end, the caller from the front and the helper from the back,
// until they meet; in a pair, the caller's product comes first and the
// helper's after it, so whoever is done with its own takes blocks of the
// other's. The machine's cores do not run at one speed (one ran 10–30 %
// slower than the other in 50 ms windows), and a fixed cut waits for the
// slower half. Each block is the single-threaded kernel's
// part of its product, the same bits whoever computes it.
//
// CG32 (CGSettings.Threads) splits its vector passes too. Its inner
// products are float64 sums by fixed blocks of 1024 indices: each block's
// partial sum in 8 lanes (index i into lane i mod 8, the lanes combined in
// a fixed order: the AVX2 kernels of cgvec_amd64.s, reproduced by the Go
// loops elsewhere), then the block sums in block order, so the bits depend
// on the block length and the lanes and never on the thread count or the
// build (tested for 1, 2 and 3 threads, also under -race, and kernel
// against Go loop). CG (float64) keeps its single sequential order, so
// float64 results are unchanged. ParallelFor gives other packages the same
// pool for elementwise work (rl/optim's Adam, the agents' target-network
// update); DotLanes is the lane-ordered inner product for sums that need
// not be sequential.
//
// ParallelBlocks is the coarse-grained use of the pool: independent blocks
// of work of milliseconds each (the off-policy agents' two gradient passes
// of an update, each a whole forward and backward pass on a tape of its
// own, with one thread each), one hand-off per pass instead of one per
// operation. AddBlocks and SumBlocks add blocks' results in block order,
// elementwise, so that results combined from blocks do not depend on the
// thread count either.
//
// The blocks run on a process-wide pool of helper goroutines that spin for
// 2 ms after each block before parking (parallel.go): handing a block of
// tens of microseconds to a new or parked goroutine costs a thread
// wake-up, and on a busy machine the parked helper's work ended up run
// after the caller's on the caller's thread, so two threads were slower
// than one. A block no helper has started by the time the caller has
// finished its own is run by the caller; after 8 such misses in a row
// operations are not split for 20 ms and the helpers park at once, so a
// machine that gives the process one core costs little more than one
// thread. (With 0.5 ms of spinning, and a helper told to park after each
// miss, the helpers parked inside updates and one late wake-up led to the
// next: two threads gave 63–88 STDDPG-AL steps/s against 74–76 on one
// thread on an otherwise idle machine, 102–124 with the current rules.)
//
// # Operations
//
// Elementwise with broadcasting of scalars, rows and columns (Add, Sub,
// Mul, Div, Pow, Maximum, Minimum, Where, the masks Greater…LessEq);
// constants (AddScalar, Scale, Neg, RSub, PowConst, Clamp); unary functions
// (Exp, Log, Log1p, Sqrt, Square, Sin, Cos, Tan, Tanh, Sigmoid, Softplus,
// Relu, Abs, Sign, Step); reductions (Sum, Mean, RowSums, ColSums, RowMeans,
// ColMeans, RowMax, ColMax, Max, LogSumExp, Norm2, Dot); row-wise Softmax
// and LogSoftmax; shapes (Reshape, Transpose, Slice, Cols, Index, Pad,
// ConcatCols, ConcatRows, BroadcastTo, SumTo); indexing (Gather, Scatter,
// SelectRows); linear algebra (MatMul, MatMulT with transposed operands,
// Solve for A·Z = B, differentiable in A and B). Shape errors panic with a
// message naming the operation and the shapes.
//
// # Helpers
//
// Grad and Grad1 (gradients), VJP (Σᵢ ∇ₓ⟨yᵢ, vᵢ⟩: the backward sweep
// seeded with directions, which is how the agents take Hessian–vector and
// mixed products of networks with many parameter tensors, without
// recording the scalar ⟨∇f, v⟩), HVP and HVPMulti (Hessian–vector
// products), MixedVP (∇xy f·z), Hessian and Jacobian (dense, for small d),
// and CG, a matrix-free conjugate-gradient solver of (A + λI)x = b with an
// iteration cap and tolerance that reports the iterations used and the
// final residual (the regularised inverse-Hessian-vector product of
// Proposition 2 of the Stackelberg actor-critic paper), with CG32 for an
// operator recorded on a float32 tape (the rounding to float32 and back
// fused into CG's passes, the inner products summed by fixed blocks and
// the passes split over CGSettings.Threads). A backward sweep skips the matrix products of
// operands that lead to none of the variables differentiated (the
// critic-side halves of an actor–critic's mixed product).
//
// On a float32 tape the backward sweep fuses into each matrix product it
// records the elementwise operations that would take the product's result
// up next (fuse.go): the addition to the gradient its operand has
// accumulated, the addition of a bias row's gradient (SumTo's backward
// rule), and, once nothing else will add to that gradient, the ReluGrad
// mask that a Relu's (or a ReluGrad's) backward rule puts on it. The
// product (a node "MatMul+Add+Row+ReluGrad", say) applies them to each
// block of columns as it stores it, with the separate operations' own
// float32 operations in their order, so gradients and second-order
// products (Hessian–vector and mixed products: a sweep over a fused
// sweep) are bit for bit those of the unfused sweep (TestFusedSweepSameBits,
// TestFusedSweepRandomGraphs), while a follower Hessian–vector product of
// STDDPG's critic records 18 operations instead of 34. A fused product is
// differentiable again like any operation; a third sweep over a fused
// second one may add a few sums in another order (a last-bit difference,
// within 1e-5 of the largest element in the tests).
//
// # Performance modes
//
//   - Tape.Reset recycles every node, buffer and result slice, so a learning
//     loop that records the same computation each step stops allocating
//     after the first (tested with testing.AllocsPerRun: zero).
//   - Grad1 is the first-order-only gradient: it records the same fused
//     backward kernels as Grad (TanhGrad, SigmoidGrad, ReluGrad, …: one node
//     each) but marks the backward graph so that differentiating through it
//     panics instead of building on a first-order-only result.
//   - Compile records a function's graph once (value, gradient, HVP, …) and
//     re-evaluates it on new inputs of the same shapes with no allocation,
//     Solve included. Its 1×1 float64 operations (a formula game of scalar
//     players is nothing else) run from a flat list made at Compile, each
//     the operation's own element function on its buffers, without the
//     per-operation dispatch, to the same bits (scalar.go).
//
// # Matrix products and build tags
//
// Matrix products run in ad's own packed product (gemm.go: op(B) packed in
// nr-column panels, op(A) in 4-row panels, a 4×nr register-tile
// micro-kernel, nr = 8 doubles or 16 floats). On amd64 CPUs with AVX2 and
// FMA the micro-kernels are assembly (gemm_amd64.s: kern4x8s for float64,
// kern4x16s for float32, 8 fused multiply-adds of a whole register per
// step; products run mostly on the 6-row tiles kern6x16s (float32, 6×16)
// and kern6x8d (float64, 6×8) with 12 accumulators, float32 reading A in
// place when it is not transposed and from 6-row panels when it is, every
// element computed by the same sequence of operations whatever its tile).
// Where the CPU also has AVX-512F, whole tiles take two adjacent panels of
// B at once in 512-bit registers (kern6x32z and kern4x32z for float32,
// kern6x16dz and kern4x16dz for float64): twice the multiply-adds per
// instruction, each element still computed by the AVX2 kernels' sequence
// of operations, so the bits do not change (100×256×256 on an AMD EPYC of
// family 26: float32 93 → 171 GFLOP/s, float64 41 → 74, and 80 with the
// 6-row float64 tiles); GODEBUG=cpu.avx512f=off leaves them out (on CPUs
// that slow their clock for 512-bit work, for instance). A transposed B is
// packed by transposing square blocks in vector registers (8×8 floats,
// 4×4 doubles). tanh has vector kernels too (tanh_amd64.s, float64
// and float32), and so do the elementwise +, −, ×, ÷, the tanh and ReLU
// gradients (relu_amd64.s), a
// bias row added to a batch and the column sums (vec_amd64.s: the same
// IEEE operations per element as the Go loops, so the same bits). float32 products with one
// column or one step (matrix–vector and outer products, which the 4×16
// tile would mostly pad) have kernels of their own (thin_amd64.s) that sum
// exactly as the packed product does, so they too give its bits; they take
// such products from 512 multiply-adds up, below the 2¹⁵ at which other
// products leave the plain loops (a last layer of 256 units on a batch of
// 100: DDPG on Pendulum 11 % faster). Elsewhere,
// or with the build tag purego, all are plain Go (kernGo, math.Tanh).
//
// On small float64 tapes an operation's cost is its dispatch: a node
// caches its tape's dtype and whether it is too small to split over
// threads, so that a forward pass tests one field of the node it has and
// calls the loop. The build tag
// openblas routes products with m·n·k ≥ 32768 to OpenBLAS through cgo
// once UseFastBLAS is called (gonum.org/v1/netlib: dgemm through gonum's
// blas64, installed by ad/internal/openblas, and sgemm for float32 tapes;
// link with -lopenblas and set OPENBLAS_NUM_THREADS=1 for single-threaded
// runs).
//
// # No global side effects
//
// Importing ad changes nothing outside it. UseFastBLAS installs the
// fastest products of the build (BLAS: gonum's pure-Go BLAS with Dgemm on
// ad's packed kernel; OpenBLAS under the tag) as gonum's process-wide
// blas64, for every gonum product and LAPACK routine of the program. The
// stackel command calls it in main; a program using the library calls it
// once at start if it wants that speed (the published numbers are computed
// with it installed; tests install it in TestMain).
package ad

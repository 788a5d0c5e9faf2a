// Package nn holds the neural networks of the actor-critic algorithms in
// package agent: multilayer perceptrons recorded on package ad's tape, and
// the policies built from them.
//
// # Parameters
//
// A [Params] is one flat []float64 holding every tensor of one player (the
// actor, or the critic — for SAC both Q-networks), so that optimisers,
// Polyak averaging, the conjugate-gradient solves of the Stackelberg total
// derivative (Eq. 15–16 of the Stackelberg actor-critic paper) and
// checkpoints all see a single vector. Networks ([MLP]) are architectures
// that refer to tensors of a Params by index; the values come from the
// Params, or from a [Bound] — the same tensors recorded on an ad.Tape as Var
// or Const nodes — so one architecture serves the online and the target
// parameters.
//
// [MLP.Forward] records a batch forward pass on a tape (for gradients,
// Hessian–vector and mixed products); [MLP.Apply] evaluates one row without a
// tape and without allocation (for acting in the environment).
//
// # Policies
//
//   - [Categorical]: π(a|s) = softmax(f(s))ₐ for discrete actions (AC/STAC).
//   - [Gaussian]: a ~ N(f(s), diag σ²) with a state-independent learnable
//     log σ (AC/STAC on continuous actions, as in Spinning Up's VPG).
//   - [Squashed]: a = c + h·tanh(u), u ~ N(μ(s), σ(s)²) (c and h the
//     centre and half-width of the action box), the reparameterised
//     policy of SAC (Eq. 9), with the tanh change-of-variables correction of
//     log π.
//   - [Deterministic]: a = c + h·tanh(f(s)), the DDPG actor μθ of Eq. 7;
//     exploration noise is added by the caller.
//
// Initialisation follows PyTorch's nn.Linear (weights and biases uniform on
// ±1/√fan_in), so the performance peers in bench/peers start from the same
// distribution.
//
// Params hold float64 values. Bound on a float32 ad tape (ad.NewTapeOf),
// they are rounded to float32 as they are recorded, every forward pass and
// derivative runs in float32, and Bound.Grad and Flatten widen the float32
// gradients back into float64 vectors; Apply (the acting path) computes in
// float64.
package nn

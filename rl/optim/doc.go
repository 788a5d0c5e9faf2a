// Package optim provides first-order optimisers over float64 parameter
// slices, gradient-norm clipping and Polyak (target-network) averaging.
//
// Parameters are exchanged as [Param] values: Data is a parameter tensor's
// storage and Grad its gradient, both flat slices of equal length that the
// optimiser reads and updates in place. Any tensor or autodiff engine that
// exposes its storage as []float64 can be optimised without copying:
//
//	params := []optim.Param{{Data: w.Data, Grad: w.Grad}, {Data: b.Data, Grad: b.Grad}}
//	opt := optim.NewAdam(params, 3e-4)
//	for ... {
//		optim.ZeroGrad(params)
//		// ... compute gradients into Grad ...
//		optim.ClipGradNorm(params, 10)
//		if err := opt.Step(); err != nil {
//			return err // a gradient or new state that would not be finite
//		}
//	}
//
// An optimiser is bound to its parameters at construction, keeps per-element
// state (moment estimates, momentum) aligned with them, and does not
// allocate in Step (except SGD on its first step with momentum, which makes
// the momentum buffers). Optimisers descend: Step moves Data against Grad,
// so to maximise an objective (for example a policy's return, or the
// leader's objective in a Stackelberg update) pass its negated gradient.
//
// # Algorithms
//
//   - [Adam]: Kingma & Ba, "Adam: A Method for Stochastic Optimization",
//     ICLR 2015, Algorithm 1, with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 by default.
//   - [SGD]: plain gradient descent with optional (Nesterov) momentum in the
//     PyTorch convention.
//   - [ClipGradNorm]: rescales all gradients together so that their joint L2
//     norm is at most a bound.
//   - [Polyak]: target ← (1−τ)·target + τ·source, the soft target update of
//     DDPG and SAC. Spinning Up's polyak = 0.995 is τ = 0.005 here.
//
// # Checkpoints
//
// Adam and SGD implement encoding.BinaryMarshaler and
// encoding.BinaryUnmarshaler (so they can be fields of a gob-encoded
// checkpoint), and [Save] and [Load] write and read that encoding on a
// stream. Their WriteTo writes MarshalBinary's bytes streamed from the
// moments' (or momentum buffers') storage, without MarshalBinary's copy
// or gob's growing buffer, and BinarySize gives their length first (a
// checkpoint streams the state into a gob field whose length precedes
// it). The parameters themselves are not part of an optimiser's state;
// save them separately. Loading checks that the saved state matches the
// shapes of the parameters the optimiser is bound to.
package optim

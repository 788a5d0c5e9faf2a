// Package replay provides a fixed-capacity experience replay buffer for
// off-policy reinforcement learning (DDPG, SAC and their Stackelberg
// variants).
//
// A [Buffer] stores transitions (obs, action, reward, next_obs, done) in flat
// preallocated float64 arrays, one row per transition. When full, each new
// transition overwrites the oldest one (ring order). [Buffer.Sample] draws a
// batch of indices uniformly with replacement from the stored transitions,
// using a caller-owned seeded random source, and copies the rows into a
// caller-provided [Batch], so sampling allocates nothing:
//
//	buf := replay.New(1_000_000, obsDim, actDim)
//	batch := buf.NewBatch(100)
//	rng := rand.New(rand.NewPCG(seed, 0))
//	...
//	buf.Add(obs, action, reward, nextObs, terminated)
//	...
//	buf.Sample(rng, batch)
//	// batch.Obs is 100×obsDim row-major, batch.Rew has 100 entries, ...
//
// done should be the environment's terminated flag, not terminated ||
// truncated: a transition cut off by a time limit still has a next state
// whose value must be bootstrapped. It is stored as 1.0 or 0.0 so that a TD
// target is r + γ·(1 − done)·V(next_obs).
//
// # Checkpoints
//
// [Buffer.WriteTo] and [Buffer.ReadFrom] stream the buffer's full state
// (dimensions, contents and ring position) in a versioned little-endian
// binary format with a CRC-32 checksum, writing only the filled rows;
// [Buffer.MarshalBinary] and [Buffer.UnmarshalBinary] wrap them so a Buffer
// can also be a field of a struct saved with encoding/gob. The random source
// is not part of the buffer; math/rand/v2's PCG and ChaCha8 sources implement
// encoding.BinaryMarshaler and can be checkpointed alongside it.
package replay

package agent

import (
	"fmt"

	"github.com/stackel/stackel/internal/safeyaml"
)

// Size limits checked by Validate before anything is allocated, so that a
// mistyped width or buffer size is an error naming the limit instead of an
// out-of-memory death. Each can be raised by its environment variable.
const (
	// DefaultMaxNetParams bounds Σ widthᵢ·widthᵢ₊₁ over the hidden layers
	// (16M weights ≈ 128 MB per copy; a network is held about six times:
	// actor, critic, target, optimiser moments). STACKEL_MAX_NET_PARAMS.
	DefaultMaxNetParams = 16_000_000
	// DefaultMaxWidth bounds each hidden width. STACKEL_MAX_WIDTH.
	DefaultMaxWidth = 65536
	// DefaultMaxBuffer bounds replay_size, steps_per_epoch and batch_size
	// (40M steps per epoch ran out of 4 GiB). A replay buffer holds
	// 2·obs + act + 2 float64 per step, min(replay_size, steps) steps: 72
	// bytes a step on Pendulum-v1, 512 on Ant-v4, whose buffer this limit
	// lets reach 2.6 GB. STACKEL_MAX_BUFFER.
	DefaultMaxBuffer = 5_000_000
	// DefaultMaxActivations bounds rows × Σ widthᵢ, the hidden activations
	// of one forward pass over an update's batch (rows: steps_per_epoch
	// on-policy, whose update takes the whole epoch, batch_size
	// off-policy). An update holds them several times over on its tapes:
	// AC on CartPole at 4000 × [8192], just over this limit, peaked at
	// 1.3 GB in float32 and 2.6 GB in float64, and at 4000 × [65536],
	// within the width limit, ran out of memory. STACKEL_MAX_ACTIVATIONS.
	DefaultMaxActivations = 32_000_000
	// DefaultMaxInner bounds the inner loops of one update or epoch:
	// unroll, cg.iters, lanczos_iters and test_episodes (a billion CG
	// iterations inside one update would never return).
	// STACKEL_MAX_INNER.
	DefaultMaxInner = 100_000
)

// checkLimits applies the size limits to c.
func (c Config) checkLimits() error {
	var maxWidth, maxParams, maxBuf, maxInner, maxAct int
	for _, l := range []struct {
		v    *int
		env  string
		dflt int
	}{
		{&maxWidth, "STACKEL_MAX_WIDTH", DefaultMaxWidth},
		{&maxParams, "STACKEL_MAX_NET_PARAMS", DefaultMaxNetParams},
		{&maxBuf, "STACKEL_MAX_BUFFER", DefaultMaxBuffer},
		{&maxInner, "STACKEL_MAX_INNER", DefaultMaxInner},
		{&maxAct, "STACKEL_MAX_ACTIVATIONS", DefaultMaxActivations},
	} {
		v, err := safeyaml.LookupEnvInt(l.env, l.dflt)
		if err != nil {
			return err
		}
		*l.v = v
	}
	for _, b := range []struct {
		name string
		v    int
	}{{"rl.unroll", c.Unroll}, {"rl.cg.iters", c.CG.Iters}, {"rl.options.lanczos_iters", c.LanczosIters}, {"rl.options.test_episodes", c.TestEpisodes}} {
		if b.v > maxInner {
			return fmt.Errorf("%s: %d exceeds the limit %d (set STACKEL_MAX_INNER to raise it)", b.name, b.v, maxInner)
		}
	}
	total := 0
	for i, h := range c.Hidden {
		if h > maxWidth {
			return fmt.Errorf("rl.hidden[%d]: width %d exceeds the limit %d (set STACKEL_MAX_WIDTH to raise it)", i, h, maxWidth)
		}
		if i > 0 {
			total += c.Hidden[i-1] * h
		}
	}
	if total > maxParams {
		return fmt.Errorf("rl.hidden: %v has %d hidden-to-hidden weights, over the limit %d (set STACKEL_MAX_NET_PARAMS to raise it)", c.Hidden, total, maxParams)
	}
	for _, b := range []struct {
		name string
		v    int
	}{{"rl.options.replay_size", c.ReplaySize}, {"rl.steps_per_epoch", c.StepsPerEpoch}, {"rl.options.batch_size", c.BatchSize}} {
		if b.v > maxBuf {
			return fmt.Errorf("%s: %d exceeds the limit %d (set STACKEL_MAX_BUFFER to raise it)", b.name, b.v, maxBuf)
		}
	}
	rows, rowsKey := c.BatchSize, "rl.options.batch_size"
	if c.Algo.OnPolicy() {
		rows, rowsKey = c.StepsPerEpoch, "rl.steps_per_epoch"
	}
	widths := 0
	for _, h := range c.Hidden {
		widths += h
	}
	if rows > 0 && widths > maxAct/rows { // not rows·widths > maxAct: no overflow
		return fmt.Errorf("rl.hidden: %v with %s %d is %d hidden activations per update, over the limit %d (an update holds them several times: lower the widths or %s, or set STACKEL_MAX_ACTIVATIONS to raise it)", c.Hidden, rowsKey, rows, rows*widths, maxAct, rowsKey)
	}
	return nil
}

package experiment

import (
	"context"
	"fmt"
)

// TODO(lead): replaced by the Hi-C and RL wiring once those land.
func runHiC(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	return "", fmt.Errorf("dynamics.kind hic: not wired into `stackel run` yet")
}

func runRL(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	return "", fmt.Errorf("rl runs: not wired into `stackel run` yet")
}

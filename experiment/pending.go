package experiment

import (
	"context"
	"fmt"
)

// TODO(lead): replaced by the RL wiring once it lands.
func runRL(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	return "", fmt.Errorf("rl runs: not wired into `stackel run` yet")
}

package experiment

import "context"

// runRL runs an rl config (see rl.go).
func runRL(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	return RunRLConfig(ctx, cfg, opt)
}

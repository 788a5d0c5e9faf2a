package experiment

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/goccy/go-yaml"
)

// RunOptions are what `stackel run` passes to Run.
type RunOptions struct {
	// Out is the output directory; it exists.
	Out string
	// Progress, when not nil, is told of progress.
	Progress ProgressFunc
	// Resume continues an RL run from the checkpoint in Out.
	Resume bool
}

// Run performs the run a configuration describes and writes its outputs
// (metrics.csv, summary.json, config.yaml) into opt.Out. It returns a
// one-line summary for the terminal. On error, everything recorded before
// the failure stays in opt.Out and summary.json holds the error.
func Run(ctx context.Context, cfg *Config, opt RunOptions) (string, error) {
	if !opt.Resume {
		if err := saveConfig(cfg, opt.Out); err != nil {
			return "", err
		}
	}
	switch {
	case cfg.RL != nil:
		return runRL(ctx, cfg, opt)
	case cfg.Game.Markov != "" || cfg.Game.MarkovBuiltin != "":
		return runMarkov(ctx, cfg, opt)
	case cfg.Dynamics != nil && cfg.Dynamics.Kind == "hic":
		return runHiC(ctx, cfg, opt)
	default:
		return runSmooth(ctx, cfg, opt)
	}
}

// saveConfig stores the (normalised) configuration beside the results, for
// provenance and for --resume.
func saveConfig(cfg *Config, dir string) error {
	b, err := yaml.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("saving config: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "config.yaml"), b, 0o644)
}

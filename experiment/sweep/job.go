package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/stackel/stackel/experiment"
)

// Job is one run of a sweep: a full configuration (its seed included) as
// plain data that round-trips through JSON, with a stable ID derived from
// the configuration's content.
type Job struct {
	// ID is the first 16 hex digits of the SHA-256 of Config: the same
	// configuration and seed give the same ID in any sweep, on any machine.
	ID string `json:"id"`
	// Sweep names the sweep the job belongs to.
	Sweep string `json:"sweep"`
	// Index is the job's position in the sweep (the Slurm array index).
	Index int `json:"index"`
	// Point is the index of the job's grid point; Grid its values, in the
	// spec's key order.
	Point int      `json:"point"`
	Grid  []Assign `json:"grid"`
	// Seed is the configuration's seed.
	Seed uint64 `json:"seed"`
	// Config is the full configuration as canonical JSON (sorted keys),
	// which stackel's strict YAML parser reads.
	Config json.RawMessage `json:"config"`
	// Dir resolves relative paths in Config (a Markov game spec file).
	Dir string `json:"dir,omitempty"`
	// Out is where the job's outputs go, relative to the sweep's output
	// directory (default runs/<ID>).
	Out string `json:"out,omitempty"`
}

// Assign is one grid key's value.
type Assign struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

// OutDir returns the job's output directory under the sweep directory dir.
func (j Job) OutDir(dir string) string {
	if j.Out != "" {
		return filepath.Join(dir, filepath.FromSlash(j.Out))
	}
	return filepath.Join(dir, "runs", j.ID)
}

// Label describes the job's grid point, "k1=v1, k2=v2" ("base" without a
// grid).
func (j Job) Label() string { return pointLabel(j.Grid) }

func pointLabel(g []Assign) string {
	if len(g) == 0 {
		return "base"
	}
	parts := make([]string, len(g))
	for i, a := range g {
		parts[i] = fmt.Sprintf("%s=%s", a.Key, compact(a.Value))
	}
	return strings.Join(parts, ", ")
}

// compact renders a grid value as JSON (strings without quotes).
func compact(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// ParseConfig parses the job's configuration strictly.
func (j Job) ParseConfig() (*experiment.Config, error) {
	cfg, err := experiment.ParseConfig(j.Config)
	if err != nil {
		return nil, err
	}
	cfg.SetDir(j.Dir)
	return cfg, nil
}

// NewJob makes a job of a configuration tree (its seed set): the
// canonical JSON of the tree and its content ID.
func NewJob(tree map[string]any) (Job, error) {
	b, err := canonical(tree)
	if err != nil {
		return Job{}, err
	}
	sum := sha256.Sum256(b)
	return Job{ID: hex.EncodeToString(sum[:8]), Config: b}, nil
}

// canonical encodes v as JSON with sorted keys and no HTML escaping.
func canonical(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// TreeOf turns a typed configuration into the generic tree a Job holds
// (through its YAML form, so that the keys are the published ones).
func TreeOf(cfg *experiment.Config) (map[string]any, error) {
	return configTree(cfg)
}

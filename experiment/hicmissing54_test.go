package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHiCMissingScheduleNamed54: a kind: hic config without alpha, delta
// or commitment (left out, or written as null) is refused naming the keys
// missing, each with an example, at the dynamics line (a null one at its
// own line), as stackel run reports a config's error (Check, then Locate)
// — not a bare "hic needs alpha, delta and commitment" that leaves the
// user to find which.
func TestHiCMissingScheduleNamed54(t *testing.T) {
	const alpha = "  alpha: {power: {a: 0.001, b: 0, p: 0.1}}\n"
	const delta = "  delta: {power: {a: 1, b: 0, p: 0.6}}\n"
	const commitment = "  commitment: {eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}}\n"
	for _, c := range []struct {
		name string
		r    *strings.Replacer
		want string
	}{
		{"no alpha", strings.NewReplacer(alpha, ""), "line 5: dynamics: alpha: missing (Hi-C's step size α_n, e.g. alpha: {power: {a: 0.001, b: 0, p: 0.1}})"},
		{"null delta", strings.NewReplacer(delta, "  delta: null\n"), "line 8: dynamics: delta: missing (Hi-C's perturbation size δ_n, e.g. delta: {power: {a: 1, b: 0, p: 0.6}})"},
		{"no commitment", strings.NewReplacer(commitment, ""), "line 5: dynamics: commitment: missing (Hi-C's commitment length k_n in stages, e.g. commitment: {constant: 100} or {eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}})"},
		{"no alpha nor commitment", strings.NewReplacer(alpha, "", commitment, ""), "line 5: dynamics: alpha: missing (Hi-C's step size α_n, e.g. alpha: {power: {a: 0.001, b: 0, p: 0.1}}); commitment: missing ("},
	} {
		file := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(file, []byte(c.r.Replace(hicYAML)), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(file)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = cfg.Locate(Check(cfg))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v; want it to contain %q", c.name, err, c.want)
		}
	}
}

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// repoRoot is the repository's top directory, seen from this package.
const repoRoot = "../.."

// readmeYAML returns the README's YAML blocks, in order.
func readmeYAML(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
		blocks = append(blocks, m[1])
	}
	return blocks
}

// The README's YAML examples are what they say: every configuration
// parses strictly, and the sweep spec, with its base in configs/, expands
// to the 6 grid points × 5 seeds = 30 jobs the README counts. The files
// under configs/ that the README names load, and configs/duopoly.yaml is
// the README's smooth-game example without its commented alternatives.
func TestREADMEExamples(t *testing.T) {
	blocks := readmeYAML(t)
	var configs, specs int
	for i, blk := range blocks {
		if strings.Contains(blk, "\ngrid:") {
			specs++
			s, err := sweep.ParseSpec([]byte(blk), repoRoot)
			if err != nil {
				t.Fatalf("README sweep spec (YAML block %d): %v", i+1, err)
			}
			jobs, err := s.Expand()
			if err != nil {
				t.Fatalf("README sweep spec: %v", err)
			}
			if len(jobs) != 30 {
				t.Errorf("README sweep spec: %d jobs, the README says 30", len(jobs))
			}
			continue
		}
		configs++
		if _, err := experiment.ParseConfig([]byte(blk)); err != nil {
			t.Errorf("README config (YAML block %d, %q…): %v", i+1, strings.SplitN(blk, "\n", 2)[0], err)
		}
	}
	if configs != 5 || specs != 1 {
		t.Errorf("%d configuration and %d spec examples in the README, want 5 (smooth, Hi-C, negotiation, Markov, RL) and 1", configs, specs)
	}

	for _, name := range []string{"duopoly.yaml", "stddpg-pendulum.yaml"} {
		if _, err := experiment.LoadConfig(filepath.Join(repoRoot, "configs", name)); err != nil {
			t.Errorf("configs/%s: %v", name, err)
		}
	}
	file, err := os.ReadFile(filepath.Join(repoRoot, "configs", "duopoly.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.SplitAfter(blocks[0], "\n") {
		if !strings.HasPrefix(line, "  # ") {
			kept = append(kept, line)
		}
	}
	if string(file) != strings.Join(kept, "") {
		t.Errorf("configs/duopoly.yaml differs from the README's smooth-game example:\n%s\nREADME:\n%s", file, strings.Join(kept, ""))
	}
}

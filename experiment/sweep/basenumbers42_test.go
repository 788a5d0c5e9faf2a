package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestBaseExponentNumbersAsInAConfigFile: a config file's integer and
// float fields take a number in exponent form without a dot (steps: 5e4,
// lr: 1e-3), which `stackel run` accepts; a sweep whose base (a file or
// inline) spelt them so was refused with `rl.steps: "5e4" is quoted text
// where a number is expected; write it without quotes` (it is not
// quoted: the YAML decoder leaves such a number text, and the sweep's
// JSON form of the configuration quoted it). The jobs are those of the
// base spelt 50000, IDs and all; a quoted "5e4" is still refused, as by a
// config file, and an unquoted 1e3 in a text field stays the text.
func TestBaseExponentNumbersAsInAConfigFile(t *testing.T) {
	const plain = "name: p\nseed: 1\nrl:\n  env: Pendulum-v1\n  algo: stddpg\n  leader: actor\n  steps: 50000\n  steps_per_epoch: 4000\n"
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	expSteps := strings.Replace(plain, "steps: 50000", "steps: 5e4", 1)
	write("plain.yaml", plain)
	write("exp.yaml", expSteps)
	write("quoted.yaml", strings.Replace(plain, "steps: 50000", `steps: "5e4"`, 1))
	// The file itself runs.
	cfg, err := experiment.LoadConfig(filepath.Join(dir, "exp.yaml"))
	if err != nil || experiment.Check(cfg) != nil || cfg.RL.Steps != 50000 {
		t.Fatalf("the base file alone: %v", err)
	}
	expand := func(spec string) ([]Job, error) {
		s, err := ParseSpec([]byte(spec), dir)
		if err != nil {
			return nil, err
		}
		return s.Expand()
	}
	const grid = "grid:\n  rl.algo: [ddpg, stddpg]\nseeds: [1, 2, 3]\n"
	want, err := expand("name: s\nbase: plain.yaml\n" + grid)
	if err != nil {
		t.Fatal(err)
	}
	inline := "name: s\nconfig:\n" + indent(expSteps) + grid
	for _, spec := range []string{"name: s\nbase: exp.yaml\n" + grid, inline} {
		got, err := expand(spec)
		if err != nil {
			t.Errorf("%q: %v", spec, err)
			continue
		}
		if len(got) != len(want) {
			t.Fatalf("%d jobs, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i].ID != want[i].ID {
				t.Errorf("job %d: id %s, want %s (the base spelt 50000)", i, got[i].ID, want[i].ID)
			}
		}
	}
	// Float fields, in the dynamics block of a game's config (the
	// README's duopoly config writes tol: 1e-10).
	game := "name: s\nconfig:\n  game: {builtin: duopoly}\n  dynamics: {kind: stackelberg, leader_lr: {constant: LR}, follower_lr: {constant: 0.01}, solver: {kind: cg, lambda: 0, iters: 10, tol: TOL}}\n  iterations: ITER\n"
	a, err := expand(strings.NewReplacer("LR", "0.001", "ITER", "1000", "TOL", "0.0000000001").Replace(game))
	if err != nil {
		t.Fatal(err)
	}
	b, err := expand(strings.NewReplacer("LR", "1e-3", "ITER", "1e3", "TOL", "1e-10").Replace(game))
	if err != nil {
		t.Fatalf("constant: 1e-3, tol: 1e-10, iterations: 1e3: %v", err)
	}
	if a[0].ID != b[0].ID {
		t.Errorf("constant: 1e-3, tol: 1e-10, iterations: 1e3: id %s, want %s (0.001, 0.0000000001 and 1000)", b[0].ID, a[0].ID)
	}
	// Quoted, it is text, refused where a number is expected.
	if _, err := expand("name: s\nbase: quoted.yaml\n" + grid); err == nil || !strings.Contains(err.Error(), `"5e4" is quoted text`) {
		t.Errorf("quoted \"5e4\": %v; want the quoted-text error", err)
	}
	// A text field keeps the text of an unquoted 1e3.
	jobs, err := expand("name: s\nconfig:\n" + indent(strings.Replace(plain, "name: p", "name: 1e3", 1)) + grid)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(jobs[0].Config, "name: 1e3") && !strings.Contains(jobs[0].Config, `name: "1e3"`) {
		t.Errorf("name: 1e3 became:\n%s", jobs[0].Config)
	}
}

// indent indents every line of text by two spaces.
func indent(text string) string {
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "")
}

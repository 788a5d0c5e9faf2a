package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/learn/uncoupled"
)

// hicEq19YAML is hicYAML with one key per line, so that each error's line
// is the key's own: eq19's beta on line 9, the follower's lr on line 16.
const hicEq19YAML = `name: hic-cournot
seed: 3
game: {builtin: cournot}
dynamics:
  kind: hic
  alpha: {power: {a: 0.001, b: 0, p: 0.1}}
  delta: {power: {a: 1, b: 0, p: 0.6}}
  commitment:
    eq19:
      beta: 0.1
      mu: 2
      B: 100
      p: 0.5
  baseline: previous
  follower:
    kind: gradient
    lr: 0.1
stages: 1000
init: {uniform: {x: [[0, 50]], y: [[0, 50]]}}
`

// TestHiCEq19BetaIsFollowerLR54: Eq. 19's beta is the step of the gradient
// follower (Corollary 3.11: "the follower updates their strategy using
// deterministic gradient ascent with step-size β"), so a beta other than
// dynamics.follower.lr gives commitments computed for another follower:
// refused at beta's line, naming both keys and the remedy. beta left out
// (or null) is taken from the follower's lr; a best-response follower,
// whose lr is an inner step, must give it.
func TestHiCEq19BetaIsFollowerLR54(t *testing.T) {
	const beta = "      beta: 0.1\n"
	for _, c := range []struct {
		name     string
		r        *strings.Replacer
		want     string  // "": no error
		wantBeta float64 // eq19's β of the run, when no error
	}{
		{"equal", strings.NewReplacer(), "", 0.1},
		{"lr 5, beta 0.1", strings.NewReplacer("    lr: 0.1\n", "    lr: 5\n"),
			"c.yaml: config: line 10: dynamics.commitment.eq19.beta = 0.1 is not the follower's step dynamics.follower.lr = 5: Eq. 19 (Corollary 3.11) counts the stages a gradient follower with step β needs to track its best response, so β must be that lr; make them equal (note that eq19 needs beta·mu < 1), or leave beta out to take the follower's lr", 0},
		{"noisy follower, beta 0.2", strings.NewReplacer(beta, "      beta: 0.2\n", "    kind: gradient\n", "    kind: noisy-gradient\n    noise: 0.01\n"),
			"c.yaml: config: line 10: dynamics.commitment.eq19.beta = 0.2 is not the follower's step dynamics.follower.lr = 0.1:", 0},
		{"beta left out", strings.NewReplacer(beta, ""), "", 0.1},
		{"beta null", strings.NewReplacer(beta, "      beta: null\n"), "", 0.1},
		{"beta left out, lr 0.3", strings.NewReplacer(beta, "", "    lr: 0.1\n", "    lr: 0.3\n"), "", 0.3},
		{"beta left out, lr·mu ≥ 1", strings.NewReplacer(beta, "", "    lr: 0.1\n", "    lr: 0.6\n"),
			"c.yaml: config: line 16: dynamics.follower.lr = 0.6: dynamics.commitment.eq19 leaves beta out and takes it from this lr, but eq19 needs beta·mu = 0.6·2 = 1.2 in (0, 1) (Corollary 3.11: β ≤ 1/K2, and μ ≤ K2): lower lr, or check mu", 0},
		{"beta left out, best-response", strings.NewReplacer(beta, "", "    kind: gradient\n", "    kind: best-response\n"),
			"c.yaml: config: line 9: dynamics.commitment.eq19: beta: missing (a best-response follower's lr is its inner step, not the step of a gradient follower Eq. 19 counts for: give beta, e.g. beta: 0.1)", 0},
		{"best-response keeps its own beta", strings.NewReplacer(beta, "      beta: 0.2\n", "    kind: gradient\n", "    kind: best-response\n"), "", 0.2},
	} {
		file := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(file, []byte(c.r.Replace(hicEq19YAML)), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(file)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = cfg.Locate(Check(cfg))
		if c.want != "" {
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: error %v;\nwant it to contain %q", c.name, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		run, err := HiCRunConfig(cfg)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		e, ok := run.Leader.Commitment.(uncoupled.Eq19)
		if !ok || e.Beta != c.wantBeta {
			t.Errorf("%s: commitment %#v; want Eq19 with beta %g", c.name, run.Leader.Commitment, c.wantBeta)
		}
	}
}

// TestHiCEq19BetaLeftOutSameRun54: a config that leaves beta out runs the
// commitments of the one that writes beta = lr (k_n of Eq. 19 with β =
// 0.1, μ = 2, B = 100, p = 0.5 and δ_n = n^−0.6: 42 at n = 1, 49 at n =
// 2, as package uncoupled's tests pin), and config.yaml, written without
// beta, reads back as the same run.
func TestHiCEq19BetaLeftOutSameRun54(t *testing.T) {
	src := strings.Replace(hicEq19YAML, "      beta: 0.1\n", "", 1)
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	run, err := HiCRunConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]int{1: 42, 2: 49} {
		if k, err := uncoupled.CommitmentLength(run.Leader.Commitment, n); err != nil || k != want {
			t.Errorf("k_%d = %d (%v); want %d", n, k, err, want)
		}
	}
	dir := t.TempDir()
	if err := saveConfig(cfg, dir); err != nil {
		t.Fatal(err)
	}
	back, err := LoadConfig(filepath.Join(dir, ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(back); err != nil {
		t.Fatalf("config.yaml does not check: %v", err)
	}
	if !SameConfig(cfg, back) {
		t.Errorf("config.yaml reads back as another configuration")
	}
}

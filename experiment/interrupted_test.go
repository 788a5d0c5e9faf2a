package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// stoppedSummary is what the interruption tests read from summary.json:
// the error, the interruption mark and the count of iterations (smooth,
// Markov) or stages (Hi-C) played.
type stoppedSummary struct {
	Error       string `json:"error"`
	Interrupted *bool  `json:"interrupted"`
	Iterations  *int   `json:"iterations"`
	Stages      *int   `json:"stages"`
}

func readStoppedSummary(t *testing.T, dir string) (stoppedSummary, []byte) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var s stoppedSummary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("summary.json: %v\n%s", err, b)
	}
	return s, b
}

// lastMetricsStep is the first column of metrics.csv's last row.
func lastMetricsStep(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	f := strings.SplitN(lines[len(lines)-1], ",", 2)[0]
	n, err := strconv.Atoi(f) // an integer, however large (not 1e+06)
	if err != nil {
		t.Fatalf("metrics.csv's last row starts with %q: %v", f, err)
	}
	return n
}

// TestInterruptedRuns cancels a smooth, a Hi-C and a Markov run of 10⁹
// iterations or stages from their progress callback once the run has
// recorded iteration (stage) `at`, and checks summary.json: the error is
// the cancellation, "interrupted": true is written exactly as an RL run's
// summary writes it, and the count of iterations or stages is the one the
// loop reached — the iteration its error names less the one not done
// (smooth, Markov: the steps completed), the stage it names (Hi-C: the
// stages before it were played) — between `at` and the configured length.
// Cancelling from the callback stops the run at the loop's next poll of
// its context, with no clock involved.
func TestInterruptedRuns(t *testing.T) {
	const huge = 1000000000
	cases := []struct {
		kind, yaml string
		at         int            // cancel once this iteration/stage is recorded
		reached    *regexp.Regexp // the error naming where the loop stopped
		less       int            // the count recorded is the named one less this
	}{
		{"smooth", `
name: s
seed: 7
game: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}
dynamics: {kind: stackelberg, leader_lr: {constant: 0.001}, follower_lr: {constant: 0.01}}
iterations: 1000000000
record_every: 100
init: {x: [10], y: [10]}
`, 3000, regexp.MustCompile(`^iteration (\d+): context canceled$`), 1},
		{"hic", strings.Replace(strings.Replace(hicYAML, "stages: 1000000", "stages: 1000000000\nrecord_every: 1000", 1), "name: hic-cournot", "name: h", 1),
			20000, regexp.MustCompile(`^play: stopped at stage (\d+): context canceled$`), 0},
		{"markov", `
name: m
game: {markov_builtin: patrol}
dynamics: {kind: stackelberg-pg}
iterations: 1000000000
record_every: 1
`, 5, regexp.MustCompile(`^markov: iteration (\d+): context canceled$`), 1},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(c.yaml))
			if err != nil {
				t.Fatal(err)
			}
			if k, err := KindOf(cfg); err != nil || k.Name != c.kind {
				t.Fatalf("kind %q (%v), want %s", k.Name, err, c.kind)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			progress := func(done, total int) {
				if total != huge {
					t.Errorf("progress total %d, want %d", total, huge)
				}
				if done >= c.at {
					cancel()
				}
			}
			out := t.TempDir()
			if _, err := Run(ctx, cfg, RunOptions{Out: out, Progress: progress}); !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v, want context.Canceled", err)
			}
			sum, raw := readStoppedSummary(t, out)
			if sum.Interrupted == nil || !*sum.Interrupted {
				t.Errorf("summary.json has no \"interrupted\": true:\n%s", raw)
			}
			if !bytes.HasSuffix(raw, []byte(",\n  \"interrupted\": true\n}\n")) {
				t.Errorf("summary.json does not end with the key as RL's summary writes it:\n%s", raw)
			}
			m := c.reached.FindStringSubmatch(sum.Error)
			if m == nil {
				t.Fatalf("error %q does not match %s", sum.Error, c.reached)
			}
			named, _ := strconv.Atoi(m[1])
			want := named - c.less
			got := sum.Iterations
			if c.kind == "hic" {
				got = sum.Stages
			}
			if got == nil || *got != want || want < c.at || want >= huge {
				t.Errorf("summary.json records %v iterations/stages; the loop stopped at %d (error %q): want %d, in [%d, %d)", deref(got), named, sum.Error, want, c.at, huge)
			}
			if last := lastMetricsStep(t, out); last > want {
				t.Errorf("metrics.csv's last row is at %d, after the %d recorded as done", last, want)
			}
		})
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// hicDivergeYAML is a Hi-C run on a formula game whose follower, a
// gradient ascender with lr 100 on f2 = y², multiplies its strategy by
// 1 + 2·100 = 201 each stage whatever the leader plays: f2 = (201ᵗ)²
// overflows at the first t with 201²ᵗ > MaxFloat64, t = 67 (computed in
// the test), far short of the 10⁵ stages configured.
const hicDivergeYAML = `
name: hicdiv
seed: 1
game:
  sense: payoff
  dims: [1, 1]
  f1: "-x[0]*x[0]"
  f2: "y[0]*y[0]"
dynamics:
  kind: hic
  alpha: {constant: 0.001}
  delta: {constant: 0.5}
  commitment: {constant: 20}
  follower: {kind: gradient, lr: 100}
stages: 100000
record_every: 1
init: {x: [0], y: [1]}
`

// TestHiCDivergedStages: a Hi-C run that diverges records in summary.json
// the stage at which it stopped, the one its error names, as the stages
// played (not the 10⁵ configured), and no "interrupted" key, since it
// was not interrupted.
func TestHiCDivergedStages(t *testing.T) {
	// The follower's recursion y ← y + lr·∂f2/∂y, done here in float64:
	// the first stage whose f2 = y² is not finite.
	want, y := 0, 1.0
	for !math.IsInf(y*y, 0) {
		y += 100 * (2 * y)
		want++
	}
	if want != 67 {
		t.Fatalf("the recursion overflows at stage %d; the config's comment says 67", want)
	}
	dir, err := runYAML(t, hicDivergeYAML)
	if err == nil || !strings.Contains(err.Error(), "stage "+strconv.Itoa(want)+": follower objective f2 is +Inf") {
		t.Fatalf("error %v, want the divergence at stage %d", err, want)
	}
	sum, raw := readStoppedSummary(t, dir)
	if sum.Stages == nil || *sum.Stages != want {
		t.Errorf("summary.json records %v stages, want %d (where the run diverged):\n%s", deref(sum.Stages), want, raw)
	}
	if sum.Interrupted != nil {
		t.Errorf("a diverged run's summary.json has \"interrupted\":\n%s", raw)
	}
	if last := lastMetricsStep(t, dir); last != want {
		t.Errorf("metrics.csv's last row is at stage %d, want %d", last, want)
	}
}

// TestFinishedRunNotInterrupted: the summary of a run that ran to its
// end has no "interrupted" key, and a Hi-C run's "stages" is the
// configured count.
func TestFinishedRunNotInterrupted(t *testing.T) {
	for _, c := range []struct{ kind, yaml string }{
		{"smooth", duopolyYAML},
		{"hic", strings.Replace(hicYAML, "stages: 1000000", "stages: 5000", 1)},
	} {
		dir, err := runYAML(t, c.yaml)
		if err != nil {
			t.Fatalf("%s: %v", c.kind, err)
		}
		sum, raw := readStoppedSummary(t, dir)
		if sum.Interrupted != nil || sum.Error != "" || bytes.Contains(raw, []byte("interrupted")) {
			t.Errorf("%s: a finished run's summary.json:\n%s", c.kind, raw)
		}
		if c.kind == "hic" && (sum.Stages == nil || *sum.Stages != 5000) {
			t.Errorf("hic: %v stages recorded, want 5000", deref(sum.Stages))
		}
	}
}

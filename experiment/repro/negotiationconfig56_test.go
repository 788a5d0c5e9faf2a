package repro

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/learn/uncoupled"
)

// negotiationCournotConfig56 is the `negotiation` reproduction's cournot
// run (NegotiationConfig with β = 1e-4, starts uniform on the game's box
// [0, 50]²) as a `stackel run` config of 6 meta-intervals.
const negotiationCournotConfig56 = `name: neg-cournot
seed: SEED
game: {builtin: cournot}
dynamics:
  kind: negotiation
  meta:
    beta: {constant: 0.0001}
    kappa: {constant: 0.3}
    tau: {constant: 20000}
    w0: 0.7853981633974483
    baseline: previous
  hic:
    alpha: {constant: 0.003}
    delta: {constant: 0.5}
    commitment: {constant: 50}
    baseline: previous
    burn_in: 2
  gradient: {lr: 0.1}
  meta_intervals: 6
init: {uniform: {x: [[0, 50]], y: [[0, 50]]}}
`

// TestNegotiationConfigIsTheReproduction56: configured as the
// `negotiation` reproduction's cournot game, a config run of a seed is
// that reproduction's task of the same seed, bit for bit: every
// meta-interval's w, lead probabilities, roles and average payoffs in
// metrics.csv, and the final state in summary.json.
func TestNegotiationConfigIsTheReproduction56(t *testing.T) {
	for _, seed := range []uint64{0, 5} {
		out, err := runNegotiationTask(context.Background(), negotiationTask{Game: "cournot", Meta: 6}, seed)
		if err != nil {
			t.Fatal(err)
		}
		res := out.(uncoupled.NegotiationResult)
		cfg, err := experiment.ParseConfig([]byte(strings.Replace(negotiationCournotConfig56, "SEED", strconv.FormatUint(seed, 10), 1)))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := experiment.Run(context.Background(), cfg, experiment.RunOptions{Out: dir}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, experiment.MetricsFile))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")[1:]
		if len(lines) != 6 {
			t.Fatalf("seed %d: %d rows, want 6", seed, len(lines))
		}
		led := 0
		for i, st := range res.Steps {
			f := strings.Split(lines[i], ",")
			if st.Lead[0] || st.Lead[1] {
				led++ // Hi-C played: its draws are compared too
			}
			want := []float64{st.W[0], st.W[1], st.P[0], st.P[1], b2f(st.Lead[0]), b2f(st.Lead[1]), st.Avg[0], st.Avg[1]}
			for j, w := range want {
				got, err := strconv.ParseFloat(f[3+j], 64)
				if err != nil || got != w {
					t.Errorf("seed %d, meta-interval %d, column %d: %s in metrics.csv, %v in the reproduction", seed, i+1, 3+j, f[3+j], w)
				}
			}
		}
		if led == 0 {
			t.Errorf("seed %d: no player led in 6 meta-intervals", seed)
		}
		var sum struct {
			Final struct {
				P1 float64 `json:"p1_leads"`
				P2 float64 `json:"p2_leads"`
			} `json:"final"`
		}
		b, err = os.ReadFile(filepath.Join(dir, experiment.SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &sum); err != nil {
			t.Fatal(err)
		}
		if last := res.Steps[5]; sum.Final.P1 != last.P[0] || sum.Final.P2 != last.P[1] {
			t.Errorf("seed %d: final (%v, %v), reproduction (%v, %v)", seed, sum.Final.P1, sum.Final.P2, last.P[0], last.P[1])
		}
	}
}

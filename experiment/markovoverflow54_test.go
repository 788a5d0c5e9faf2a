package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkovValueBoundRefused54: a Markov spec whose rewards let the values
// overflow float64 (R1 = 1e308 with γ = 0.99: |V1| up to 1e310) is
// refused before the run, with the config's file and game.markov's line
// and the spec's line of the reward; it was accepted and the run stopped
// at its first record with "iteration 0: V1: non-finite value".
func TestMarkovValueBoundRefused54(t *testing.T) {
	dir := t.TempDir()
	spec := "gamma: 0.99\nlambda: 0\nstates: 1\nactions: [2, 2]\nrho: [1]\n" +
		"P: [[[[1], [1]], [[1], [1]]]]\nR1: [[[1e308, 0], [0, 0]]]\nR2: [[[1, 0], [0, 1]]]\n"
	if err := os.WriteFile(filepath.Join(dir, "big.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "name: m\ndynamics: {kind: stackelberg-pg, reg: 1}\ngame: {markov: big.yaml}\niterations: 5\n"
	cfg, err := ParseConfigAt([]byte(src), "c.yaml", dir)
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Locate(checkMarkov(cfg))
	want := "c.yaml: config: line 3: game.markov: " + filepath.Join(dir, "big.yaml") + ": markov: game spec: line 7: R1[0][0][0] = 1e+308: with gamma = 0.99 the leader's values reach up to max|R1|/(1 − gamma) = 1e+308/0.01, " +
		"beyond 1.796e+308, float64's largest number less the values' rounding (V1 would overflow to ±Inf); scale R1 down by a positive factor (the leader's best policies stay the same)"
	if got == nil || got.Error() != want {
		t.Errorf("got  %v\nwant %s", got, want)
	}
}

// TestMarkovDivergedIterationRecordEvery54: a run whose first update sends
// the follower's logits to (c, −c), c = 1.2e308 (β = 2.4e305 times
// ∇θ2V2λ = (500, −500)), has V2λ = NaN there (π2·log π2 = 0·(−Inf)). It
// stops naming iteration 1 whatever record_every is, with metrics.csv's
// rows 0 and 1 and summary.json's follower_value null; with the default
// record_every (1000) it said iteration 2 and kept row 0 only.
func TestMarkovDivergedIterationRecordEvery54(t *testing.T) {
	dir := t.TempDir()
	spec := "gamma: 0.5\nlambda: 0.5\nstates: 1\nactions: [2, 2]\nrho: [1]\n" +
		"P: [[[[1], [1]], [[1], [1]]]]\nR1: [[[1, 0], [0, 1]]]\nR2: [[[1000, 0], [1000, 0]]]\n"
	if err := os.WriteFile(filepath.Join(dir, "g.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, every := range []string{"", "record_every: 1\n", "record_every: 3\n"} {
		src := "name: m\ngame: {markov: g.yaml}\ndynamics: {kind: simultaneous-pg, leader_lr: {constant: 0.001}, follower_lr: {constant: 2.4e305}}\niterations: 5\n" + every
		cfg, err := ParseConfigAt([]byte(src), "c.yaml", dir)
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		_, runErr := Run(context.Background(), cfg, RunOptions{Out: out})
		const wantErr = "markov: iteration 1: V2λ: non-finite value (NaN or Inf)"
		if runErr == nil || runErr.Error() != wantErr {
			t.Errorf("%q: run error %v, want %s", every, runErr, wantErr)
			continue
		}
		csv, err := os.ReadFile(filepath.Join(out, MetricsFile))
		if err != nil {
			t.Fatal(err)
		}
		const wantCSV = "iter,leader_value,follower_value,hier_grad_norm,br_gap\n0,1,1000.6931471805599,-1,0.5\n1,1,NaN,-1,0\n"
		if string(csv) != wantCSV {
			t.Errorf("%q: metrics.csv\n%s\nwant\n%s", every, csv, wantCSV)
		}
		b, err := os.ReadFile(filepath.Join(out, SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		var sum struct {
			Final struct {
				FollowerValue *float64 `json:"follower_value"`
			} `json:"final"`
			Iterations int    `json:"iterations"`
			Error      string `json:"error"`
			RunStatus  string `json:"run_status"`
			Quantity   string `json:"diverged_quantity"`
		}
		if err := json.Unmarshal(b, &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Final.FollowerValue != nil || sum.Iterations != 1 || sum.RunStatus != RunDiverged || sum.Quantity != "V2λ" || !strings.Contains(sum.Error, "iteration 1: V2λ") {
			t.Errorf("%q: summary %s; want follower_value null, 1 iteration, diverged at V2λ", every, b)
		}
	}
}

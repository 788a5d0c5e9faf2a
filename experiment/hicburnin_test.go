package experiment

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// hicBurnInYAML is a Hi-C config whose commitment, burn-in and stages the
// burn-in tests replace.
const hicBurnInYAML = `
name: hic-burn-in
game: {builtin: cournot}
dynamics:
  kind: hic
  alpha: {constant: 0.001}
  delta: {power: {a: 1, b: 0, p: 0.6}}
  commitment: COMMITMENT
  follower: {kind: gradient, lr: 0.1}
  burn_in: BURN
stages: STAGES
`

func hicBurnInConfig(t *testing.T, commitment, burn, stages string) error {
	t.Helper()
	text := strings.NewReplacer("COMMITMENT", commitment, "BURN", burn, "STAGES", stages).Replace(hicBurnInYAML)
	cfg, err := ParseConfig([]byte(text))
	if err != nil {
		t.Fatalf("%s", err)
	}
	_, err = HiCRunConfig(cfg)
	return err
}

// TestHiCBurnInCountsIntervals: burn_in counts commitment intervals, not
// stages. With k_n = 10, burn_in 10 takes the first 100 stages; the first
// update ends interval 11, at stage 110. Fewer stages are refused, naming
// the keys and the numbers; 110 are accepted. A commitment of 2.5 is
// played as 3 stages (the run's rounding): burn_in 2 needs 9 stages.
func TestHiCBurnInCountsIntervals(t *testing.T) {
	cases := []struct {
		commitment, burn, stages string
		want                     string // "" for accepted
	}{
		{"{constant: 10}", "10", "100", "config: dynamics.burn_in = 10: the 10 burn-in intervals of dynamics.commitment last 100 of stages = 100, and interval 11, the first that updates the leader, does not end in the 0 left: the leader would never update"},
		{"{constant: 10}", "10", "109", "config: dynamics.burn_in = 10: the 10 burn-in intervals of dynamics.commitment last 100 of stages = 109, and interval 11, the first that updates the leader, does not end in the 9 left: the leader would never update"},
		{"{constant: 10}", "10", "50", "config: dynamics.burn_in = 10: stages = 50 hold only 5 complete intervals of dynamics.commitment, all of them burn-in: the leader would never update"},
		{"{constant: 10}", "10", "110", ""},
		{"{constant: 10}", "0", "5", ""}, // no burn-in: not this check's business
		{"{constant: 2.5}", "2", "8", "config: dynamics.burn_in = 2: the 2 burn-in intervals of dynamics.commitment last 6 of stages = 8, and interval 3, the first that updates the leader, does not end in the 2 left"},
		{"{constant: 2.5}", "2", "9", ""},
		// Counts of 1 read in the singular (before: "1 burn-in intervals
		// … last", "1 complete intervals", "1 intervals").
		{"{constant: 10}", "1", "15", "config: dynamics.burn_in = 1: the 1 burn-in interval of dynamics.commitment lasts 10 of stages = 15, and interval 2,"},
		{"{constant: 10}", "2", "15", "config: dynamics.burn_in = 2: stages = 15 hold only 1 complete interval of dynamics.commitment, all of them burn-in"},
		{"{constant: 10}", "1", "1", "config: dynamics.burn_in = 1: stages = 1 hold at most 1 interval of dynamics.commitment (each at least one stage), all of them burn-in"},
	}
	for _, c := range cases {
		err := hicBurnInConfig(t, c.commitment, c.burn, c.stages)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("commitment %s, burn_in %s, stages %s: %v; want accepted", c.commitment, c.burn, c.stages, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("commitment %s, burn_in %s, stages %s: error %v; want %q", c.commitment, c.burn, c.stages, err, c.want)
		}
	}
}

// TestHiCBurnInEq19: with Eq. 19's schedule (β = 0.1, μ = 2, B = 100,
// p = 0.5, δ_n = n^−0.6) the boundary is Σ_{n≤burn_in+1} k_n stages, the
// k_n computed here from Eq. 19 independently of the run's code.
func TestHiCBurnInEq19(t *testing.T) {
	const burn = 5
	sum := 0
	for n := 1; n <= burn+1; n++ {
		delta := math.Pow(float64(n), -0.6)
		k := math.Ceil(2 * (math.Log(delta) - math.Log(100) - 0.5*math.Log(float64(n))) / math.Log(1-0.2))
		sum += int(k)
	}
	eq19 := "{eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}}"
	if err := hicBurnInConfig(t, eq19, "5", strconv.Itoa(sum)); err != nil {
		t.Errorf("stages %d = Σ k_n: %v; want accepted", sum, err)
	}
	err := hicBurnInConfig(t, eq19, "5", strconv.Itoa(sum-1))
	if err == nil || !strings.Contains(err.Error(), "config: dynamics.burn_in = 5: the 5 burn-in intervals") {
		t.Errorf("stages %d: %v; want the burn-in refused", sum-1, err)
	}
}

package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// negFrozenConfig56e is r2's frozen-leader negotiation on the Cournot
// duopoly: both players lead in every meta-interval (w_0 = π/2, κ tiny,
// β = 0), start at 10, with the given τ_n, commitment and burn_in.
func negFrozenConfig56e(tau, commitment, burnIn string, metaIntervals int) string {
	return `name: frozen
seed: 3
game: {builtin: cournot}
dynamics:
  kind: negotiation
  meta: {beta: {constant: 0}, kappa: {constant: 1e-9}, tau: ` + tau + `, w0: 1.5707963267948966}
  hic: {alpha: {constant: 0.003}, delta: {constant: 0.5}, commitment: ` + commitment + `, burn_in: ` + burnIn + `}
  gradient: {lr: 0.1}
  meta_intervals: ` + strconv.Itoa(metaIntervals) + `
init: {x: [10], y: [10]}
`
}

// TestNegotiationLeaderThatCannotUpdate56e (r2's
// TestNegotiationLeaderThatCannotUpdate56r2, adapted): after each restart
// a leader's Hi-C observes max(burn_in, 1) intervals, and the interval
// unfinished at the end of a meta-interval is dropped, so with τ_n = 100,
// a commitment of 50 and burn_in: 2 (50 + 50 + 50 > 100) a player that
// leads never moves: both stayed at their start 10 for every
// meta-interval, reported as a success. Such a config is refused at the
// dynamics.hic line with the rule and the numbers; burn_in 0 or 1 (two
// intervals, 100 ≤ 100) runs, and its leaders move.
func TestNegotiationLeaderThatCannotUpdate56e(t *testing.T) {
	const rule2 = "config: line 7: dynamics.hic: a player that leads would never update its strategy: after each restart (every meta-interval in which it leads) its Hi-C observes max(burn_in, 1) = 2 intervals, n to n + 1, and updates first at the end of interval n + 2, and the interval unfinished at the end of a meta-interval is dropped, so a leader updates in meta-interval m only if k_n + k_(n+1) + k_(n+2) ≤ τ_m (n: its Hi-C interval when m begins); walking its Hi-C intervals (dynamics.hic.commitment) through meta-intervals 1 to 200 (dynamics.meta.tau) as if it led in every one, that fails in every one (at m = 1, n = 1: k_n + k_(n+1) + k_(n+2) is at least 150 stages > τ_m = 100; its Hi-C is at interval 399 when meta-interval 200 begins): lower burn_in or the commitment, or lengthen tau"
	const rule1 = "config: line 7: dynamics.hic: a player that leads would never update its strategy: after each restart (every meta-interval in which it leads) its Hi-C observes max(burn_in, 1) = 1 interval, n, and updates first at the end of interval n + 1, and the interval unfinished at the end of a meta-interval is dropped, so a leader updates in meta-interval m only if k_n + k_(n+1) ≤ τ_m (n: its Hi-C interval when m begins); walking its Hi-C intervals (dynamics.hic.commitment) through meta-intervals 1 to 200 (dynamics.meta.tau) as if it led in every one, that fails in every one (at m = 1, n = 1: k_n + k_(n+1) is at least 102 stages > τ_m = 100; its Hi-C is at interval 200 when meta-interval 200 begins): lower burn_in or the commitment, or lengthen tau"
	for _, tc := range []struct {
		name, tau, commitment, burnIn, want string
	}{
		{"r2's frozen2: 3·50 > 100", "{constant: 100}", "{constant: 50}", "2", rule2},
		{"burn_in 0 is 1: 2·51 > 100", "{constant: 100}", "{constant: 51}", "0", rule1},
		{"burn_in 1: 2·51 > 100", "{constant: 100}", "{constant: 51}", "1", rule1},
		{"burn_in 0: 2·50 = 100 fits", "{constant: 100}", "{constant: 50}", "0", ""},
		{"burn_in 2: 3·50 = 150 fits", "{constant: 150}", "{constant: 50}", "2", ""},
	} {
		if got := configErrorText(t, negFrozenConfig56e(tc.tau, tc.commitment, tc.burnIn, 200)); got != tc.want {
			t.Errorf("%s: error %q;\nwant %q", tc.name, got, tc.want)
		}
	}

	// The config that runs: the leaders' strategies leave 10.
	cfg, err := ParseConfig([]byte(negFrozenConfig56e("{constant: 100}", "{constant: 50}", "0", 20)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
	last := strings.Split(rows[len(rows)-1], ",")
	if last[7] != "1" || last[8] != "1" {
		t.Fatalf("row %q: a player followed; the test needs both to lead", rows[len(rows)-1])
	}
	if last[11] == "10" || last[12] == "10" {
		t.Errorf("after %d meta-intervals x = %s, y = %s: a leader did not move", len(rows), last[11], last[12])
	}
}

// TestNegotiationLeaderStopsUpdatingWarned56e: a growing commitment
// against a constant τ leaves a leader's window fitting at first and
// not from some Hi-C interval on (log: k_54 + k_55 = 50 + 51 > 100, and
// a leader leading in every meta-interval reaches interval 54 at
// meta-interval 25): the run is warned of, naming the meta-interval, the
// interval and the numbers; a config whose windows fit everywhere is not.
func TestNegotiationLeaderStopsUpdatingWarned56e(t *testing.T) {
	const want = "warning: dynamics.hic: a player that leads updates in meta-interval m only if k_n + k_(n+1) ≤ τ_m, n its Hi-C interval when m begins (after each restart its Hi-C observes max(burn_in, 1) = 1 interval, and the interval unfinished at the end of a meta-interval is dropped): walking its Hi-C intervals (dynamics.hic.commitment) through the run's 200 meta-intervals (dynamics.meta.tau) as if it led in every one, it updates in 24 meta-intervals and in none from meta-interval 25 on (there n = 54: k_n + k_(n+1) is at least 101 stages > τ_m = 100): that walk is the fastest a leader's Hi-C moves on (a leader that follows in some meta-intervals is at the same or an earlier interval in each), so meta-interval 25 is the earliest at which a leader can reach interval 54; one that follows in some reaches it later, or not within the run; lengthen tau or bound the commitment"
	for _, tc := range []struct {
		name, commitment string
		want             []string
	}{
		{"log grows past τ", "{log: {a: 10, b: 10}}", []string{want}},
		{"constant fits", "{constant: 50}", nil},
	} {
		cfg, err := ParseConfig([]byte(negFrozenConfig56e("{constant: 100}", tc.commitment, "0", 200)))
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(cfg); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := StartWarnings(cfg)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: warnings %q;\nwant %q", tc.name, got, tc.want)
		}
	}
}

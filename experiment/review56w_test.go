package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNegotiationFrozenAtIntervalOneRefused56w (r3's
// TestNegotiationFrozenAtIntervalOnePassed56r3, adapted): k_1 = 200 >
// τ_m = 100 at every m, so each restart begins Hi-C interval 1 again and
// never ends it, and a player that leads never moves (x = y = 10 after
// 300 meta-intervals of both leading). Sampling windows at n = 2, 10, …
// (which fit) let it run with only a warning; walking the leader's
// intervals through the meta-intervals refuses it.
func TestNegotiationFrozenAtIntervalOneRefused56w(t *testing.T) {
	const want = "config: line 7: dynamics.hic: a player that leads would never update its strategy: after each restart (every meta-interval in which it leads) its Hi-C observes max(burn_in, 1) = 1 interval, n, and updates first at the end of interval n + 1, and the interval unfinished at the end of a meta-interval is dropped, so a leader updates in meta-interval m only if k_n + k_(n+1) ≤ τ_m (n: its Hi-C interval when m begins); walking its Hi-C intervals (dynamics.hic.commitment) through meta-intervals 1 to 300 (dynamics.meta.tau) as if it led in every one, that fails in every one (at m = 1, n = 1: k_n + k_(n+1) is at least 200 stages > τ_m = 100; its Hi-C is at interval 1 when meta-interval 300 begins): lower burn_in or the commitment, or lengthen tau"
	src := negFrozenConfig56e("{constant: 100}", "{power: {a: 200, b: 0, p: 1}}", "0", 300)
	if got := configErrorText(t, src); got != want {
		if got == "" {
			cfg, _ := ParseConfig([]byte(src))
			dir := t.TempDir()
			if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(filepath.Join(dir, MetricsFile))
			rows := strings.Split(strings.TrimSpace(string(b)), "\n")
			t.Errorf("accepted; its run's last row (x0, y0 the 12th and 13th):\n%s\n%s", rows[0], rows[len(rows)-1])
		} else {
			t.Errorf("error %q;\nwant %q", got, want)
		}
	}
}

// TestNegotiationMovingLeaderAccepted56w (r3's
// TestNegotiationMovingLeaderRefused56r3, adapted): k_n =
// ceil(104000/(1040 + n)): k_1 = 100 ≤ τ = 100, so a leader ends one
// interval per meta-interval in which it leads, and from Hi-C interval
// ~1040 on k_n + k_(n+1) ≤ 100: it updates (run with the check off: x 10
// → 40.7, y 10 → 3.56 after 3000 meta-intervals). It was refused as one
// whose leader "would never update its strategy", every sampled n (1, 2,
// 10, 100, 1000) failing; it runs without a warning. With 200
// meta-intervals, which end too soon for it to reach those intervals, it
// is refused.
func TestNegotiationMovingLeaderAccepted56w(t *testing.T) {
	src := negFrozenConfig56e("{constant: 100}", "{power: {a: 104000, b: 1040, p: 1}}", "0", 3000)
	if got := configErrorText(t, src); got != "" {
		t.Fatalf("refused: %s", got)
	}
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := StartWarnings(cfg); len(got) != 0 {
		t.Errorf("warnings %q", got)
	}
	const short = "config: line 7: dynamics.hic: a player that leads would never update its strategy: after each restart (every meta-interval in which it leads) its Hi-C observes max(burn_in, 1) = 1 interval, n, and updates first at the end of interval n + 1, and the interval unfinished at the end of a meta-interval is dropped, so a leader updates in meta-interval m only if k_n + k_(n+1) ≤ τ_m (n: its Hi-C interval when m begins); walking its Hi-C intervals (dynamics.hic.commitment) through meta-intervals 1 to 200 (dynamics.meta.tau) as if it led in every one, that fails in every one (at m = 1, n = 1: k_n + k_(n+1) is at least 200 stages > τ_m = 100; its Hi-C is at interval 200 when meta-interval 200 begins): lower burn_in or the commitment, or lengthen tau"
	if got := configErrorText(t, negFrozenConfig56e("{constant: 100}", "{power: {a: 104000, b: 1040, p: 1}}", "0", 200)); got != short {
		t.Errorf("200 meta-intervals: error %q;\nwant %q", got, short)
	}
}

// TestNegotiationLeaderWalkOverBudget56w: a walk past its budget of
// schedule reads falls back to the sampled warning, never a refusal;
// and the window sums a message states stop once past τ (a commitment
// of 2⁴⁰ stages and burn_in 5 stated k_1 + … + k_6 in full).
func TestNegotiationLeaderWalkOverBudget56w(t *testing.T) {
	old := leaderWalkBudget
	leaderWalkBudget = 10
	defer func() { leaderWalkBudget = old }()
	src := negFrozenConfig56e("{constant: 100}", "{power: {a: 104000, b: 1040, p: 1}}", "0", 200)
	if got := configErrorText(t, src); got != "" {
		t.Fatalf("refused: %s", got)
	}
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	const want = "warning: dynamics.hic: a player that leads updates in meta-interval m only if k_n + k_(n+1) ≤ τ_m, n its Hi-C interval when m begins (after each restart its Hi-C observes max(burn_in, 1) = 1 interval, and the interval unfinished at the end of a meta-interval is dropped): at n = 1, k_n + k_(n+1) is at least 200 stages (dynamics.hic.commitment) > τ_m = 100 (dynamics.meta.tau, at m = 1, 2, 10, 100 and 200; the run is too long to walk, these are samples): a leader whose Hi-C reaches interval 1 no longer moves in those meta-intervals; lengthen tau or bound the commitment"
	if got := strings.Join(StartWarnings(cfg), "\n"); got != want {
		t.Errorf("warnings %q;\nwant %q", got, want)
	}
	leaderWalkBudget = old
	got := configErrorText(t, negFrozenConfig56e("{constant: 100}", "{constant: 1099511627776}", "5", 200))
	if !strings.Contains(got, "k_n + … + k_(n+5) is at least 1099511627776 stages > τ_m = 100") {
		t.Errorf("error %q: want the sum stopped at k_1", got)
	}
}

// TestOneStageWarningReach56w (r3's TestOneStageWarningReach56r3,
// adapted): power a = 100, p = 1 gives k_n = 1 from interval 100 on,
// which a run of 200 stages never reaches (k_1 + … + k_4 = 209 > 200),
// yet it was warned of ("every n from 100 to 100"); power a = 1000, p =
// 1 gives k_n = 1 from interval 1000 on, 99.9 % of a 1 000 000-stage
// run's intervals, and was not. Past its work cap the walk warns only
// when k is 1 also at n = stages.
func TestOneStageWarningReach56w(t *testing.T) {
	const tail = ": the follower answers one stage late (its strategy at stage t answers the leader's of stage t − 1), so the leader observes the answer to x̃_{n−1}, not to x̃_n, and the pair learns the Nash equilibrium, not the Stackelberg one; commit k_n ≥ 2 stages (e.g. commitment: {constant: 2} or more)"
	for _, tc := range []struct {
		commitment, stages, want string
	}{
		{"{power: {a: 100, b: 0, p: 1}}", "200", ""},
		{"{power: {a: 1000, b: 0, p: 1}}", "200", ""},
		{"{power: {a: 100, b: 0, p: 1}}", "1000000", "warning: dynamics.commitment gives k_n = 1 stage from interval 100 on (k_99 = 2) to interval 999527, the last the run can reach: 999428 of its 999527 intervals (99.9 %)" + tail},
		{"{power: {a: 1000, b: 0, p: 1}}", "1000000", "warning: dynamics.commitment gives k_n = 1 stage from interval 1000 on (k_999 = 2) to interval 992947, the last the run can reach: 991948 of its 992947 intervals (99.9 %)" + tail},
	} {
		src := strings.Replace(hicConfig56(tc.commitment, "{kind: gradient, lr: 0.1}"), "stages: 200", "stages: "+tc.stages, 1)
		cfg, err := ParseConfig([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(StartWarnings(cfg), "\n"); got != tc.want {
			t.Errorf("%s, stages %s: warnings %q;\nwant %q", tc.commitment, tc.stages, got, tc.want)
		}
	}

	old := oneStageWalkBudget
	oneStageWalkBudget = 50
	defer func() { oneStageWalkBudget = old }()
	for _, tc := range []struct{ commitment, want string }{
		{"{power: {a: 10, b: 0, p: 1}}", "warning: dynamics.commitment gives k_n = 1 stage from interval 10 on (k_9 = 2): at every interval walked (to 50, a work cap) and at interval 1000 (the run's stages, at or past the last interval it can reach)" + tail},
		{"{log: {a: 0.02, b: 0.9}}", ""}, // 1 up to interval 148, 2 at 1000
	} {
		src := strings.Replace(hicConfig56(tc.commitment, "{kind: gradient, lr: 0.1}"), "stages: 200", "stages: 1000", 1)
		cfg, err := ParseConfig([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(StartWarnings(cfg), "\n"); got != tc.want {
			t.Errorf("over the cap, %s: warnings %q;\nwant %q", tc.commitment, got, tc.want)
		}
	}
}

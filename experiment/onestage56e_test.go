package experiment

import (
	"strconv"
	"strings"
	"testing"
)

// TestOneStageFromLaterIntervalWarned56e: a commitment that drops to one
// stage later (power a = 10, p = 1: k_9 = 2, k_n = 1 from n = 10 on) was
// not warned of, as only a commitment of one stage at every interval
// was; it is, saying from which interval. A schedule that is 1 only at
// the start (log a = 1, b = 1: k_1 = 1, k_2 = 2) or a log that grows past
// 1 before the run's last interval (k_148 = 1, k_149 = 2, a run of 200
// stages reaching interval 174) is not warned of. The warning names the
// last interval the run reaches and the share of its intervals at one
// stage. A negotiation's hic.commitment likewise.
func TestOneStageFromLaterIntervalWarned56e(t *testing.T) {
	tail := ": the follower answers one stage late (its strategy at stage t answers the leader's of stage t − 1), so the leader observes the answer to x̃_{n−1}, not to x̃_n, and the pair learns the Nash equilibrium, not the Stackelberg one; commit k_n ≥ 2 stages (e.g. commitment: {constant: 2} or more)"
	later := func(key string, last int, share string) string {
		return "warning: " + key + " gives k_n = 1 stage from interval 10 on (k_9 = 2) to interval " + strconv.Itoa(last) + ", the last the run can reach: " + strconv.Itoa(last-9) + " of its " + strconv.Itoa(last) + " intervals (" + share + ")" + tail
	}
	for _, tc := range []struct{ name, commitment, want string }{
		{"power decays to 1 at n = 10", "{power: {a: 10, b: 0, p: 1}}", later("dynamics.commitment", 177, "94.9 %")},
		{"constant 1", "{constant: 1}", "warning: dynamics.commitment gives k_n = 1 stage at every interval" + tail},
		{"power a = 1, p = 0: 1 everywhere", "{power: {a: 1, b: 0, p: 0}}", "warning: dynamics.commitment gives k_n = 1 stage at every interval" + tail},
		{"log 1 at n = 1 only", "{log: {a: 1, b: 1}}", ""},
		{"log 1 up to n = 100, 2 at 1000", "{log: {a: 0.02, b: 0.9}}", ""},
		{"power decays to 3", "{power: {a: 30, b: 0, p: 0.1}}", ""},
	} {
		cfg, err := ParseConfig([]byte(hicConfig56(tc.commitment, "{kind: gradient, lr: 0.1}")))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := strings.Join(StartWarnings(cfg), "\n"); got != tc.want {
			t.Errorf("%s: warnings %q;\nwant %q", tc.name, got, tc.want)
		}
	}
	// A negotiation: its last interval is the one its stages, 200 of 100,
	// reach (k_1 + … + k_9 = 32, then ones: 32 + 19968 = 20000).
	cfg, err := ParseConfig([]byte(negFrozenConfig56e("{constant: 100}", "{power: {a: 10, b: 0, p: 1}}", "0", 200)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(StartWarnings(cfg), "\n"), later("dynamics.hic.commitment", 19977, "99.9 %"); got != want {
		t.Errorf("negotiation: warnings %q;\nwant %q", got, want)
	}
}

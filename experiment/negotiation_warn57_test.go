package experiment

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stackel/stackel/learn/uncoupled"
)

// firstLeaderWalk57 plays the Hi-C of a player that first leads in
// meta-interval from and then leads in every one to meta: it begins at
// interval 1 and updates in m once it ends interval 1 + s (s =
// max(burn_in, 1)) within τ_m. It returns the meta-intervals it updates in.
func firstLeaderWalk57(t *testing.T, src string, from, s int) int {
	t.Helper()
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	nc, meta, err := negotiationSettings(cfg)
	if err != nil {
		t.Fatal(err)
	}
	updates, n := 0, 1
	for m := from; m <= meta; m++ {
		tau, err := uncoupled.CommitmentLength(nc.Meta.Tau, m)
		if err != nil {
			t.Fatal(err)
		}
		used, j := 0, n
		for {
			k, err := uncoupled.CommitmentLength(nc.Leader.Commitment, j)
			if err != nil {
				t.Fatal(err)
			}
			if used+k > tau {
				break
			}
			used += k
			j++
		}
		if j > n+s {
			updates++
		}
		n = j
	}
	return updates
}

// TestNegotiationFirstLeaderWarned: with a commitment and a τ that both
// shrink (k_n = 300/n, burn_in 0), the leader walk (leading in every
// meta-interval) updates in every one, yet a player that has not led
// before is at interval 1, whose window k_1 + k_2 = 450 exceeds τ_m from
// some meta-interval on, and once k_1 = 300 > τ_m it never ends an
// interval. There was no warning; now the config warns, naming the first
// meta-interval from which a first leader never updates: τ_m = 1000/√m
// (⌈τ⌉: τ_5 = 448 < 450, τ_11 = 302 ≥ 300, τ_12 = 289) warns from 12,
// τ 1000 then 100 from 2. τ 1000 then 400 (k_1 fits, the window does
// not) warns that a first leader does not update in its first lead
// only. (A window at 1 over every τ before, as in
// TestNegotiationMovingLeaderAccepted56w, is no first leader's handicap:
// the walk began there too; not warned.) A player first leading at the named meta-interval, leading in
// every later one, is checked to update in none, and one first leading
// the meta-interval before in some.
func TestNegotiationFirstLeaderWarned(t *testing.T) {
	const rule = "a leader updates in meta-interval m only if k_n + k_(n+1) ≤ τ_m, n its Hi-C interval when m begins (after each restart its Hi-C observes max(burn_in, 1) = 1 interval, and the interval unfinished at the end of a meta-interval is dropped); a player that has not led before is at n = 1 when it first leads, and "
	walk := func(meta int) string {
		return fmt.Sprintf("walking its Hi-C intervals (dynamics.hic.commitment) through the run's %d meta-intervals (dynamics.meta.tau) as if it led in every one", meta)
	}
	stuck := func(from, meta int) string {
		return fmt.Sprintf("warning: dynamics.hic: a player that first leads in meta-interval %d or later never updates its strategy in the run: %sk_1 = 300 stages > τ_m in every meta-interval from %d on, so it never ends an interval, while a leader further on updates: %s, it updates in %d meta-intervals from meta-interval %d on; the commitment and τ both shrink, and leading late does not catch up: lengthen tau or lower the commitment's first intervals",
			from, rule, from, walk(meta), meta-from+1, from)
	}
	shrink := "{power: {a: 300, b: 0, p: 1}}"
	for _, tc := range []struct {
		name, tau string
		meta      int
		want      string
		stuck     int // the first meta-interval a first leader never updates from (0: none)
	}{
		{"τ 1000/√m", "{power: {a: 1000, b: 0, p: 0.5}}", 100, stuck(12, 100), 12},
		{"τ 1000 then 100", "{list: [1000, 100]}", 50, stuck(2, 50), 2},
		{"τ 1000 then 400", "{list: [1000, 400]}", 50,
			"warning: dynamics.hic: a player leading for the first time in some meta-intervals does not update in them: " + rule + "k_1 + k_2 = 450 stages > τ_m (it fitted an earlier τ) in 49 meta-intervals in which a leader further on updates, first in meta-interval 2 (τ_m = 400): " + walk(50) + ", it updates in those; lengthen tau or lower the commitment's first intervals", 0},
		{"τ 1000, k_1 + k_2 fits", "{constant: 1000}", 50, "", 0},
	} {
		src := negFrozenConfig56e(tc.tau, shrink, "0", tc.meta)
		if got := configErrorText(t, src); got != "" {
			t.Fatalf("%s: refused: %s", tc.name, got)
		}
		cfg, err := ParseConfig([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for _, w := range StartWarnings(cfg) {
			if strings.HasPrefix(w, "warning: dynamics.hic:") {
				got = w
			}
		}
		if got != tc.want {
			t.Errorf("%s: warning %q;\nwant %q", tc.name, got, tc.want)
		}
		if tc.stuck > 0 {
			if u := firstLeaderWalk57(t, src, tc.stuck, 1); u != 0 {
				t.Errorf("%s: a player first leading at %d updates in %d meta-intervals, want 0", tc.name, tc.stuck, u)
			}
			if tc.stuck > 2 {
				if u := firstLeaderWalk57(t, src, tc.stuck-1, 1); u == 0 {
					t.Errorf("%s: a player first leading at %d never updates, want it to", tc.name, tc.stuck-1)
				}
			}
		}
	}
}

// TestNegotiationStopWarningTauCause: τ_m = 1000/m, a constant
// commitment of 50 and burn_in 2: every window k_n + k_(n+1) + k_(n+2)
// is 150, and τ_m < 150 from m = 7 on (τ_6 = 167, τ_7 = 143), so no
// leader updates from meta-interval 7 on whatever it led in. The warning
// said meta-interval 7 was the earliest a leader could reach interval
// 49, one that follows reaching it later, and advised bounding the
// (constant) commitment; it now says τ has fallen below every window and
// advises lengthening tau. Where a window at an earlier interval still
// fits (the growing commitment of TestNegotiationStopWarningEarliest)
// the interval is blamed, as before.
func TestNegotiationStopWarningTauCause(t *testing.T) {
	const want = "warning: dynamics.hic: no player that leads updates its strategy from meta-interval 7 on, whatever the meta-intervals it led in: a leader updates in meta-interval m only if k_n + k_(n+1) + k_(n+2) ≤ τ_m, n its Hi-C interval when m begins (after each restart its Hi-C observes max(burn_in, 1) = 2 intervals, and the interval unfinished at the end of a meta-interval is dropped), n being at most that of a leader that led in every one (walking its Hi-C intervals, dynamics.hic.commitment, through the run's 50 meta-intervals, it updates in 6 meta-intervals and in none from meta-interval 7 on), and τ_m (dynamics.meta.tau) has fallen below every such window from meta-interval 7 on (at m = 7: every window is at least 150 stages > τ_m = 143); lengthen tau"
	cfg, err := ParseConfig([]byte(negFrozenConfig56e("{power: {a: 1000, b: 0, p: 1}}", "{constant: 50}", "2", 50)))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(StartWarnings(cfg), "\n")
	if got != want {
		t.Errorf("warning %q;\nwant %q", got, want)
	}
	cfg, err = ParseConfig([]byte(negFrozenConfig56e("{constant: 100}", "{log: {a: 10, b: 10}}", "0", 200)))
	if err != nil {
		t.Fatal(err)
	}
	got = strings.Join(StartWarnings(cfg), "\n")
	if !strings.Contains(got, "so meta-interval 25 is the earliest at which a leader can reach interval 54") || !strings.Contains(got, "bound the commitment") || strings.Contains(got, "fallen below") {
		t.Errorf("growing commitment: warning %q; want the interval blamed", got)
	}
}

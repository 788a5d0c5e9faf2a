package experiment

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/learn/uncoupled"
)

// TestNegotiationLeaderWalkOnce: `stackel run` checks a config (Check),
// says its start warnings (StartWarnings) and runs it (Run), and each
// needs the leader walk; it is walked once, and the warnings are those of
// a fresh walk. Another config is walked anew.
func TestNegotiationLeaderWalkOnce(t *testing.T) {
	walks := 0
	leaderWalkHook = func() { walks++ }
	defer func() { leaderWalkHook = nil }()
	leaderChecks.Lock()
	leaderChecks.keys, leaderChecks.vals = nil, nil
	leaderChecks.Unlock()

	src := negFrozenConfig56e("{constant: 100}", "{log: {a: 10, b: 10}}", "0", 41)
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(cfg); err != nil {
		t.Fatal(err)
	}
	warnings := StartWarnings(cfg)
	var said strings.Builder
	if _, err := Run(context.Background(), cfg, RunOptions{Out: t.TempDir(), Warnings: &said, StartWarningsSaid: true}); err != nil {
		t.Fatal(err)
	}
	if walks != 1 {
		t.Errorf("Check, StartWarnings and Run walked %d times, want 1", walks)
	}
	// The warning of a fresh walk.
	nc, meta, err := negotiationSettings(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ := walkLeaderUpdates(nc, meta)
	if len(warnings) != 1 || warnings[0] != fresh || !strings.Contains(fresh, "from meta-interval 25 on") {
		t.Errorf("warnings %q;\nwant the fresh walk's %q", warnings, fresh)
	}
	walks = 0
	cfg2, err := ParseConfig([]byte(negFrozenConfig56e("{constant: 100}", "{log: {a: 10, b: 10}}", "0", 42)))
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(cfg2); err != nil {
		t.Fatal(err)
	}
	StartWarnings(cfg2)
	if walks != 1 {
		t.Errorf("a config of 42 meta-intervals walked %d times, want 1", walks)
	}
}

// TestNegotiationStopWarningEarliest: the warning of a leader that stops
// updating names the meta-interval at which a leader leading every time
// reaches the interval whose window no longer fits, as the earliest at
// which any leader can reach it, not an interval every leader reaches. The
// claim it rests on, checked here on the warned config (commitment
// {log: {a: 10, b: 10}}, τ = 100, burn_in 0, 200 meta-intervals) for
// 200 random patterns of leading: a leader's Hi-C interval at each
// meta-interval is at most that of the walk that leads in every one, and
// reaches 54 no earlier than meta-interval 25.
func TestNegotiationStopWarningEarliest(t *testing.T) {
	src := negFrozenConfig56e("{constant: 100}", "{log: {a: 10, b: 10}}", "0", 200)
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(StartWarnings(cfg), "\n")
	for _, want := range []string{
		"it updates in 24 meta-intervals and in none from meta-interval 25 on (there n = 54: k_n + k_(n+1) is at least 101 stages > τ_m = 100)",
		"so meta-interval 25 is the earliest at which a leader can reach interval 54; one that follows in some reaches it later, or not within the run;",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warning %q;\nwant it to hold %q", got, want)
		}
	}
	if strings.Contains(got, "no longer moves") {
		t.Errorf("warning %q says a leader at interval 54 no longer moves", got)
	}

	nc, _, err := negotiationSettings(cfg)
	if err != nil {
		t.Fatal(err)
	}
	k := func(n int) int {
		l, err := uncoupled.CommitmentLength(nc.Leader.Commitment, n)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	// next is the restart after a meta-interval of 100 stages led from n.
	next := func(n int) int {
		used := 0
		for used+k(n) <= 100 {
			used += k(n)
			n++
		}
		return n
	}
	walk := []int{1} // walk[m-1]: the walk's interval when m begins
	for m := 1; m < 200; m++ {
		walk = append(walk, next(walk[m-1]))
	}
	if walk[23] >= 54 || walk[24] != 54 {
		t.Fatalf("the walk is at interval %d at meta-interval 24 and %d at 25; want < 54 and 54", walk[23], walk[24])
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		p := rng.Float64()
		n := 1
		for m := 1; m <= 200; m++ {
			if n > walk[m-1] {
				t.Fatalf("trial %d (leads with probability %.2f): interval %d at meta-interval %d, beyond the walk's %d", trial, p, n, m, walk[m-1])
			}
			if n >= 54 && m < 25 {
				t.Fatalf("trial %d: interval %d at meta-interval %d, before 25", trial, n, m)
			}
			if rng.Float64() < p {
				n = next(n)
			}
		}
	}
}

// TestNegotiationTauOverRunConfig: a config's τ_n is checked at the
// meta-intervals the run has: a list whose 1000th entry is over 2^40
// stages runs with 200 meta-intervals (it was refused, τ being read at
// n = 1000 whatever the run), and one whose 50th is is refused with 100,
// at the tau line, naming n = 50 (it was accepted and failed at
// meta-interval 50).
func TestNegotiationTauOverRunConfig(t *testing.T) {
	list := func(bad, n int) string {
		v := make([]string, n)
		for i := range v {
			v[i] = "100"
		}
		v[bad-1] = "1e300"
		return "{list: [" + strings.Join(v, ", ") + "]}"
	}
	for _, tc := range []struct {
		name string
		tau  string
		meta int
		want string
	}{
		{"τ_1000 bad, 200 meta-intervals", list(1000, 1000), 200, ""},
		{"τ_50 bad, 100 meta-intervals", list(50, 60), 100, "config: line 6: dynamics.meta.tau: τ_50 = 1e+300 at meta-interval n = 50 is not a usable number of stages (a finite number up to " + maxStagesTextOf() + ")"},
		{"τ_50 bad, 49 meta-intervals", list(50, 60), 49, ""},
	} {
		got := configErrorText(t, negFrozenConfig56e(tc.tau, "{constant: 50}", "0", tc.meta))
		if got != tc.want {
			t.Errorf("%s: error %q;\nwant %q", tc.name, got, tc.want)
		}
	}
}

// maxStagesTextOf is how uncoupled writes its largest τ_n: 2^40 where int
// has 64 bits.
func maxStagesTextOf() string {
	if ^uint(0)>>63 == 1 {
		return "2^40"
	}
	return "536870911"
}

// TestNegotiationNoLeaderCanUpdateRefused: τ_1 = 100 then 10, against
// k_n = 70/n (burn_in 0): a leader begins meta-interval 1 at n = 1, whose
// window 70 + 35 > 100 (it ends interval 1 only, and the walk moves on to
// n = 2), and every later meta-interval at n ≤ 2, whose windows (105, 59)
// exceed 10: no leader can ever update. It ran, with a warning saying a
// leader that followed in some meta-intervals can update (the window of
// n = 2 fits the run's longest τ, 100, at m = 1, when no leader is at
// n = 2). It is refused, as is τ 34 from m = 2 (k_2 = 35 never ends);
// the configs that can update are not (τ 59 from m = 2: a leader at
// n = 2 updates; τ 58: one at n = 3 does; the growing τ of
// TestNegotiationGrowingTauWarnedNotRefused56).
func TestNegotiationNoLeaderCanUpdateRefused(t *testing.T) {
	const want = "config: line 7: dynamics.hic: a player that leads would never update its strategy: after each restart (every meta-interval in which it leads) its Hi-C observes max(burn_in, 1) = 1 interval, n, and updates first at the end of interval n + 1, and the interval unfinished at the end of a meta-interval is dropped, so a leader updates in meta-interval m only if k_n + k_(n+1) ≤ τ_m (n: its Hi-C interval when m begins); walking its Hi-C intervals (dynamics.hic.commitment) through meta-intervals 1 to 200 (dynamics.meta.tau) as if it led in every one, that fails in every one (at m = 1, n = 1: k_n + k_(n+1) is at least 105 stages > τ_m = 100; its Hi-C is at interval 2 when meta-interval 200 begins): lower burn_in or the commitment, or lengthen tau"
	for _, tc := range []struct {
		name, tau string
		want      string
	}{
		{"τ 100 then 10", "{list: [100, 10]}", want},
		{"τ 100 then 59", "{list: [100, 59]}", ""},
		{"τ 100 then 34", "{list: [100, 34]}", want},
		// τ 58 from m = 2: interval 2 (35) ends, interval 3 begins
		// meta-interval 3, and 24 + 18 ≤ 58.
		{"τ 100 then 58", "{list: [100, 58]}", ""},
	} {
		got := configErrorText(t, negFrozenConfig56e(tc.tau, "{power: {a: 70, b: 0, p: 1}}", "0", 200))
		if got != tc.want {
			t.Errorf("%s: error %q;\nwant %q", tc.name, got, tc.want)
		}
	}
	src := negFrozenConfig56e("{log: {a: 25, b: 100}}", "{log: {a: 20, b: 50}}", "0", 300)
	if got := configErrorText(t, src); got != "" {
		t.Errorf("growing τ: refused: %s", got)
	}
}

package experiment

import (
	"strings"
	"testing"
)

// TestNegotiationGrowingTauWarnedNotRefused56: with τ growing faster than
// the commitment (τ {log: {a: 25, b: 100}}, commitment {log: {a: 20, b:
// 50}}, burn_in 0), a leader that leads in every meta-interval never
// updates (its window k_n + k_(n+1) passes τ_m at every m), but one that
// first leads at meta-interval 2 is at n = 1, whose window 50 + 64 = 114
// fits τ_2 = 118: the config runs with a warning saying so, not the
// refusal ("would never update") a walk that leads every time gave.
func TestNegotiationGrowingTauWarnedNotRefused56(t *testing.T) {
	src := negFrozenConfig56e("{log: {a: 25, b: 100}}", "{log: {a: 20, b: 50}}", "0", 300)
	if got := configErrorText(t, src); got != "" {
		t.Fatalf("refused: %s", got)
	}
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	warnings := strings.Join(StartWarnings(cfg), "\n")
	for _, want := range []string{
		"warning: dynamics.hic: a player that leads in every meta-interval would never update its strategy",
		"a player that followed in some meta-intervals is at an earlier interval, whose window fits some τ_m: it can update",
	} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings %q; want one with %q", warnings, want)
		}
	}
}

package hierarchy

import (
	"math"
	"testing"
)

// TestOligopolyOverflowRefused: A = 1e308, c = −1e308 has c in [−A, A],
// but A − c overflows to +Inf: Oligopoly built a game whose every payoff
// was infinite and the closed forms returned +Inf quantities, with no
// error. Now it is refused, naming the overflow, and the closed forms are
// NaN, as for any A and c for which Oligopoly has no game. A = 1e308,
// c = 0 is still a game.
func TestOligopolyOverflowRefused(t *testing.T) {
	_, err := Oligopoly(1e308, -1e308, 2)
	if want := "oligopoly: A − c = 1e+308 − (-1e+308) overflows to +Inf: every payoff would be infinite"; err == nil || err.Error() != want {
		t.Errorf("Oligopoly(1e308, -1e308, 2): %v, want %q", err, want)
	}
	if l, f := OligopolyLeaderFollowers(1e308, -1e308, 2); !math.IsNaN(l) || !math.IsNaN(f) {
		t.Errorf("OligopolyLeaderFollowers = %v, %v; want NaN", l, f)
	}
	if q := OligopolyStaggered(1e308, -1e308, 2); len(q) != 2 || !math.IsNaN(q[0]) || !math.IsNaN(q[1]) {
		t.Errorf("OligopolyStaggered = %v; want [NaN NaN]", q)
	}
	if _, err := Oligopoly(1e308, 0, 2); err != nil {
		t.Errorf("Oligopoly(1e308, 0, 2): %v", err)
	}
	if l, _ := OligopolyLeaderFollowers(1e308, 0, 2); l != 5e307 {
		t.Errorf("leader quantity %v, want 5e307", l)
	}
}

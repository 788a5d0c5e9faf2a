package markov

import (
	"reflect"
	"strings"
	"testing"
)

func TestBuiltinErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		params map[string]float64
		want   []string
	}{
		{"chess", nil, []string{`unknown built-in game "chess"`, "epidemic, patrol, random"}},
		{"random", map[string]float64{"size": 3}, []string{`unknown parameter "size"`, "actions1, actions2, gamma, lambda, seed, states"}},
		{"random", map[string]float64{"states": 2.5}, []string{"states = 2.5 must be an integer"}},
		{"random", map[string]float64{"gamma": 1}, []string{"gamma = 1"}},
		{"patrol", map[string]float64{"targets": 2}, []string{"targets = 2"}},
		{"epidemic", map[string]float64{"growth": 2}, []string{"growth = 2"}},
	} {
		_, err := Builtin(c.name, c.params)
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s %v: error %v, want it to contain %q", c.name, c.params, err, w)
			}
		}
	}
}

func TestBuiltinGames(t *testing.T) {
	for _, c := range []struct {
		name      string
		params    map[string]float64
		n, m1, m2 int
	}{
		{"patrol", nil, 4, 3, 5},
		{"patrol", map[string]float64{"targets": 6}, 6, 3, 7},
		{"epidemic", nil, 3, 3, 2},
		{"epidemic", map[string]float64{"levels": 5}, 5, 3, 2},
		{"random", nil, 2, 2, 2},
		{"random", map[string]float64{"states": 4, "actions1": 3, "actions2": 5}, 4, 3, 5},
	} {
		g, err := Builtin(c.name, c.params)
		if err != nil {
			t.Fatal(err)
		}
		n, m1, m2 := g.Dims()
		if n != c.n || m1 != c.m1 || m2 != c.m2 {
			t.Errorf("%s %v: dims %d %d %d, want %d %d %d", c.name, c.params, n, m1, m2, c.n, c.m1, c.m2)
		}
		// General-sum: R1 + R2 is not constant.
		lo, hi := g.R1[0][0][0]+g.R2[0][0][0], g.R1[0][0][0]+g.R2[0][0][0]
		for s := range n {
			for a := range m1 {
				for b := range m2 {
					x := g.R1[s][a][b] + g.R2[s][a][b]
					lo, hi = min(lo, x), max(hi, x)
				}
			}
		}
		if hi-lo < 1e-3 {
			t.Errorf("%s: R1 + R2 is constant (%g): zero-sum", c.name, lo)
		}
	}
	// Seeded: same seed, same game; different seed, different game.
	a, errA := Builtin("random", map[string]float64{"seed": 4})
	b, errB := Builtin("random", map[string]float64{"seed": 4})
	d, errD := Builtin("random", map[string]float64{"seed": 5})
	if errA != nil || errB != nil || errD != nil {
		t.Fatalf("random built-ins: %v, %v, %v", errA, errB, errD)
	}
	// Every entry of P, R1, R2 and ρ, bit for bit.
	if !reflect.DeepEqual(a.P, b.P) || !reflect.DeepEqual(a.R1, b.R1) || !reflect.DeepEqual(a.R2, b.R2) || !reflect.DeepEqual(a.Rho, b.Rho) {
		t.Error("same seed gave different games")
	}
	if a.R1[1][0][1] == d.R1[1][0][1] {
		t.Error("different seeds gave the same game")
	}
	// Patrol semantics: an attack on the target where the defender stays is
	// caught w.p. detect, sending the defender to base (state 0).
	p, _ := Builtin("patrol", map[string]float64{"slip": 0, "detect": 0.9})
	if got := p.P[2][0][3][0]; abs(got-0.9) > 1e-12 {
		t.Errorf("patrol: P(base | at 2, stay, attack 2) = %v, want 0.9", got)
	}
	if got := p.P[2][1][1][3]; got != 1 {
		t.Errorf("patrol: P(3 | at 2, clockwise, attack 0) = %v, want 1", got)
	}
	if p.R2[2][0][3] >= 0 || p.R2[2][0][1] <= 0 || p.R1[2][0][1] >= 0 {
		t.Errorf("patrol: rewards of attacks have wrong signs: %v %v %v", p.R2[2][0][3], p.R2[2][0][1], p.R1[2][0][1])
	}
	// Epidemic: testing lowers the chance that infections rise.
	ep, _ := Builtin("epidemic", nil)
	if !(ep.P[0][2][1][1] < ep.P[0][2][0][1]) {
		t.Errorf("epidemic: P(rise | test) = %v not below P(rise | no test) = %v", ep.P[0][2][1][1], ep.P[0][2][0][1])
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

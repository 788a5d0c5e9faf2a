package repro

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFiguresNameDynamicsAsTables57: the figures named the dynamics
// otherwise than the tables beside them ("Nash dynamics q1", "Nash f1",
// "Stackelberg PG" / "simultaneous PG" against the tables' "simultaneous
// gradient (Nash)", "Stackelberg gradient", "Stackelberg policy
// gradient"); their legends now use the tables' names. fiez-torus's seeds
// table named the nearest equilibrium at two decimals, "DNE (1.57,
// -0.40)", beside the equilibrium table's paper position "(1.57, -0.4)":
// both now quote the paper's.
func TestFiguresNameDynamicsAsTables57(t *testing.T) {
	for _, c := range []struct {
		repro, file string
		want, bad   []string
	}{
		{"fiez-duopoly", "fig1a_production.svg", []string{"simultaneous gradient (Nash): q1", "Stackelberg gradient: q1 (leader)"}, []string{"Nash dynamics"}},
		{"fiez-duopoly", "fig1b_profit.svg", []string{"simultaneous gradient (Nash): π1", "Stackelberg gradient: π2"}, []string{"Nash dynamics"}},
		{"fiez-torus", "fig2cd_costs.svg", []string{"simultaneous gradient (Nash): f1", "Stackelberg gradient: f2"}, []string{"Nash f1"}},
		{"fiez-torus", "report.md", []string{"DNE (1.57, -0.4)"}, []string{"(1.57, -0.40)"}},
		{"markov-patrol", "leader_value.svg", []string{"Stackelberg policy gradient", "simultaneous policy gradient (Nash)"}, []string{"Stackelberg PG", "simultaneous PG"}},
	} {
		b, err := os.ReadFile(filepath.Join(runQuick(t, c.repro), c.file))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, w := range c.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s %s lacks %q", c.repro, c.file, w)
			}
		}
		for _, w := range c.bad {
			if strings.Contains(s, w) {
				t.Errorf("%s %s has %q", c.repro, c.file, w)
			}
		}
	}
}

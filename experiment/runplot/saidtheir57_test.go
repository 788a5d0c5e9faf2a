package runplot

import (
	"slices"
	"testing"
)

// TestSaidTheirVariants57: the series of one reproduction are named as
// its figures name "its variants"; of several, as they name "their
// variants", named or named and coloured.
func TestSaidTheirVariants57(t *testing.T) {
	for _, c := range []struct {
		repros []string
		styled bool
		want   string
	}{
		{[]string{"stddpg-pendulum"}, false, "series named as the figures of stddpg-pendulum name its variants"},
		{[]string{"stddpg-pendulum", "stsac-pendulum"}, false, "series named as the figures of stddpg-pendulum, stsac-pendulum name their variants"},
		{[]string{"stac-cartpole", "stac-mujoco"}, true, "series named and coloured as the figures of stac-cartpole, stac-mujoco name and colour their variants"},
	} {
		said := describe([]Panel{{Column: "avg_return", Reproductions: c.repros, Styled: c.styled}}, Layout{})
		if !slices.Contains(said, c.want) {
			t.Errorf("%q (styled %v): said %q; want %q", c.repros, c.styled, said, c.want)
		}
	}
}

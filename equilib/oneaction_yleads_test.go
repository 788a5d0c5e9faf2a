package equilib

import (
	"errors"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
)

// TestOneActionNamesGamesPlayer: the one-action error names the game's
// own player whichever leads: with y leading (SearchOptions.YLeads,
// AnalyzeYLeads, PolishYLeads) the leader is y and the follower x, as
// with x leading the leader is x.
func TestOneActionNamesGamesPlayer(t *testing.T) {
	xOne, err := game.NewBimatrix([][]float64{{1, 0}}, [][]float64{{0, 1}}, game.BimatrixOptions{}) // x has one action, y two
	if err != nil {
		t.Fatal(err)
	}
	yOne, err := game.NewBimatrix([][]float64{{1}, {0}}, [][]float64{{0}, {1}}, game.BimatrixOptions{}) // y has one action, x two
	if err != nil {
		t.Fatal(err)
	}
	search := func(g game.Game, yLeads bool) error {
		_, _, err := SearchWithStats(g, SearchOptions{Starts: 2, Seed: 1, YLeads: yLeads})
		return err
	}
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"x one action, x leads, Search", func() error { return search(xOne, false) }, "the leader (x) has one action"},
		{"x one action, y leads, Search", func() error { return search(xOne, true) }, "the follower (x) has one action"},
		{"y one action, x leads, Search", func() error { return search(yOne, false) }, "the follower (y) has one action"},
		{"y one action, y leads, Search", func() error { return search(yOne, true) }, "the leader (y) has one action"},
		{"x one action, AnalyzeYLeads", func() error { _, err := AnalyzeYLeads(xOne, []float64{0}, []float64{0, 0}); return err }, "the follower (x) has one action"},
		{"y one action, AnalyzeYLeads", func() error { _, err := AnalyzeYLeads(yOne, []float64{0, 0}, []float64{0}); return err }, "the leader (y) has one action"},
		{"x one action, PolishYLeads", func() error {
			_, err := PolishYLeads(xOne, []float64{0}, []float64{0, 0}, 0)
			return err
		}, "the follower (x) has one action"},
	} {
		err := c.run()
		if !errors.Is(err, ErrOneAction) || !strings.Contains(err.Error(), `game "bimatrix": `+c.want+": ") {
			t.Errorf("%s: err %v, want ErrOneAction naming %q", c.name, err, c.want)
		}
	}
}

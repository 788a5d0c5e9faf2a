package learn

import (
	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// SwapRoles returns g with the roles exchanged: its player 1 (the leader,
// choosing x) is g's player 2 and its player 2 g's player 1, so that
// f1(x, y) = g.F2(y, x) and f2(x, y) = g.F1(y, x). Analyses written for
// the first player leading (equilib's classification, say) apply to it
// with the strategies exchanged back.
func SwapRoles(g game.Game) game.Game { return swapped{g} }

// swapped is g with the roles exchanged: its leader is g's player 2 (choosing
// y) and its follower g's player 1. Stackelberg dynamics with
// FollowerLeads run on it with the strategy slices exchanged.
type swapped struct{ g game.Game }

func (s swapped) Name() string { return s.g.Name() + " (roles swapped)" }
func (s swapped) Dims() (int, int) {
	d1, d2 := s.g.Dims()
	return d2, d1
}
func (s swapped) Sense() game.Sense           { return s.g.Sense() }
func (s swapped) F1(x, y *ad.Node) *ad.Node   { return s.g.F2(y, x) }
func (s swapped) F2(x, y *ad.Node) *ad.Node   { return s.g.F1(y, x) }
func (s swapped) Domains() (x, y game.Domain) { dx, dy := s.g.Domains(); return dy, dx }

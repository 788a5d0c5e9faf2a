package learn_test

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/loop"
)

// userGame is a game written as Go functions, with objectives that may be
// written wrongly.
type userGame struct {
	d1, d2 int
	f1, f2 game.Objective
}

func (userGame) Name() string                        { return "user" }
func (g userGame) Dims() (int, int)                  { return g.d1, g.d2 }
func (userGame) Sense() game.Sense                   { return game.Cost }
func (userGame) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g userGame) F1(x, y *ad.Node) *ad.Node         { return g.f1(x, y) }
func (g userGame) F2(x, y *ad.Node) *ad.Node         { return g.f2(x, y) }

// A Go-function game whose objective is not a scalar (ad.Mul(x, y) where
// ad.Dot(x, y) was meant), or that panics on the strategies' shapes (an
// index beyond Dims), is an error naming the game and the objective from
// every constructor of learn and from equilib, as a formula game's is
// ("objective must be a scalar"). Before, each panicked inside ad
// ("ad.Grad: need a scalar (1x1), got 1x2 from Mul").
func TestCheckObjectives(t *testing.T) {
	scalar := func(x, y *ad.Node) *ad.Node { return ad.Dot(x, y) }
	cases := []struct {
		name string
		g    userGame
		want []string
	}{
		{"vector f1", userGame{2, 2, func(x, y *ad.Node) *ad.Node { return ad.Mul(x, y) }, scalar},
			[]string{`game "user"`, "F1", "1×2", "scalar"}},
		{"vector f2", userGame{2, 2, scalar, func(x, y *ad.Node) *ad.Node { return ad.Square(y) }},
			[]string{`game "user"`, "F2", "1×2", "scalar"}},
		{"nil f2", userGame{2, 2, scalar, func(x, y *ad.Node) *ad.Node { return nil }},
			[]string{`game "user"`, "F2", "nil"}},
		{"index out of range", userGame{1, 1, func(x, y *ad.Node) *ad.Node { return ad.Index(x, 1) }, scalar},
			[]string{`game "user"`, "F1", "panicked", "Index"}},
	}
	r := learn.Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1)}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check := func(what string, f func() error) {
				t.Helper()
				var err error
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s panicked: %v", what, p)
						}
					}()
					err = f()
				}()
				if err == nil {
					if !t.Failed() {
						t.Errorf("%s: no error", what)
					}
					return
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error %q does not contain %q", what, err, w)
					}
				}
			}
			check("game.Check", func() error { return game.Check(tc.g) })
			check("learn.NewSGA", func() error { _, err := learn.NewSGA(tc.g, r); return err })
			check("learn.NewStackelberg", func() error {
				_, err := learn.NewStackelberg(tc.g, learn.StackelbergConfig{LeaderLR: r.Leader, FollowerLR: r.Follower})
				return err
			})
			check("learn.NewLOLA", func() error {
				_, err := learn.NewLOLA(tc.g, learn.LOLAConfig{Rates: r})
				return err
			})
			check("learn.NewExtragradient", func() error { _, err := learn.NewExtragradient(tc.g, r); return err })
			check("learn.NewConsensus", func() error { _, err := learn.NewConsensus(tc.g, r, 1); return err })
			x, y := make([]float64, tc.g.d1), make([]float64, tc.g.d2)
			check("equilib.Analyze", func() error { _, err := equilib.Analyze(tc.g, x, y); return err })
			check("equilib.Polish", func() error { _, err := equilib.Polish(tc.g, x, y, equilib.NashField); return err })
		})
	}
	good := userGame{2, 2, scalar, func(x, y *ad.Node) *ad.Node { return ad.Norm2(ad.Sub(y, x)) }}
	if err := game.Check(good); err != nil {
		t.Errorf("a well-formed game: %v", err)
	}
}

package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// senseGame is a 1×1 cost game whose sense and leader domain are set by
// the test.
type senseGame struct {
	sense Sense
	dom   Domain
}

func (senseGame) Name() string                { return "s" }
func (senseGame) Dims() (int, int)            { return 1, 1 }
func (g senseGame) Sense() Sense              { return g.sense }
func (g senseGame) Domains() (Domain, Domain) { return g.dom, Domain{} }
func (senseGame) F1(x, y *ad.Node) *ad.Node   { return ad.Sum(ad.Mul(x, y)) }
func (senseGame) F2(x, y *ad.Node) *ad.Node   { return ad.Sum(ad.Mul(y, y)) }

// TestCheckSenseAndDomainKind: Check used to accept a Sense other than
// Cost and Payoff (Sense(7): Sign and the learners took it for Cost, so a
// game meant as payoffs was silently minimised) and a DomainKind outside
// the four (projected as unbounded); both are errors naming the value.
func TestCheckSenseAndDomainKind(t *testing.T) {
	for _, s := range []Sense{Cost, Payoff} {
		if err := Check(senseGame{sense: s}); err != nil {
			t.Errorf("sense %v: %v", s, err)
		}
	}
	assertErr(t, Check(senseGame{sense: 7}), `game "s": sense 7 is neither Cost nor Payoff`)
	assertErr(t, Check(senseGame{sense: -1}), "sense -1 is neither")
	assertErr(t, Check(senseGame{dom: Domain{Kind: 9}}), `game "s": leader domain: unknown domain kind 9`)
	assertErr(t, Domain{Kind: 4}.Validate(1), "unknown domain kind 4 (want Unbounded, Box, Torus or Simplex)")
	for _, k := range []DomainKind{Unbounded, Torus, Simplex} {
		if err := (Domain{Kind: k}).Validate(2); err != nil {
			t.Errorf("kind %d: %v", k, err)
		}
	}
}

// TestRandomQuadraticNilRng: a nil rng is an error, where it was a nil
// pointer dereference.
func TestRandomQuadraticNilRng(t *testing.T) {
	_, err := RandomQuadratic(2, 2, nil)
	assertErr(t, err, "random quadratic: nil rng")
}

package equilib_test

import (
	"fmt"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
)

// duopoly is the Stackelberg duopoly of Section 4.1 (A = 100, c1 = 5,
// c2 = 2), with profits maximised.
type duopoly struct{}

func (duopoly) Name() string                        { return "duopoly" }
func (duopoly) Dims() (int, int)                    { return 1, 1 }
func (duopoly) Sense() game.Sense                   { return game.Payoff }
func (duopoly) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (duopoly) F1(x, y *ad.Node) *ad.Node           { return ad.Mul(ad.AddScalar(ad.Neg(ad.Add(x, y)), 95), x) }
func (duopoly) F2(x, y *ad.Node) *ad.Node           { return ad.Mul(ad.AddScalar(ad.Neg(ad.Add(x, y)), 98), y) }

func ExampleSearch() {
	pts, err := equilib.Search(duopoly{}, equilib.SearchOptions{Starts: 8, Lo: []float64{0, 0}, Hi: []float64{100, 100}})
	if err != nil {
		panic(err)
	}
	for _, p := range pts {
		fmt.Printf("(%.2f, %.2f) DNE=%v DSE=%v eig J_S = %.3f\n", p.X[0], p.Y[0], p.DNE, p.DSE, p.EigJS)
	}
	// Output:
	// (30.67, 33.67) DNE=true DSE=false eig J_S = [[0.719 0.000] [2.781 0.000]]
	// (46.00, 26.00) DNE=false DSE=true eig J_S = [[0.719 0.000] [2.781 0.000]]
}

func ExampleAnalyze() {
	p, err := equilib.Analyze(duopoly{}, []float64{46}, []float64{26})
	if err != nil {
		panic(err)
	}
	fmt.Printf("profits (%.0f, %.0f), DSE %v, stable under Stackelberg dynamics %v\n", p.F1, p.F2, p.DSE, p.StableStackelberg)
	// Output:
	// profits (1058, 676), DSE true, stable under Stackelberg dynamics true
}

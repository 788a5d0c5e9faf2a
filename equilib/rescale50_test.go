package equilib

import (
	"math"
	"sort"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// curvingFollower is a game whose follower Hessian diag(a(x), b(x)) is
// badly scaled at the origin, diag(2e6, 1e-17), where Analyze records its
// program, and the identity at x = 1: a(x) = 2e6 + (1 − 2e6)x,
// b(x) = 1e-17 + (1 − 1e-17)x, f2 = ½a y0² + ½b y1² + x(y0 + y1),
// f1 = ½(x − 1)² + ½(y0 + 1)² + ½(y1 + 1)².
type curvingFollower struct{}

func (curvingFollower) Name() string                        { return "curving follower" }
func (curvingFollower) Dims() (int, int)                    { return 1, 2 }
func (curvingFollower) Sense() game.Sense                   { return game.Cost }
func (curvingFollower) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (curvingFollower) F1(x, y *ad.Node) *ad.Node {
	return ad.Scale(ad.Add(ad.Sum(ad.Square(ad.AddScalar(x, -1))), ad.Sum(ad.Square(ad.AddScalar(y, 1)))), 0.5)
}
func (curvingFollower) F2(x, y *ad.Node) *ad.Node {
	a := ad.AddScalar(ad.Scale(x, 1-2e6), 2e6)
	b := ad.AddScalar(ad.Scale(x, 1-1e-17), 1e-17)
	y0, y1 := ad.Index(y, 0), ad.Index(y, 1)
	q := ad.Add(ad.Mul(a, ad.Square(y0)), ad.Mul(b, ad.Square(y1)))
	return ad.Add(ad.Scale(q, 0.5), ad.Mul(ad.Sum(x), ad.Sum(y)))
}

// TestJSOfBadlyScaledRecordingPoint50: Analyze compiles its program at
// the origin and replays it. After 49514a8, total.Graph chose its rescaled
// solve on the recorded values, with the recorded scaling: at the origin
// this game's follower Hessian is diag(2e6, 1e-17), so at (1, (−1, −1)),
// where it is the identity, J_S was computed with D(I)D for
// D ≈ diag(7e-4, 3e8), refused by ad.Solve: ω_S and J_S NaN (no DSE,
// no stable Stackelberg). In closed form at that point J_S =
// [[1, −2e6, 0], [2e6, 1, 0], [0, 0, 1]]: eigenvalues 1 ± 2e6i and 1,
// each within 1e-9 relative; a DNE and a DSE, both stable.
func TestJSOfBadlyScaledRecordingPoint50(t *testing.T) {
	p, err := Analyze(curvingFollower{}, []float64{1}, []float64{-1, -1})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]float64{{1, -2e6}, {1, 0}, {1, 2e6}}
	got := append([][2]float64(nil), p.EigJS...)
	sort.Slice(got, func(i, j int) bool { return got[i][1] < got[j][1] })
	ok := len(got) == 3
	for i := 0; ok && i < 3; i++ {
		for k := 0; k < 2; k++ {
			if !(math.Abs(got[i][k]-want[i][k]) <= 1e-9*math.Max(1, math.Abs(want[i][k]))) {
				ok = false
			}
		}
	}
	if !ok {
		t.Errorf("eig J_S = %v, want %v", p.EigJS, want)
	}
	if !p.DNE || !p.DSE || !p.StableStackelberg {
		t.Errorf("DNE %v DSE %v stable Stackelberg %v; want all true", p.DNE, p.DSE, p.StableStackelberg)
	}
}

package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// torusDegenerate is the torus game with costs
// f1 = −cos(x − π) + ½cos(x − y), f2 = −cos(y − π) + ½cos(y − x). Its
// critical points are (0, 0), (0, π), (π, 0), (π, π) (both fields vanish
// there: D2 f1 = ½sin(x − y) = 0) and the two DSE (±2.5022, ∓2.6793).
// At (π, π) J = [[½, ½], [½, ½]] is singular (a degenerate DNE), and the
// field's evaluation has a rounding floor of sin(fl(π)) ≈ 1.2e-16, so
// Newton ends anywhere within ~1e-6 of (π, π).
type torusDegenerate struct{}

func (torusDegenerate) Name() string      { return "torus-degenerate" }
func (torusDegenerate) Dims() (int, int)  { return 1, 1 }
func (torusDegenerate) Sense() game.Sense { return game.Cost }
func (torusDegenerate) Domains() (game.Domain, game.Domain) {
	return game.Domain{Kind: game.Torus}, game.Domain{Kind: game.Torus}
}
func (torusDegenerate) F1(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Neg(ad.Cos(ad.AddScalar(x, -math.Pi))), ad.Scale(ad.Cos(ad.Sub(x, y)), 0.5))
}
func (torusDegenerate) F2(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Neg(ad.Cos(ad.AddScalar(y, -math.Pi))), ad.Scale(ad.Cos(ad.Sub(y, x)), 0.5))
}

// TestSearchDegenerateRootAtRoundingFloor: Search listed the degenerate DNE
// (π, π) of torusDegenerate once per Newton start that reached it (6 times
// from 500 starts, as (±3.14158…, ∓3.14158…), 1.3e-6 to 1e-5 apart, every
// copy a DNE with an eigenvalue of J between −1e-16 and 1.7e-10); it must
// be listed once, among exactly 6 critical points.
func TestSearchDegenerateRootAtRoundingFloor(t *testing.T) {
	pts, err := Search(torusDegenerate{}, SearchOptions{Starts: 500, Seed: 0})
	if err != nil {
		t.Fatal(err)
	}
	n, dse := 0, 0
	for _, p := range pts {
		if math.Abs(game.WrapAngle(p.X[0]-math.Pi)) <= 1e-4 && math.Abs(game.WrapAngle(p.Y[0]-math.Pi)) <= 1e-4 {
			n++
			if !p.DNE || p.StableSGA {
				t.Errorf("(%v, %v): DNE %v stable SGA %v, want a degenerate DNE, not stable", p.X[0], p.Y[0], p.DNE, p.StableSGA)
			}
		}
		if p.DSE {
			dse++
		}
	}
	if n != 1 || len(pts) != 6 || dse != 2 {
		for _, p := range pts {
			t.Logf("(%.17g, %.17g) dne=%v dse=%v eigJ=%v", p.X[0], p.Y[0], p.DNE, p.DSE, p.EigJ)
		}
		t.Fatalf("%d critical points (%d DSE), (π, π) listed %d times; want 6 (2 DSE), (π, π) once", len(pts), dse, n)
	}
}

// quarticFollower has costs f1 = x² + xy, f2 = y⁴ + xy: its critical point
// (0, 0) has the follower Hessian 12y² = 0, so ω_S and J_S are undefined
// there; its DSE are ±(−4y³, y) with y² = 1/6, (∓0.2722, ±0.4082), where
// 12y² = 2 and J_S = [[3/2, 1/3], [1, 2]] (trace 7/2, determinant 8/3).
type quarticFollower struct{}

func (quarticFollower) Name() string                        { return "quartic-follower" }
func (quarticFollower) Dims() (int, int)                    { return 1, 1 }
func (quarticFollower) Sense() game.Sense                   { return game.Cost }
func (quarticFollower) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (quarticFollower) F1(x, y *ad.Node) *ad.Node           { return ad.Add(ad.Square(x), ad.Mul(x, y)) }
func (quarticFollower) F2(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.PowConst(y, 4), ad.Mul(x, y))
}

// TestAnalyzeNumericallySingularFollower: at the point Newton reaches for
// (0, 0) of quarticFollower, (−1.26e-17, 2.53e-17), the follower Hessian is
// 7.7e-33, not exactly 0, and Analyze reported eig_JS = (−1.3e32, −1): J_S
// built from (D2² f2)⁻¹ ≈ 1.3e32. EigJS must be empty there, as at an
// exactly singular follower Hessian; at the DSE (y² = 1/6, D2² f2 = 2) it
// is (1.12, 2.38).
func TestAnalyzeNumericallySingularFollower(t *testing.T) {
	p, err := Analyze(quarticFollower{}, []float64{-1.2645460748677857e-17}, []float64{2.5290921497355713e-17})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.EigJS) != 0 || p.DSE || p.StableStackelberg || p.DNE || p.StableSGA {
		t.Errorf("(0, 0): EigJS %v DSE %v stable Stackelberg %v DNE %v stable SGA %v; want no J_S spectrum and no verdict", p.EigJS, p.DSE, p.StableStackelberg, p.DNE, p.StableSGA)
	}
	if len(p.EigJ) != 2 || math.Abs(p.EigJ[0][0]-(1-math.Sqrt2)) > 1e-12 || math.Abs(p.EigJ[1][0]-(1+math.Sqrt2)) > 1e-12 {
		t.Errorf("(0, 0): EigJ %v, want 1 ∓ √2", p.EigJ)
	}
	y := 1 / math.Sqrt(6)
	q, err := Analyze(quarticFollower{}, []float64{-4 * y * y * y}, []float64{y})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.EigJS) != 2 || !q.DSE || !q.StableStackelberg {
		t.Fatalf("DSE (%v, %v): %+v", -4*y*y*y, y, q)
	}
	tr, det := q.EigJS[0][0]+q.EigJS[1][0], q.EigJS[0][0]*q.EigJS[1][0]
	if math.Abs(tr-3.5) > 1e-12 || math.Abs(det-8.0/3) > 1e-12 {
		t.Errorf("DSE: EigJS %v, trace %v and determinant %v; want 7/2 and 8/3", q.EigJS, tr, det)
	}
}

package equilib

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

type advQuad struct {
	d1, d2              int
	A, B, C, D, E, a, e ad.Tensor
	payoff              bool
}

func (q advQuad) Name() string     { return "advq" }
func (q advQuad) Dims() (int, int) { return q.d1, q.d2 }
func (q advQuad) Sense() game.Sense {
	if q.payoff {
		return game.Payoff
	}
	return game.Cost
}
func (advQuad) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (q advQuad) F1(x, y *ad.Node) *ad.Node {
	f := ad.Add(ad.Add(half(x, q.A), ad.Dot(ad.MatMul(x, x.Tape().Const(q.B)), y)), half(y, q.C))
	f = ad.Add(f, ad.Dot(x.Tape().Const(q.a), x))
	if q.payoff {
		return ad.Neg(f)
	}
	return f
}
func (q advQuad) F2(x, y *ad.Node) *ad.Node {
	f := ad.Add(half(y, q.D), ad.Dot(ad.MatMulT(x, x.Tape().Const(q.E), false, true), y))
	f = ad.Add(f, ad.Dot(x.Tape().Const(q.e), y))
	if q.payoff {
		return ad.Neg(f)
	}
	return f
}

func td(t ad.Tensor) *mat.Dense {
	return mat.NewDense(t.Rows, t.Cols, append([]float64(nil), t.Data...))
}

func randT(rng *rand.Rand, r, c int, sym bool) ad.Tensor {
	m := make([]float64, r*c)
	for i := range m {
		m[i] = rng.NormFloat64()
	}
	if sym {
		for i := 0; i < r; i++ {
			for j := 0; j < i; j++ {
				m[i*c+j] = m[j*c+i]
			}
		}
	}
	return ad.NewTensor(r, c, m)
}

func pdOracle(m mat.Matrix) bool {
	n, _ := m.Dims()
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, (m.At(i, j)+m.At(j, i))/2)
		}
	}
	var es mat.EigenSym
	es.Factorize(s, false)
	for _, v := range es.Values(nil) {
		if v <= 1e-7 {
			return false
		}
	}
	return true
}
func eigOracle(m mat.Matrix) []complex128 {
	var e mat.Eigen
	e.Factorize(m, mat.EigenNone)
	v := e.Values(nil)
	sort.Slice(v, func(i, j int) bool {
		if real(v[i]) != real(v[j]) {
			return real(v[i]) < real(v[j])
		}
		return imag(v[i]) < imag(v[j])
	})
	return v
}
func rhp(v []complex128) bool {
	for _, z := range v {
		if real(z) <= 1e-7 {
			return false
		}
	}
	return true
}

type oracle struct {
	nash, stack         []float64
	dne, sga, dse, sstk bool
	eJ, eJS             []complex128
	J, JS               *mat.Dense
}

func solveOracle(q advQuad) oracle {
	d1, d2 := q.d1, q.d2
	n := d1 + d2
	A, B, C, D, E := td(q.A), td(q.B), td(q.C), td(q.D), td(q.E)
	J := mat.NewDense(n, n, nil)
	J.Slice(0, d1, 0, d1).(*mat.Dense).Copy(A)
	J.Slice(0, d1, d1, n).(*mat.Dense).Copy(B)
	J.Slice(d1, n, 0, d1).(*mat.Dense).Copy(E)
	J.Slice(d1, n, d1, n).(*mat.Dense).Copy(D)
	rhs := mat.NewVecDense(n, nil)
	for i := 0; i < d1; i++ {
		rhs.SetVec(i, -q.a.Data[i])
	}
	for i := 0; i < d2; i++ {
		rhs.SetVec(d1+i, -q.e.Data[i])
	}
	var zn mat.VecDense
	zn.SolveVec(J, rhs)
	var Dinv mat.Dense
	Dinv.Inverse(D)
	var EtDi, t1, t2 mat.Dense
	EtDi.Mul(E.T(), &Dinv)
	t1.Mul(&EtDi, B.T())
	t2.Mul(&EtDi, C)
	JS := mat.DenseCopyOf(J)
	var a11, a12 mat.Dense
	a11.Sub(A, &t1)
	a12.Sub(B, &t2)
	JS.Slice(0, d1, 0, d1).(*mat.Dense).Copy(&a11)
	JS.Slice(0, d1, d1, n).(*mat.Dense).Copy(&a12)
	var zs mat.VecDense
	zs.SolveVec(JS, rhs)
	// S = A + BR + RᵀBᵀ + RᵀCR, R = −D⁻¹E
	var R mat.Dense
	R.Mul(&Dinv, E)
	R.Scale(-1, &R)
	var S, br, rcr, tmp mat.Dense
	br.Mul(B, &R)
	tmp.Mul(C, &R)
	rcr.Mul(R.T(), &tmp)
	S.Add(A, &br)
	S.Add(&S, br.T())
	S.Add(&S, &rcr)
	o := oracle{nash: zn.RawVector().Data, stack: zs.RawVector().Data, J: J, JS: JS}
	o.dne = pdOracle(A) && pdOracle(D)
	o.eJ = eigOracle(J)
	o.sga = rhp(o.eJ)
	o.dse = pdOracle(&S) && pdOracle(D)
	o.eJS = eigOracle(JS)
	o.sstk = rhp(o.eJS)
	return o
}

func advNear(a, b []float64, tol float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

func eigClose(got [][2]float64, want []complex128, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if cmplx.Abs(complex(got[i][0], got[i][1])-want[i]) > tol*math.Max(1, cmplx.Abs(want[i])) {
			return false
		}
	}
	return true
}

// TestSearchRandomQuadraticOracle checks Search on 400 random quadratic
// games (1×1, 2×2, 3×2, 2×3; A, D often indefinite; half written as payoff
// games) against the closed form: the Nash point solves J z = −(a, e), the
// Stackelberg point J_S z = −(a, e), DNE ⇔ A, D > 0, DSE ⇔ S = A + BR +
// RᵀBᵀ + RᵀCR > 0 and D > 0 (R = −D⁻¹E), stability by spec(J), spec(J_S),
// and the spectra themselves to 1e-7.
func TestSearchRandomQuadraticOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	dims := [][2]int{{1, 1}, {2, 2}, {3, 2}, {2, 3}}
	counts := map[string]int{}
	for trial := 0; trial < 400; trial++ {
		dd := dims[trial%len(dims)]
		d1, d2 := dd[0], dd[1]
		q := advQuad{d1: d1, d2: d2, A: randT(rng, d1, d1, true), B: randT(rng, d1, d2, false), C: randT(rng, d2, d2, true),
			D: randT(rng, d2, d2, true), E: randT(rng, d2, d1, false), a: randT(rng, 1, d1, false), e: randT(rng, 1, d2, false), payoff: trial%2 == 1}
		// shift A, D to hit all cases
		for i := 0; i < d1; i++ {
			q.A.Data[i*d1+i] += float64(trial%3) * 1.5
		}
		for i := 0; i < d2; i++ {
			q.D.Data[i*d2+i] += float64(trial%5) * 0.8
		}
		o := solveOracle(q)
		pts := searchCube(t, q, d1+d2, uint64(trial))
		var pn, ps *Point
		for i := range pts {
			z := append(append([]float64(nil), pts[i].X...), pts[i].Y...)
			if advNear(z, o.nash, 1e-6) {
				pn = &pts[i]
			}
			if advNear(z, o.stack, 1e-6) {
				ps = &pts[i]
			}
		}
		wantN := 1
		if !advNear(o.nash, o.stack, 1e-6) {
			wantN = 2
		}
		if len(pts) != wantN || pn == nil || ps == nil {
			t.Errorf("trial %d: %d points, nash %v stack %v; oracle %v %v; pts %+v", trial, len(pts), pn != nil, ps != nil, o.nash, o.stack, pts)
			continue
		}
		if pn.DNE != o.dne || pn.StableSGA != o.sga || !eigClose(pn.EigJ, o.eJ, 1e-7) {
			t.Errorf("trial %d (%dx%d payoff=%v) nash point: dne %v/%v sga %v/%v eig %v / %v", trial, d1, d2, q.payoff, pn.DNE, o.dne, pn.StableSGA, o.sga, pn.EigJ, o.eJ)
		}
		if ps.DSE != o.dse || ps.StableStackelberg != o.sstk || !eigClose(ps.EigJS, o.eJS, 1e-7) {
			t.Errorf("trial %d (%dx%d payoff=%v) stack point: dse %v/%v sstk %v/%v eig %v / %v", trial, d1, d2, q.payoff, ps.DSE, o.dse, ps.StableStackelberg, o.sstk, ps.EigJS, o.eJS)
		}
		if wantN == 2 {
			if pn.DSE || pn.StableStackelberg || ps.DNE || ps.StableSGA {
				t.Errorf("trial %d: cross flags %+v %+v", trial, pn, ps)
			}
		}
		// f values in own sense
		sg := 1.0
		if q.payoff {
			sg = -1
		}
		x, y := mat.NewVecDense(d1, pn.X), mat.NewVecDense(d2, pn.Y)
		f1 := 0.5*mat.Inner(x, td(q.A), x) + mat.Inner(x, td(q.B), y) + 0.5*mat.Inner(y, td(q.C), y) + mat.Dot(x, mat.NewVecDense(d1, q.a.Data))
		if math.Abs(sg*f1-pn.F1) > 1e-9*math.Max(1, math.Abs(f1)) {
			t.Errorf("trial %d: F1 %v want %v", trial, pn.F1, sg*f1)
		}
		key := ""
		for _, b := range []bool{o.dne, o.sga, o.dse, o.sstk} {
			if b {
				key += "1"
			} else {
				key += "0"
			}
		}
		counts[key]++
	}
	t.Logf("cases dne/sga/dse/sstk: %v", counts)
}

// TestSearchZeroSumQuadraticOracle: random zero-sum quadratic games (D =
// −C, E = −Bᵀ), where every Nash point is a Stackelberg point; verdicts
// against the closed form, and Propositions 1 and 3 (DNE ⇒ DSE, stable
// under Stackelberg dynamics ⇒ DSE).
func TestSearchZeroSumQuadraticOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	dims := [][2]int{{1, 1}, {2, 2}, {3, 2}}
	counts := map[string]int{}
	for trial := 0; trial < 300; trial++ {
		dd := dims[trial%len(dims)]
		d1, d2 := dd[0], dd[1]
		q := advQuad{d1: d1, d2: d2, A: randT(rng, d1, d1, true), B: randT(rng, d1, d2, false), C: randT(rng, d2, d2, true),
			a: randT(rng, 1, d1, false), payoff: trial%2 == 1}
		for i := 0; i < d1; i++ {
			q.A.Data[i*d1+i] += float64(trial%3) * 1.5
		}
		for i := 0; i < d2; i++ {
			q.C.Data[i*d2+i] -= float64(trial%5) * 0.8
		}
		dd2 := make([]float64, d2*d2)
		for i := range q.C.Data {
			dd2[i] = -q.C.Data[i]
		}
		q.D = ad.NewTensor(d2, d2, dd2)
		q.E = ad.NewTensor(d2, d1, make([]float64, d2*d1))
		for i := 0; i < d1; i++ {
			for j := 0; j < d2; j++ {
				q.E.Data[j*d1+i] = -q.B.Data[i*d2+j]
			}
		}
		q.e = ad.NewTensor(1, d2, make([]float64, d2))
		o := solveOracle(q)
		pts := searchCube(t, q, d1+d2, uint64(trial))
		if len(pts) != 1 {
			t.Errorf("trial %d: %d points", trial, len(pts))
			continue
		}
		p := pts[0]
		if p.DNE != o.dne || p.DSE != o.dse || p.StableSGA != o.sga || p.StableStackelberg != o.sstk {
			t.Errorf("trial %d: %v %v %v %v vs oracle %+v", trial, p.DNE, p.DSE, p.StableSGA, p.StableStackelberg, o)
		}
		if p.DNE && !p.DSE {
			t.Errorf("trial %d: Prop 1 violated", trial)
		}
		if p.StableStackelberg && !p.DSE {
			t.Errorf("trial %d: Prop 3 violated", trial)
		}
		counts[fmt.Sprint(o.dne, o.sga, o.dse, o.sstk)]++
	}
	t.Logf("%v", counts)
}

// searchCube runs Search with 4 starts drawn from [−5, 5] in each of the
// d coordinates, seeded by seed.
func searchCube(t *testing.T, g game.Game, d int, seed uint64) []Point {
	t.Helper()
	lo, hi := make([]float64, d), make([]float64, d)
	for i := range lo {
		lo[i], hi[i] = -5, 5
	}
	pts, err := Search(g, SearchOptions{Starts: 4, Seed: seed, Lo: lo, Hi: hi})
	if err != nil {
		t.Fatal(err)
	}
	return pts
}

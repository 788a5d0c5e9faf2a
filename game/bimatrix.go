package game

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
)

// BimatrixOptions are the optional regularisers of a bimatrix game. Each
// player's regulariser acts on its own mixed strategy in its own payoff.
type BimatrixOptions struct {
	// Entropy is the weight τ ≥ 0 of the entropy bonus τ·H(p) = −τ Σ p log p.
	// A positive τ makes each player's payoff strictly concave in its mixed
	// strategy, so the follower has a unique (soft) best response.
	Entropy float64
	// L2 is the weight λ ≥ 0 of the penalty −(λ/2)‖p‖².
	L2 float64
}

// Bimatrix is an m×n matrix game as a smooth game on the simplices (Section
// 2 of the Hi-C paper: "any N × N matrix game can be described as a
// differentiable game"). The leader's strategy x ∈ R^m and the follower's
// y ∈ R^n are logits; the mixed strategies are p = softmax(x) and
// q = softmax(y), and the payoffs (maximised) are
//
//	f1(x, y) = pᵀ A q + τ H(p) − (λ/2)‖p‖²
//	f2(x, y) = pᵀ B q + τ H(q) − (λ/2)‖q‖²
//
// where rows index the leader's actions and columns the follower's. It
// implements Game (Sense Payoff, Domain Simplex) and Evaluator in closed
// form; it is immutable and safe for concurrent use.
type Bimatrix struct {
	m, n int
	a, b []float64 // row-major m×n
	opt  BimatrixOptions
}

// NewBimatrix returns the bimatrix game with leader payoffs A and follower
// payoffs B (both m×n, m, n ≥ 1, finite). It copies the matrices.
func NewBimatrix(A, B [][]float64, opts BimatrixOptions) (*Bimatrix, error) {
	m := len(A)
	if m == 0 {
		return nil, fmt.Errorf("bimatrix: matrix A is empty")
	}
	n := len(A[0])
	if n == 0 {
		return nil, fmt.Errorf("bimatrix: matrix A has an empty row 0")
	}
	if len(B) != m {
		return nil, fmt.Errorf("bimatrix: matrix B has %d rows, A has %d", len(B), m)
	}
	g := &Bimatrix{m: m, n: n, a: make([]float64, m*n), b: make([]float64, m*n), opt: opts}
	for _, mat := range []struct {
		name string
		rows [][]float64
		dst  []float64
	}{{"A", A, g.a}, {"B", B, g.b}} {
		for i, r := range mat.rows {
			if len(r) != n {
				return nil, fmt.Errorf("bimatrix: matrix %s row %d has %d entries, want %d", mat.name, i, len(r), n)
			}
			for j, v := range r {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("bimatrix: matrix %s[%d][%d] = %g is not finite", mat.name, i, j, v)
				}
				mat.dst[i*n+j] = v
			}
		}
	}
	if !(opts.Entropy >= 0) || math.IsInf(opts.Entropy, 0) {
		return nil, fmt.Errorf("bimatrix: entropy = %g must be finite and ≥ 0", opts.Entropy)
	}
	if !(opts.L2 >= 0) || math.IsInf(opts.L2, 0) {
		return nil, fmt.Errorf("bimatrix: l2 = %g must be finite and ≥ 0", opts.L2)
	}
	return g, nil
}

// Name returns "bimatrix".
func (g *Bimatrix) Name() string { return "bimatrix" }

// Dims returns (m, n): one logit per action.
func (g *Bimatrix) Dims() (int, int) { return g.m, g.n }

// Sense returns Payoff.
func (g *Bimatrix) Sense() Sense { return Payoff }

// Domains returns Simplex for both players (logits of mixed strategies).
func (g *Bimatrix) Domains() (Domain, Domain) { return Domain{Kind: Simplex}, Domain{Kind: Simplex} }

// Options returns the regularisers.
func (g *Bimatrix) Options() BimatrixOptions { return g.opt }

// Params returns A, B, entropy and l2.
func (g *Bimatrix) Params() map[string]ad.Tensor {
	return map[string]ad.Tensor{
		"A":       ad.NewTensor(g.m, g.n, append([]float64(nil), g.a...)),
		"B":       ad.NewTensor(g.m, g.n, append([]float64(nil), g.b...)),
		"entropy": ad.Scalar(g.opt.Entropy),
		"l2":      ad.Scalar(g.opt.L2),
	}
}

// Matrices returns copies of A and B as rows.
func (g *Bimatrix) Matrices() (A, B [][]float64) {
	A, B = make([][]float64, g.m), make([][]float64, g.m)
	for i := range A {
		A[i] = append([]float64(nil), g.a[i*g.n:(i+1)*g.n]...)
		B[i] = append([]float64(nil), g.b[i*g.n:(i+1)*g.n]...)
	}
	return A, B
}

// F1 is the leader's payoff pᵀAq + τH(p) − (λ/2)‖p‖² on the tape of x.
func (g *Bimatrix) F1(x, y *ad.Node) *ad.Node {
	t := x.Tape()
	p, q := ad.Softmax(x), ad.Softmax(y)
	v := ad.Dot(ad.MatMul(p, t.Const(ad.NewTensor(g.m, g.n, g.a))), q)
	return g.regularise(v, x, p)
}

// F2 is the follower's payoff pᵀBq + τH(q) − (λ/2)‖q‖² on the tape of x.
func (g *Bimatrix) F2(x, y *ad.Node) *ad.Node {
	t := x.Tape()
	p, q := ad.Softmax(x), ad.Softmax(y)
	v := ad.Dot(ad.MatMul(p, t.Const(ad.NewTensor(g.m, g.n, g.b))), q)
	return g.regularise(v, y, q)
}

// regularise adds τH(own) − (λ/2)‖own‖² with own = softmax(logits).
func (g *Bimatrix) regularise(v, logits, own *ad.Node) *ad.Node {
	if g.opt.Entropy != 0 {
		v = ad.Sub(v, ad.Scale(ad.Dot(own, ad.LogSoftmax(logits)), g.opt.Entropy))
	}
	if g.opt.L2 != 0 {
		v = ad.Sub(v, ad.Scale(ad.Dot(own, own), g.opt.L2/2))
	}
	return v
}

// Softmax writes softmax(logits) into dst (len(dst) = len(logits)).
func Softmax(dst, logits []float64) {
	mx := math.Inf(-1)
	for _, v := range logits {
		mx = math.Max(mx, v)
	}
	s := 0.0
	for i, v := range logits {
		dst[i] = math.Exp(v - mx)
		s += dst[i]
	}
	for i := range dst {
		dst[i] /= s
	}
}

// stackBuf is large enough for the mixed strategies of the games the
// evaluator sees on hot paths; larger games allocate.
const stackBuf = 16

func scratch(buf *[stackBuf]float64, n int) []float64 {
	if n <= stackBuf {
		return buf[:n]
	}
	return make([]float64, n)
}

// Value1 returns f1(x, y).
func (g *Bimatrix) Value1(x, y []float64) float64 {
	var pb, qb [stackBuf]float64
	p, q := scratch(&pb, g.m), scratch(&qb, g.n)
	Softmax(p, x)
	Softmax(q, y)
	return g.bilinear(g.a, p, q) + g.reg(p)
}

// Value2 returns f2(x, y).
func (g *Bimatrix) Value2(x, y []float64) float64 {
	var pb, qb [stackBuf]float64
	p, q := scratch(&pb, g.m), scratch(&qb, g.n)
	Softmax(p, x)
	Softmax(q, y)
	return g.bilinear(g.b, p, q) + g.reg(q)
}

// Expected returns the unregularised expected payoffs pᵀAq and pᵀBq of
// the mixed strategies p and q.
func (g *Bimatrix) Expected(p, q []float64) (v1, v2 float64) {
	return g.bilinear(g.a, p, q), g.bilinear(g.b, p, q)
}

func (g *Bimatrix) bilinear(mat, p, q []float64) float64 {
	v := 0.0
	for i, pi := range p {
		row := mat[i*g.n : (i+1)*g.n]
		s := 0.0
		for j, qj := range q {
			s += row[j] * qj
		}
		v += pi * s
	}
	return v
}

func (g *Bimatrix) reg(p []float64) float64 {
	v := 0.0
	for _, pi := range p {
		if g.opt.Entropy != 0 && pi > 0 {
			v -= g.opt.Entropy * pi * math.Log(pi)
		}
		v -= g.opt.L2 / 2 * pi * pi
	}
	return v
}

// Grad1 writes ∇x f1: with u = ∂f1/∂p = Aq − τ(log p + 1) − λp, the
// softmax chain rule gives ∇x f1 = p ⊙ (u − pᵀu).
func (g *Bimatrix) Grad1(dst, x, y []float64) {
	var pb, qb [stackBuf]float64
	p, q := scratch(&pb, g.m), scratch(&qb, g.n)
	Softmax(p, x)
	Softmax(q, y)
	for i := range p {
		row := g.a[i*g.n : (i+1)*g.n]
		s := 0.0
		for j, qj := range q {
			s += row[j] * qj
		}
		dst[i] = s
	}
	g.chain(dst, p, x)
}

// Grad2 writes ∇y f2: with u = ∂f2/∂q = Bᵀp − τ(log q + 1) − λq,
// ∇y f2 = q ⊙ (u − qᵀu).
func (g *Bimatrix) Grad2(dst, x, y []float64) {
	var pb, qb [stackBuf]float64
	p, q := scratch(&pb, g.m), scratch(&qb, g.n)
	Softmax(p, x)
	Softmax(q, y)
	for j := range q {
		dst[j] = 0
	}
	for i, pi := range p {
		row := g.b[i*g.n : (i+1)*g.n]
		for j := range q {
			dst[j] += pi * row[j]
		}
	}
	g.chain(dst, q, y)
}

// chain turns u = ∂f/∂p (in dst, without the regulariser) into ∇logits f.
func (g *Bimatrix) chain(dst, p, logits []float64) {
	mx := math.Inf(-1)
	for _, v := range logits {
		mx = math.Max(mx, v)
	}
	lse := 0.0
	for _, v := range logits {
		lse += math.Exp(v - mx)
	}
	lse = mx + math.Log(lse)
	mean := 0.0
	for i, pi := range p {
		// log p_i = x_i − logsumexp(x), exact even when p_i underflows.
		dst[i] += -g.opt.Entropy*(logits[i]-lse+1) - g.opt.L2*pi
		mean += pi * dst[i]
	}
	for i, pi := range p {
		dst[i] = pi * (dst[i] - mean)
	}
}

package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// Gaussian.LogProb and Squashed.Rsample took actions and noise of any
// shape the tape would broadcast against the batch × actDim means: for a
// 2-dimensional Gaussian policy, actions 3×1 were broadcast to both
// coordinates and the density normalised with d = act.Cols() = 1 (a
// log-density of one coordinate too few, −½ log 2π − log σ₂ − ½z₂² off);
// noise 3×1 for a 2-dimensional squashed policy gave both coordinates the
// same ε while log π counted ½ε² once; noise 1×2 gave every row of the
// batch the same ε. Each now panics, naming the shapes.
func TestPolicyInputShapesChecked(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var pg Params
	g := NewGaussian(&pg, 2, []int{3}, Tanh, 2)
	g.Init(&pg, rng, -0.5)
	var ps Params
	s := NewSquashed(&ps, 2, []int{3}, Relu, []float64{-1, -1}, []float64{1, 1})
	s.Net.Init(&ps, rng)
	for _, dt := range []ad.DType{ad.Float64, ad.Float32} {
		tp := ad.NewTapeOf(dt)
		obs := tp.Const(randRows(rng, 3, 2))
		for _, c := range []struct {
			who        string
			rows, cols int
			f          func(x *ad.Node)
		}{
			{"Gaussian.LogProb", 3, 1, func(x *ad.Node) { g.LogProb(pg.Const(tp), obs, x) }},
			{"Gaussian.LogProb", 1, 2, func(x *ad.Node) { g.LogProb(pg.Const(tp), obs, x) }},
			{"Gaussian.LogProb", 1, 1, func(x *ad.Node) { g.LogProb(pg.Const(tp), obs, x) }},
			{"Squashed.Rsample", 3, 1, func(x *ad.Node) { s.Rsample(ps.Const(tp), obs, x) }},
			{"Squashed.Rsample", 1, 2, func(x *ad.Node) { s.Rsample(ps.Const(tp), obs, x) }},
		} {
			msg := panicText(func() { c.f(tp.Const(randRows(rng, c.rows, c.cols))) })
			want := fmt.Sprintf("nn.%s: %dx%d", c.who, c.rows, c.cols)
			if !strings.Contains(msg, want) || !strings.Contains(msg, "3x2") {
				t.Errorf("%v %s with a %dx%d input for 3 observations of a 2-dimensional action: panic %q, want one containing %q and 3x2",
					dt, c.who, c.rows, c.cols, msg, want)
			}
		}
		// The right shapes are still accepted.
		if msg := panicText(func() { g.LogProb(pg.Const(tp), obs, tp.Const(randRows(rng, 3, 2))) }); msg != "" {
			t.Errorf("%v Gaussian.LogProb 3x2: %s", dt, msg)
		}
		if msg := panicText(func() { s.Rsample(ps.Const(tp), obs, tp.Const(randRows(rng, 3, 2))) }); msg != "" {
			t.Errorf("%v Squashed.Rsample 3x2: %s", dt, msg)
		}
	}
}

// A masked logit (bias −Inf) on float64 and float32 tapes: log π(a|s) is
// the log-softmax over the unmasked logits, ℓₐ − log Σ_{k unmasked} e^{ℓₖ}
// (to 1e-12 in float64, 1e-6 in float32), −Inf for the masked action, and
// the gradient of Σ log π over unmasked actions is finite with a zero
// entry at the masked bias. Probs gives the masked action probability 0,
// and neither Sample (2000 seeded draws) nor Mode ever returns it.
func TestCategoricalMaskedLogits(t *testing.T) {
	var p Params
	c := NewCategorical(&p, 2, nil, Tanh, 4) // logits = obs·W + b
	c.Net.Init(&p, rand.New(rand.NewPCG(1, 2)))
	copy(p.Tensor(c.Net.b[0]).Data, []float64{0.5, math.Inf(-1), -0.25, 1})
	obs := ad.NewTensor(2, 2, []float64{0.1, 0.2, -0.3, 0.4})
	W := p.Tensor(c.Net.w[0]).Data
	bias := p.Tensor(c.Net.b[0]).Data
	want := func(i, a int) float64 {
		l := make([]float64, 4)
		for k := range l {
			l[k] = bias[k] + obs.Data[2*i]*W[k] + obs.Data[2*i+1]*W[4+k]
		}
		s := 0.0
		for k, v := range l {
			if k != 1 {
				s += math.Exp(v)
			}
		}
		return l[a] - math.Log(s)
	}
	for _, dt := range []ad.DType{ad.Float64, ad.Float32} {
		tol := 1e-12
		if dt == ad.Float32 {
			tol = 1e-6
		}
		for _, a := range []int{0, 1, 2, 3} {
			tp := ad.NewTapeOf(dt)
			b := p.Var(tp)
			lp := c.LogProb(b, tp.Const(obs), tp.Const(ad.NewTensor(2, 1, []float64{float64(a), float64(a)})))
			for i, got := range lp.Data() {
				w := want(i, a)
				if !(got == w || math.Abs(got-w) <= tol*math.Max(1, math.Abs(w))) {
					t.Errorf("%v row %d action %d: log π = %v, want %v", dt, i, a, got, w)
				}
			}
			if a == 1 {
				continue
			}
			g := make([]float64, p.Len())
			b.Grad(ad.Sum(lp), g)
			for k, v := range g {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("%v action %d: gradient %d is %v", dt, a, k, v)
				}
			}
			if mb := p.Slice(g, c.Net.b[0])[1]; mb != 0 {
				t.Errorf("%v action %d: gradient at the masked bias %v, want 0", dt, a, mb)
			}
		}
	}
	if pr := c.Probs(&p, []float64{0.1, 0.2}, make([]float64, 4)); pr[1] != 0 || math.Abs(pr[0]+pr[2]+pr[3]-1) > 1e-15 {
		t.Errorf("Probs %v: want π₁ = 0 and the rest summing to 1", pr)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 2000; n++ {
		if a := c.Sample(&p, []float64{0.1, 0.2}, rng); a == 1 {
			t.Fatalf("draw %d: Sample returned the masked action", n)
		}
	}
	if m := c.Mode(&p, []float64{0.1, 0.2}); m == 1 {
		t.Errorf("Mode returned the masked action")
	}
}

// Bound.VJP (float64) and VJP32 (float32, through ConstVec32 and
// Flatten32) against central differences: for f(θx, θy) = Σ tanh(gx(s))·gy(s)
// over a batch of 3 (gx a 2→3→1 and gy a 2→2→1 tanh network), the mixed
// product ∇θy⟨∇θx f, v⟩ equals (∇θy f(θx + hv) − ∇θy f(θx − hv))/2h,
// h = 1e-5, to 1e-8 in float64 and 1e-5 in float32 (absolute; the
// entries are of order 1); the Hessian–vector product ∇θx⟨∇θx f, v⟩ the
// same way.
func TestBoundVJPFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var px, py Params
	mx := NewMLP(&px, []int{2, 3, 1}, Tanh, Identity)
	my := NewMLP(&py, []int{2, 2, 1}, Tanh, Identity)
	mx.Init(&px, rng)
	my.Init(&py, rng)
	obs := randRows(rng, 3, 2)
	f := func(tp *ad.Tape, bx, by Bound) *ad.Node {
		o := tp.Const(obs)
		return ad.Sum(ad.Mul(ad.Tanh(mx.Forward(bx, o)), my.Forward(by, o)))
	}
	v := make([]float64, px.Len())
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	grad := func(wrt *Params) []float64 {
		tp := ad.NewTape()
		bx, by := px.Const(tp), py.Const(tp)
		if wrt == &px {
			bx = px.Var(tp)
		} else {
			by = py.Var(tp)
		}
		g := make([]float64, wrt.Len())
		map[bool]Bound{true: bx, false: by}[wrt == &px].Grad(f(tp, bx, by), g)
		return g
	}
	const h = 1e-5
	x0 := append([]float64(nil), px.Data...)
	fd := map[*Params][]float64{}
	for _, wrt := range []*Params{&px, &py} {
		for i := range px.Data {
			px.Data[i] = x0[i] + h*v[i]
		}
		gp := grad(wrt)
		for i := range px.Data {
			px.Data[i] = x0[i] - h*v[i]
		}
		gm := grad(wrt)
		copy(px.Data, x0)
		for i := range gp {
			gp[i] = (gp[i] - gm[i]) / (2 * h)
		}
		fd[wrt] = gp
	}
	for _, dt := range []ad.DType{ad.Float64, ad.Float32} {
		tol := 1e-8
		if dt == ad.Float32 {
			tol = 1e-5
		}
		for _, wrt := range []*Params{&px, &py} {
			tp := ad.NewTapeOf(dt)
			bx, by := px.Var(tp), py.Var(tp)
			gs := Bound{Nodes: bx.GradNodes(f(tp, bx, by)), Params: &px}
			on := map[bool]Bound{true: bx, false: by}[wrt == &px]
			got := make([]float64, wrt.Len())
			if dt == ad.Float64 {
				on.VJP(gs, v, got)
			} else {
				v32 := make([]float32, len(v))
				for i := range v {
					v32[i] = float32(v[i])
				}
				g32 := make([]float32, wrt.Len())
				on.VJP32(gs, v32, g32)
				for i := range g32 {
					got[i] = float64(g32[i])
				}
			}
			for i := range got {
				if math.Abs(got[i]-fd[wrt][i]) > tol {
					t.Errorf("%v product on %d-parameter player, entry %d: %v, finite difference %v", dt, wrt.Len(), i, got[i], fd[wrt][i])
				}
			}
		}
	}
}

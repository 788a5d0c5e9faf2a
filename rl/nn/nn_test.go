package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/ad"
)

func randRows(rng *rand.Rand, rows, cols int) ad.Tensor {
	t := ad.Zeros(rows, cols)
	for i := range t.Data {
		t.Data[i] = rng.NormFloat64()
	}
	return t
}

// Forward on a tape and the tape-free Apply compute the same function
// (agreement to 1e-12 absolute).
func TestMLPForwardMatchesApply(t *testing.T) {
	for _, tc := range []struct {
		name           string
		sizes          []int
		hidden, output Activation
	}{
		{"tanh 64x32", []int{4, 64, 32, 2}, Tanh, Identity},
		{"relu 256x256 tanh out", []int{3, 256, 256, 1}, Relu, Tanh},
		{"linear", []int{5, 3}, Tanh, Identity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			var p Params
			m := NewMLP(&p, tc.sizes, tc.hidden, tc.output)
			m.Init(&p, rng)
			x := randRows(rng, 7, m.In())
			tape := ad.NewTape()
			y := m.Forward(p.Var(tape), tape.Const(x))
			out := make([]float64, m.Out())
			for i := 0; i < x.Rows; i++ {
				m.Apply(&p, x.Data[i*m.In():(i+1)*m.In()], out)
				for j, v := range out {
					if got := y.Value().At(i, j); math.Abs(got-v) > 1e-12 {
						t.Fatalf("row %d col %d: Forward %v, Apply %v", i, j, got, v)
					}
				}
			}
		})
	}
}

// Init draws from ±1/√fan_in: every value inside the bound, and the sample
// variance within 10% of bound²/3.
func TestMLPInitBounds(t *testing.T) {
	var p Params
	m := NewMLP(&p, []int{100, 400, 1}, Relu, Identity)
	m.Init(&p, rand.New(rand.NewPCG(3, 4)))
	w := p.Tensor(m.w[0]).Data
	bound := 0.1
	ss := 0.0
	for _, v := range w {
		if math.Abs(v) > bound {
			t.Fatalf("weight %v outside ±%v", v, bound)
		}
		ss += v * v
	}
	if v := ss / float64(len(w)); math.Abs(v-bound*bound/3)/(bound*bound/3) > 0.1 {
		t.Fatalf("weight variance %v, want %v ±10%%", v, bound*bound/3)
	}
}

// fdCheck compares the flat gradient of f (computed by Bound.Grad) with
// central finite differences (step 1e-6) on every parameter; tolerance
// 1e-6 relative to the gradient's max-norm (plus 1e-8).
func fdCheck(t *testing.T, p *Params, f func(tape *ad.Tape, b Bound) *ad.Node) {
	t.Helper()
	tape := ad.NewTape()
	b := p.Var(tape)
	g := make([]float64, p.Len())
	b.Grad(f(tape, b), g)
	scale := 0.0
	for _, v := range g {
		scale = max(scale, math.Abs(v))
	}
	eval := func() float64 {
		tp := ad.NewTape()
		return f(tp, p.Const(tp)).Scalar()
	}
	const h = 1e-6
	for i := range p.Data {
		x := p.Data[i]
		p.Data[i] = x + h
		fp := eval()
		p.Data[i] = x - h
		fm := eval()
		p.Data[i] = x
		fd := (fp - fm) / (2 * h)
		if math.Abs(fd-g[i]) > 1e-6*scale+1e-8 {
			t.Fatalf("parameter %d: gradient %v, finite difference %v", i, g[i], fd)
		}
	}
}

func TestPolicyGradientsFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	obs := randRows(rng, 6, 3)
	t.Run("categorical", func(t *testing.T) {
		var p Params
		c := NewCategorical(&p, 3, []int{5}, Tanh, 3)
		c.Net.Init(&p, rng)
		act := ad.NewTensor(6, 1, []float64{0, 1, 2, 2, 1, 0})
		fdCheck(t, &p, func(tp *ad.Tape, b Bound) *ad.Node {
			return ad.Mean(c.LogProb(b, tp.Const(obs), tp.Const(act)))
		})
	})
	t.Run("gaussian", func(t *testing.T) {
		var p Params
		g := NewGaussian(&p, 3, []int{5}, Tanh, 2)
		g.Init(&p, rng, -0.5)
		act := randRows(rng, 6, 2)
		fdCheck(t, &p, func(tp *ad.Tape, b Bound) *ad.Node {
			return ad.Mean(g.LogProb(b, tp.Const(obs), tp.Const(act)))
		})
	})
	t.Run("squashed", func(t *testing.T) {
		var p Params
		s := NewSquashed(&p, 3, []int{5}, Relu, []float64{-2, -1}, []float64{2, 3})
		s.Net.Init(&p, rng)
		eps := randRows(rng, 6, 2)
		fdCheck(t, &p, func(tp *ad.Tape, b Bound) *ad.Node {
			a, lp := s.Rsample(b, tp.Const(obs), tp.Const(eps))
			return ad.Add(ad.Mean(lp), ad.Mean(ad.Square(a)))
		})
	})
	t.Run("deterministic", func(t *testing.T) {
		var p Params
		d := NewDeterministic(&p, 3, []int{5, 4}, Relu, []float64{-2}, []float64{2})
		d.Net.Init(&p, rng)
		fdCheck(t, &p, func(tp *ad.Tape, b Bound) *ad.Node {
			return ad.Mean(ad.Square(d.Act(b, tp.Const(obs))))
		})
	})
}

// Closed forms of the log-densities: softmax for the categorical policy, the
// normal density for the Gaussian, and the change of variables
// log N(u; μ, σ) − Σ log(h(1 − tanh² u)) + Σ log h for the squashed policy
// (Spinning Up leaves out the constant Σ log h). Tolerance 1e-10.
func TestLogProbClosedForms(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	obs := randRows(rng, 4, 3)
	row := func(i int) []float64 { return obs.Data[i*3 : (i+1)*3] }

	var pc Params
	c := NewCategorical(&pc, 3, []int{8}, Tanh, 4)
	c.Net.Init(&pc, rng)
	act := ad.NewTensor(4, 1, []float64{3, 0, 1, 2})
	tp := ad.NewTape()
	lp := c.LogProb(pc.Const(tp), tp.Const(obs), tp.Const(act))
	probs := make([]float64, 4)
	for i := 0; i < 4; i++ {
		c.Probs(&pc, row(i), probs)
		if want := math.Log(probs[int(act.Data[i])]); math.Abs(lp.Data()[i]-want) > 1e-10 {
			t.Errorf("categorical row %d: log π %v, want %v", i, lp.Data()[i], want)
		}
	}

	var pg Params
	g := NewGaussian(&pg, 3, []int{8}, Tanh, 2)
	g.Init(&pg, rng, -0.3)
	pg.Tensor(g.LogStd).Data[1] = 0.4
	a := randRows(rng, 4, 2)
	tp = ad.NewTape()
	lp = g.LogProb(pg.Const(tp), tp.Const(obs), tp.Const(a))
	mean := make([]float64, 2)
	for i := 0; i < 4; i++ {
		g.Mean(&pg, row(i), mean)
		want := 0.0
		for j, ls := range []float64{-0.3, 0.4} {
			s := math.Exp(ls)
			z := (a.Data[i*2+j] - mean[j]) / s
			want += -0.5*z*z - math.Log(s*math.Sqrt(2*math.Pi))
		}
		if math.Abs(lp.Data()[i]-want) > 1e-10 {
			t.Errorf("gaussian row %d: log π %v, want %v", i, lp.Data()[i], want)
		}
	}

	var ps Params
	low, high := []float64{-2, 0}, []float64{2, 1}
	s := NewSquashed(&ps, 3, []int{8}, Relu, low, high)
	s.Net.Init(&ps, rng)
	eps := randRows(rng, 4, 2)
	tp = ad.NewTape()
	act2, lp2 := s.Rsample(ps.Const(tp), tp.Const(obs), tp.Const(eps))
	out := make([]float64, 4)
	for i := 0; i < 4; i++ {
		s.Net.Apply(&ps, row(i), out)
		want := 0.0
		for j := 0; j < 2; j++ {
			mu, ls := out[j], min(max(out[2+j], LogStdMin), LogStdMax)
			sd := math.Exp(ls)
			u := mu + sd*eps.Data[i*2+j]
			h := (high[j] - low[j]) / 2
			aj := (high[j]+low[j])/2 + h*math.Tanh(u)
			if math.Abs(act2.Value().At(i, j)-aj) > 1e-12 {
				t.Fatalf("squashed row %d: action %v, want %v", i, act2.Value().At(i, j), aj)
			}
			th := math.Tanh(u)
			want += -0.5*eps.Data[i*2+j]*eps.Data[i*2+j] - math.Log(sd*math.Sqrt(2*math.Pi)) - math.Log(h*(1-th*th)) + math.Log(h)
		}
		if math.Abs(lp2.Data()[i]-want) > 1e-10 {
			t.Errorf("squashed row %d: log π %v, want %v", i, lp2.Data()[i], want)
		}
	}
}

// Sampling frequencies match π within 4 standard errors (n = 40000).
func TestCategoricalSampleFrequencies(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var p Params
	c := NewCategorical(&p, 2, []int{4}, Tanh, 3)
	c.Net.Init(&p, rng)
	c.Net.ScaleLast(&p, 5)
	obs := []float64{0.3, -1.2}
	probs := c.Probs(&p, obs, make([]float64, 3))
	const n = 40000
	counts := make([]float64, 3)
	for i := 0; i < n; i++ {
		counts[c.Sample(&p, obs, rng)]++
	}
	for k, q := range probs {
		se := math.Sqrt(q * (1 - q) / n)
		if f := counts[k] / n; math.Abs(f-q) > 4*se {
			t.Errorf("action %d: frequency %v, probability %v (4 s.e. = %v)", k, f, q, 4*se)
		}
	}
	best := 0
	for k := range probs {
		if probs[k] > probs[best] {
			best = k
		}
	}
	if m := c.Mode(&p, obs); m != best {
		t.Errorf("Mode %d, most probable %d", m, best)
	}
}

// Apply of the deterministic actor matches the recorded Act (1e-12) and
// stays inside the action box.
func TestDeterministicApplyMatchesAct(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var p Params
	d := NewDeterministic(&p, 3, []int{16}, Relu, []float64{-2, 0}, []float64{2, 1})
	d.Net.Init(&p, rng)
	d.Net.ScaleLast(&p, 10)
	obs := randRows(rng, 5, 3)
	tp := ad.NewTape()
	a := d.Act(p.Const(tp), tp.Const(obs))
	dst := make([]float64, 2)
	for i := 0; i < 5; i++ {
		d.Apply(&p, obs.Data[i*3:(i+1)*3], dst)
		for j, v := range dst {
			if math.Abs(v-a.Value().At(i, j)) > 1e-12 {
				t.Fatalf("row %d: Apply %v, Act %v", i, dst, a.Value().Data[i*2:i*2+2])
			}
			if v < d.Low[j] || v > d.High[j] {
				t.Fatalf("action %v outside the box", dst)
			}
		}
	}
}

func TestParamsLayout(t *testing.T) {
	var p Params
	a := p.Add(2, 3)
	b := p.Add(1, 4)
	if p.Len() != 10 || p.NumTensors() != 2 {
		t.Fatalf("Len %d NumTensors %d", p.Len(), p.NumTensors())
	}
	p.Tensor(b).Data[3] = 7
	if p.Data[9] != 7 {
		t.Fatalf("Tensor does not alias Data")
	}
	flat := make([]float64, 10)
	flat[6] = 1
	if p.Slice(flat, b)[0] != 1 || len(p.Slice(flat, a)) != 6 {
		t.Fatalf("Slice layout wrong")
	}
	q := p.Clone()
	q.Data[9] = 0
	if p.Data[9] != 7 || !p.SameLayout(q) {
		t.Fatalf("Clone shares data or layout differs")
	}
	tp := ad.NewTape()
	v := p.ConstVec(tp, flat)
	if v.Nodes[b].Value().At(0, 0) != 1 || v.Nodes[a].Rows() != 2 {
		t.Fatalf("ConstVec layout wrong")
	}
}

func BenchmarkMLPApply256(b *testing.B) {
	var p Params
	m := NewMLP(&p, []int{3, 256, 256, 1}, Relu, Identity)
	m.Init(&p, rand.New(rand.NewPCG(1, 1)))
	x, out := []float64{0.1, 0.2, 0.3}, make([]float64, 1)
	for b.Loop() {
		m.Apply(&p, x, out)
	}
}

// BenchmarkMLPApplySmall is one action or value of the AC/STAC networks
// (4 → 64 → 32 tanh → 2), evaluated once per environment step.
func BenchmarkMLPApplySmall(b *testing.B) {
	var p Params
	m := NewMLP(&p, []int{4, 64, 32, 2}, Tanh, Identity)
	m.Init(&p, rand.New(rand.NewPCG(1, 1)))
	x, out := []float64{0.1, 0.2, 0.3, 0.4}, make([]float64, 2)
	for b.Loop() {
		m.Apply(&p, x, out)
	}
}

func BenchmarkMLPForwardBackward(b *testing.B) {
	for _, bc := range []struct {
		name  string
		batch int
		sizes []int
		act   Activation
	}{
		{"tanh64x32_batch4000", 4000, []int{4, 64, 32, 1}, Tanh},
		{"relu256x256_batch100", 100, []int{4, 256, 256, 1}, Relu},
	} {
		b.Run(bc.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 1))
			var p Params
			m := NewMLP(&p, bc.sizes, bc.act, Identity)
			m.Init(&p, rng)
			x := randRows(rng, bc.batch, bc.sizes[0])
			y := randRows(rng, bc.batch, 1)
			g := make([]float64, p.Len())
			tape := ad.NewTape()
			for b.Loop() {
				tape.Reset()
				bd := p.Var(tape)
				loss := ad.Mean(ad.Square(ad.Sub(m.Forward(bd, tape.Const(x)), tape.Const(y))))
				bd.Grad(loss, g)
			}
		})
	}
}

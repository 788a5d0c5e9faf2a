package optim

import (
	"bytes"
	"encoding/gob"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func near(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(1, math.Abs(b))
}

func checkVec(t *testing.T, what string, got, want []float64, rel float64) {
	t.Helper()
	for i := range want {
		if !near(got[i], want[i], rel) {
			t.Errorf("%s[%d] = %.17g, want %.17g", what, i, got[i], want[i])
		}
	}
}

// TestAdamHandComputed checks Adam's first three steps with lr = 0.1 against
// the update written out by hand.
func TestAdamHandComputed(t *testing.T) {
	p := Param{Data: []float64{1, -2, 0.5}, Grad: make([]float64, 3)}
	a := NewAdam([]Param{p}, 0.1)
	if a.Beta1 != 0.9 || a.Beta2 != 0.999 || a.Eps != 1e-8 {
		t.Fatalf("defaults %v %v %v", a.Beta1, a.Beta2, a.Eps)
	}

	// Step 1, g = (0.5, −1, 0):
	//   m = 0.1·g = (0.05, −0.1, 0),  v = 0.001·g² = (0.00025, 0.001, 0)
	//   m̂ = m/0.1 = g,  v̂ = v/0.001 = g²,  so √v̂ = |g| and
	//   Δθ = −0.1·g/(|g| + 1e−8): (−0.099999998, +0.0999999990, 0)
	copy(p.Grad, []float64{0.5, -1, 0})
	a.Step()
	want1 := []float64{1 - 0.1*0.5/(0.5+1e-8), -2 + 0.1*1/(1+1e-8), 0.5}
	checkVec(t, "formula1", want1, []float64{0.900000002, -1.900000001, 0.5}, 1e-15)
	checkVec(t, "step1", p.Data, want1, 1e-14)
	checkVec(t, "m1", a.m[0], []float64{0.05, -0.1, 0}, 1e-14)
	checkVec(t, "v1", a.v[0], []float64{0.00025, 0.001, 0}, 1e-14)

	// Step 2, g = (0.2, 3, −0.1), for the first element:
	//   m = 0.9·0.05 + 0.1·0.2          = 0.065
	//   v = 0.999·0.00025 + 0.001·0.04  = 0.00028975
	//   m̂ = 0.065/(1 − 0.9²)           = 0.065/0.19
	//   v̂ = 0.00028975/(1 − 0.999²)    = 0.00028975/0.001999
	//   θ = 0.900000002 − 0.1·m̂/(√v̂ + 1e−8) = 0.8101424839029282
	copy(p.Grad, []float64{0.2, 3, -0.1})
	a.Step()
	th0 := want1[0] - 0.1*(0.065/0.19)/(math.Sqrt(0.00028975/0.001999)+1e-8)
	checkVec(t, "step2", p.Data, []float64{th0, -1.9494189841087441, 0.5744136718356471}, 1e-12)
	checkVec(t, "formula2", []float64{th0}, []float64{0.8101424839029282}, 1e-14)

	// Step 3, g = (−0.4, 0, 0.3); values from an independent implementation.
	copy(p.Grad, []float64{-0.4, 0, 0.3})
	a.Step()
	checkVec(t, "step3", p.Data, []float64{0.7925145982082051, -1.9876200012449847, 0.5319893274257256}, 1e-12)
	if a.Steps() != 3 {
		t.Errorf("Steps = %d", a.Steps())
	}
}

func TestAdamAllocationFree(t *testing.T) {
	ps := mlpParams(17, 256, 256, 6)
	a := NewAdam(ps, 1e-3)
	if n := testing.AllocsPerRun(10, func() { a.Step() }); n != 0 {
		t.Errorf("Adam.Step allocates %v times", n)
	}
	s := NewSGD(ps, 1e-3)
	s.Momentum = 0.9
	s.Step()
	if n := testing.AllocsPerRun(10, func() { s.Step() }); n != 0 {
		t.Errorf("SGD.Step allocates %v times", n)
	}
	if n := testing.AllocsPerRun(10, func() { ClipGradNorm(ps, 0.1); Polyak(ps, ps, 0.005) }); n != 0 {
		t.Errorf("ClipGradNorm/Polyak allocate %v times", n)
	}
}

// quadratic sets grad = A(θ − θ*) for f(θ) = ½(θ−θ*)ᵀA(θ−θ*) with diagonal A
// and returns f.
func quadratic(p Param, diag, opt []float64) float64 {
	f := 0.0
	for i := range p.Data {
		d := p.Data[i] - opt[i]
		p.Grad[i] = diag[i] * d
		f += 0.5 * diag[i] * d * d
	}
	return f
}

func TestSGDConvergesOnQuadratic(t *testing.T) {
	diag := []float64{1, 4, 10}
	opt := []float64{3, -1, 0.5}
	for _, tc := range []struct {
		name     string
		momentum float64
		nesterov bool
		steps    int
	}{
		{"plain", 0, false, 300},
		{"momentum", 0.9, false, 300},
		{"nesterov", 0.9, true, 300},
	} {
		p := Param{Data: []float64{0, 0, 0}, Grad: make([]float64, 3)}
		s := NewSGD([]Param{p}, 0.05)
		s.Momentum, s.Nesterov = tc.momentum, tc.nesterov
		f0 := quadratic(p, diag, opt)
		for i := 0; i < tc.steps; i++ {
			quadratic(p, diag, opt)
			s.Step()
		}
		f := quadratic(p, diag, opt)
		if f > 1e-10*f0 {
			t.Errorf("%s: f went from %v to %v", tc.name, f0, f)
		}
		checkVec(t, tc.name, p.Data, opt, 1e-5)
	}

	// Plain SGD is exactly θ ← θ − lr·g: one step from 0 with lr 0.05 moves
	// each coordinate to 0.05·a·θ*.
	p := Param{Data: []float64{0, 0, 0}, Grad: make([]float64, 3)}
	s := NewSGD([]Param{p}, 0.05)
	quadratic(p, diag, opt)
	s.Step()
	checkVec(t, "one step", p.Data, []float64{0.05 * 1 * 3, 0.05 * 4 * -1, 0.05 * 10 * 0.5}, 1e-15)

	// Momentum by hand on f(θ) = ½θ² from θ = 1, lr 0.1, μ 0.5:
	//   g=1,    b=1,            θ = 1 − 0.1        = 0.9
	//   g=0.9,  b=0.5+0.9=1.4,  θ = 0.9 − 0.14     = 0.76
	q := Param{Data: []float64{1}, Grad: []float64{0}}
	m := NewSGD([]Param{q}, 0.1)
	m.Momentum = 0.5
	for range 2 {
		q.Grad[0] = q.Data[0]
		m.Step()
	}
	if !near(q.Data[0], 0.76, 1e-15) {
		t.Errorf("momentum: θ = %v, want 0.76", q.Data[0])
	}

	// Nesterov by hand on the same f, lr 0.1, μ 0.5 (θ ← θ − lr·(g + μb)):
	//   g=1,    b=1,              θ = 1 − 0.1·(1 + 0.5)       = 0.85
	//   g=0.85, b=0.5+0.85=1.35,  θ = 0.85 − 0.1·(0.85+0.675) = 0.6975
	q = Param{Data: []float64{1}, Grad: []float64{0}}
	m = NewSGD([]Param{q}, 0.1)
	m.Momentum, m.Nesterov = 0.5, true
	for i, want := range []float64{0.85, 0.6975} {
		q.Grad[0] = q.Data[0]
		m.Step()
		if !near(q.Data[0], want, 1e-15) {
			t.Errorf("nesterov step %d: θ = %v, want %v", i+1, q.Data[0], want)
		}
	}
}

// After Reset, Adam's next step is again a first step: with both moments
// zero and t = 1 the bias corrections make it θ ← θ − lr·g/(|g| + ε), a
// step of lr·(1 − ε/|g|) against the gradient's sign (here lr 0.1, g = 2,
// after three steps with other gradients), to 1e-15 relative.
func TestAdamResetRestartsBiasCorrection(t *testing.T) {
	p := Param{Data: []float64{0}, Grad: []float64{0}}
	a := NewAdam([]Param{p}, 0.1)
	for _, g := range []float64{-1, 5, 0.3} {
		p.Grad[0] = g
		a.Step()
	}
	a.Reset()
	if a.Steps() != 0 {
		t.Fatalf("Steps() = %d after Reset, want 0", a.Steps())
	}
	before := p.Data[0]
	p.Grad[0] = 2
	a.Step()
	want := before - 0.1*2/(2+1e-8)
	if !near(p.Data[0], want, 1e-15) {
		t.Errorf("first step after Reset: θ = %.17g, want %.17g", p.Data[0], want)
	}
}

func TestAdamConvergesOnQuadratic(t *testing.T) {
	diag := []float64{1, 100, 0.01}
	opt := []float64{3, -1, 0.5}
	p := Param{Data: []float64{0, 0, 0}, Grad: make([]float64, 3)}
	a := NewAdam([]Param{p}, 0.05)
	for i := 0; i < 5000; i++ {
		quadratic(p, diag, opt)
		a.Step()
	}
	checkVec(t, "adam", p.Data, opt, 1e-3)
}

func TestClipGradNorm(t *testing.T) {
	ps := []Param{
		{Data: make([]float64, 2), Grad: []float64{3, 0}},
		{Data: make([]float64, 1), Grad: []float64{4}},
	}
	if n := GradNorm(ps); n != 5 {
		t.Fatalf("GradNorm = %v, want 5", n)
	}
	// Under the bound: unchanged.
	if n := ClipGradNorm(ps, 10); n != 5 || ps[0].Grad[0] != 3 {
		t.Errorf("ClipGradNorm(10) = %v, grads %v %v", n, ps[0].Grad, ps[1].Grad)
	}
	// Over the bound: scaled by 1/(5 + 1e−6).
	if n := ClipGradNorm(ps, 1); n != 5 {
		t.Errorf("ClipGradNorm(1) returned %v", n)
	}
	c := 1 / (5 + 1e-6)
	checkVec(t, "clipped0", ps[0].Grad, []float64{3 * c, 0}, 1e-15)
	checkVec(t, "clipped1", ps[1].Grad, []float64{4 * c}, 1e-15)
	if n := GradNorm(ps); n > 1 {
		t.Errorf("norm after clipping %v > 1", n)
	}
	// Extreme magnitudes neither overflow nor underflow.
	for _, s := range []float64{1e200, 1e-200, 1e300, 1e-310} {
		ext := []Param{{Data: make([]float64, 5), Grad: []float64{3 * s, 0, 0, 0, 4 * s}}}
		if n := GradNorm(ext); !near(n/s, 5, 1e-12) {
			t.Errorf("GradNorm at scale %g = %v", s, n)
		}
	}
	inf := []Param{{Data: make([]float64, 2), Grad: []float64{math.Inf(-1), 1}}}
	if n := GradNorm(inf); !math.IsInf(n, 1) {
		t.Errorf("GradNorm with -Inf = %v", n)
	}
	// Non-finite norms leave gradients alone.
	bad := []Param{{Data: make([]float64, 2), Grad: []float64{math.NaN(), 1}}}
	if n := ClipGradNorm(bad, 1); !math.IsNaN(n) || bad[0].Grad[1] != 1 {
		t.Errorf("NaN gradient: norm %v, grads %v", n, bad[0].Grad)
	}
	ZeroGrad(ps)
	if GradNorm(ps) != 0 {
		t.Error("ZeroGrad left nonzero gradients")
	}
}

func TestPolyak(t *testing.T) {
	target := []Param{{Data: []float64{1, 2}}, {Data: []float64{-4}}}
	source := []Param{{Data: []float64{3, 6}}, {Data: []float64{0}}}
	// target ← 0.75·target + 0.25·source:
	//   0.75·1 + 0.25·3 = 1.5,  0.75·2 + 0.25·6 = 3,  0.75·(−4) + 0 = −3
	Polyak(target, source, 0.25)
	checkVec(t, "p0", target[0].Data, []float64{1.5, 3}, 0)
	checkVec(t, "p1", target[1].Data, []float64{-3}, 0)
	// Spinning Up's default, τ = 0.005, applied n times: target − source
	// shrinks by 0.995ⁿ.
	x := []float64{1}
	for range 100 {
		PolyakSlice(x, []float64{0}, 0.005)
	}
	if !near(x[0], math.Pow(0.995, 100), 1e-13) {
		t.Errorf("after 100 updates %v, want %v", x[0], math.Pow(0.995, 100))
	}
	// τ = 0 keeps the target, τ = 1 copies the source.
	Polyak(target, source, 0)
	checkVec(t, "tau0", target[0].Data, []float64{1.5, 3}, 0)
	Polyak(target, source, 1)
	checkVec(t, "tau1", target[0].Data, []float64{3, 6}, 0)
	for _, f := range []func(){
		func() { Polyak(target, source[:1], 0.1) },
		func() { Polyak(target, source, 1.5) },
		func() { PolyakSlice([]float64{1}, []float64{1, 2}, 0.1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("bad Polyak call did not panic")
				}
			}()
			f()
		}()
	}
}

// run takes n steps with pseudo-random gradients and returns the data.
func run(o Optimizer, n int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	for range n {
		for _, p := range o.Params() {
			for i := range p.Grad {
				p.Grad[i] = rng.NormFloat64()
			}
		}
		o.Step()
	}
}

func cloneParams(ps []Param) []Param {
	out := make([]Param, len(ps))
	for i, p := range ps {
		out[i] = Param{Data: slices.Clone(p.Data), Grad: slices.Clone(p.Grad)}
	}
	return out
}

func TestSaveLoadResumes(t *testing.T) {
	makers := map[string]func([]Param) Optimizer{
		"adam": func(ps []Param) Optimizer { a := NewAdam(ps, 0.01); a.Beta1 = 0.8; return a },
		"sgd":  func(ps []Param) Optimizer { return NewSGD(ps, 0.01) },
		"momentum": func(ps []Param) Optimizer {
			s := NewSGD(ps, 0.01)
			s.Momentum, s.Nesterov = 0.9, true
			return s
		},
	}
	for name, mk := range makers {
		ps := []Param{{Data: []float64{1, 2, 3}, Grad: make([]float64, 3)}, {Data: []float64{}, Grad: []float64{}}, {Data: []float64{-1}, Grad: make([]float64, 1)}}
		o := mk(ps)
		run(o, 5, 1)

		var buf bytes.Buffer
		if err := Save(&buf, o); err != nil {
			t.Fatalf("%s: Save: %v", name, err)
		}
		buf.WriteString("next")

		// A fresh optimiser with default settings over a copy of the
		// parameters resumes exactly.
		ps2 := cloneParams(ps)
		var o2 Optimizer
		if name == "adam" {
			o2 = NewAdam(ps2, 1)
		} else {
			o2 = NewSGD(ps2, 1)
		}
		if err := Load(&buf, o2); err != nil {
			t.Fatalf("%s: Load: %v", name, err)
		}
		if buf.String() != "next" {
			t.Errorf("%s: Load consumed %q", name, buf.String())
		}
		if o2.LR() != 0.01 {
			t.Errorf("%s: LR %v after load", name, o2.LR())
		}
		run(o, 5, 2)
		run(o2, 5, 2)
		for i := range ps {
			if !slices.Equal(ps[i].Data, ps2[i].Data) {
				t.Errorf("%s: param %d diverged after resume: %v vs %v", name, i, ps[i].Data, ps2[i].Data)
			}
		}
	}
}

func TestLoadRejectsMismatch(t *testing.T) {
	a := NewAdam([]Param{{Data: make([]float64, 3), Grad: make([]float64, 3)}}, 0.1)
	run(a, 2, 1)
	data, _ := a.MarshalBinary()

	other := NewAdam([]Param{{Data: make([]float64, 4), Grad: make([]float64, 4)}}, 0.5)
	if err := other.UnmarshalBinary(data); !errors.Is(err, ErrState) {
		t.Errorf("shape mismatch: err = %v", err)
	}
	if other.Rate != 0.5 || other.Steps() != 0 {
		t.Error("failed load modified the optimiser")
	}
	s := NewSGD([]Param{{Data: make([]float64, 3), Grad: make([]float64, 3)}}, 0.1)
	if err := s.UnmarshalBinary(data); !errors.Is(err, ErrState) {
		t.Errorf("adam state into sgd: err = %v", err)
	}
	if err := a.UnmarshalBinary([]byte("garbage")); !errors.Is(err, ErrState) {
		t.Errorf("garbage: err = %v", err)
	}
	if err := Load(bytes.NewReader([]byte{1, 2}), a); !errors.Is(err, ErrState) {
		t.Errorf("short stream: err = %v", err)
	}
}

func TestGobCheckpoint(t *testing.T) {
	ps := []Param{{Data: []float64{1, 2}, Grad: make([]float64, 2)}}
	a := NewAdam(ps, 0.01)
	run(a, 3, 1)
	type ckpt struct {
		Actor *Adam
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(ckpt{a}); err != nil {
		t.Fatal(err)
	}
	ps2 := cloneParams(ps)
	got := ckpt{NewAdam(ps2, 0)}
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Actor.Steps() != 3 || got.Actor.Rate != 0.01 || !slices.Equal(got.Actor.m[0], a.m[0]) {
		t.Errorf("decoded Adam: t=%d lr=%v", got.Actor.Steps(), got.Actor.Rate)
	}
}

func TestMismatchedParamPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewAdam accepted len(Data) != len(Grad)")
		}
	}()
	NewAdam([]Param{{Data: make([]float64, 2), Grad: make([]float64, 1)}}, 0.1)
}

// mlpParams returns the parameters of a fully connected network with the
// given layer sizes, filled with small pseudo-random values.
func mlpParams(sizes ...int) []Param {
	rng := rand.New(rand.NewPCG(1, 2))
	var ps []Param
	for i := 0; i+1 < len(sizes); i++ {
		for _, n := range []int{sizes[i] * sizes[i+1], sizes[i+1]} {
			p := Param{Data: make([]float64, n), Grad: make([]float64, n)}
			for j := range p.Data {
				p.Data[j] = 0.1 * rng.NormFloat64()
				p.Grad[j] = 0.01 * rng.NormFloat64()
			}
			ps = append(ps, p)
		}
	}
	return ps
}

// BenchmarkAdamStep70k steps Adam over a 17→256→256→6 MLP (71,942
// parameters, a SAC/DDPG actor for HalfCheetah).
func BenchmarkAdamStep70k(b *testing.B) {
	ps := mlpParams(17, 256, 256, 6)
	n := 0
	for _, p := range ps {
		n += len(p.Data)
	}
	a := NewAdam(ps, 3e-4)
	b.ReportAllocs()
	b.SetBytes(int64(n * 8))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Step()
	}
	b.ReportMetric(float64(n), "params")
}

func BenchmarkSGDMomentumStep70k(b *testing.B) {
	ps := mlpParams(17, 256, 256, 6)
	s := NewSGD(ps, 3e-4)
	s.Momentum = 0.9
	s.Step() // allocates the momentum buffers
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Step()
	}
}

func BenchmarkPolyak70k(b *testing.B) {
	src := mlpParams(17, 256, 256, 6)
	dst := cloneParams(src)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Polyak(dst, src, 0.005)
	}
}

func BenchmarkClipGradNorm70k(b *testing.B) {
	ps := mlpParams(17, 256, 256, 6)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ClipGradNorm(ps, 1e9)
	}
}

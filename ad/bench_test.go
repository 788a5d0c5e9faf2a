package ad

import (
	"testing"
)

func BenchmarkMLPGrad(b *testing.B) {
	m := newTestMLP(1, 100, 11, 256, 256, 1)
	t := NewTape()
	params := make([]*Node, len(m.params))
	b.ReportAllocs()
	for b.Loop() {
		t.Reset()
		for i, p := range m.params {
			params[i] = t.Var(p)
		}
		Grad1(m.loss(t, params), params...)
	}
}

func BenchmarkMLPHVP(b *testing.B) {
	m := newTestMLP(1, 100, 11, 256, 256, 1)
	t := NewTape()
	params := make([]*Node, len(m.params))
	b.ReportAllocs()
	for b.Loop() {
		t.Reset()
		for i, p := range m.params {
			params[i] = t.Var(p)
		}
		gs := Grad(m.loss(t, params), params...)
		var gv *Node
		for i, g := range gs {
			d := Dot(g, t.Const(m.vs[i]))
			if gv == nil {
				gv = d
			} else {
				gv = Add(gv, d)
			}
		}
		Grad(gv, params...)
	}
}

func BenchmarkSmallMLPGrad(b *testing.B) {
	m := newTestMLP(1, 100, 4, 64, 32, 2)
	t := NewTape()
	params := make([]*Node, len(m.params))
	b.ReportAllocs()
	for b.Loop() {
		t.Reset()
		for i, p := range m.params {
			params[i] = t.Var(p)
		}
		Grad1(m.loss(t, params), params...)
	}
}

// BenchmarkMatMul measures op(A)·op(B) on the shapes of the MLP benchmarks
// (reporting GFLOP/s as a custom metric).
func BenchmarkMatMul(b *testing.B) {
	for _, sh := range []struct {
		name    string
		m, n, k int
		ta, tb  bool
	}{
		{"100x256x256", 100, 256, 256, false, false},
		{"100x256x256/tb", 100, 256, 256, false, true},
		{"256x256x100/ta", 256, 256, 100, true, false},
		{"100x64x32", 100, 32, 64, false, false},
		{"100x4x64/tb", 100, 4, 64, false, true},
	} {
		b.Run(sh.name, func(b *testing.B) {
			ar, ac := sh.m, sh.k
			if sh.ta {
				ar, ac = ac, ar
			}
			br, bc := sh.k, sh.n
			if sh.tb {
				br, bc = bc, br
			}
			t := NewTape()
			A, B := t.Const(Zeros(ar, ac)), t.Const(Zeros(br, bc))
			for i := range A.Data() {
				A.Data()[i] = float64(i%7) - 3
			}
			for i := range B.Data() {
				B.Data()[i] = float64(i%5) - 2
			}
			C := MatMulT(A, B, sh.ta, sh.tb)
			p := Compile(nil, []*Node{C})
			b.ResetTimer()
			for b.Loop() {
				p.Run()
			}
			b.ReportMetric(2*float64(sh.m*sh.n*sh.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

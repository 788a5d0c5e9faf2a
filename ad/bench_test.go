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

package ad

import (
	"math"
	"testing"
)

// TestRewindRepeatsHVPs records an MLP loss and its differentiable gradient
// once, then takes Hessian–vector products along two directions in turn,
// rewinding the tape after each: every product equals the one computed on
// a fresh tape (bit for bit, same operations), the tape returns to its
// marked length, and after warm-up a product allocates nothing.
func TestRewindRepeatsHVPs(t *testing.T) {
	m := newTestMLP(2, 16, 4, 32, 16, 2)
	dirs := [][]Tensor{m.vs, make([]Tensor, len(m.vs))}
	for i, v := range m.vs {
		w := Zeros(v.Rows, v.Cols)
		for j := range w.Data {
			w.Data[j] = math.Sin(float64(3*j + i))
		}
		dirs[1][i] = w
	}
	hvp := func(tp *Tape, g, params []*Node, dir []Tensor, dst [][]float64) {
		s := Dot(g[0], tp.Const(dir[0]))
		for i := 1; i < len(g); i++ {
			s = Add(s, Dot(g[i], tp.Const(dir[i])))
		}
		for i, h := range Grad1(s, params...) {
			dst[i] = append(dst[i][:0], h.Data()...)
		}
	}
	want := make([][][]float64, len(dirs))
	for d, dir := range dirs {
		fresh := NewTape()
		loss, params := m.record(fresh)
		want[d] = make([][]float64, len(params))
		hvp(fresh, Grad(loss, params...), params, dir, want[d])
	}

	tp := NewTape()
	loss, params := m.record(tp)
	g := Grad(loss, params...)
	mark := tp.Mark()
	n := tp.Len()
	got := make([][]float64, len(params))
	for round := range 3 {
		for d, dir := range dirs {
			hvp(tp, g, params, dir, got)
			tp.Rewind(mark)
			if tp.Len() != n {
				t.Fatalf("round %d: tape holds %d nodes after Rewind, want %d", round, tp.Len(), n)
			}
			for i := range got {
				for j := range got[i] {
					if got[i][j] != want[d][i][j] {
						t.Fatalf("round %d direction %d: H·v[%d][%d] = %v, fresh tape %v", round, d, i, j, got[i][j], want[d][i][j])
					}
				}
			}
		}
	}
	if a := testing.AllocsPerRun(20, func() { hvp(tp, g, params, dirs[0], got); tp.Rewind(mark) }); a != 0 {
		t.Errorf("%v allocations per rewound product, want 0", a)
	}
	tp.Reset()
	defer func() {
		if recover() == nil {
			t.Error("Rewind to a mark beyond a Reset tape did not panic")
		}
	}()
	tp.Rewind(mark)
}

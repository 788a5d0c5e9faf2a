package ad

import (
	"fmt"
	"strings"
	"testing"
)

// TestShapeErrorsPanicClearly: misuse panics with a message naming the
// operation and the shapes involved (each case lists substrings the message
// must contain).
func TestShapeErrorsPanicClearly(t *testing.T) {
	tp := NewTape()
	m := func(r, c int) *Node { return tp.Var(Zeros(r, c)) }
	other := NewTape().Var(Zeros(1, 1))
	cases := []struct {
		name string
		f    func()
		want []string
	}{
		{"Add", func() { Add(m(3, 4), m(2, 4)) }, []string{"ad.Add", "3x4", "2x4"}},
		{"Mul", func() { Mul(m(3, 4), m(3, 2)) }, []string{"ad.Mul", "3x4", "3x2"}},
		{"Div", func() { Div(m(1, 4), m(3, 2)) }, []string{"ad.Div", "1x4", "3x2"}},
		{"Maximum", func() { Maximum(m(2, 2), m(3, 3)) }, []string{"ad.Maximum", "2x2", "3x3"}},
		{"Greater", func() { Greater(m(2, 2), m(3, 3)) }, []string{"ad.Greater", "2x2", "3x3"}},
		{"MatMul", func() { MatMul(m(3, 4), m(3, 4)) }, []string{"ad.MatMul", "3x4", "3x4"}},
		{"MatMulT", func() { MatMulT(m(3, 4), m(3, 4), true, true) }, []string{"ad.MatMul", "3x4ᵀ"}},
		{"Dot", func() { Dot(m(2, 3), m(3, 2)) }, []string{"ad.Dot", "2x3", "3x2"}},
		{"Solve/A", func() { Solve(m(2, 3), m(2, 1)) }, []string{"ad.Solve", "2x3", "2x1"}},
		{"Solve/B", func() { Solve(m(3, 3), m(2, 1)) }, []string{"ad.Solve", "3x3", "2x1"}},
		{"Reshape", func() { Reshape(m(3, 4), 5, 2) }, []string{"ad.Reshape", "3x4", "5x2"}},
		{"Slice", func() { Slice(m(3, 4), 0, 4, 0, 1) }, []string{"ad.Slice", "3x4"}},
		{"Index", func() { Index(m(1, 4), 4) }, []string{"ad.Index", "1x4"}},
		{"Pad", func() { Pad(m(2, 2), 3, 3, 2, 0) }, []string{"ad.Pad", "2x2", "3x3"}},
		{"ConcatCols", func() { ConcatCols(m(2, 1), m(3, 1)) }, []string{"ad.ConcatCols", "2x1", "3x1"}},
		{"ConcatRows", func() { ConcatRows(m(1, 2), m(1, 3)) }, []string{"ad.ConcatRows", "1x2", "1x3"}},
		{"Gather", func() { Gather(m(3, 4), m(2, 1)) }, []string{"ad.Gather", "3x4", "2x1"}},
		{"Gather/index", func() { Gather(m(2, 4), tp.Const(NewTensor(2, 1, []float64{1, 4}))) }, []string{"ad.Gather", "index 4", "[0,4)"}},
		{"SelectRows", func() { SelectRows(m(3, 4), m(1, 2)) }, []string{"ad.SelectRows", "1x2"}},
		{"SelectRows/index", func() { SelectRows(m(3, 4), tp.Const(NewTensor(1, 1, []float64{-1}))) }, []string{"ad.SelectRows", "-1", "[0,3)"}},
		{"Scatter", func() { Scatter(m(3, 2), m(3, 1), 4) }, []string{"ad.Scatter", "3x2"}},
		{"Where", func() { Where(m(2, 3), m(3, 3), m(2, 3)) }, []string{"ad.Where", "2x3", "3x3"}},
		{"SumTo", func() { SumTo(m(3, 4), 2, 4) }, []string{"ad.SumTo", "3x4", "2x4"}},
		{"BroadcastTo", func() { BroadcastTo(m(2, 4), 3, 4) }, []string{"ad.BroadcastTo", "2x4", "3x4"}},
		{"Clamp", func() { Clamp(m(1, 1), 2, 1) }, []string{"ad.Clamp", "2", "1"}},
		{"RowMax", func() { RowMax(m(3, 0)) }, []string{"ad.RowMax", "3x0"}},
		{"LogSumExp", func() { LogSumExp(m(3, 0)) }, []string{"ad.LogSumExp", "3x0"}},
		{"Grad/non-scalar", func() { Grad(m(2, 3), m(1, 1)) }, []string{"ad.Grad", "2x3"}},
		{"Grad/const", func() { Grad(Sum(m(2, 2)), tp.Const(Zeros(2, 2))) }, []string{"ad.Grad", "no Var"}},
		{"Grad/tape", func() { Grad(Sum(m(2, 2)), other) }, []string{"ad.Grad", "another tape"}},
		{"Add/tape", func() { Add(m(1, 1), other) }, []string{"ad.Add", "different tapes"}},
		{"Scalar", func() { m(2, 1).Scalar() }, []string{"Scalar", "2x1"}},
		{"NewTensor", func() { NewTensor(2, 2, make([]float64, 3)) }, []string{"ad.NewTensor", "3", "2x2"}},
		{"Set", func() { m(2, 2).Set(make([]float64, 3)) }, []string{"Set", "3", "2x2"}},
		{"Fill/negative", func() { tp.Fill(-2, -3, 1) }, []string{"ad.Fill", "-2x-3"}},
		{"Const32/negative", func() { NewTapeOf(Float32).Const32(-2, -3, make([]float32, 6)) }, []string{"Const32", "-2x-3"}},
		{"View32/negative", func() { NewTapeOf(Float32).View32(-1, 0, nil) }, []string{"View32", "-1x0"}},
		{"HVPMulti", func() { x := m(1, 2); HVPMulti(Sum(x), []*Node{x}, nil) }, []string{"ad.HVPMulti", "1 inputs", "0 directions"}},
		{"Grad1 twice", func() {
			x := m(1, 2)
			g := Grad1(Sum(Tanh(x)), x)[0]
			Grad(Sum(g), x)
		}, []string{"first-order-only", "Grad1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg := func() (msg string) {
				defer func() {
					if r := recover(); r != nil {
						msg = fmt.Sprint(r)
					}
				}()
				c.f()
				return ""
			}()
			if msg == "" {
				t.Fatal("no panic")
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("panic %q does not mention %q", msg, w)
				}
			}
		})
	}
}

// TestFrozenTapePanics: a compiled tape can record nothing more and cannot
// be Reset.
func TestFrozenTapePanics(t *testing.T) {
	tp := NewTape()
	x := tp.VarVec(1, 2)
	Compile([]*Node{x}, []*Node{Sum(x)})
	for name, f := range map[string]func(){
		"record": func() { Exp(x) },
		"Reset":  func() { tp.Reset() },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "compiled") {
					t.Errorf("recover() = %v, want a panic about the compiled tape", r)
				}
			}()
			f()
		})
	}
}

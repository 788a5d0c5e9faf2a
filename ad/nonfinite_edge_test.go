package ad

import (
	"fmt"
	"math"
	"testing"
)

// TestSignPropagatesNaN checks that Sign gives NaN for a NaN (it gave 0,
// which hid the NaN: Abs's gradient g·sign(x) was 0 where x was NaN, so
// ∇ abs(log x) at x = −1 came out as a finite −0 while the value was NaN),
// and keeps its other values, +0 for both zeros, in both dtypes, on
// slices long enough for any vector path.
func TestSignPropagatesNaN(t *testing.T) {
	inf, nan, negz := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	in := []float64{nan, negz, 0, -2, 3, inf, -inf, 1e-310, -1e-310}
	want := []float64{nan, 0, 0, -1, 1, 1, -1, 1, -1}
	for _, dt := range []DType{Float64, Float32} {
		if dt == Float32 { // subnormal float64 values round to ±0 in float32
			want[7], want[8] = 0, 0
		}
		for reps := 1; reps <= 3; reps++ { // 9, 18, 27 elements
			x := make([]float64, 0, reps*len(in))
			for range reps {
				x = append(x, in...)
			}
			tp := NewTapeOf(dt)
			got := Sign(tp.Const(NewTensor(1, len(x), x))).Data()
			for i, g := range got {
				w := want[i%len(in)]
				if math.IsNaN(w) != math.IsNaN(g) || !math.IsNaN(w) && math.Float64bits(g) != math.Float64bits(w) {
					t.Errorf("%v: Sign(%v) = %v, want %v", dt, x[i], g, w)
				}
			}
		}
		// The gradient of abs(log x) is NaN at x = −1 (log x is NaN there),
		// and 1/x where the logarithm is defined and positive.
		tp := NewTapeOf(dt)
		x := tp.Var(NewTensor(1, 3, []float64{-1, 4, 0.5}))
		g := Grad(Sum(Abs(Log(x))), x)[0].Data()
		if !math.IsNaN(g[0]) {
			t.Errorf("%v: ∇ abs(log x) at −1 = %v, want NaN", dt, g[0])
		}
		if math.Abs(g[1]-0.25) > 1e-7 || math.Abs(g[2]+2) > 1e-6 {
			t.Errorf("%v: ∇ abs(log x) at (4, 0.5) = %v, want (0.25, −2)", dt, g[1:])
		}
	}
}

// TestLeafTensorLengthChecked checks that Var and Const panic, naming the
// shape and the count, on a Tensor whose Data does not hold Rows·Cols
// values. A short one was copied into a recycled buffer whose tail kept
// the previous recording's values (a 2x2 Var from [1 2 3] after a Reset
// read [1 2 3 7]; on a float32 tape it panicked with a bare slice-bounds
// error), a long one was cut without a word.
func TestLeafTensorLengthChecked(t *testing.T) {
	bad := []Tensor{
		{Rows: 2, Cols: 2, Data: []float64{1, 2, 3}},
		{Rows: 1, Cols: 2, Data: []float64{1, 2, 3}},
		{Rows: -1, Cols: 2},
	}
	for _, dt := range []DType{Float64, Float32} {
		for _, leaf := range []string{"Var", "Const"} {
			for _, x := range bad {
				tp := NewTapeOf(dt)
				tp.Var(NewTensor(2, 2, []float64{7, 7, 7, 7}))
				tp.Reset()
				msg := recovered(func() {
					if leaf == "Var" {
						tp.Var(x)
					} else {
						tp.Const(x)
					}
				})
				want := fmt.Sprintf("ad.%s: a %dx%d tensor holding %d values", leaf, x.Rows, x.Cols, len(x.Data))
				if msg != want {
					t.Errorf("%v %s(%+v): panic %q, want %q", dt, leaf, x, msg, want)
				}
			}
		}
		// Well-formed tensors, the empty ones included, are accepted.
		tp := NewTapeOf(dt)
		for _, x := range []Tensor{{}, Zeros(0, 3), Zeros(3, 0), Scalar(2), Vector(1, 2)} {
			if msg := recovered(func() { tp.Var(x); tp.Const(x) }); msg != "" {
				t.Errorf("%v: Var/Const(%+v) panicked: %s", dt, x, msg)
			}
		}
	}
}

// recovered runs f and returns the message it panicked with, "" if none.
func recovered(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// TestClampRejectsNaNBounds checks that Clamp panics on a NaN bound, as it
// does on lo > hi (a NaN bound passed the check and made every value NaN),
// and still accepts infinite and equal bounds.
func TestClampRejectsNaNBounds(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tp := NewTape()
	x := tp.Var(NewTensor(1, 3, []float64{-2, 0.5, 3}))
	for _, b := range [][2]float64{{nan, 1}, {0, nan}, {nan, nan}, {1, 0}} {
		msg := recovered(func() { Clamp(x, b[0], b[1]) })
		if want := fmt.Sprintf("ad.Clamp: need lo ≤ hi, got lo %g, hi %g", b[0], b[1]); msg != want {
			t.Errorf("Clamp(x, %v, %v): panic %q, want %q", b[0], b[1], msg, want)
		}
	}
	for _, c := range []struct {
		lo, hi float64
		want   []float64
	}{{-inf, inf, []float64{-2, 0.5, 3}}, {-inf, 0, []float64{-2, 0, 0}}, {1, 1, []float64{1, 1, 1}}} {
		got := Clamp(x, c.lo, c.hi).Data()
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("Clamp(x, %v, %v) = %v, want %v", c.lo, c.hi, got, c.want)
				break
			}
		}
	}
}

// TestValuesPropagateNaN checks that every elementwise operation and
// reduction gives NaN where its input is NaN (none hides it behind a
// comparison), in both dtypes, on slices long enough for the vector
// kernels and in the padded tail. (The gradients of the piecewise
// operations — Relu, Clamp, Maximum, Minimum — are 0 at a NaN input, as
// their masks compare false; the value is NaN, and Abs's gradient NaN.)
func TestValuesPropagateNaN(t *testing.T) {
	nan := math.NaN()
	unary := map[string]func(*Node) *Node{
		"Exp": Exp, "Log": Log, "Log1p": Log1p, "Sqrt": Sqrt, "Square": Square, "Sin": Sin, "Cos": Cos,
		"Tan": Tan, "Tanh": Tanh, "Sigmoid": Sigmoid, "Softplus": Softplus, "Relu": Relu, "Abs": Abs,
		"Sign":     Sign,
		"Clamp":    func(x *Node) *Node { return Clamp(x, -1, 1) },
		"PowConst": func(x *Node) *Node { return PowConst(x, 3) },
		"Scale":    func(x *Node) *Node { return Scale(x, 0) },
		"Maximum":  func(x *Node) *Node { return Maximum(x, x.Tape().Scalar(math.Inf(1))) },
		"Minimum":  func(x *Node) *Node { return Minimum(x.Tape().Scalar(math.Inf(-1)), x) },
		"Softmax":  Softmax, "LogSoftmax": LogSoftmax,
	}
	reduce := map[string]func(*Node) *Node{
		"Sum": Sum, "Max": Max, "RowMax": RowMax, "ColMax": ColMax, "LogSumExp": LogSumExp,
		"ColSums": ColSums, "RowSums": RowSums, "Norm2": Norm2,
	}
	for _, dt := range []DType{Float64, Float32} {
		for _, n := range []int{1, 19} {
			for _, at := range []int{0, n - 1} {
				x := make([]float64, n)
				for i := range x {
					x[i] = 0.25 * float64(i%5-2)
				}
				x[at] = nan
				for name, f := range unary {
					tp := NewTapeOf(dt)
					if got := f(tp.Const(NewTensor(1, n, x))).Data(); !math.IsNaN(got[at]) {
						t.Errorf("%v %s: value %v at a NaN input (n = %d, at %d)", dt, name, got[at], n, at)
					}
				}
				for name, f := range reduce {
					tp := NewTapeOf(dt)
					for _, shape := range [][2]int{{1, n}, {n, 1}} {
						got := f(tp.Const(NewTensor(shape[0], shape[1], x))).Data()
						k := 0
						if len(got) > 1 {
							k = at
						}
						if !math.IsNaN(got[k]) {
							t.Errorf("%v %s of %dx%d: %v, want NaN", dt, name, shape[0], shape[1], got)
						}
					}
				}
			}
		}
	}
}

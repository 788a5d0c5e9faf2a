package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLogSumExpPropagatesNaN checks that LogSumExp gives NaN for a row
// holding a NaN, also when the row holds +Inf (its maximum was taken with
// math.Max, for which max(+Inf, NaN) is +Inf, so such a row gave +Inf
// while RowMax gave NaN), in both dtypes; and the infinite cases that
// hold no NaN: +Inf for a row with +Inf, −Inf for a row of −Inf.
func TestLogSumExpPropagatesNaN(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, dt := range []DType{Float64, Float32} {
		for _, c := range []struct {
			row  []float64
			want float64
		}{
			{[]float64{inf, nan}, nan}, {[]float64{nan, inf}, nan}, {[]float64{1, inf, 2, nan}, nan},
			{[]float64{1, nan}, nan}, {[]float64{-inf, nan}, nan},
			{[]float64{inf, 1}, inf}, {[]float64{-inf, -inf}, -inf}, {[]float64{0, 0}, math.Ln2},
		} {
			tp := NewTapeOf(dt)
			x := tp.Const(NewTensor(1, len(c.row), c.row))
			got := LogSumExp(x).Scalar()
			if math.IsNaN(c.want) != math.IsNaN(got) || !math.IsNaN(c.want) && math.Abs(got-c.want) > 1e-6 {
				t.Errorf("%v: LogSumExp(%v) = %v, want %v", dt, c.row, got, c.want)
			}
			if rm := RowMax(x).Scalar(); math.IsNaN(rm) != math.IsNaN(got) {
				t.Errorf("%v: LogSumExp(%v) = %v but RowMax %v", dt, c.row, got, rm)
			}
		}
	}
}

// TestMaximumMinimumPropagateNaN checks that Maximum and Minimum give NaN
// where an operand is NaN, also against +Inf (Maximum) and −Inf (Minimum),
// which math.Max and math.Min let win over NaN; and that signed zeros and
// infinities without NaN are unchanged (max(−0, +0) = +0, min = −0), in
// both dtypes, elementwise and broadcast.
func TestMaximumMinimumPropagateNaN(t *testing.T) {
	inf, nan, negz := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	a := []float64{nan, inf, nan, -inf, negz, 0, inf, 3}
	b := []float64{inf, nan, -inf, nan, 0, negz, 2, -inf}
	wantMax := []float64{nan, nan, nan, nan, 0, 0, inf, 3}
	wantMin := []float64{nan, nan, nan, nan, negz, negz, 2, -inf}
	same := func(x, y float64) bool {
		return math.IsNaN(x) && math.IsNaN(y) || x == y && math.Signbit(x) == math.Signbit(y)
	}
	for _, dt := range []DType{Float64, Float32} {
		tp := NewTapeOf(dt)
		x, y := tp.Const(NewTensor(1, len(a), a)), tp.Const(NewTensor(1, len(b), b))
		mx, mn := Maximum(x, y).Data(), Minimum(x, y).Data()
		for i := range a {
			if !same(mx[i], wantMax[i]) || !same(mn[i], wantMin[i]) {
				t.Errorf("%v: Maximum(%v, %v) = %v, Minimum %v; want %v, %v", dt, a[i], b[i], mx[i], mn[i], wantMax[i], wantMin[i])
			}
			s := tp.Scalar(b[i]) // broadcast: one operand a scalar
			if got := Maximum(x, s).Data()[i]; !same(got, wantMax[i]) {
				t.Errorf("%v: Maximum(%v, scalar %v) = %v, want %v", dt, a[i], b[i], got, wantMax[i])
			}
			if got := Minimum(s, x).Data()[i]; !same(got, wantMin[i]) {
				t.Errorf("%v: Minimum(scalar %v, %v) = %v, want %v", dt, b[i], a[i], got, wantMin[i])
			}
		}
	}
}

// TestMatMulPropagatesNonFinite checks that every product path (the small
// loops, the float32 one-column and one-step kernels, the packed kernel
// with A in place or packed, 6-row and AVX-512 tiles, split over 1, 2 and
// 3 threads) gives each element the class of IEEE arithmetic (NaN, +Inf,
// −Inf or finite) when the operands hold NaN, ±Inf, zeros (0·Inf = NaN)
// and subnormals, for every transposition, in both dtypes; finite elements
// agree with a float64 loop (1e-12, float32 2e-6·(k+1), relative to
// Σ|a||b|), and the threads give the same bits.
func TestMatMulPropagatesNonFinite(t *testing.T) {
	r := rand.New(rand.NewPCG(99, 1))
	shapes := [][3]int{{1, 1, 1}, {4, 8, 1}, {6, 32, 1}, {5, 7, 9}, {1, 64, 600}, {600, 1, 64}, {64, 600, 1},
		{97, 513, 5}, {100, 256, 256}, {256, 100, 257}, {33, 65, 17}, {13, 40, 70}, {70, 9, 64}}
	vals := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 5e-324, 1e-40}
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for v := 0; v < 4; v++ {
			ta, tb := v&2 != 0, v&1 != 0
			A, B := productOperands(r, m, n, k, ta, tb)
			for i := range A.Data { // zero rows' worth of A, so that zeros meet the infinities
				if r.IntN(3) == 0 {
					A.Data[i] = 0
				}
			}
			for q := 0; q < 3; q++ {
				A.Data[r.IntN(len(A.Data))] = vals[r.IntN(len(vals))]
				B.Data[r.IntN(len(B.Data))] = vals[r.IntN(len(vals))]
			}
			for _, dt := range []DType{Float64, Float32} {
				a, b := A.Data, B.Data // the operands as the dtype holds them
				if dt == Float32 {
					a, b = tensor32(A), tensor32(B)
				}
				tol, atol := 1e-12, 1e-300
				if dt == Float32 {
					tol, atol = 2e-6*float64(k+1), 1e-44*float64(k+1)
				}
				var one []float64
				for _, threads := range []int{1, 2, 3} {
					tp := NewTapeOf(dt)
					tp.SetThreads(threads)
					got := MatMulT(tp.Const(A), tp.Const(B), ta, tb).Data()
					if threads > 1 {
						for i := range got {
							if math.Float64bits(got[i]) != math.Float64bits(one[i]) && !(math.IsNaN(got[i]) && math.IsNaN(one[i])) {
								t.Fatalf("%v %dx%dx%d ta=%v tb=%v: C[%d] is %v on %d threads, %v on one", dt, m, n, k, ta, tb, i, got[i], threads, one[i])
							}
						}
						continue
					}
					one = got
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							s, sa := refProduct(a, b, A.Cols, B.Cols, k, ta, tb, i, j)
							g := got[i*n+j]
							if floatClass(g) != floatClass(s) || floatClass(s) == 3 && math.Abs(g-s) > tol*sa+atol {
								t.Fatalf("%v %dx%dx%d ta=%v tb=%v: C[%d,%d] = %v, IEEE loop %v", dt, m, n, k, ta, tb, i, j, g, s)
							}
						}
					}
				}
			}
		}
	}
}

// floatClass sorts x into NaN (0), +Inf (1), −Inf (2) or finite (3), the
// classes IEEE arithmetic decides and a kernel must not change.
func floatClass(x float64) int {
	switch {
	case math.IsNaN(x):
		return 0
	case math.IsInf(x, 1):
		return 1
	case math.IsInf(x, -1):
		return 2
	}
	return 3
}

// refProduct returns element (i, j) of op(A)·op(B), whose inner dimension
// is k, for A and B stored row-major with aCols and bCols columns (op
// transposes when ta, tb): the sum of the k products, added in order in
// float64, and the sum of their magnitudes, the scale of its rounding.
func refProduct(a, b []float64, aCols, bCols, k int, ta, tb bool, i, j int) (sum, sumAbs float64) {
	for p := 0; p < k; p++ {
		ai, bi := i*aCols+p, p*bCols+j
		if ta {
			ai = p*aCols + i
		}
		if tb {
			bi = j*bCols + p
		}
		x := a[ai] * b[bi]
		sum += x
		sumAbs += math.Abs(x)
	}
	return sum, sumAbs
}

// tensor32 returns the values of t rounded to float32, as a float32 tape
// holds them.
func tensor32(t Tensor) []float64 {
	d := make([]float64, len(t.Data))
	for i, v := range t.Data {
		d[i] = float64(float32(v))
	}
	return d
}

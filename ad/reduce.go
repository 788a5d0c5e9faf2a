package ad

import (
	"fmt"
	"math"
)

// Sum returns the sum of all elements as a scalar.
func Sum(x *Node) *Node {
	if x.val.Rows == 1 && x.val.Cols == 1 {
		return x
	}
	return x.tape.newNode(opSumTo, 1, 1, x)
}

// Mean returns the mean of all elements as a scalar. It panics on an
// empty x (as Max does), whose mean is undefined: it gave 0·(1/0) = NaN.
func Mean(x *Node) *Node {
	if x.val.Size() == 0 {
		panic(fmt.Sprintf("ad.Mean: no elements in %s", x.val.Shape()))
	}
	return Scale(Sum(x), 1/float64(x.val.Size()))
}

// RowSums returns the r×1 column of each row's sum.
func RowSums(x *Node) *Node { return SumTo(x, x.val.Rows, 1) }

// ColSums returns the 1×c row of each column's sum.
func ColSums(x *Node) *Node { return SumTo(x, 1, x.val.Cols) }

// RowMeans returns the r×1 column of each row's mean. It panics on an x
// with no columns (as RowMax does), whose rows have no mean: it gave
// 0·(1/0) = NaN.
func RowMeans(x *Node) *Node {
	if x.val.Cols == 0 {
		panic(fmt.Sprintf("ad.RowMeans: no columns in %s", x.val.Shape()))
	}
	return Scale(RowSums(x), 1/float64(x.val.Cols))
}

// ColMeans returns the 1×c row of each column's mean. It panics on an x
// with no rows (as ColMax does), whose columns have no mean: it gave
// 0·(1/0) = NaN.
func ColMeans(x *Node) *Node {
	if x.val.Rows == 0 {
		panic(fmt.Sprintf("ad.ColMeans: no rows in %s", x.val.Shape()))
	}
	return Scale(ColSums(x), 1/float64(x.val.Rows))
}

// maxOp is the maximum of each row (r×1, axis 0) or of each column (1×c,
// axis 1). NaN propagates.
type maxOp struct {
	nm   string
	axis int
}

var (
	opRowMax = &maxOp{"RowMax", 0}
	opColMax = &maxOp{"ColMax", 1}
)

func (o *maxOp) name() string { return o.nm }
func (o *maxOp) forward(n *Node) {
	if n.f32() {
		maxForward[float32](o.axis, n)
	} else {
		maxForward[float64](o.axis, n)
	}
}

func maxForward[T float](axis int, n *Node) {
	x, d := view[T](n.in[0]), vals[T](n)
	if axis == 0 {
		for i := 0; i < x.Rows; i++ {
			row := x.Data[i*x.Cols : (i+1)*x.Cols]
			d[i] = row[argMax(row, 1)]
		}
		return
	}
	for j := 0; j < x.Cols; j++ {
		d[j] = x.Data[argMax(x.Data[j:], x.Cols)*x.Cols+j]
	}
}
func (o *maxOp) vjp(n, g *Node, gs []*Node) {
	x := n.in[0]
	gs[0] = Mul(BroadcastTo(g, x.val.Rows, x.val.Cols), argMaxMask(x, o.axis))
}

// argMax returns the index k of the first maximum of x[0], x[inc], x[2·inc],
// … (len(x) ≥ 1 + (count−1)·inc), or of the first NaN.
func argMax[T float](x []T, inc int) int {
	best, k := 0, 0
	for i := 0; i < len(x); i += inc {
		v := x[i]
		if v != v {
			return k
		}
		if v > x[best*inc] {
			best = k
		}
		k++
	}
	return best
}

// argMaxMaskOp is 1 at the first maximum of each row (p.i0 == 0) or column
// (p.i0 == 1), 0 elsewhere. It is piecewise constant: its derivative is zero
// almost everywhere.
type argMaxMaskOp struct{}

var opArgMaxMask = &argMaxMaskOp{}

func (*argMaxMaskOp) name() string { return "ArgMaxMask" }
func (*argMaxMaskOp) forward(n *Node) {
	if n.f32() {
		argMaxMaskForward[float32](n)
	} else {
		argMaxMaskForward[float64](n)
	}
}

func argMaxMaskForward[T float](n *Node) {
	x, d := view[T](n.in[0]), vals[T](n)
	clear(d)
	if n.p.i0 == 0 {
		for i := 0; i < x.Rows; i++ {
			d[i*x.Cols+argMax(x.Data[i*x.Cols:(i+1)*x.Cols], 1)] = 1
		}
		return
	}
	for j := 0; j < x.Cols; j++ {
		d[argMax(x.Data[j:], x.Cols)*x.Cols+j] = 1
	}
}
func (*argMaxMaskOp) vjp(n, g *Node, gs []*Node) {}

func argMaxMask(x *Node, axis int) *Node {
	n := x.tape.newNodeP(opArgMaxMask, params{i0: axis}, x.val.Rows, x.val.Cols, x)
	n.needs = false
	return n
}

// RowMax returns the r×1 column of each row's maximum; the gradient goes to
// the first maximal element.
func RowMax(x *Node) *Node {
	if x.val.Cols == 0 {
		panic(fmt.Sprintf("ad.RowMax: no columns in %s", x.val.Shape()))
	}
	return x.tape.newNode(opRowMax, x.val.Rows, 1, x)
}

// ColMax returns the 1×c row of each column's maximum; the gradient goes to
// the first maximal element.
func ColMax(x *Node) *Node {
	if x.val.Rows == 0 {
		panic(fmt.Sprintf("ad.ColMax: no rows in %s", x.val.Shape()))
	}
	return x.tape.newNode(opColMax, 1, x.val.Cols, x)
}

// Max returns the largest element as a scalar (NaN if any is NaN); the
// gradient goes to the first maximal element. It panics on an empty x.
func Max(x *Node) *Node {
	if x.val.Size() == 0 {
		panic(fmt.Sprintf("ad.Max: no elements in %s", x.val.Shape()))
	}
	return RowMax(Reshape(x, 1, x.val.Size()))
}

// logSumExpOp is log Σ_j exp x_ij for each row, computed stably.
type logSumExpOp struct{}

var opLogSumExp = &logSumExpOp{}

func (*logSumExpOp) name() string { return "LogSumExp" }
func (*logSumExpOp) forward(n *Node) {
	if n.f32() {
		logSumExpForward[float32](n)
	} else {
		logSumExpForward[float64](n)
	}
}

func logSumExpForward[T float](n *Node) {
	x, d := view[T](n.in[0]), vals[T](n)
	for i := 0; i < x.Rows; i++ {
		d[i] = T(logSumExp(x.Data[i*x.Cols : (i+1)*x.Cols]))
	}
}
func (*logSumExpOp) vjp(n, g *Node, gs []*Node) {
	gs[0] = Mul(g, Softmax(n.in[0]))
}

// logSumExp returns log Σ exp x without overflow, computed in float64 for
// either element type. A NaN in x gives NaN, +Inf among its values too
// (the builtin max propagates NaN; math.Max(+Inf, NaN) is +Inf, which
// returned +Inf for a row holding both).
func logSumExp[T float](x []T) float64 {
	m := rowMax(x)
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, v := range x {
		s += math.Exp(float64(v) - m)
	}
	return m + math.Log(s)
}

// LogSumExp returns the r×1 column log Σ_j exp x_ij of each row.
func LogSumExp(x *Node) *Node {
	if x.val.Cols == 0 {
		panic(fmt.Sprintf("ad.LogSumExp: no columns in %s", x.val.Shape()))
	}
	return x.tape.newNode(opLogSumExp, x.val.Rows, 1, x)
}

// softmaxOp normalises exp x over each row, or returns its logarithm
// x − LogSumExp(x) when log is set.
type softmaxOp struct {
	nm  string
	log bool
}

var (
	opSoftmax    = &softmaxOp{"Softmax", false}
	opLogSoftmax = &softmaxOp{"LogSoftmax", true}
)

func (o *softmaxOp) name() string { return o.nm }
func (o *softmaxOp) forward(n *Node) {
	if n.f32() {
		softmaxForward[float32](o.log, n)
	} else {
		softmaxForward[float64](o.log, n)
	}
}

// softmaxBig is the magnitude of the largest logit of a row from which
// Softmax and LogSoftmax work from the row's maximum m and Σ exp(x − m)
// rather than from x − LogSumExp(x): the rounding of m + ln Σ, about
// 1e-16·|m|, is then no longer in the result (at logits of 1e30 a tie gave
// Softmax (1, 1, 0) and LogSoftmax (0, 0, −1e30), not (½, ½, 0) and
// (−ln 2, −ln 2, −1e30)). Below it the former formula is kept, so that the
// values of rows of moderate logits keep their bits.
const softmaxBig = 1 << 20

func softmaxForward[T float](log bool, n *Node) {
	x, d := view[T](n.in[0]), vals[T](n)
	c := x.Cols
	for i := 0; i < x.Rows; i++ {
		row, out := x.Data[i*c:(i+1)*c], d[i*c:(i+1)*c]
		if m := rowMax(row); math.Abs(m) >= softmaxBig && !math.IsInf(m, 0) {
			softmaxShifted(log, out, row, m)
			continue
		}
		lse := logSumExp(row)
		if log {
			for j, v := range row {
				out[j] = T(float64(v) - lse)
			}
		} else {
			for j, v := range row {
				out[j] = T(math.Exp(float64(v) - lse))
			}
		}
	}
}

// rowMax returns the largest value of x (NaN if any is NaN; −Inf for no
// values), as logSumExp takes it.
func rowMax[T float](x []T) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, float64(v))
	}
	return m
}

// softmaxShifted writes the softmax of row, or its logarithm when log is
// set, from the row's finite maximum m: exp(x − m)/s and (x − m) − ln s
// with s = Σ exp(x − m) ≥ 1, which round at the size of the result
// whatever the size of m.
func softmaxShifted[T float](log bool, out, row []T, m float64) {
	s := 0.0
	for _, v := range row {
		s += math.Exp(float64(v) - m)
	}
	if log {
		ls := math.Log(s)
		for j, v := range row {
			out[j] = T((float64(v) - m) - ls)
		}
		return
	}
	for j, v := range row {
		out[j] = T(math.Exp(float64(v)-m) / s)
	}
}

func (o *softmaxOp) vjp(n, g *Node, gs []*Node) {
	if o.log {
		// ∂ log softmax: g − softmax(x)·Σ_j g_j
		gs[0] = Sub(g, Mul(Exp(n), RowSums(g)))
		return
	}
	// ∂ softmax: s ⊙ (g − Σ_j g_j s_j)
	gs[0] = Mul(n, Sub(g, RowSums(Mul(g, n))))
}

// LogSoftmax returns x − LogSumExp(x) for each row. Its absolute error
// grows with the logits' magnitude up to 2²⁰ (that of LogSumExp rounded at
// their size: about 1e-16·max|x|, 1e-10 there); from a row maximum of
// magnitude 2²⁰ on it is computed as (x − max x) − ln Σ exp(x − max x),
// whose error does not grow with the magnitude.
func LogSoftmax(x *Node) *Node {
	if x.val.Cols == 0 {
		panic(fmt.Sprintf("ad.LogSoftmax: no columns in %s", x.val.Shape()))
	}
	return x.tape.newNode(opLogSoftmax, x.val.Rows, x.val.Cols, x)
}

// Softmax returns exp(x) normalised over each row, computed as
// exp(x − LogSumExp(x)): accurate to a few ulp for logits of moderate size,
// its relative error grows with their magnitude (about 1e-16·max|x|:
// 1e-10 at logits of 2²⁰). From a row maximum of magnitude 2²⁰ on it is
// computed as exp(x − max x)/Σ exp(x − max x), whose error does not grow
// with the magnitude (exp(x − LogSumExp(x)) gave (1, 1, 0) for the logits
// (1e30, 1e30, 0)).
func Softmax(x *Node) *Node {
	if x.val.Cols == 0 {
		panic(fmt.Sprintf("ad.Softmax: no columns in %s", x.val.Shape()))
	}
	return x.tape.newNode(opSoftmax, x.val.Rows, x.val.Cols, x)
}

// Norm2 returns the squared Euclidean norm Σ x² as a scalar.
func Norm2(x *Node) *Node { return Dot(x, x) }

func checkScalar(opName string, x *Node) {
	if x.val.Rows != 1 || x.val.Cols != 1 {
		panic(fmt.Sprintf("ad.%s: need a scalar (1x1), got %s from %s", opName, x.val.Shape(), x.opName()))
	}
}

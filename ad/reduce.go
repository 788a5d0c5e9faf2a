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
	return x.tape.newNode(sumToOp{}, 1, 1, x)
}

// Mean returns the mean of all elements as a scalar.
func Mean(x *Node) *Node { return Scale(Sum(x), 1/float64(x.val.Size())) }

// RowSums returns the r×1 column of each row's sum.
func RowSums(x *Node) *Node { return SumTo(x, x.val.Rows, 1) }

// ColSums returns the 1×c row of each column's sum.
func ColSums(x *Node) *Node { return SumTo(x, 1, x.val.Cols) }

// RowMeans returns the r×1 column of each row's mean.
func RowMeans(x *Node) *Node { return Scale(RowSums(x), 1/float64(x.val.Cols)) }

// ColMeans returns the 1×c row of each column's mean.
func ColMeans(x *Node) *Node { return Scale(ColSums(x), 1/float64(x.val.Rows)) }

// rowMaxOp is the maximum of each row (r×1).
type rowMaxOp struct{}

func (rowMaxOp) name() string { return "RowMax" }
func (rowMaxOp) forward(n *Node) {
	x := &n.in[0].val
	for i := 0; i < x.Rows; i++ {
		row := x.Data[i*x.Cols : (i+1)*x.Cols]
		m := math.Inf(-1)
		for _, v := range row {
			if v > m || math.IsNaN(v) {
				m = v
			}
		}
		n.val.Data[i] = m
	}
}
func (rowMaxOp) vjp(n, g *Node) []*Node {
	x := n.in[0]
	return []*Node{Mul(BroadcastTo(g, x.val.Rows, x.val.Cols), argMaxMask(x))}
}

// argMaxMaskOp is 1 at the first maximum of each row, 0 elsewhere
// (piecewise constant).
type argMaxMaskOp struct{}

func (argMaxMaskOp) name() string { return "ArgMaxMask" }
func (argMaxMaskOp) forward(n *Node) {
	x := &n.in[0].val
	for i := 0; i < x.Rows; i++ {
		row := x.Data[i*x.Cols : (i+1)*x.Cols]
		out := n.val.Data[i*x.Cols : (i+1)*x.Cols]
		best := 0
		for j, v := range row {
			out[j] = 0
			if v > row[best] {
				best = j
			}
		}
		out[best] = 1
	}
}
func (argMaxMaskOp) vjp(n, g *Node) []*Node { return []*Node{nil} }

func argMaxMask(x *Node) *Node {
	n := x.tape.newNode(argMaxMaskOp{}, x.val.Rows, x.val.Cols, x)
	n.needs = false
	return n
}

// RowMax returns the r×1 column of each row's maximum; the gradient goes to
// the first maximal element.
func RowMax(x *Node) *Node {
	if x.val.Cols == 0 {
		panic("ad.RowMax: no columns")
	}
	return x.tape.newNode(rowMaxOp{}, x.val.Rows, 1, x)
}

// Max returns the largest element as a scalar.
func Max(x *Node) *Node { return RowMax(Reshape(x, 1, x.val.Size())) }

// logSumExpOp is log Σ_j exp x_ij for each row, computed stably.
type logSumExpOp struct{}

func (logSumExpOp) name() string { return "LogSumExp" }
func (logSumExpOp) forward(n *Node) {
	x := &n.in[0].val
	for i := 0; i < x.Rows; i++ {
		row := x.Data[i*x.Cols : (i+1)*x.Cols]
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, v)
		}
		if math.IsInf(m, 0) {
			n.val.Data[i] = m
			continue
		}
		s := 0.0
		for _, v := range row {
			s += math.Exp(v - m)
		}
		n.val.Data[i] = m + math.Log(s)
	}
}
func (logSumExpOp) vjp(n, g *Node) []*Node {
	x := n.in[0]
	return []*Node{Mul(g, Softmax(x))}
}

// LogSumExp returns the r×1 column log Σ_j exp x_ij of each row.
func LogSumExp(x *Node) *Node {
	if x.val.Cols == 0 {
		panic("ad.LogSumExp: no columns")
	}
	return x.tape.newNode(logSumExpOp{}, x.val.Rows, 1, x)
}

// LogSoftmax returns x − LogSumExp(x) for each row.
func LogSoftmax(x *Node) *Node { return Sub(x, LogSumExp(x)) }

// Softmax returns exp(x) normalised over each row.
func Softmax(x *Node) *Node { return Exp(LogSoftmax(x)) }

// Norm2 returns the squared Euclidean norm Σ x² as a scalar.
func Norm2(x *Node) *Node { return Dot(x, x) }

func checkScalar(opName string, x *Node) {
	if x.val.Rows != 1 || x.val.Cols != 1 {
		panic(fmt.Sprintf("ad.%s: need a scalar (1x1), got %s from %s", opName, x.val.Shape(), x.opName()))
	}
}

package ad

import (
	"fmt"
	"math"
	"math/bits"
)

// Tensor is a dense row-major matrix of float64. A scalar is 1×1 and a
// vector is a 1×n row. The zero value is an empty 0×0 tensor.
type Tensor struct {
	// Rows and Cols are the shape, Rows×Cols, both ≥ 0 (1×1 for a scalar,
	// 1×n for a vector).
	Rows, Cols int
	// Data holds the Rows·Cols elements in row-major order, element (i, j)
	// at Data[i*Cols+j]. Copies of a Tensor share it (Clone does not).
	Data []float64
}

// NewTensor returns a rows×cols tensor holding data (which it keeps, not
// copies). It panics on a negative dimension, on a shape of more elements
// than an int counts, or if len(data) != rows*cols.
func NewTensor(rows, cols int, data []float64) Tensor {
	checkSize("NewTensor", rows, cols)
	if rows < 0 || cols < 0 || len(data) != rows*cols {
		panic(fmt.Sprintf("ad.NewTensor: %d values for shape %dx%d", len(data), rows, cols))
	}
	return Tensor{Rows: rows, Cols: cols, Data: data}
}

// Zeros returns a rows×cols tensor of zeros. It panics on a negative
// dimension or a shape of more elements than an int counts.
func Zeros(rows, cols int) Tensor {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("ad.Zeros: shape %dx%d", rows, cols))
	}
	checkSize("Zeros", rows, cols)
	return Tensor{Rows: rows, Cols: cols, Data: make([]float64, rows*cols)}
}

// checkSize panics, naming the function and the shape, when rows·cols
// (both ≥ 0) does not fit in an int: the product would wrap (2³²×2³² to
// 0 on 64 bits) and the tensor's Rows·Cols disagree with len(Data).
// Negative dimensions are left to the caller's own message.
func checkSize(name string, rows, cols int) {
	if !sizeFits(rows, cols) {
		panic(sizeMsg(name, rows, cols))
	}
}

// sizeFits reports whether rows·cols fits in an int, or a dimension is
// negative (checkSize's test, without its name).
func sizeFits(rows, cols int) bool {
	if rows < 0 || cols < 0 {
		return true
	}
	hi, lo := bits.Mul(uint(rows), uint(cols))
	return hi == 0 && lo <= math.MaxInt
}

// sizeMsg is checkSize's panic message.
func sizeMsg(name string, rows, cols int) string {
	return fmt.Sprintf("ad.%s: shape %dx%d has more elements than an int can count", name, rows, cols)
}

// Vector returns a 1×n row tensor holding a copy of v.
func Vector(v ...float64) Tensor {
	return Tensor{Rows: 1, Cols: len(v), Data: append([]float64(nil), v...)}
}

// Scalar returns a 1×1 tensor.
func Scalar(v float64) Tensor { return Tensor{Rows: 1, Cols: 1, Data: []float64{v}} }

// Matrix returns a tensor from rows of equal length.
func Matrix(rows [][]float64) Tensor {
	if len(rows) == 0 {
		return Tensor{}
	}
	c := len(rows[0])
	t := Zeros(len(rows), c)
	for i, r := range rows {
		if len(r) != c {
			panic(fmt.Sprintf("ad.Matrix: row %d has %d values, row 0 has %d", i, len(r), c))
		}
		copy(t.Data[i*c:], r)
	}
	return t
}

// Size is the number of elements.
func (t Tensor) Size() int { return t.Rows * t.Cols }

// At returns the element in row i, column j. It panics unless 0 ≤ i < Rows
// and 0 ≤ j < Cols.
func (t Tensor) At(i, j int) float64 {
	if uint(i) >= uint(t.Rows) || uint(j) >= uint(t.Cols) {
		panic(fmt.Sprintf("ad.Tensor.At: (%d, %d) out of range for %s", i, j, t.Shape()))
	}
	return t.Data[i*t.Cols+j]
}

// Shape returns a printable "rowsxcols".
func (t Tensor) Shape() string { return fmt.Sprintf("%dx%d", t.Rows, t.Cols) }

// Clone returns a deep copy.
func (t Tensor) Clone() Tensor {
	return Tensor{Rows: t.Rows, Cols: t.Cols, Data: append([]float64(nil), t.Data...)}
}

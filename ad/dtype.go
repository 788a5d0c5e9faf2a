package ad

import (
	"fmt"
	"unsafe"

	"github.com/stackel/stackel/internal/textcut"
)

// DType is the element type a tape computes in. Every node of a tape holds
// values of the tape's DType; the float64 Tensor values passed in (Var,
// Const, Set) are rounded to it and the values read out (Data, Value,
// Scalar) are widened from it, so code written against ad runs unchanged
// in either.
type DType uint8

const (
	// Float64 is the default: IEEE double precision.
	Float64 DType = iota
	// Float32 is IEEE single precision: half the memory traffic and twice
	// the arithmetic per vector instruction (8 floats per AVX2 register
	// against 4 doubles). See the package documentation for where float32
	// tapes accumulate in float64.
	Float32
)

// String returns "float64" or "float32".
func (d DType) String() string {
	switch d {
	case Float64:
		return "float64"
	case Float32:
		return "float32"
	}
	return fmt.Sprintf("DType(%d)", int(d))
}

// ParseDType returns the DType called name ("float32" or "float64").
func ParseDType(name string) (DType, error) {
	switch name {
	case "float64":
		return Float64, nil
	case "float32":
		return Float32, nil
	}
	return 0, fmt.Errorf("dtype %s: want float32 or float64", dtypeText(name))
}

// dtypeText quotes name, a dtype as given, cut to about 40 bytes, as the
// config's checks quote values: a 700-character name filled ParseDType's
// error.
func dtypeText(name string) string { return textcut.Quoted(name, 40) }

// float is the element type of a kernel: every operation's mathematics is
// written once, as a generic function over float, and instantiated for both
// dtypes.
type float interface{ ~float32 | ~float64 }

// is32 reports whether T is float32.
func is32[T float]() bool {
	var z T
	return unsafe.Sizeof(z) == 4
}

// vals returns the values of n as []T, where T must be the dtype of n's
// tape: the float32 buffer of a float32 node, the float64 one otherwise.
func vals[T float](n *Node) []T {
	if is32[T]() {
		return *(*[]T)(unsafe.Pointer(&n.v32))
	}
	return *(*[]T)(unsafe.Pointer(&n.val.Data))
}

// mat is a row-major matrix view of a node's values in its dtype.
type dmat[T float] struct {
	Rows, Cols int
	Data       []T
}

// view returns n's value as a dmat[T].
func view[T float](n *Node) dmat[T] {
	return dmat[T]{Rows: n.val.Rows, Cols: n.val.Cols, Data: vals[T](n)}
}

// tensorMat reads a float64 Tensor as a dmat[float64] in place: the two
// structs have the same fields in the same order (Rows, Cols int; Data
// []float64), which TestTensorMatLayout checks.
func tensorMat(t *Tensor) *dmat[float64] { return (*dmat[float64])(unsafe.Pointer(t)) }

// Shape returns a printable "rowsxcols".
func (m *dmat[T]) Shape() string { return fmt.Sprintf("%dx%d", m.Rows, m.Cols) }

// f32 reports whether n lives on a float32 tape.
func (n *Node) f32() bool { return n.is32 }

// convert copies src into dst elementwise with rounding or widening
// (between float32 and float64, mostly in vector registers: convertVec).
func convert[D, S float](dst []D, src []S) {
	src = src[:len(dst)]
	v := convertVec(dst, src)
	for i, x := range src[v:] {
		dst[v+i] = D(x)
	}
}

// parConvert is convert split over t's threads by blocks of 8 elements
// when dst is large (each element converted alone: the same values).
func parConvert[D, S float](t *Tape, dst []D, src []S) {
	if t == nil || !splits(t, len(dst)) {
		convert(dst, src)
		return
	}
	parFor(t, len(dst), 8, func(lo, hi int) { convert(dst[lo:hi], src[lo:hi]) })
}

// setVals writes the float64 values src into n's buffer, rounding on a
// float32 tape.
func (n *Node) setVals(src []float64) {
	if n.f32() {
		parConvert(n.tape, n.v32, src)
		return
	}
	copy(n.val.Data, src)
}

// f32s and f64s reinterpret a []T known to be []float32 or []float64.
func f32s[T float](x []T) []float32 { return *(*[]float32)(unsafe.Pointer(&x)) }
func f64s[T float](x []T) []float64 { return *(*[]float64)(unsafe.Pointer(&x)) }

// Const32 records a rows×cols constant from float32 values (copied) on a
// float32 tape, without the float64 round trip of Const. It panics on a
// float64 tape, a negative dimension or a length mismatch.
func (t *Tape) Const32(rows, cols int, data []float32) *Node {
	t.check32("Const32", rows, cols, data)
	n := t.alloc(rows, cols)
	copyPar(t, n.v32, data)
	return n
}

// View32 records a rows×cols constant whose values are data itself, not a
// copy (Const32 copies): for a large operand that stays unchanged while
// the tape uses the node, such as the direction of a Hessian–vector
// product (a parameter-sized vector, copied ten times per STDDPG-AL
// update before). data must not change until the tape is reset or
// rewound past the node (results already computed keep the old values and
// gradients recorded later would read the new ones) — except between the
// Runs of a compiled Program, which reads data afresh at each Run; the
// tape never writes into it (a later node in
// the same slot gets the slot's own buffer back, and Set panics). It
// panics on a float64 tape, a negative dimension or a length mismatch.
func (t *Tape) View32(rows, cols int, data []float32) *Node {
	t.check32("View32", rows, cols, data)
	n := t.alloc(rows, cols)
	own := n.v32
	if own == nil { // an empty node in a new slot: still marked a view
		own = []float32{}
	}
	n.owned32, n.v32 = own, data[:len(data):len(data)]
	return n
}

// check32 panics unless t is a float32 tape, rows and cols are not
// negative and data holds rows×cols values (Const32's and View32's
// arguments: −2×−3 is not a shape, though it counts 6).
func (t *Tape) check32(name string, rows, cols int, data []float32) {
	if t.dtype != Float32 {
		panic("ad: " + name + " on a float64 tape")
	}
	checkSize(name, rows, cols)
	if rows < 0 || cols < 0 || len(data) != rows*cols {
		panic(fmt.Sprintf("ad: %s of %d values as %dx%d", name, len(data), rows, cols))
	}
}

// copyPar copies src into dst (of the same length) on the tape's threads
// when it is long (parFor): in an update the source was often just written
// by the pool's helpers, one part each, and each part is then read again on
// the core that holds it.
func copyPar[T float](t *Tape, dst, src []T) {
	if !splits(t, len(dst)) {
		copy(dst, src)
		return
	}
	copySplit(t, dst, src)
}

// copySplit is copyPar's split path (a function of its own, so that the
// closure's captures are not allocated on the path that does not split).
func copySplit[T float](t *Tape, dst, src []T) {
	parFor(t, len(dst), 16, func(lo, hi int) { copy(dst[lo:hi], src[lo:hi]) })
}

// Copy32 copies src into dst (of the same length, as copy does) on up to
// t.Threads() goroutines when it is long, like ParallelFor: for moving a
// float32 tape's results, such as a parameter-sized gradient, into a
// caller's vector.
func Copy32(t *Tape, dst, src []float32) {
	if len(dst) != len(src) {
		panic(fmt.Sprintf("ad: Copy32 of %d values into %d", len(src), len(dst)))
	}
	copyPar(t, dst, src)
}

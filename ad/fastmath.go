package ad

import (
	"fmt"
	"math"
	"unsafe"
)

// TanhSlice sets d[i] = tanh(x[i]) with the kernel Tanh nodes use (AVX2
// where the CPU has it), so that a network evaluated outside a tape agrees
// with its recorded forward pass. len(x) must be at least len(d); d and x may
// be the same slice.
func TanhSlice(d, x []float64) { tanhLoop(d, x) }

// tanhLoop computes d[i] = tanh(x[i]): four at a time with AVX2 and FMA
// where the CPU has them (tanh_amd64.s, within 3 ulp of the correctly
// rounded value), math.Tanh otherwise and for the last len%4 elements.
func tanhLoop(d, x []float64) {
	x = x[:len(d)]
	i := 0
	if haveVecTanh && len(d) >= 4 {
		i = len(d) &^ 3
		tanhAVX2(&d[0], &x[0], i)
	}
	for ; i < len(d); i++ {
		d[i] = math.Tanh(x[i])
	}
}

// tanhLoop32 is tanhLoop for float32. Where the CPU has AVX2 and FMA it
// computes in float32, eight at a time (tanhF32AVX2, within 2 ulp of the
// correctly rounded value), the last len%8 elements through a padded
// block so that every element is computed alike whatever its position;
// elsewhere x is widened to float64, goes through tanhLoop and is rounded
// back.
func tanhLoop32(d, x []float32) {
	x = x[:len(d)]
	if haveVecTanh {
		i := len(d) &^ 7
		if i > 0 {
			tanhF32AVX2(&d[0], &x[0], i)
		}
		if i < len(d) {
			var blk [8]float32
			copy(blk[:], x[i:])
			tanhF32AVX2(&blk[0], &blk[0], 8)
			copy(d[i:], blk[:])
		}
		return
	}
	var buf [256]float64
	for i := 0; i < len(d); i += len(buf) {
		b := buf[:min(len(buf), len(d)-i)]
		convert(b, x[i:i+len(b)])
		tanhLoop(b, b)
		convert(d[i:i+len(b)], b)
	}
}

// vecWidth is the number of T in one 32-byte vector register.
func vecWidth[T float]() int {
	if is32[T]() {
		return 8
	}
	return 4
}

// vecBinary computes d[i] = a[i] k b[i] for the leading whole vectors of d
// with the AVX2 kernels (vec_amd64.s) where the CPU has them and k is +, −,
// × or ÷, and returns how many elements it did (0 when it did none). a and
// b are at least as long as d. The kernels round each element as the Go
// loops do.
func vecBinary[T float](k binKind, d, a, b []T) int {
	n := len(d) &^ (vecWidth[T]() - 1)
	if !haveVec || n == 0 || k > kDiv {
		return 0
	}
	pd, pa, pb := unsafe.Pointer(&d[0]), unsafe.Pointer(&a[0]), unsafe.Pointer(&b[0])
	if is32[T]() {
		switch k {
		case kAdd:
			vadd32(pd, pa, pb, n)
		case kSub:
			vsub32(pd, pa, pb, n)
		case kMul:
			vmul32(pd, pa, pb, n)
		default:
			vdiv32(pd, pa, pb, n)
		}
		return n
	}
	switch k {
	case kAdd:
		vadd64(pd, pa, pb, n)
	case kSub:
		vsub64(pd, pa, pb, n)
	case kMul:
		vmul64(pd, pa, pb, n)
	default:
		vdiv64(pd, pa, pb, n)
	}
	return n
}

// vecTanhGrad computes d[i] = u[i]·(1 − y[i]²) for the leading whole vectors
// of d like vecBinary, and returns how many elements it did.
func vecTanhGrad[T float](d, u, y []T) int {
	n := len(d) &^ (vecWidth[T]() - 1)
	if !haveVec || n == 0 {
		return 0
	}
	pd, pu, py := unsafe.Pointer(&d[0]), unsafe.Pointer(&u[0]), unsafe.Pointer(&y[0])
	if is32[T]() {
		vtanhGrad32(pd, pu, py, n)
	} else {
		vtanhGrad64(pd, pu, py, n)
	}
	return n
}

// vecAddRows sets d = a + r with the row r (length cols) broadcast over
// the rows of a (rows × cols) in one AVX2 loop, and reports whether it
// did (cols a multiple of the vector width and the CPU able).
func vecAddRows[T float](d, a, r []T, rows, cols int) bool {
	if !haveVec || rows < 1 || cols < 1 || cols%vecWidth[T]() != 0 {
		return false
	}
	_, _, _ = d[rows*cols-1], a[rows*cols-1], r[cols-1]
	pd, pa, pr := unsafe.Pointer(&d[0]), unsafe.Pointer(&a[0]), unsafe.Pointer(&r[0])
	if is32[T]() {
		vaddRows32(pd, pa, pr, rows, cols)
	} else {
		vaddRows64(pd, pa, pr, rows, cols)
	}
	return true
}

// vecColSums sets d[j] to the sum of column j of x (rows × cols, rows ≥ 1,
// row i starting at x[i·ld]) for the leading whole vectors of columns,
// adding the rows in order from +0 as addTo row by row would, and returns
// how many columns it did.
func vecColSums[T float](d, x []T, rows, cols, ld int) int {
	n := cols &^ (vecWidth[T]() - 1)
	if !haveVec || n == 0 || rows < 1 {
		return 0
	}
	_, _ = d[cols-1], x[(rows-1)*ld+cols-1]
	if is32[T]() {
		vcolSums32(unsafe.Pointer(&d[0]), unsafe.Pointer(&x[0]), rows, n, ld)
	} else {
		vcolSums64(unsafe.Pointer(&d[0]), unsafe.Pointer(&x[0]), rows, n, ld)
	}
	return n
}

// AccumulateRows adds x·W to the row h, where W is len(x) × len(h)
// row-major (w[i·len(h) + j]), one row of W at a time: h[j] += x[i]·w[i, j]
// for i = 0, 1, … with the product and the sum each rounded (no fused
// multiply-add), which is gonum's floats.AddScaled(h, x[i], row i) called
// row by row, bit for bit — in one AVX2 loop where the CPU has it. It is
// the layer of a network evaluated outside a tape (nn.MLP.Apply, the
// acting path).
func AccumulateRows(h, x, w []float64) { AccumulateRowsStride(h, x, w, len(h)) }

// AccumulateRowsStride is AccumulateRows with the rows of W ldw ≥ len(h)
// elements apart: h[j] += x[i]·w[i·ldw + j] for i = 0, 1, …, each
// product and each sum rounded, bit for bit the loop
//
//	for i, xi := range x { for j := range h { h[j] += xi * w[i*ldw+j] } }
//
// (markov's averaged transitions, whose rows are strided).
func AccumulateRowsStride(h, x, w []float64, ldw int) {
	cols := len(h)
	if ldw < cols || (len(x) > 0 && len(w) < (len(x)-1)*ldw+cols) {
		panic(fmt.Sprintf("ad.AccumulateRowsStride: %d weights for %d rows of %d, stride %d", len(w), len(x), cols, ldw))
	}
	j := 0
	if haveVec && cols >= 4 && len(x) > 0 {
		j = cols &^ 3
		vaccRows64(unsafe.Pointer(&h[0]), unsafe.Pointer(&x[0]), unsafe.Pointer(&w[0]), len(x), j, ldw)
	}
	switch cols - j {
	case 0:
		return
	case 1, 2, 3:
		// The vector loop's remainder: up to three columns summed in
		// registers (the same operations; h[k] is not reloaded per row).
		accumulateTail(h[j:cols], x, w[j:], ldw)
		return
	}
	for i, xi := range x {
		row := w[i*ldw : i*ldw+cols]
		for k := j; k < cols; k++ {
			h[k] += float64(xi * row[k]) // the conversion keeps the product unfused
		}
	}
}

// accumulateTail is AccumulateRowsStride's loop for 1 ≤ len(h) ≤ 3.
func accumulateTail(h, x, w []float64, ldw int) {
	switch len(h) {
	case 1:
		h0 := h[0]
		for i, xi := range x {
			h0 += float64(xi * w[i*ldw])
		}
		h[0] = h0
	case 2:
		h0, h1 := h[0], h[1]
		for i, xi := range x {
			r := w[i*ldw : i*ldw+2]
			h0 += float64(xi * r[0])
			h1 += float64(xi * r[1])
		}
		h[0], h[1] = h0, h1
	case 3:
		h0, h1, h2 := h[0], h[1], h[2]
		for i, xi := range x {
			r := w[i*ldw : i*ldw+3]
			h0 += float64(xi * r[0])
			h1 += float64(xi * r[1])
			h2 += float64(xi * r[2])
		}
		h[0], h[1], h[2] = h0, h1, h2
	}
}

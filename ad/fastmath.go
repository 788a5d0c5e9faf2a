package ad

import "math"

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

// tanhLoop32 is tanhLoop for float32: blocks of x widened to float64, the
// same kernel, rounded back.
func tanhLoop32(d, x []float32) {
	var buf [256]float64
	x = x[:len(d)]
	for i := 0; i < len(d); i += len(buf) {
		b := buf[:min(len(buf), len(d)-i)]
		convert(b, x[i:i+len(b)])
		tanhLoop(b, b)
		convert(d[i:i+len(b)], b)
	}
}

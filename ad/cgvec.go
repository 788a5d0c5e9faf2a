package ad

// CG32's blocked vector passes (cg with blocked set) and DotLanes. Each
// inner product over a call's elements is summed in 8 lanes — element i
// into lane i mod 8, each lane in index order — and the lanes are then
// combined as ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)) (lanesSum).
// That order is the AVX2 kernels' (two 4-double accumulators, cgvec_amd64.s),
// which run where the CPU has AVX2 and the vectors are float32; the Go
// loops here reproduce it element for element elsewhere (and for float64
// vectors), with the same separate multiplies and adds (the explicit
// float64 conversions keep the compiler from fusing them), so every build
// gives the same bits. Summing in lanes instead of one sequential chain is
// what lets these passes run at the vector units' rate: a single chain of
// dependent additions takes the adder's latency per element.

// lanesSum combines the 8 lanes of an inner product in their fixed order.
func lanesSum(l *[8]float64) float64 {
	return ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7]))
}

// cgCurvLanes returns pᵀ(A + λI)p, given out = A·p, summed in lanes.
func cgCurvLanes[T float](out []T, p []float64, lambda float64) float64 {
	var l [8]float64
	p = p[:len(out)]
	i := 0
	if n := len(out) / 8 * 8; n > 0 && is32[T]() && haveVec {
		vcgCurv32(&f32s(out)[0], &p[0], n, lambda, &l)
		i = n
	}
	for ; i < len(out); i++ {
		a := float64(out[i]) + float64(lambda*p[i])
		l[i%8] += float64(p[i] * a)
	}
	return lanesSum(&l)
}

// cgResidLanes sets r −= α(A + λI)p, given out = A·p, and returns the new
// rᵀr summed in lanes.
func cgResidLanes[T float](out []T, p, r []float64, lambda, alpha float64) float64 {
	var l [8]float64
	p, r = p[:len(out)], r[:len(out)]
	i := 0
	if n := len(out) / 8 * 8; n > 0 && is32[T]() && haveVec {
		vcgResid32(&f32s(out)[0], &p[0], &r[0], n, lambda, alpha, &l)
		i = n
	}
	for ; i < len(out); i++ {
		a := float64(out[i]) + float64(lambda*p[i])
		r[i] -= float64(alpha * a)
		l[i%8] += float64(r[i] * r[i])
	}
	return lanesSum(&l)
}

// cgStepVec is cgStep (x += αp, then p = r + βp and in = p rounded to T),
// in the AVX2 kernels where they can run (vcgStep32, vcgStep64); the same
// bits either way. It has no sum, so unblocked float64 CG uses it too.
func cgStepVec[T float](x, p, r []float64, in []T, alpha, beta float64) {
	i := 0
	if n := len(p) / 8 * 8; n > 0 && haveVec {
		x, r, in = x[:len(p)], r[:len(p)], in[:len(p)]
		if is32[T]() {
			vcgStep32(&x[0], &p[0], &r[0], &f32s(in)[0], n, alpha, beta)
		} else {
			vcgStep64(&x[0], &p[0], &r[0], &f64s(in)[0], n, alpha, beta)
		}
		i = n
	}
	cgStep(x[i:], p[i:], r[i:], in[i:], alpha, beta)
}

// DotLanes returns Σᵢ x[i]·y[i] summed in 8 lanes (x[i]·y[i] into lane
// i mod 8, each lane in index order, the lanes combined in a fixed order),
// the order of CG32's inner products within a block, at the vector units'
// rate where the CPU has AVX2 and the same bits everywhere. It is for sums
// whose order may differ from a sequential loop's (the float32 agents'
// gradient norms); len(y) ≥ len(x).
func DotLanes(x, y []float64) float64 {
	var l [8]float64
	y = y[:len(x)]
	i := 0
	if n := len(x) / 8 * 8; n > 0 && haveVec {
		vdotLanes(&x[0], &y[0], n, &l)
		i = n
	}
	for ; i < len(x); i++ {
		l[i%8] += float64(x[i] * y[i])
	}
	return lanesSum(&l)
}

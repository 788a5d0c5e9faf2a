//go:build amd64 && !purego

package ad

// The AVX2 kernels of CG32's blocked passes and DotLanes; see
// cgvec_amd64.s and cgvec.go. n is a multiple of 8; the sums start from
// zero lanes, which the kernels store.

//go:noescape
func vcgCurv32(out *float32, p *float64, n int, lambda float64, lanes *[8]float64)

//go:noescape
func vcgResid32(out *float32, p, r *float64, n int, lambda, alpha float64, lanes *[8]float64)

//go:noescape
func vcgStep32(x, p, r *float64, in *float32, n int, alpha, beta float64)

//go:noescape
func vcgStep64(x, p, r, in *float64, n int, alpha, beta float64)

//go:noescape
func vdotLanes(x, y *float64, n int, lanes *[8]float64)

//go:build !amd64 || purego

package ad

func vcgCurv32(out *float32, p *float64, n int, lambda float64, lanes *[8]float64) {
	panic("ad: no vector kernels on this platform")
}

func vcgResid32(out *float32, p, r *float64, n int, lambda, alpha float64, lanes *[8]float64) {
	panic("ad: no vector kernels on this platform")
}

func vcgStep32(x, p, r *float64, in *float32, n int, alpha, beta float64) {
	panic("ad: no vector kernels on this platform")
}

func vcgStep64(x, p, r, in *float64, n int, alpha, beta float64) {
	panic("ad: no vector kernels on this platform")
}

func vdotLanes(x, y *float64, n int, lanes *[8]float64) {
	panic("ad: no vector kernels on this platform")
}

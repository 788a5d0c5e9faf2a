package ad

// Kernels names the route of this build's matrix products on this CPU,
// which decides the last bits of their results (the same seed gives the
// same numbers only on the same route): "avx512" (the AVX-512F
// micro-kernels), "avx2" (AVX2/FMA), or "go" (pure Go: a CPU without
// AVX2, another architecture, or the purego tag), followed by "+openblas"
// once UseFastBLAS has routed large products to OpenBLAS (the openblas
// tag). GODEBUG=cpu.avx512f=off or cpu.avx2=off, read at start, change it.
func Kernels() string {
	if useBLAS {
		return kernelRoute() + "+openblas"
	}
	return kernelRoute()
}

//go:build openblas

package markov

// gonumTrsm is false with OpenBLAS installed: lapack64.Getrs then runs on
// OpenBLAS's dtrsm, which rounds differently, and is called as before.
const gonumTrsm = false

//go:build !openblas

package markov

// gonumTrsm reports that lapack64.Getrs runs on gonum's Dtrsm (the
// default build; ad.BLAS replaces only Dgemm), so luSolveVec and
// luInverse reproduce its numbers bit for bit and may replace it.
const gonumTrsm = true

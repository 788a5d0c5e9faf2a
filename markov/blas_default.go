//go:build !openblas

package markov

// In the default build, gonum's blas64 — which the policy-gradient step's
// products and LU factorisations go through — is ad.BLAS: gonum's pure-Go
// BLAS with Dgemm on ad's packed (AVX2/FMA on amd64) kernel. Measured here
// on the |S| = 50, 5×5 step: 0.62 ms with gonum's Dgemm, 0.40 ms with it,
// and no allocation. Under the openblas tag, blas_openblas.go installs
// OpenBLAS instead.

import (
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/stackel/stackel/ad"
)

func init() { blas64.Use(ad.BLAS{}) }

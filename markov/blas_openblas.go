//go:build openblas

package markov

// Under the build tag openblas, gonum's blas64 (and so the LAPACK routines
// and matrix products used here) run on OpenBLAS through cgo and gonum's
// netlib binding (Debian: libopenblas-dev; set OPENBLAS_NUM_THREADS=1 for
// single-threaded products). The default build is pure Go.

/*
#cgo LDFLAGS: -lopenblas
*/
import "C"

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

func init() { blas64.Use(netlib.Implementation{}) }

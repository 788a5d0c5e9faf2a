//go:build openblas

// Package openblas installs OpenBLAS (through cgo and gonum's netlib
// binding) as the implementation of gonum's blas64 when Install is called
// (by ad.UseFastBLAS under the build tag openblas). The
// library is linked with -lopenblas (Debian: libopenblas-dev); set
// OPENBLAS_NUM_THREADS=1 for single-threaded products.
package openblas

/*
#cgo LDFLAGS: -lopenblas
*/
import "C"

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// Install makes OpenBLAS gonum's process-wide blas64 implementation.
func Install() { blas64.Use(netlib.Implementation{}) }

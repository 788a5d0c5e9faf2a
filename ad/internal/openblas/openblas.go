//go:build openblas

// The package comment is in doc.go, which every build includes.

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

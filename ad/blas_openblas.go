//go:build openblas

package ad

// Under the build tag openblas, matrix products with m·n·k ≥ blasMinFlops go
// to OpenBLAS through gonum's blas64 (cgo; link with -lopenblas).
import _ "github.com/stackel/stackel/ad/internal/openblas"

func init() { useBLAS = true }

//go:build openblas

package ad

// Under the build tag openblas, UseFastBLAS installs OpenBLAS as gonum's
// blas64 and routes matrix products with m·n·k ≥ blasMinFlops to it (cgo;
// link with -lopenblas).
import "github.com/stackel/stackel/ad/internal/openblas"

// UseFastBLAS installs OpenBLAS (through cgo) as gonum's process-wide
// blas64 implementation and lets ad's own large matrix products use it.
// No package of stackel calls it at import; the stackel command calls it
// first thing, and a program using the library calls it once if it wants
// the speed.
func UseFastBLAS() {
	openblas.Install()
	useBLAS = true
}

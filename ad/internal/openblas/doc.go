// Package openblas is empty unless built with the tag openblas, when it
// provides Install, which installs OpenBLAS (through cgo and gonum's netlib
// binding) as gonum's process-wide blas64 implementation; ad.UseFastBLAS
// calls it under that tag. The library is then linked with -lopenblas
// (Debian: libopenblas-dev); set OPENBLAS_NUM_THREADS=1 for
// single-threaded products.
package openblas

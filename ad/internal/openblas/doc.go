// Package openblas is empty unless built with the tag openblas, when it
// provides Install, which installs OpenBLAS as gonum's blas64 implementation.
package openblas

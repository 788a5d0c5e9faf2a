// Package openblas is empty unless built with the tag openblas, when it
// installs OpenBLAS as gonum's blas64 implementation.
package openblas

//go:build !openblas

package ad

// sgemm reports false: without the openblas tag float32 products stay in
// ad's packed kernel.
func sgemm(ta, tb bool, ar, ac, br, bc int, a, b, c []float32, cr, cc int) bool { return false }

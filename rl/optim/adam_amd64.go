//go:build amd64 && !purego

package optim

import "golang.org/x/sys/cpu"

// adamVec is Adam.Step's loop four parameters at a time; see
// adam_amd64.s.
//
//go:noescape
func adamVec(data, m, v, gr *float64, n int, b1, c1, b2, c2, step, inv, eps float64)

var haveAVX = cpu.X86.HasAVX

// adamFast updates the first multiple of 4 of len(data) parameters in
// vector registers with the same operations as Step's loop and returns how
// many it updated.
func adamFast(data, m, v, g []float64, b1, b2, step, inv, eps float64) int {
	n := len(data) / 4 * 4
	if !haveAVX || n == 0 {
		return 0
	}
	_, _, _ = m[n-1], v[n-1], g[n-1]
	adamVec(&data[0], &m[0], &v[0], &g[0], n, b1, 1-b1, b2, 1-b2, step, inv, eps)
	return n
}

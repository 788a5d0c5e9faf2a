//go:build amd64 && !purego

package ad

// vnarrow and vwiden convert float64 to float32 and back, 8 values at a
// time; see convert_amd64.s.
//
//go:noescape
func vnarrow(d *float32, s *float64, n int)

//go:noescape
func vwiden(d *float64, s *float32, n int)

// convertVec converts the first multiple of 8 of len(dst) values of src
// into dst when dst and src are float32 and float64 (either way round) and
// the CPU has AVX2, with the rounding of Go's conversion, and returns how
// many it converted.
func convertVec[D, S float](dst []D, src []S) int {
	n := len(dst) / 8 * 8
	if !haveAVX2 || n == 0 || is32[D]() == is32[S]() {
		return 0
	}
	if is32[D]() {
		vnarrow(&f32s(dst)[0], &f64s(src)[0], n)
	} else {
		vwiden(&f64s(dst)[0], &f32s(src)[0], n)
	}
	return n
}

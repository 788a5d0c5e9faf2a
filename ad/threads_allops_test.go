package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestAllOpsThreadIndependent runs every op of oddShapeCases at shapes
// just below (127×129) and above (131×127) the element split threshold
// parMinElems = 2¹⁴, and at a thin row and column of prime length 16411
// (above it and parMinThin), in both dtypes on 1, 2 and 3 threads: the
// loss, its gradient and its HVP must agree bit for bit (under the race
// detector, 131×127 and the thin row on 2 threads, where it watches the
// split goroutines; the comparison is the plain pass's). Products of an
// r×c input with itself (r×r or c×c results) and Solve are left to the
// small shapes.
func TestAllOpsThreadIndependent(t *testing.T) {
	if testing.Short() {
		t.Skip("large shapes")
	}
	shapes := [][2]int{{127, 129}, {131, 127}, {1, 16411}, {16411, 1}}
	threadCounts := []int{1, 2, 3}
	if raceDetector {
		// 84 s of CI's race pass whole: one shape above each split
		// threshold, on 2 threads, is what the race detector needs to
		// see the split goroutines' shared data; the plain pass runs
		// every shape on 1, 2 and 3 threads.
		//
		// The race pass runs 2 threads only, with no 1-thread run to
		// compare with: the race build compiles the same kernels (no ad
		// file's build constraint names race), so its bits are those of
		// the plain pass, which compares these shapes on 1, 2 and 3
		// threads bit for bit (strictly more than 1 against 2 here); a
		// 1-thread run starts no split goroutine and gives the race
		// detector nothing to see, and was half of this test's race time.
		shapes, threadCounts = [][2]int{{131, 127}, {1, 16411}}, []int{2}
	}
	for _, s := range shapes {
		r, c := s[0], s[1]
		w := make([]float64, 4*(r+2)*(c+2))
		for i := range w {
			w[i] = float64(float32(math.Sin(float64(i) * 0.7)))
		}
		for _, oc := range oddShapeCases(r, c) {
			if strings.Contains(oc.name, "self") || strings.HasPrefix(oc.name, "Solve") {
				continue
			}
			t.Run(fmt.Sprintf("%dx%d/%s", r, c, oc.name), func(t *testing.T) {
				vals, vs := drawInputs(oc, rand.New(rand.NewPCG(9, uint64(r*7+c))))
				for i := range vals {
					round32(vals[i])
					round32(vs[i])
				}
				for _, d := range []DType{Float64, Float32} {
					var want []float64
					for _, threads := range threadCounts {
						tp := NewTapeOf(d)
						tp.SetThreads(threads)
						f, g, h := valueGradHVPOn(tp, oc, vals, vs, w)
						got := append(append([]float64{f}, g...), h...)
						if threads == threadCounts[0] {
							want = got
							continue
						}
						for i := range want {
							if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
								t.Fatalf("%v, %d threads: value %d of %d is %v, with 1 thread %v", d, threads, i, len(want), got[i], want[i])
							}
						}
					}
				}
			})
		}
	}
}

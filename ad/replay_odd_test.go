package ad

import (
	"fmt"
	"math"
	"testing"
)

// TestReplayAfterRewindOddShapes checks, for every case of oddShapeCases at
// 1×1, 1×7, 7×1 and 7×13, in both dtypes, that a Program compiled from a
// tape whose nodes were first used by another case (at other shapes),
// rewound to a Mark, and re-run after SetInput on new inputs (its buffers
// poisoned with NaN) gives the value, gradients and HVP of a fresh tape at
// those inputs bit for bit; and that SetInput with the values of another
// shape panics naming the input's shape.
func TestReplayAfterRewindOddShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("many cases")
	}
	for _, s := range oddShapes {
		cases := oddShapeCases(s[0], s[1])
		for k, c := range cases {
			other := cases[(k+7)%len(cases)]
			for _, dt := range []DType{Float64, Float32} {
				name := fmt.Sprintf("%dx%d/%s/%v", s[0], s[1], c.name, dt)
				v1, vs1, w := sampleCase(c, 1)
				v2, vs2, _ := sampleCase(c, 2)
				_, ro := recordCase(NewTapeOf(dt), c, v2, vs2, w)
				want := copies(ro)

				ct := NewTapeOf(dt)
				ct.Var(Scalar(1)) // a node before the Mark
				m := ct.Mark()
				ov, ovs, _ := sampleCase(other, 3)
				recordCase(ct, other, ov, ovs, w)
				ct.Rewind(m)
				m2 := ct.Mark()
				recordCase(ct, c, v2, vs2, w) // recorded, rewound, recorded again
				ct.Rewind(m2)
				leaves, co := recordCase(ct, c, v1, vs1, w)
				p := Compile(leaves, co)
				poison(p.steps, math.NaN())
				for i := range v2 {
					p.SetInput(i, v2[i])
					p.SetInput(len(v2)+i, vs2[i])
				}
				p.Run()
				sameOutputs(t, name, want, copies(co))

				bad := make([]float64, len(v2[0])+1)
				want0 := fmt.Sprintf("ad: Set with %d values on a %dx%d leaf", len(bad), c.shapes[0][0], c.shapes[0][1])
				if got := panicText(func() { p.SetInput(0, bad) }); got != want0 {
					t.Errorf("%s: SetInput of %d values: panic %q, want %q", name, len(bad), got, want0)
				}
			}
		}
	}
}

package equilib

import (
	"math"
	"testing"

	"github.com/stackel/stackel/game"
)

// TestSearchOneFieldDegenerateRoot: Search of torusJordan on ω alone (200
// starts, seed 0) stopped Newton 4.8e-6 off (0.4 − π, 0.4), where J is a
// Jordan block, and classified it there: ‖ω_S‖∞ = 4.8e-6 above the critical
// threshold, so DSE false and not Stackelberg-stable, though the point is a
// stable DSE. It must be reported at the point (within 1e-9), a stable DSE
// and not a DNE (J has eigenvalue 0 twice), once, among 4 points.
func TestSearchOneFieldDegenerateRoot(t *testing.T) {
	pts, err := Search(torusJordan{}, SearchOptions{Starts: 200, Fields: []Field{NashField}})
	if err != nil {
		t.Fatal(err)
	}
	checkJordanDSE(t, pts, 4)
}

// TestRelocateKeepsNondegenerateRoots: on the paper's torus game (every
// critical point nondegenerate for both fields), relocateOneFieldRoots
// leaves the de-duplicated Newton roots of either field (64 starts on a
// grid) bit for bit as they are: Newton on the other field from each
// moves it by rounding only, below DedupTol.
func TestRelocateKeepsNondegenerateRoots(t *testing.T) {
	a, err := newAnalyzer(paperTorus)
	if err != nil {
		t.Fatal(err)
	}
	a.unitSize = 1
	doms := []game.Domain{{Kind: game.Torus}, {Kind: game.Torus}}
	opt := SearchOptions{MaxIter: 100, Tol: 1e-10, DedupTol: 1e-6}
	for _, f := range []Field{NashField, StackelbergField} {
		var roots [][]float64
		var fields []Field
		var both []bool
		for i := 0; i < 8; i++ {
			for j := 0; j < 8; j++ {
				z := []float64{-math.Pi + (float64(i)+0.5)*math.Pi/4, -math.Pi + (float64(j)+0.5)*math.Pi/4}
				if ok, _ := a.newton(z, f, doms, opt.MaxIter, opt.Tol); !ok {
					continue
				}
				dup := false
				for _, r := range roots {
					if distance(r, z, doms) <= opt.DedupTol {
						dup = true
					}
				}
				if !dup {
					roots, fields, both = append(roots, z), append(fields, f), append(both, false)
				}
			}
		}
		if len(roots) < 2 {
			t.Fatalf("%s: %d roots; want at least 2", f, len(roots))
		}
		want := make([][]float64, len(roots))
		for k, r := range roots {
			want[k] = append([]float64(nil), r...)
		}
		got := a.relocateOneFieldRoots(roots, fields, both, doms, opt)
		if len(got) != len(want) {
			t.Fatalf("%s: %d roots after relocation; want %d", f, len(got), len(want))
		}
		for k := range want {
			for i := range want[k] {
				if math.Float64bits(got[k][i]) != math.Float64bits(want[k][i]) {
					t.Errorf("%s: root %d moved from %.17g to %.17g", f, k, want[k], got[k])
				}
			}
		}
	}
}

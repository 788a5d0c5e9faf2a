package experiment

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/equilib"
)

// The analyze table printed a coordinate (or f1, f2) of −0, or a tiny
// negative that rounds to zero at 4 decimals, as "-0.0000". It must print
// "0.0000", and keep the sign of a value that does not round to zero.
func TestAnalyzeTableNoNegativeZero(t *testing.T) {
	negZero := math.Copysign(0, -1)
	rep := &AnalyzeReport{
		Game:       "g",
		Equilibria: []equilib.Point{{X: []float64{negZero, -4e-5}, Y: []float64{-1e-9, -0.00005001}, F1: -1e-7, F2: negZero}},
		Commitment: &equilib.Commitment{Leader: []float64{negZero, 1}, Value: 1},
	}
	var buf bytes.Buffer
	rep.WriteTable(&buf)
	out := buf.String()
	for _, want := range []string{"(0.0000, 0.0000)  (0.0000, -0.0001)  0.0000  0.0000  ", "exact commitment:   leader (0.0000, 1.0000),"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "-0.0000") {
		t.Errorf("table prints -0.0000:\n%s", out)
	}
}

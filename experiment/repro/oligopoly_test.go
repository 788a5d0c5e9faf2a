package repro

import (
	"encoding/json"
	"math"
	"testing"
)

// TestReproduceOligopoly checks the reproduction against the closed forms
// (A = 50, c = 1, N = 3): the leader's quantity 24.5 and each follower's
// 6.125 (C.2), and the chain 24.5, 12.25, 6.125 (C.1), all to 1e-3.
func TestReproduceOligopoly(t *testing.T) {
	dir := runQuick(t, "stackelberg-oligopoly")
	var res map[string]json.RawMessage
	readResults(t, dir, &res)
	for name, want := range map[string][]float64{
		"leader+3 Nash followers (C.2)": {24.5, 6.125, 6.125, 6.125},
		"staggered chain of 3 (C.1)":    {24.5, 12.25, 6.125},
	} {
		var firms []struct {
			Closed float64 `json:"closed_form"`
			Mean   float64 `json:"mean"`
			MaxErr float64 `json:"max_abs_error"`
		}
		if err := json.Unmarshal(res[name], &firms); err != nil {
			t.Fatal(err)
		}
		if len(firms) != len(want) {
			t.Fatalf("%s: %d firms, want %d", name, len(firms), len(want))
		}
		for p, w := range want {
			if firms[p].Closed != w || firms[p].MaxErr > 1e-3 || math.Abs(firms[p].Mean-w) > 1e-3 {
				t.Errorf("%s firm %d: closed form %v, mean %v, max error %v; want %v within 1e-3", name, p+1, firms[p].Closed, firms[p].Mean, firms[p].MaxErr, w)
			}
		}
	}
}

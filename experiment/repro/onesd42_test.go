package repro

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneSeedHasNoSD42: one seed has no sample standard deviation. The
// oligopoly table printed "24.500000 ± 0" (as if 1 seed measured no
// spread), against MeanSD's rule that such a value is written alone with
// "(1 seed)", and results.json of the oligopoly, the duopoly and Hi-C
// gave "sd": 0; the sd is now null there and the table says "(1 seed)".
func TestOneSeedHasNoSD42(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, cell string
		sds        func(raw map[string]json.RawMessage) []*float64
	}{
		{"stackelberg-oligopoly", "| 24.500000 (1 seed) |", func(raw map[string]json.RawMessage) []*float64 {
			var firms []struct {
				SD *float64 `json:"sd"`
			}
			if err := json.Unmarshal(raw["leader+3 Nash followers (C.2)"], &firms); err != nil {
				t.Fatal(err)
			}
			var out []*float64
			for _, f := range firms {
				out = append(out, f.SD)
			}
			return out
		}},
		{"fiez-duopoly", "(1 seed)", func(raw map[string]json.RawMessage) []*float64 {
			var q map[string]struct {
				SD *float64 `json:"sd"`
			}
			if err := json.Unmarshal(raw["stackelberg"], &q); err != nil {
				t.Fatal(err)
			}
			return []*float64{q["q1"].SD, q["q2"].SD}
		}},
		{"hic-cournot", "(1 seed)", func(raw map[string]json.RawMessage) []*float64 {
			var q map[string]json.RawMessage
			if err := json.Unmarshal(raw["hic"], &q); err != nil {
				t.Fatal(err)
			}
			var x struct {
				SD *float64 `json:"sd"`
			}
			if err := json.Unmarshal(q["x"], &x); err != nil {
				t.Fatal(err)
			}
			return []*float64{x.SD}
		}},
	} {
		dir := t.TempDir()
		r, err := Lookup(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Execute(context.Background(), Options{Out: dir, Quick: true, Workers: 2, Seeds: 1}); err != nil {
			t.Fatal(err)
		}
		md, err := os.ReadFile(filepath.Join(dir, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(md), "± 0 |") || !strings.Contains(string(md), tc.cell) {
			t.Errorf("%s, 1 seed: the table has a ± 0 or lacks %q:\n%s", tc.name, tc.cell, md)
		}
		b, err := os.ReadFile(filepath.Join(dir, "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatal(err)
		}
		for i, sd := range tc.sds(raw) {
			if sd != nil {
				t.Errorf("%s, 1 seed: results.json sd %d = %v, want null (no sample sd from one value)", tc.name, i, *sd)
			}
		}
	}
}

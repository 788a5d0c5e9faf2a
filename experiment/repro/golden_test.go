//go:build amd64 && !purego && !openblas

package repro

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestGoldenResults is issue 11's bit-for-bit acceptance: every
// reproduction (the RL ones with --quick) writes the same results.json
// numbers as the binary before the refactor (testdata/golden, see its
// README), timing fields aside. Floats are compared exactly. The RL
// reproductions run with dtype float64, the element type of the baseline
// (float32 became the default with issue 13). Keys the golden file lacks
// are outputs added after the baseline (e.g. issue 16's mann_whitney) and
// are not compared; every golden key must be present and equal. The numbers
// are those of the default build's AVX2/FMA kernels on amd64; other
// kernels (purego, openblas) round differently, so the file is built only
// for the default build.
func TestGoldenResults(t *testing.T) {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		t.Skip("the golden numbers were computed with the AVX2/FMA kernels, which this CPU lacks")
	}
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	if err != nil || len(files) != 11 {
		t.Fatalf("%d golden files (%v); want 11", len(files), err)
	}
	// The reproductions run as parallel subtests, the longest (the full
	// negotiation and stac-toy) first, so that the shorter ones fill the
	// cores beside them.
	first := map[string]int{"negotiation.json": 2, "stac-toy.json": 1}
	sort.SliceStable(files, func(i, j int) bool { return first[filepath.Base(files[i])] > first[filepath.Base(files[j])] })
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			repro, quick := strings.CutSuffix(name, "-quick")
			r, err := Lookup(repro)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := r.Execute(context.Background(), Options{Out: dir, Quick: quick, DType: "float64"}); err != nil {
				t.Fatal(err)
			}
			var want, got any
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			b, err = os.ReadFile(filepath.Join(dir, "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			got = keepKeys(dropKeys(got, "steps_per_second"), want)
			if !reflect.DeepEqual(got, want) {
				var diffs []string
				diffJSON("", want, got, &diffs)
				t.Errorf("results.json differs from the baseline in %d places:\n%s", len(diffs), strings.Join(diffs[:min(len(diffs), 20)], "\n"))
			}
		})
	}
}

// diffJSON lists the paths where got differs from want.
func diffJSON(path string, want, got any, out *[]string) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: %v, want an object", path, got))
			return
		}
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			diffJSON(path+"."+k, w[k], g[k], out)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			*out = append(*out, fmt.Sprintf("%s: %v, want %v", path, got, want))
			return
		}
		for i := range w {
			diffJSON(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], out)
		}
	default:
		if !reflect.DeepEqual(want, got) {
			*out = append(*out, fmt.Sprintf("%s: %v, want %v", path, got, want))
		}
	}
}

// keepKeys returns got restricted to the object keys that want has, at
// every level, so outputs added after the baseline are not compared.
func keepKeys(got, want any) any {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return got
		}
		out := make(map[string]any, len(w))
		for k, wv := range w {
			if gv, ok := g[k]; ok {
				out[k] = keepKeys(gv, wv)
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return got
		}
		out := make([]any, len(g))
		for i := range g {
			out[i] = keepKeys(g[i], w[i])
		}
		return out
	}
	return got
}

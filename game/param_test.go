package game

import (
	"math"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/stackel/stackel/ad"
)

// TestParseParamYAML decodes a params block with goccy/go-yaml, as the
// config layer does, and converts it: integers and floats to scalars, a
// list to a 1×n vector, a list of lists to a matrix (exact values).
func TestParseParamYAML(t *testing.T) {
	src := "params: {A: 100, c1: 2.5, big: 18446744073709551615, neg: -3, v: [1, 2.5, -4], M: [[1, 0], [0, 1], [2, 3]]}"
	var doc struct {
		Params map[string]any `yaml:"params"`
	}
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	p, err := ParseParams(doc.Params)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]ad.Tensor{
		"A":   ad.Scalar(100),
		"c1":  ad.Scalar(2.5),
		"big": ad.Scalar(math.MaxUint64),
		"neg": ad.Scalar(-3),
		"v":   ad.Vector(1, 2.5, -4),
		"M":   ad.Matrix([][]float64{{1, 0}, {0, 1}, {2, 3}}),
	}
	for k, w := range want {
		g := p[k]
		if g.Rows != w.Rows || g.Cols != w.Cols {
			t.Errorf("%s: shape %s, want %s", k, g.Shape(), w.Shape())
			continue
		}
		assertVec(t, k, g.Data, w.Data, 0)
	}
	if len(p) != len(want) {
		t.Errorf("%d params, want %d", len(p), len(want))
	}
}

// TestParseParamForms checks the Go value forms and every error.
func TestParseParamForms(t *testing.T) {
	good := []struct {
		v    any
		want ad.Tensor
	}{
		{int8(-2), ad.Scalar(-2)},
		{uint16(7), ad.Scalar(7)},
		{float32(0.5), ad.Scalar(0.5)},
		{[]float64{1, 2}, ad.Vector(1, 2)},
		{[]int{3}, ad.Vector(3)},
		{[][]float64{{1, 2}, {3, 4}}, ad.Matrix([][]float64{{1, 2}, {3, 4}})},
		{[]any{[]any{uint64(1)}, []any{int64(2)}}, ad.Matrix([][]float64{{1}, {2}})},
		{ad.Vector(4, 5), ad.Vector(4, 5)},
	}
	for _, c := range good {
		g, err := ParseParam("p", c.v)
		if err != nil {
			t.Errorf("%v: %v", c.v, err)
			continue
		}
		if g.Rows != c.want.Rows || g.Cols != c.want.Cols {
			t.Errorf("%v: shape %s, want %s", c.v, g.Shape(), c.want.Shape())
			continue
		}
		assertVec(t, "value", g.Data, c.want.Data, 0)
	}
	bad := []struct {
		v    any
		want []string
	}{
		{"abc", []string{"param P", `abc`, "string", "not a number"}},
		{[]any{}, []string{"param P", "empty list"}},
		{[]any{1, "x"}, []string{"param P[1]", "not a number"}},
		{[]any{[]any{1, 2}, []any{3}}, []string{"param P[1]", "1 values, row 0 has 2"}},
		{[]any{[]any{1}, 2}, []string{"param P[1]", "not a list"}},
		{[]any{[]any{[]any{1}}}, []string{"param P[0][0]", "not a number"}},
		{[]any{[]any{}}, []string{"param P[0]", "empty row"}},
		{math.Inf(1), []string{"param P", "not finite"}},
		{[]any{1, math.NaN()}, []string{"param P[1]", "not finite"}},
		{map[string]any{"a": 1}, []string{"param P", "not a number"}},
		{nil, []string{"param P"}},
		{ad.Tensor{Rows: 2, Cols: 2, Data: []float64{1}}, []string{"param P", "2x2", "1 values"}},
	}
	for _, c := range bad {
		_, err := ParseParam("P", c.v)
		assertErr(t, err, c.want...)
	}
	_, err := ParseParams(map[string]any{"ok": 1, "zz": "bad"})
	assertErr(t, err, "param zz")
}

package game

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/stackel/stackel/ad"
)

// ParseParam converts a YAML- or JSON-decoded value into a tensor:
//
//   - a number (any Go int, uint or float type) → a 1×1 scalar;
//   - a list of numbers ([]any, []float64, []int) → a 1×n row vector;
//   - a list of equally long lists of numbers ([]any of []any, [][]float64)
//     → a rows×cols matrix;
//   - an ad.Tensor is checked and copied.
//
// A number may also be a string that strconv.ParseFloat reads (YAML 1.1
// decoders leave 1e-3 as text). Empty lists, ragged rows, deeper
// nesting, non-numbers and non-finite values are errors naming the
// parameter (and the offending element), and so is such a string beyond
// float64's range (1e400) or one of a non-zero number that rounds to 0
// (1e-400).
func ParseParam(name string, v any) (ad.Tensor, error) {
	if t, ok := v.(ad.Tensor); ok {
		if t.Rows < 1 || t.Cols < 1 || len(t.Data) != t.Rows*t.Cols {
			return ad.Tensor{}, fmt.Errorf("param %s: tensor of shape %s holds %d values", name, t.Shape(), len(t.Data))
		}
		for i, x := range t.Data {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return ad.Tensor{}, fmt.Errorf("param %s: element %d = %g is not finite", name, i, x)
			}
		}
		return t.Clone(), nil
	}
	if x, ok, err := number(v); ok || err != nil {
		if err != nil {
			return ad.Tensor{}, fmt.Errorf("param %s: %v", name, err)
		}
		return ad.Scalar(x), nil
	}
	rows, ok := list(v)
	if !ok {
		return ad.Tensor{}, fmt.Errorf("param %s: %s is not a number, a list of numbers or a list of lists", name, valueText(v))
	}
	if len(rows) == 0 {
		return ad.Tensor{}, fmt.Errorf("param %s: empty list", name)
	}
	if _, isList := list(rows[0]); !isList {
		vec := make([]float64, len(rows))
		for i, e := range rows {
			x, ok, err := number(e)
			if err != nil {
				return ad.Tensor{}, fmt.Errorf("param %s[%d]: %v", name, i, err)
			}
			if !ok {
				return ad.Tensor{}, fmt.Errorf("param %s[%d]: %s is not a number", name, i, valueText(e))
			}
			vec[i] = x
		}
		return ad.NewTensor(1, len(vec), vec), nil
	}
	var data []float64
	cols := -1
	for i, r := range rows {
		row, ok := list(r)
		if !ok {
			return ad.Tensor{}, fmt.Errorf("param %s[%d]: %s is not a list, but row 0 is", name, i, valueText(r))
		}
		if cols < 0 {
			cols = len(row)
			if cols == 0 {
				return ad.Tensor{}, fmt.Errorf("param %s[0]: empty row", name)
			}
		}
		if len(row) != cols {
			return ad.Tensor{}, fmt.Errorf("param %s[%d]: row has %d values, row 0 has %d", name, i, len(row), cols)
		}
		for j, e := range row {
			x, ok, err := number(e)
			if err != nil {
				return ad.Tensor{}, fmt.Errorf("param %s[%d][%d]: %v", name, i, j, err)
			}
			if !ok {
				return ad.Tensor{}, fmt.Errorf("param %s[%d][%d]: %s is not a number", name, i, j, valueText(e))
			}
			data = append(data, x)
		}
	}
	return ad.NewTensor(len(rows), cols, data), nil
}

// WrittenAsRows reports whether v, a decoded parameter value, is a list
// of lists, which ParseParam reads as a matrix of as many rows: a
// formula's M[i] indexes such a parameter by rows even when it has one
// (FormulaSpec.Matrices), whereas [1, 2] gives the same 1×2 tensor as a
// vector.
func WrittenAsRows(v any) bool {
	if _, ok := v.([][]float64); ok {
		return true
	}
	rows, ok := list(v)
	if !ok || len(rows) == 0 {
		return false
	}
	_, ok = list(rows[0])
	return ok
}

// ParseParams applies ParseParam to every entry of a decoded params map.
// Errors are reported for the alphabetically first bad name.
func ParseParams(params map[string]any) (map[string]ad.Tensor, error) {
	out := make(map[string]ad.Tensor, len(params))
	for _, k := range sortedKeys(params) {
		t, err := ParseParam(k, params[k])
		if err != nil {
			return nil, err
		}
		out[k] = t
	}
	return out, nil
}

// number reports whether v is a Go number, and its finite float64 value.
func number(v any) (float64, bool, error) {
	var x float64
	switch n := v.(type) {
	case float64:
		x = n
	case float32:
		x = float64(n)
	case int:
		x = float64(n)
	case int8:
		x = float64(n)
	case int16:
		x = float64(n)
	case int32:
		x = float64(n)
	case int64:
		x = float64(n)
	case uint:
		x = float64(n)
	case uint8:
		x = float64(n)
	case uint16:
		x = float64(n)
	case uint32:
		x = float64(n)
	case uint64:
		x = float64(n)
	case string:
		// YAML 1.1 decoders read 1e-3 (no dot) as a string; accept every
		// JSON and YAML 1.2 number form. Such a string beyond float64's
		// range was "not a number", and one below it 0, silently.
		t := strings.TrimSpace(n)
		f, err := strconv.ParseFloat(t, 64)
		switch {
		case errors.Is(err, strconv.ErrRange):
			return 0, true, fmt.Errorf("value %s is out of range (beyond float64, about ±1.8e308)", t)
		case err != nil:
			return 0, false, nil
		case f == 0 && nonzeroMantissa(strings.TrimLeft(t, "+-")):
			return 0, true, fmt.Errorf("value %s underflows to 0 (below float64's smallest, about 4.9e-324)", t)
		}
		x = f
	default:
		return 0, false, nil
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, true, fmt.Errorf("value %g is not finite", x)
	}
	return x, true, nil
}

// valueText names a decoded value that is not a number as a config
// writes it (null, a mapping, a list, "text", true), not by its Go type
// ("<nil> (<nil>)", "map[] (map[string]interface {})").
func valueText(v any) string {
	if _, ok := list(v); ok {
		return "a list"
	}
	switch v := v.(type) {
	case nil:
		return "null (no value)"
	case string:
		const max = 40
		if r := []rune(v); len(r) > max {
			v = string(r[:max]) + "…"
		}
		return fmt.Sprintf("%q (a string)", v)
	case bool:
		return fmt.Sprintf("%t (a boolean)", v)
	case map[string]any, map[any]any:
		return "a mapping (key: value)"
	}
	return fmt.Sprintf("a value of Go type %T", v)
}

// list converts the list forms ParseParam accepts into []any.
func list(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []float64:
		out := make([]any, len(l))
		for i, x := range l {
			out[i] = x
		}
		return out, true
	case []int:
		out := make([]any, len(l))
		for i, x := range l {
			out[i] = x
		}
		return out, true
	case [][]float64:
		out := make([]any, len(l))
		for i, x := range l {
			out[i] = x
		}
		return out, true
	}
	return nil, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// describeShape names a tensor shape for error messages: "scalar",
// "3-vector" or "2x3 matrix".
func describeShape(rows, cols int) string {
	switch {
	case rows == 1 && cols == 1:
		return "scalar"
	case rows == 1:
		return fmt.Sprintf("%d-vector", cols)
	}
	return fmt.Sprintf("%dx%d matrix", rows, cols)
}

// Parameterized is implemented by games that expose their named
// parameters: every built-in and every formula game.
type Parameterized interface {
	// Params returns copies of the parameters by name.
	Params() map[string]ad.Tensor
}

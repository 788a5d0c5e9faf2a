package game

import (
	"testing"
)

// TestParseParamNamesValuesAsWritten: a value that is not a number is
// named as the config writes it, not by its Go type: null was
// "value <nil> (<nil>)", a mapping "value map[] (map[string]interface
// {})" and a list where a number belongs "value [1] ([]interface {})".
func TestParseParamNamesValuesAsWritten(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{nil, "param P: null (no value) is not a number, a list of numbers or a list of lists"},
		{map[string]any{}, "param P: a mapping (key: value) is not a number, a list of numbers or a list of lists"},
		{"yes", `param P: "yes" (a string) is not a number, a list of numbers or a list of lists`},
		{true, "param P: true (a boolean) is not a number, a list of numbers or a list of lists"},
		{[]any{1, nil}, "param P[1]: null (no value) is not a number"},
		{[]any{1, []any{2}}, "param P[1]: a list is not a number"},
		{[]any{[]any{[]any{1}}}, "param P[0][0]: a list is not a number"},
		{[]any{[]any{1}, "a"}, `param P[1]: "a" (a string) is not a list, but row 0 is`},
	} {
		_, err := ParseParam("P", c.v)
		if err == nil || err.Error() != c.want {
			t.Errorf("%#v: error %v, want %q", c.v, err, c.want)
		}
	}
}

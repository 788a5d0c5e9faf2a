package safeyaml

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestQuotedKeyTabBeforeColon: a tab in a double-quoted key with blanks
// between the key and its ':' makes the reader drop one of the blanks,
// which changes nothing, as before ',', ']' or '}'; it was refused. Each
// input must read as the same input with the tab written \t does, and
// that must hold the key "k<TAB>x" with the value 1.
func TestQuotedKeyTabBeforeColon(t *testing.T) {
	for _, in := range []string{
		"\"k\tx\" : 1\n",
		"\"k\tx\"   : 1\n",
		"- \"k\tx\" : 1\n",
		"{\"k\tx\" : 1}\n",
		"m:\n  \"k\tx\" : 1\n",
	} {
		var got, want any
		if err := Unmarshal([]byte(in), &got, Limits{}); err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		escaped := strings.ReplaceAll(in, "\t", `\t`)
		if err := Unmarshal([]byte(escaped), &want, Limits{}); err != nil {
			t.Fatalf("%q: %v", escaped, err)
		}
		if !reflect.DeepEqual(got, want) || !strings.Contains(strings.ReplaceAll(fmtValue(got), " ", ""), `"k\tx":0x1`) {
			t.Errorf("%q: %#v, want %#v (the key \"k\\tx\" with 1)", in, got, want)
		}
	}
}

// fmtValue is v as %#v shows it.
func fmtValue(v any) string { return fmt.Sprintf("%#v", v) }

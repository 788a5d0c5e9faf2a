package experiment

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stackel/stackel/learn"
)

// TestKindOwnKeyErrorsNameTheKey: for every smooth dynamics kind, each of
// its own keys given a bad value (-1, NaN, +Inf) is an error that names
// the key as the config writes it (dynamics.<key>) at its line, 4, not
// the dynamics block's line 2 under another name (LOLA's lookahead was
// reported as "line 2: dynamics: look-ahead: …").
func TestKindOwnKeyErrorsNameTheKey(t *testing.T) {
	for _, name := range learn.KindNames() {
		k, _ := learn.LookupKind(name)
		keys := fieldKeys(reflect.TypeOf(k.Params()))
		sort.Strings(keys)
		for _, key := range keys {
			for _, v := range []string{"-1", ".nan", ".inf"} {
				src := fmt.Sprintf("game: {builtin: duopoly}\ndynamics:\n  kind: %s\n  %s: %s\n", name, key, v)
				got, want := configErrorText(t, src), "config: line 4: dynamics."+key
				if !strings.HasPrefix(got, want) {
					t.Errorf("kind %s, %s: %s: error %q; want it to begin %q", name, key, v, got, want)
				}
			}
		}
	}
}

package experiment

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestRegisterRunKindNeedsCheck: RegisterRunKind requires Name, Match, Run
// and Check, as the README's "Where to add things" says. Before session 39
// the README showed RunKind{Name, Match, Run}, which panics at init.
func TestRegisterRunKindNeedsCheck(t *testing.T) {
	match := func(*Config) bool { return false }
	run := func(context.Context, *Config, RunOptions) (string, error) { return "", nil }
	check := func(*Config) error { return nil }
	for _, k := range []RunKind{
		{Name: "s39-nocheck", Match: match, Run: run},
		{Name: "s39-norun", Match: match, Check: check},
		{Name: "s39-nomatch", Run: run, Check: check},
		{Match: match, Run: run, Check: check},
	} {
		got := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			RegisterRunKind(k)
			return ""
		}()
		if !strings.Contains(got, "registered without a name, Match, Run or Check") {
			t.Errorf("RegisterRunKind(%q, Match %v, Run %v, Check %v) = %q; want a panic naming the four", k.Name, k.Match != nil, k.Run != nil, k.Check != nil, got)
		}
	}
	for _, name := range RunKinds() {
		if strings.HasPrefix(name, "s39-") {
			t.Errorf("incomplete kind %q was registered", name)
		}
	}
}

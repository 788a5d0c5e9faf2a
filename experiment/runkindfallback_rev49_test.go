package experiment

import (
	"context"
	"maps"
	"testing"
)

// TestTwoFallbackKinds49: a second Fallback kind (one registered from
// outside beside smooth) is one more fallback, not a kind that smooth
// yields to: a configuration both match, with no other kind matching, is
// ambiguous and the error names both; one that a kind that is not a
// fallback matches goes to that kind whatever the fallbacks match.
func TestTwoFallbackKinds49(t *testing.T) {
	kinds := kindsWith(RunKind{Name: "catchall", Match: func(*Config) bool { return true }, Fallback: true})
	for _, c := range []struct{ yaml, kind, err string }{
		{"game: {builtin: duopoly}\ndynamics: {kind: sga}\n", "", "config: ambiguous, several kinds of run accept it: catchall, smooth"},
		{"game: {builtin: cournot}\ndynamics: {kind: hic}\nstages: 10\n", "hic", ""},
	} {
		cfg, err := ParseConfig([]byte(c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		k, err := kindOf(kinds, cfg)
		if got := errText(err); k.Name != c.kind || got != c.err {
			t.Errorf("%q: kind %q, error %q; want %q, %q", c.yaml, k.Name, got, c.kind, c.err)
		}
	}
}

// kindsWith returns the registered kinds of run and extra, each given a
// Run and a Check that do nothing, for kindOf (the registry itself stays
// as it is).
func kindsWith(extra ...RunKind) map[string]RunKind {
	runKindsMu.Lock()
	kinds := maps.Clone(runKinds)
	runKindsMu.Unlock()
	for _, k := range extra {
		k.Run = func(context.Context, *Config, RunOptions) (string, error) { return "", nil }
		k.Check = func(*Config) error { return nil }
		kinds[k.Name] = k
	}
	return kinds
}

// errText is err's message, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

package experiment

import "testing"

// A kind of run added beside the built-in ones takes the configurations
// its Match accepts, though smooth's Match accepts them too: smooth is the
// fallback (RunKind.Fallback), taking a configuration only when no other
// kind does. Before session 49 such a configuration was refused as
// "ambiguous, several kinds of run accept it: mine, smooth", so the
// README's recipe for a new kind could not work without editing smooth.go.
// Two kinds that are not fallbacks both matching is still ambiguous.
func TestNewRunKindBesideSmooth49(t *testing.T) {
	kinds := kindsWith(RunKind{Name: "mine", Match: func(c *Config) bool { return c.Name == "mine" }})
	for _, c := range []struct{ yaml, want string }{
		{"name: mine\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n", "mine"},
		{"name: other\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n", "smooth"},
		{"name: mine\ngame: {builtin: cournot}\ndynamics: {kind: hic}\nstages: 10\n", "ambiguous"},
	} {
		cfg, err := ParseConfig([]byte(c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		k, err := kindOf(kinds, cfg)
		got := k.Name
		if err != nil {
			got = "ambiguous"
			if err.Error() != "config: ambiguous, several kinds of run accept it: hic, mine" {
				t.Errorf("%q: error %v", c.yaml, err)
			}
		}
		if got != c.want {
			t.Errorf("%q: kind %s, want %s", c.yaml, got, c.want)
		}
	}
}

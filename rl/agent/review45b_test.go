package agent

import (
	"io"
	"testing"
)

// TestValidatePolyakOnPolicy: AC and STAC keep no target networks and
// never read Polyak; Validate refused ρ = 1 on them, saying it "keeps the
// target networks at their initial parameters", which they do not have.
// It is ignored there, as BatchSize is.
func TestValidatePolyakOnPolicy(t *testing.T) {
	for _, algo := range []Algo{AC, STAC} {
		c, err := Defaults("CartPole-v1", algo)
		if err != nil {
			t.Fatal(err)
		}
		for _, rho := range []float64{1, 1.5} {
			c.Polyak = rho
			if err := c.Validate(); err != nil {
				t.Errorf("%s, polyak %v: Validate = %v, want nil (unused)", algo, rho, err)
			}
		}
	}
}

// TestSaveNilWriter: Save(nil) is an error, as Load(nil) is (gob's
// encoder panicked writing to it), and the agent stays usable: it saves
// after it.
func TestSaveNilWriter(t *testing.T) {
	_, a := tinyCartPoleAC(t)
	const want = "agent: checkpoint: nil io.Writer"
	if err := a.Save(nil); err == nil || err.Error() != want {
		t.Fatalf("Save(nil): %v, want %s", err, want)
	}
	if err := a.Save(io.Discard); err != nil {
		t.Errorf("Save after Save(nil): %v", err)
	}
}

package markov

import (
	"math"
	"testing"
)

// TestBuiltinIntegerParamRange checks that integer parameters outside the
// range where float64 → int/uint64 conversion is defined are errors: Go
// leaves an out-of-range conversion implementation-dependent (on amd64
// seed = -1 became 2^64−1, and seed = 1e30 the same game as seed = 2^63).
func TestBuiltinIntegerParamRange(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    map[string]float64
		want string
	}{
		{"random", map[string]float64{"seed": -1}, `markov: built-in "random": parameter seed = -1 must be >= 0`},
		{"random", map[string]float64{"seed": 1e30}, `markov: built-in "random": parameter seed = 1e+30 must be an integer of magnitude at most 2^53`},
		{"random", map[string]float64{"states": 1e30}, `markov: built-in "random": parameter states = 1e+30 must be an integer of magnitude at most 2^53`},
		{"patrol", map[string]float64{"targets": -1e19}, `markov: built-in "patrol": parameter targets = -1e+19 must be an integer of magnitude at most 2^53`},
		{"epidemic", map[string]float64{"levels": 1e300}, `markov: built-in "epidemic": parameter levels = 1e+300 must be an integer of magnitude at most 2^53`},
	} {
		g, err := Builtin(tc.name, tc.p)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Builtin(%q, %v) = %v, %v; want error %q", tc.name, tc.p, g, err, tc.want)
		}
	}
	// The largest exact seed is accepted and differs from seed 0.
	a, err := Builtin("random", map[string]float64{"seed": 1 << 53})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Builtin("random", map[string]float64{"seed": 0})
	if err != nil {
		t.Fatal(err)
	}
	if a.R1[0][0][0] == b.R1[0][0][0] {
		t.Errorf("seed 2^53 and seed 0 give the same game")
	}
}

// TestRandomGameSizeOverflow checks the size limit of RandomGame where
// |S|²·|A1|·|A2| overflows int: with |S| = 2^32 the product wrapped to 0,
// passed the 2^26 limit and the allocation of 2^32-entry slices was a
// fatal out-of-memory error.
func TestRandomGameSizeOverflow(t *testing.T) {
	skipNarrowInt55(t) // the sizes are beyond a 32-bit int
	var s32, s2 int64 = 1 << 32, 3037000500
	const want = "states=4294967296, actions1=1, actions2=1: P would have more than 2^26 entries"
	if g, err := RandomGame(int(s32), 1, 1, 1, 0.9, 0.1); err == nil || err.Error() != want {
		t.Fatalf("RandomGame(2^32, 1, 1) = %v, %v; want error %q", g, err, want)
	}
	const want2 = "states=3037000500, actions1=2, actions2=2: P would have more than 2^26 entries"
	if g, err := RandomGame(int(s2), 2, 2, 1, 0.9, 0.1); err == nil || err.Error() != want2 {
		t.Fatalf("RandomGame(3037000500, 2, 2) = %v, %v; want error %q", g, err, want2)
	}
}

// TestConfigNonFiniteThetaNamesKey checks that a non-finite initial
// parameter is reported by its key and index (it was "initial parameter
// 5", an index into θ1 and θ2 concatenated).
func TestConfigNonFiniteThetaNamesKey(t *testing.T) {
	g, err := Builtin("random", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Theta1: make([]float64, 4), Theta2: []float64{0, math.NaN(), 0, 0}}
	const want = "markov: config: theta2[1] = NaN is not finite"
	if err := cfg.Validate(g); err == nil || err.Error() != want {
		t.Errorf("Validate = %v, want %q", err, want)
	}
	cfg = Config{Theta1: []float64{0, 0, math.Inf(-1), 0}}
	const want1 = "markov: config: theta1[2] = -Inf is not finite"
	if err := cfg.Validate(g); err == nil || err.Error() != want1 {
		t.Errorf("Validate = %v, want %q", err, want1)
	}
}

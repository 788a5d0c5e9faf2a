package safeyaml

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestParseEnvInt checks which values a limit variable takes: positive
// whole numbers, plainly or in exponent form (as a config's integer
// fields take them), and that every other value is an error naming the
// variable and the value.
func TestParseEnvInt(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"4000000", 4_000_000},
		{"1e7", 10_000_000},
		{"1E+7", 10_000_000},
		{"2.5e6", 2_500_000},
		{"100.0", 100},
		{" 300 ", 300},
		{"+5", 5},
		{"1", 1},
		{strconv.Itoa(math.MaxInt), math.MaxInt},
	} {
		got, err := ParseEnvInt("STACKEL_MAX_X", c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseEnvInt(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, why string }{
		{"-5", "not a positive number"},
		{"0", "not a positive number"},
		{"-1e3", "not a positive number"},
		{"abc", "not a number"},
		{"1.5", "not a whole number"},
		{"5e-1", "not a whole number"},
		{"1e400", "larger than the largest integer"},
		{"99999999999999999999", "larger than the largest integer"},
		{"9.3e18", "larger than the largest integer"},
		{"0x10", "not a number"},
		{"inf", "not a number"},
		{"nan", "not a number"},
		{"1_000", "not a number"},
		{"1e7.5", "not a number"},
		{" ", "not a number"},
	} {
		got, err := ParseEnvInt("STACKEL_MAX_X", c.in)
		if err == nil {
			t.Errorf("ParseEnvInt(%q) = %d, want an error", c.in, got)
			continue
		}
		for _, w := range []string{`STACKEL_MAX_X="` + c.in + `"`, c.why} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseEnvInt(%q): error %q lacks %q", c.in, err, w)
			}
		}
	}
}

// TestEnvLimitErrors checks that a limit variable set to an invalid value
// is not silently replaced by its default: LookupEnvInt, CheckEnv,
// Unmarshal and ReadFile each return an error naming the variable and
// the value (EnvInt, without an error, gives the default), for this
// package's variables and another package's (STACKEL_MAX_MARKOV_SIZE);
// and that 1e7 is read as 10 000 000.
func TestEnvLimitErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte("n: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, value string }{
		{EnvMaxBytes, "-5"},
		{EnvMaxBytes, "abc"},
		{EnvMaxNodes, "1.5"},
		{"STACKEL_MAX_MARKOV_SIZE", "1e400"},
		{"STACKEL_MAX_MARKOV_SIZE", "abc"},
	} {
		t.Run(c.name+"="+c.value, func(t *testing.T) {
			t.Setenv(c.name, c.value)
			want := c.name + `="` + c.value + `"`
			if got := EnvInt(c.name, 77); got != 77 {
				t.Errorf("EnvInt = %d, want the default 77", got)
			}
			_, err := LookupEnvInt(c.name, 77)
			check := func(what string, err error) {
				t.Helper()
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%s: error %v, want one naming %s", what, err, want)
				}
			}
			check("LookupEnvInt", err)
			check("CheckEnv", CheckEnv())
			var s sample
			check("Unmarshal", Unmarshal([]byte("n: 1\n"), &s, Limits{}))
			_, err = ReadFile(path)
			check("ReadFile", err)
		})
	}
	t.Setenv("STACKEL_MAX_MARKOV_SIZE", "1e7")
	if got, err := LookupEnvInt("STACKEL_MAX_MARKOV_SIZE", 4_000_000); got != 10_000_000 || err != nil {
		t.Errorf("STACKEL_MAX_MARKOV_SIZE=1e7: LookupEnvInt = %d, %v; want 10000000", got, err)
	}
	if got := EnvInt("STACKEL_MAX_MARKOV_SIZE", 4_000_000); got != 10_000_000 {
		t.Errorf("STACKEL_MAX_MARKOV_SIZE=1e7: EnvInt = %d, want 10000000", got)
	}
	if err := CheckEnv(); err != nil {
		t.Errorf("CheckEnv with STACKEL_MAX_MARKOV_SIZE=1e7: %v", err)
	}
	t.Setenv(EnvMaxBytes, "")
	if got, err := LookupEnvInt(EnvMaxBytes, DefaultMaxBytes); got != DefaultMaxBytes || err != nil {
		t.Errorf("empty %s: %d, %v; want the default %d", EnvMaxBytes, got, err, DefaultMaxBytes)
	}
}

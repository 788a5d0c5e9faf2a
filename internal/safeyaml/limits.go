package safeyaml

import (
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Limits bound what Unmarshal accepts. The zero value of a field means its
// default.
type Limits struct {
	// MaxBytes is the largest input in bytes (default 8 MiB;
	// STACKEL_MAX_INPUT_BYTES).
	MaxBytes int
	// MaxValues bounds the number of scalar values, counted before parsing
	// (default 250 000, about 600 MB of parser memory;
	// STACKEL_MAX_INPUT_VALUES).
	MaxValues int
	// MaxDepth is the deepest nesting of mappings and sequences (default
	// 100; STACKEL_MAX_INPUT_DEPTH).
	MaxDepth int
	// MaxNodes bounds the number of nodes after alias expansion (default
	// 1 000 000; STACKEL_MAX_INPUT_NODES).
	MaxNodes int
	// MaxPathBytes bounds the bytes of key paths the decoder builds: it
	// gives every value the dotted path of the keys above it
	// ("$.game.params.k[7]") as a new string, so a long key above many
	// values costs their product in time and memory. Bounded from above
	// by (longest key + 8) × depth × values (default 2²⁷, 128 MiB;
	// STACKEL_MAX_INPUT_PATH_BYTES).
	MaxPathBytes int
	// MaxKeys bounds the keys of one block mapping (one key a line at the
	// same indentation), counted before parsing: the parser takes time
	// growing as the square of them (a mapping of 30 000 keys took 10 s,
	// one of 90 000, a file of 1 MiB, 2 minutes), where a flow mapping
	// ({k0: 1, …}) and a list cost time in proportion (default 20 000;
	// STACKEL_MAX_INPUT_KEYS).
	MaxKeys int
}

// Environment variables that raise the limits.
const (
	EnvMaxBytes  = "STACKEL_MAX_INPUT_BYTES"
	EnvMaxValues = "STACKEL_MAX_INPUT_VALUES"
	EnvMaxDepth  = "STACKEL_MAX_INPUT_DEPTH"
	EnvMaxNodes  = "STACKEL_MAX_INPUT_NODES"
	EnvMaxPath   = "STACKEL_MAX_INPUT_PATH_BYTES"
	EnvMaxKeys   = "STACKEL_MAX_INPUT_KEYS"
)

// Defaults of Limits.
const (
	DefaultMaxBytes  = 8 << 20
	DefaultMaxValues = 250_000
	DefaultMaxDepth  = 100
	DefaultMaxNodes  = 1_000_000
	DefaultMaxPath   = 1 << 27
	DefaultMaxKeys   = 20_000
)

// DefaultLimits returns the default limits, each overridden by its
// environment variable when that holds a positive whole number (an
// invalid value leaves the default here; CheckEnv, which Unmarshal and
// ReadFile call, reports it).
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:     EnvInt(EnvMaxBytes, DefaultMaxBytes),
		MaxValues:    EnvInt(EnvMaxValues, DefaultMaxValues),
		MaxDepth:     EnvInt(EnvMaxDepth, DefaultMaxDepth),
		MaxNodes:     EnvInt(EnvMaxNodes, DefaultMaxNodes),
		MaxPathBytes: EnvInt(EnvMaxPath, DefaultMaxPath),
		MaxKeys:      EnvInt(EnvMaxKeys, DefaultMaxKeys),
	}
}

// EnvPrefix begins the name of every environment variable that raises a
// limit of stackel (those of this package, STACKEL_MAX_DIM,
// STACKEL_MAX_MARKOV_SIZE, STACKEL_MAX_WIDTH, …); CheckEnv checks them all.
const EnvPrefix = "STACKEL_MAX_"

// EnvInt returns the limit in the environment variable name: def when the
// variable is unset or empty, else its value when that is a positive
// whole number (ParseEnvInt: 4000000, and 4e6 or 4.5e6 as in a config,
// where 1e2 is 100). A value that is set but not such a number (-5, abc,
// 1.5, 0) also gives def here, for callers that cannot return an error;
// it is not ignored: CheckEnv, which Unmarshal and ReadFile call before
// any input is read, stops the program with an error naming the variable
// and the value. Callers that can return an error use LookupEnvInt (every
// limit outside this package does, so that a config built in code, which
// no input reading checked, gets the error too).
func EnvInt(name string, def int) int {
	v, err := LookupEnvInt(name, def)
	if err != nil {
		return def
	}
	return v
}

// LookupEnvInt is EnvInt with an error, naming the variable and its value,
// for a value that is set but not a positive whole number.
func LookupEnvInt(name string, def int) (int, error) {
	s := os.Getenv(name)
	if s == "" {
		return def, nil
	}
	return ParseEnvInt(name, s)
}

// envNumber is a whole number as ParseEnvInt takes it: decimal digits,
// optionally with a fraction and an exponent (4e6, 4.5e6, 100.0).
var envNumber = regexp.MustCompile(`^\+?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// ParseEnvInt parses s, the value of the environment variable name, as a
// limit: a positive whole number within the range of int, written in
// decimal (spaces around it ignored), plainly (4000000) or in exponent
// form (4e6, 4.5e6, 1E+7) — as a config's integer fields take it ("1e2 is
// 100") — but not with a fraction left (1.5, 2.5e-1), as 0 or a negative
// number, in hex, or as inf or nan. The error names the variable and
// the value (as KeyText and ValueText give them: cut, and quoted when
// not plain).
func ParseEnvInt(name, s string) (int, error) {
	t := strings.TrimSpace(s)
	bad := func(why string) (int, error) {
		return 0, fmt.Errorf("environment variable %s=%s: %s; give a positive whole number (such as 4000000 or 4e6), or unset it for the default", keyText(name), ValueText(s), why)
	}
	if v, err := strconv.ParseInt(t, 10, 0); err == nil {
		if v <= 0 {
			return bad("not a positive number")
		}
		return int(v), nil
	}
	if !envNumber.MatchString(t) {
		if strings.HasPrefix(t, "-") {
			return bad("not a positive number")
		}
		return bad("not a number")
	}
	f, err := strconv.ParseFloat(t, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return bad("not a number")
	case f != math.Trunc(f):
		return bad("not a whole number")
	case f <= 0:
		return bad("not a positive number")
	case f >= math.Ldexp(1, strconv.IntSize-1): // also +Inf (1e400)
		return bad(fmt.Sprintf("larger than the largest integer, %d", math.MaxInt))
	}
	return int(f), nil
}

// CheckEnv returns an error for the first (by name) environment variable
// whose name begins with EnvPrefix and that is set to a value other than
// a positive whole number (ParseEnvInt), naming the variable and the
// value. Unmarshal and ReadFile call it, so that every command that reads
// an input stops at a mistyped limit instead of running silently with
// the default (EnvInt, which cannot return an error).
func CheckEnv() error {
	var names []string
	vals := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, EnvPrefix) && v != "" {
			names = append(names, k)
			vals[k] = v
		}
	}
	sort.Strings(names)
	for _, k := range names {
		if _, err := ParseEnvInt(k, vals[k]); err != nil {
			return err
		}
	}
	return nil
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxValues <= 0 {
		l.MaxValues = DefaultMaxValues
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultMaxNodes
	}
	if l.MaxPathBytes <= 0 {
		l.MaxPathBytes = DefaultMaxPath
	}
	if l.MaxKeys <= 0 {
		l.MaxKeys = DefaultMaxKeys
	}
	return l
}

// LimitError reports an input beyond a limit: what, the limit, and the
// environment variable that raises it.
type LimitError struct {
	// What says which limit was exceeded, and by what.
	What string
	// Limit is the limit in force.
	Limit int
	// Env names the environment variable that raises it.
	Env string
}

// Error says what exceeded which limit and how to raise it.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%s (limit %d; set %s to raise it)", e.What, e.Limit, e.Env)
}

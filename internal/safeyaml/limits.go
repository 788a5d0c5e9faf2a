package safeyaml

import (
	"fmt"
	"os"
	"strconv"
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
}

// Environment variables that raise the limits.
const (
	EnvMaxBytes  = "STACKEL_MAX_INPUT_BYTES"
	EnvMaxValues = "STACKEL_MAX_INPUT_VALUES"
	EnvMaxDepth  = "STACKEL_MAX_INPUT_DEPTH"
	EnvMaxNodes  = "STACKEL_MAX_INPUT_NODES"
	EnvMaxPath   = "STACKEL_MAX_INPUT_PATH_BYTES"
)

// Defaults of Limits.
const (
	DefaultMaxBytes  = 8 << 20
	DefaultMaxValues = 250_000
	DefaultMaxDepth  = 100
	DefaultMaxNodes  = 1_000_000
	DefaultMaxPath   = 1 << 27
)

// DefaultLimits returns the default limits, each overridden by its
// environment variable when that holds a positive integer.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:     EnvInt(EnvMaxBytes, DefaultMaxBytes),
		MaxValues:    EnvInt(EnvMaxValues, DefaultMaxValues),
		MaxDepth:     EnvInt(EnvMaxDepth, DefaultMaxDepth),
		MaxNodes:     EnvInt(EnvMaxNodes, DefaultMaxNodes),
		MaxPathBytes: EnvInt(EnvMaxPath, DefaultMaxPath),
	}
}

// EnvInt returns the positive integer in the environment variable name, or
// def when it is unset, empty or not a positive integer.
func EnvInt(name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil || v <= 0 {
		return def
	}
	return v
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

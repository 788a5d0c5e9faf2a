package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// atLeast is the smallest value an integer flag may be given.
type atLeast struct {
	flag string
	min  int
}

// checkCounts returns an error naming the first flag of bounds that the
// command line set below its bound ("--seeds 0: need at least 1"). A flag
// left out keeps its default, which may lie below the bound: 0 or -1 there
// means "the default" (the paper's seeds, all cores), and typing that
// value would silently mean the same, which is why it is refused (the
// error then says to leave the flag out).
func checkCounts(cmd *cobra.Command, bounds ...atLeast) error {
	for _, b := range bounds {
		f := cmd.Flags().Lookup(b.flag)
		if f == nil || !f.Changed {
			continue
		}
		v, err := strconv.Atoi(f.Value.String())
		if err != nil {
			return fmt.Errorf("--%s %s: %w", b.flag, f.Value, err)
		}
		if v < b.min {
			hint := ""
			if def, err := strconv.Atoi(f.DefValue); err != nil || def < b.min {
				// A default below the bound, or one that --help does
				// not show (hideSentinel): "the default" is no value.
				hint = " (or leave it out for the default)"
			}
			return fmt.Errorf("--%s %d: need at least %d%s", b.flag, v, b.min, hint)
		}
	}
	return nil
}

// hideSentinel keeps --help from showing the default of flag name of fl:
// a value such as -1 that stands for "not given" (sweep --workers: the
// number of cores; run --index: no manifest job), which the command
// refuses when typed. pflag printed it as "(default -1)", beside the
// usage's own "(default: the number of cores; 0 for none)". checkCounts
// reads a hidden default as one below any bound.
func hideSentinel(fl *pflag.FlagSet, name string) {
	fl.Lookup(name).DefValue = ""
}

// onlyWith returns an error if the command line set any of flags while
// applies is false: they have no effect without what, and silently
// ignoring them would run something other than what was asked.
func onlyWith(cmd *cobra.Command, applies bool, what string, flags ...string) error {
	if applies {
		return nil
	}
	var set []string
	for _, name := range flags {
		if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
			set = append(set, "--"+name)
		}
	}
	if len(set) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", strings.Join(set, ", "), what)
}

// seedValue is the value of `run --seed`: a seed as a config holds one, a
// uint64 written in decimal, 0 to 2⁶⁴−1. (An int64 flag refused the seeds
// from 2⁶³ on, which a config accepts, with a parser's "out of range".)
type seedValue uint64

// String implements pflag.Value.
func (s *seedValue) String() string { return strconv.FormatUint(uint64(*s), 10) }

// Type implements pflag.Value.
func (s *seedValue) Type() string { return "uint64" }

// Set implements pflag.Value, refusing anything but a decimal whole number
// from 0 to 2⁶⁴−1 (pflag names the flag and the value in the error), and
// one written with a leading zero (010), which a config's seed refuses
// (octal 8 to its YAML reader, 10 to others) and pflag's other number
// flags read as octal; zero written as 00 is no different from 0.
func (s *seedValue) Set(v string) error {
	if len(v) > 1 && v[0] == '0' && strings.Trim(v, "0123456789") == "" && strings.Trim(v, "0") != "" {
		return fmt.Errorf("a number with a leading zero is octal to some readers and decimal to others (a config's seed: refuses it too); write the seed without the leading zero")
	}
	u, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return fmt.Errorf("a seed is a whole number from 0 to %d written in decimal digits (a config's seed: also takes 1e3 or 0x10; --seed does not)", uint64(1<<64-1))
	}
	*s = seedValue(u)
	return nil
}

package main

import (
	"testing"
)

// `run --seed 010` read 10 (decimal), where a config's `seed: 010` is
// refused (octal 8 to the YAML reader, 10 to others) and pflag's other
// number flags (--workers 010) read 8: the flag refuses the leading zero
// as the config does. Zero (0, 00) is a seed, as in a config.
func TestSeedFlagRefusesLeadingZero(t *testing.T) {
	for _, v := range []string{"010", "08", "0010"} {
		_, err := execute(t, "run", "c.yaml", "--seed", v)
		want := `invalid argument "` + v + `" for "--seed" flag: a number with a leading zero is octal to some readers and decimal to others (a config's seed: refuses it too); write the seed without the leading zero`
		if err == nil || err.Error() != want {
			t.Errorf("run --seed %s: error %v\nwant %s", v, err, want)
		}
	}
	for _, v := range []string{"0", "00"} {
		s := seedValue(7)
		if err := s.Set(v); err != nil || s != 0 {
			t.Errorf("--seed %s: %v, seed %d; want 0", v, err, s)
		}
	}
}

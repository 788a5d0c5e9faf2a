package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCollectDiskRefusesNATSOnlyFlags: `sweep collect DIR --out OTHER`
// wrote the report into DIR and said nothing of --out (it names the
// directory of a sweep collected from a server), and the connection
// flags were ignored too. Each is refused, naming it, with DIR unchanged.
func TestCollectDiskRefusesNATSOnlyFlags(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "s.yaml", sgaSpec("c"))
	sw := filepath.Join(dir, "sw")
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", sw); err != nil {
		t.Fatal(err)
	}
	before := dirContents(t, sw)
	other := filepath.Join(dir, "other")
	for _, c := range []struct{ args []string }{
		{[]string{"sweep", "collect", sw, "--out", other}},
		{[]string{"sweep", "collect", sw, "--token", "t"}},
		{[]string{"sweep", "collect", sw, "--tls-ca", "ca.pem"}},
	} {
		_, err := execute(t, c.args...)
		want := c.args[3] + ": no effect without --nats (collect DIR writes the report into DIR from the runs there; --out names the directory of a sweep downloaded from a server)"
		if err == nil || err.Error() != want {
			t.Errorf("%v: %v, want %q", c.args, err, want)
		}
		if _, err := os.Stat(other); err == nil {
			t.Errorf("%v: made %s", c.args, other)
		}
		after := dirContents(t, sw)
		if len(after) != len(before) {
			t.Errorf("%v: wrote into %s: %d files, was %d", c.args, sw, len(after), len(before))
		}
		for name := range after {
			if after[name] != before[name] {
				t.Errorf("%v: changed %s", c.args, name)
			}
		}
		os.Remove(filepath.Join(sw, "report.md"))
		os.Remove(filepath.Join(sw, "sweep.json"))
		os.RemoveAll(filepath.Join(sw, "curves"))
	}
}

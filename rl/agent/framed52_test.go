package agent

import (
	"bytes"
	"testing"
)

// Load on a run directory's checkpoint.gob (package experiment's frame
// around Save's output) says what the file is and what reads it: before
// session 52 it said "agent: reading checkpoint: gob: unknown type id or
// corrupted data".
func TestLoadNamesFramedCheckpoint52(t *testing.T) {
	const want = `agent: reading checkpoint: this is a run directory's checkpoint.gob (agent.Save's state framed with checksums by package experiment, "stackel checkpoint v…"), not agent.Save's output: read it with experiment.ReadCheckpoint(dir)`
	for _, magic := range []string{"stackel checkpoint v3\n", "stackel checkpoint v2\n"} {
		frame := append([]byte(magic), make([]byte, 72)...) // length, digests: Load stops at the magic
		_, err := Load(bytes.NewReader(frame))
		if err == nil || err.Error() != want {
			t.Errorf("%q: err %v\nwant %s", magic, err, want)
		}
	}
}

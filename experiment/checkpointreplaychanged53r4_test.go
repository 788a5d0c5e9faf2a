package experiment

import (
	"bytes"
	"crypto/sha256"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// A checkpoint file written in place between the two passes in its
// replay buffer's message alone (version 2: after the snapshot, which
// LoadPolicy decodes and stops after) is refused by the evaluation's
// reader too: the bytes the decoder leaves are hashed after it, so the
// checksum covers every byte of the file as it was read again (and the
// same file unchanged loads through both passes).
func TestCheckpointReplayChangedBetweenPasses53r4(t *testing.T) {
	payload := trainedPayload53(t)
	file := encodeCheckpoint(payload, sha256.Sum256([]byte("rows")))
	rewritten := bytes.Clone(file)
	rewritten[len(file)-20] ^= 0x01 // inside the buffer's message, the last
	pol, err := agent.LoadPolicy(bytes.NewReader(rewritten[len(file)-len(payload):]))
	if err != nil {
		t.Fatalf("the rewritten payload alone, for evaluation: %v (want it loaded: the change is past the policy's message)", err)
	}
	pol.Close()
	for _, u := range []struct {
		name string
		use  checkpointUse
	}{{"eval", forEval}, {"resume", forResume}} {
		// Unchanged, it loads through the same two passes.
		a, _, err := readCheckpointFrom(&changingFile53{before: file, after: file}, int64(len(file)), u.use)
		if err != nil {
			t.Fatalf("%s: the unchanged file: %v", u.name, err)
		}
		a.Close()
		f := &changingFile53{before: file, after: rewritten}
		a, _, err = readCheckpointFrom(f, int64(len(file)), u.use)
		if a != nil {
			a.Close()
		}
		if err == nil || err.Error() != errChangedWhileRead.Error() {
			t.Errorf("%s: %v; want %v", u.name, err, errChangedWhileRead)
		}
	}
}

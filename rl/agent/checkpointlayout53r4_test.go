package agent

import (
	"bytes"
	"encoding/gob"
	"testing"

	"github.com/stackel/stackel/ad"
)

// Load checks a snapshot's layout against its version and run before it
// reads a replay buffer message: a version this build does not read is
// refused by its version whatever follows (a later layout's ReplayFollows
// and a message of another kind, or none); an on-policy run's snapshot
// saying a buffer follows, an off-policy run's without any buffer, and a
// version 1 snapshot saying one follows (version 2's layout) are refused
// naming what is wrong, where they read "replay buffer: EOF", "replay:
// invalid buffer data: reading header: EOF", or loaded.
func TestCheckpointLayoutChecked53r4(t *testing.T) {
	off := policyConfig53(t, "Pendulum-v1", DDPG, ad.Float64)
	on := policyConfig53(t, "CartPole-v1", STAC, ad.Float32)
	offS, err := decodeSaved(bytes.NewReader(trainedCheckpoint53(t, off)))
	if err != nil {
		t.Fatal(err)
	}
	onS, err := decodeSaved(bytes.NewReader(trainedCheckpoint53(t, on)))
	if err != nil {
		t.Fatal(err)
	}
	// messages encodes s and then each of more, as one gob stream.
	messages := func(s snapshot, more ...any) []byte {
		var b bytes.Buffer
		enc := gob.NewEncoder(&b)
		if err := enc.Encode(&s); err != nil {
			t.Fatal(err)
		}
		for _, m := range more {
			if err := enc.Encode(m); err != nil {
				t.Fatal(err)
			}
		}
		return b.Bytes()
	}
	v4 := offS
	v4.Version, v4.ReplayFollows, v4.Replay = 4, true, nil
	onFollows := onS
	onFollows.Version, onFollows.ReplayFollows = 2, true // Save writes an on-policy run as version 1
	offNone := offS
	offNone.Replay = nil
	v1Follows := offS
	v1Follows.Version, v1Follows.ReplayFollows, v1Follows.Replay = 1, true, nil
	type later struct{ Chunks [][]byte }
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"version 4, nothing after", messages(v4), "agent: checkpoint version 4, this build reads 1 to 3"},
		{"version 4, another message after", messages(v4, later{[][]byte{offS.Replay}}), "agent: checkpoint version 4, this build reads 1 to 3"},
		{"on-policy saying a buffer follows, nothing after", messages(onFollows), "agent: checkpoint says a replay buffer follows it, which a stac run does not keep: it was not written by a run of this configuration"},
		{"on-policy saying a buffer follows, an empty one after", messages(onFollows, []byte{}), "agent: checkpoint says a replay buffer follows it, which a stac run does not keep: it was not written by a run of this configuration"},
		{"off-policy without a buffer", messages(offNone), "agent: checkpoint has no replay buffer, which a ddpg run keeps: it was not written by a run of this configuration"},
		{"version 1 saying a buffer follows", messages(v1Follows, offS.Replay), "agent: checkpoint version 1 says its replay buffer follows it (ReplayFollows), which only versions 2 and 3 write"},
	} {
		a, err := Load(bytes.NewReader(c.data))
		if err == nil {
			a.Close()
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: Load: %v; want %q", c.name, err, c.want)
		}
	}
	// The version refusal comes first for LoadPolicy too.
	if _, err := LoadPolicy(bytes.NewReader(messages(v4))); err == nil || err.Error() != "agent: checkpoint version 4, this build reads 1 to 3" {
		t.Errorf("LoadPolicy of version 4: %v", err)
	}
}

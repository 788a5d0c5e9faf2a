package agent

import (
	"bytes"
	"testing"

	"github.com/stackel/stackel/ad"
)

// FuzzLoadBytes53r4 feeds Load and LoadPolicy raw bytes, seeded with
// Save's own output (version 2: an off-policy run's snapshot and then its
// replay buffer's message; an on-policy run's snapshot alone), which
// FuzzLoad and FuzzLoadPolicy, re-encoding a snapshot as one message,
// never start from. Whatever Load accepts, LoadPolicy accepts with the
// same epoch and steps, and Save writes the loaded agent back to the
// same bytes it had loaded from (a checkpoint of Save's is a fixed point).
func FuzzLoadBytes53r4(f *testing.F) {
	for _, c := range []Config{policyConfig53(f, "Pendulum-v1", DDPG, ad.Float64), policyConfig53(f, "CartPole-v1", STAC, ad.Float32)} {
		a, err := New(c)
		if err != nil {
			f.Fatal(err)
		}
		var buf bytes.Buffer
		if err := a.Save(&buf); err != nil {
			f.Fatal(err)
		}
		a.Close()
		f.Add(buf.Bytes())
		f.Add(buf.Bytes()[:buf.Len()*3/4])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		full, errFull := Load(bytes.NewReader(data))
		pol, errPol := LoadPolicy(bytes.NewReader(data))
		if pol != nil {
			defer pol.Close()
		}
		if errFull != nil {
			return
		}
		defer full.Close()
		if errPol != nil {
			t.Fatalf("Load accepts the bytes, LoadPolicy refuses them: %v", errPol)
		}
		if pol.Epoch() != full.Epoch() || pol.Steps() != full.Steps() {
			t.Fatalf("LoadPolicy: epoch %d, steps %d; Load: %d, %d", pol.Epoch(), pol.Steps(), full.Epoch(), full.Steps())
		}
		var out1, out2 bytes.Buffer
		if err := full.Save(&out1); err != nil {
			t.Fatalf("a loaded agent does not save: %v", err)
		}
		again, err := Load(bytes.NewReader(out1.Bytes()))
		if err != nil {
			t.Fatalf("Save's output of a loaded agent does not load: %v", err)
		}
		defer again.Close()
		if err := again.Save(&out2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
			t.Fatal("checkpoint changed in a save-load-save round trip")
		}
	})
}

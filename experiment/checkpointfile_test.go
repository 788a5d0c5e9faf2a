package experiment

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// smallCheckpoint returns the payload and the framed file of a fresh
// CartPole STAC agent with a hidden layer of 4.
func smallCheckpoint(t testing.TB) (payload, file []byte) {
	cfg, err := RLAgentConfig(RLConfig{Env: "CartPole-v1", Algo: "stac", Steps: 400, StepsPerEpoch: 200, Hidden: []int{4}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, err := agent.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := a.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), encodeCheckpoint(buf.Bytes(), [32]byte{})
}

// TestCheckpointChecksum checks that a framed checkpoint loads, that every
// single-byte change anywhere in it (sampled every 7 bytes) or a cut is
// refused as corrupt, and that a legacy (unframed) checkpoint still loads.
func TestCheckpointChecksum(t *testing.T) {
	payload, file := smallCheckpoint(t)
	if _, err := decodeCheckpoint(file); err != nil {
		t.Fatal(err)
	}
	if _, err := decodeCheckpoint(payload); err != nil {
		t.Errorf("legacy checkpoint: %v", err)
	}
	tried := 0
	for i := 0; i < len(file); i += 7 {
		b := append([]byte(nil), file...)
		b[i] ^= 1
		tried++
		if _, err := decodeCheckpoint(b); err == nil {
			t.Errorf("byte %d flipped: accepted", i)
		}
	}
	for _, n := range []int{0, 10, len(checkpointMagic) + 20, len(file) / 2, len(file) - 1} {
		if _, err := decodeCheckpoint(file[:n]); err == nil || !strings.Contains(err.Error(), "checkpoint") {
			t.Errorf("cut to %d bytes: %v", n, err)
		}
	}
	// An empty file (created, never written) and a cut unframed one name
	// what is wrong and what to do, not gob's bare "EOF".
	for name, data := range map[string][]byte{"empty": nil, "cut legacy": payload[:len(payload)/2]} {
		_, err := decodeCheckpoint(data)
		if err == nil || !strings.Contains(err.Error(), "corrupt checkpoint") || !strings.Contains(err.Error(), "delete it to restart") {
			t.Errorf("%s: %v", name, err)
		}
	}
	t.Logf("%d single-byte corruptions refused", tried)
}

// FuzzCheckpoint checks that no checkpoint file makes the loader panic or
// exhaust memory, that a refusal is an error naming the checkpoint, and
// that an agent it accepts saves a payload that, framed with the rows
// digest it was read with, loads again with that digest and saves the
// same bytes. With framed set, the fuzzer's bytes are framed with a valid
// checksum so that they reach the agent decoder itself.
func FuzzCheckpoint(f *testing.F) {
	payload, file := smallCheckpoint(f)
	f.Add(file, false)
	f.Add(payload, true)
	f.Add(payload[:len(payload)/2], true)
	f.Fuzz(func(t *testing.T, data []byte, framed bool) {
		if framed {
			data = encodeCheckpoint(data, [32]byte{})
		}
		a, rows, err := decodeCheckpointRows(data)
		if err != nil {
			if !strings.Contains(err.Error(), "checkpoint") {
				t.Fatalf("an error not naming the checkpoint: %v", err)
			}
			return
		}
		if a == nil {
			t.Fatal("no agent and no error")
		}
		defer a.Close()
		var out1, out2 bytes.Buffer
		if err := a.Save(&out1); err != nil {
			t.Fatalf("a loaded agent does not save: %v", err)
		}
		var digest [32]byte
		copy(digest[:], rows)
		b, rows2, err := decodeCheckpointRows(encodeCheckpoint(out1.Bytes(), digest))
		if err != nil {
			t.Fatalf("the checkpoint of a loaded agent does not load: %v", err)
		}
		defer b.Close()
		if !bytes.Equal(rows2, digest[:]) {
			t.Fatalf("rows digest %x read back as %x", digest, rows2)
		}
		if err := b.Save(&out2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
			t.Fatal("checkpoint changed in a save-load-save round trip")
		}
	})
}

// TestRowWriterFullDevice writes rows to /dev/full (every write fails
// with ENOSPC) and checks that the error reaches the caller.
func TestRowWriterFullDevice(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer f.Close()
	w := newRowWriter(f)
	w.WriteString("1,2,3\n")
	if err := w.Flush(); err == nil || !strings.Contains(err.Error(), "no space") {
		t.Errorf("flush to /dev/full: %v", err)
	}
}

// TestWriteFileAtomic checks that the file is replaced whole and no
// temporary file is left.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "summary.json")
	for _, s := range []string{"first\n", "second, longer\n", "3\n"} {
		if err := writeFileAtomic(p, []byte(s), ""); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(p); string(b) != s {
			t.Errorf("got %q want %q", b, s)
		}
	}
	if got := dirNames(t, dir); got != "summary.json" {
		t.Errorf("the directory holds %q, want only summary.json (no temporary file)", got)
	}
	if fi, err := os.Stat(p); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm()&0o044 != 0o044 {
		t.Errorf("summary.json has mode %v: not readable by all", fi.Mode())
	}
}

// A checkpoint framed by another version of the format (a newer stackel's
// "stackel checkpoint v4") is not called corrupt with the advice to delete
// it, which would throw away a run another binary can resume: the error
// names the version found.
func TestCheckpointOtherVersion(t *testing.T) {
	_, file := smallCheckpoint(t)
	other := append([]byte("stackel checkpoint v4\n"), file[len(checkpointMagic):]...)
	_, err := decodeCheckpoint(other)
	if err == nil || strings.Contains(err.Error(), "delete it") || !strings.Contains(err.Error(), `"stackel checkpoint v4"`) {
		t.Errorf("error %v; want one naming the format version found, without advice to delete the file", err)
	}
	// A damaged header is still corrupt.
	bad := append([]byte("stackel chXckpoint v3\n"), file[len(checkpointMagic):]...)
	if _, err := decodeCheckpoint(bad); err == nil || !strings.Contains(err.Error(), "corrupt checkpoint: damaged header") {
		t.Errorf("damaged header: %v", err)
	}
}

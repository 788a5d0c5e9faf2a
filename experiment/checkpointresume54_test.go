package experiment

import (
	"bytes"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/textcut"
)

// rewrittenFile54 is a checkpoint file open for reading that another
// process writes in place (or cuts) on disk once a read reaches its last
// byte, the end of the pass that checks its SHA-256: the reads after it,
// the decoding's, read the file as it then is.
type rewrittenFile54 struct {
	f       *os.File
	size    int64
	rewrite func()
	done    bool
}

func (r *rewrittenFile54) ReadAt(p []byte, off int64) (int, error) {
	n, err := r.f.ReadAt(p, off)
	if !r.done && off+int64(n) >= r.size {
		r.done = true
		r.rewrite()
	}
	return n, err
}

// rewriteBetweenPasses54 makes the checkpoint files read while it is in
// force (checkpointSource) be rewritten on disk as rewrite says once their
// SHA-256 pass has read them to the end, and reports whether one was.
func rewriteBetweenPasses54(t *testing.T, rewrite func(path string)) *bool {
	t.Helper()
	old := checkpointSource
	t.Cleanup(func() { checkpointSource = old })
	done := new(bool)
	checkpointSource = func(f *os.File) io.ReaderAt {
		st, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		return &rewrittenFile54{f: f, size: st.Size(), rewrite: func() {
			*done = true
			rewrite(f.Name())
		}}
	}
	return done
}

// TestResumeCheckpointChangedBetweenPasses54: a resume reads its
// checkpoint file in two passes, as an evaluation does (the SHA-256, then
// the decoder, the buffer read into its storage as it comes), so a file
// written in place on disk (a byte of the replay buffer's message, or of
// the snapshot's, flipped) or cut between them is refused with the
// evaluation's error, errChangedWhileRead, after the path, for the
// resume as for ReadCheckpointPolicy, instead of an agent loaded from
// bytes no checksum covered.
func TestResumeCheckpointChangedBetweenPasses54(t *testing.T) {
	payload := trainedPayload53(t)
	file := encodeCheckpoint(payload, sha256.Sum256([]byte("rows")))
	flip := func(at int) func(string) {
		return func(path string) {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt([]byte{file[at] ^ 0x01}, int64(at)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		name    string
		rewrite func(path string)
	}{
		{"a replay buffer byte written in place", flip(len(file) - 20)},
		{"a snapshot byte written in place", flip(len(file) - len(payload) + 40)},
		{"cut", func(path string) {
			if err := os.Truncate(path, int64(len(file)-100)); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, CheckpointFile)
			writeCheckpoint53(t, dir, file)
			done := rewriteBetweenPasses54(t, c.rewrite)
			a, rows, err := readResumeCheckpoint(path)
			if a != nil {
				a.Close()
			}
			if want := path + ": " + errChangedWhileRead.Error(); err == nil || err.Error() != want || rows != nil || !*done {
				t.Errorf("resume (rewritten %v): %v, rows %x; want %q", *done, err, rows, want)
			}
			// The evaluation's reader says the same after the path.
			writeCheckpoint53(t, dir, file)
			*done = false
			a, err = ReadCheckpointPolicy(dir)
			if a != nil {
				a.Close()
			}
			if want := textcut.Printable(path) + ": " + errChangedWhileRead.Error(); err == nil || err.Error() != want || !*done {
				t.Errorf("eval (rewritten %v): %v; want %q", *done, err, want)
			}
		})
	}
}

// TestResumeCheckpointErrors54: readResumeCheckpoint, which reads a
// resume's checkpoint in pieces, gives a damaged, cut, padded, empty or
// other-version file the errors the resume's decoding of the file read
// whole gave (decodeCheckpointRows), after the path; no file at the path
// is no checkpoint (nil, no error); a directory there is refused naming
// what it is; and the file unchanged loads the agent Save wrote, to the
// byte (saved again, the same payload), with the rows' digest.
func TestResumeCheckpointErrors54(t *testing.T) {
	payload := trainedPayload53(t)
	rowsSum := sha256.Sum256([]byte("rows"))
	file := encodeCheckpoint(payload, rowsSum)
	flipped := func(at int) []byte {
		b := bytes.Clone(file)
		b[at] ^= 0x01
		return b
	}
	otherVersion := bytes.Clone(file)
	copy(otherVersion, "stackel checkpoint v9\n")
	for _, c := range []struct {
		name string
		data []byte
		want string // the end of the error, after "PATH: "
	}{
		{"a replay buffer byte flipped", flipped(len(file) - 20), "corrupt checkpoint: SHA-256 mismatch (the file was changed after it was written); delete it to restart the run from scratch"},
		{"a header byte flipped", flipped(len(checkpointMagic) + 8 + 3), "corrupt checkpoint: SHA-256 mismatch (the file was changed after it was written); delete it to restart the run from scratch"},
		{"cut", file[:len(file)-100], "corrupt checkpoint: the payload has " + strconv.Itoa(len(payload)-100) + " bytes, the header says " + strconv.Itoa(len(payload)) + " (a cut or padded file); delete it to restart the run from scratch"},
		{"padded", append(bytes.Clone(file), 0), "corrupt checkpoint: the payload has " + strconv.Itoa(len(payload)+1) + " bytes, the header says " + strconv.Itoa(len(payload)) + " (a cut or padded file); delete it to restart the run from scratch"},
		{"cut inside its header", file[:len(checkpointMagic)+20], "corrupt checkpoint: " + strconv.Itoa(len(checkpointMagic)+20) + " bytes, shorter than its header; delete it to restart the run from scratch"},
		{"empty", nil, "corrupt checkpoint: the file is empty (0 bytes); delete it to restart the run from scratch"},
		{"another version", otherVersion, `checkpoint of another format version (header "stackel checkpoint v9"; this stackel reads "stackel checkpoint v3" and "stackel checkpoint v2"): resume the run with the stackel that wrote it, or move the file away to restart from scratch`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, CheckpointFile)
			writeCheckpoint53(t, dir, c.data)
			a, rows, err := readResumeCheckpoint(path)
			if a != nil {
				a.Close()
			}
			if want := path + ": " + c.want; err == nil || err.Error() != want || rows != nil {
				t.Errorf("%v, rows %x; want %q", err, rows, want)
			}
			// The resume's decoding of the bytes read whole.
			if a, _, err := decodeCheckpointRows(c.data); err == nil || err.Error() != c.want {
				if a != nil {
					a.Close()
				}
				t.Errorf("decodeCheckpointRows: %v; want %q", err, c.want)
			}
		})
	}
	dir := t.TempDir()
	path := filepath.Join(dir, CheckpointFile)
	if a, rows, err := readResumeCheckpoint(path); a != nil || rows != nil || err != nil {
		t.Errorf("no file: %v, %x, %v; want nothing", a, rows, err)
	}
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := readResumeCheckpoint(path); err == nil || !strings.HasPrefix(err.Error(), path+": is a directory, not a regular file") {
		t.Errorf("a directory: %v", err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	writeCheckpoint53(t, dir, file)
	a, rows, err := readResumeCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var again bytes.Buffer
	if err := a.Save(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), payload) || !bytes.Equal(rows, rowsSum[:]) {
		t.Errorf("the unchanged file: saved again to %d bytes (equal %v), rows %x; want the %d bytes loaded, rows %x", again.Len(), bytes.Equal(again.Bytes(), payload), rows, len(payload), rowsSum)
	}
}

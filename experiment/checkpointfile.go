package experiment

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/stackel/stackel/internal/fault"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/rl/agent"
)

// checkpointMagic starts a checkpoint file written with checksums: the
// magic, the payload's length (8 bytes, big-endian), the SHA-256 of the
// rest (32 bytes), the digest of the metrics rows the checkpoint was
// written with (32 bytes, rowsDigest), then the payload (agent.Save's
// encoding).
const checkpointMagic = "stackel checkpoint v3\n"

// checkpointMagicV2 starts a checkpoint written before checkpoints
// recorded their rows' digest: the same frame without the rows' digest, the SHA-256 the payload's. It is
// read as it is, and its rows are not checked.
const checkpointMagicV2 = "stackel checkpoint v2\n"

// writeCheckpoint writes to f, at its start, the checkpoint file of the
// payload save writes (agent.Save's encoding) and the digest of the
// metrics rows it was written with: the bytes encodeCheckpoint frames the
// payload in, but streamed, never held whole. The header is written with
// its length and SHA-256 zeroed, the payload streamed after it, hashed as
// it goes, and the two completed at their place once it is all written
// (the frame puts them before it). faultPoint names the fault-injection
// point hit once the payload is written, before the header is completed
// ("" for none). An error of f's is returned as it is (the writer's
// error, not the agent's words about it); one of save's own (an agent
// that cannot be saved) is an ownError, which writeAtomic returns as it
// is.
func writeCheckpoint(f checkpointDest, save func(io.Writer) error, rows [sha256.Size]byte, faultPoint string) error {
	head := make([]byte, 0, len(checkpointMagic)+8+2*sha256.Size)
	head = append(head, checkpointMagic...)
	head = append(head, make([]byte, 8+sha256.Size)...) // the length and the SHA-256, completed below
	head = append(head, rows[:]...)
	if _, err := f.Write(head); err != nil {
		return err
	}
	sink := &hashingWriter{w: f, h: sha256.New()}
	sink.h.Write(rows[:])
	bw := bufio.NewWriterSize(sink, 64<<10)
	err := save(bw)
	if err == nil {
		err = bw.Flush()
	}
	if sink.err != nil {
		return sink.err
	}
	if err != nil {
		return ownError{err}
	}
	if faultPoint != "" {
		fault.Point(faultPoint)
	}
	var done [8 + sha256.Size]byte
	binary.BigEndian.PutUint64(done[:], uint64(sink.n))
	sink.h.Sum(done[8:8])
	_, err = f.WriteAt(done[:], int64(len(checkpointMagic)))
	return err
}

// checkpointDest is what writeCheckpoint writes a checkpoint file to: a
// file (an *os.File), written from its start and then at the header.
type checkpointDest interface {
	io.Writer
	io.WriterAt
}

// hashingWriter writes to w and hashes the bytes w took, counting them;
// it keeps w's first error.
type hashingWriter struct {
	w   io.Writer
	h   hash.Hash
	n   int64
	err error
}

func (s *hashingWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	s.err = err
	return n, err
}

// encodeCheckpoint frames an agent.Save payload with its length, the
// digest of the metrics rows it was written with, and the checksum of
// both, in memory: the reference of the bytes writeCheckpoint streams
// (and a test's way to write a checkpoint file of a given payload).
func encodeCheckpoint(payload []byte, rows [sha256.Size]byte) []byte {
	out := make([]byte, 0, len(checkpointMagic)+8+2*sha256.Size+len(payload))
	out = append(out, checkpointMagic...)
	out = binary.BigEndian.AppendUint64(out, uint64(len(payload)))
	h := sha256.New()
	h.Write(rows[:])
	h.Write(payload)
	out = h.Sum(out)
	out = append(out, rows[:]...)
	return append(out, payload...)
}

// decodeCheckpoint verifies a checkpoint file's length and checksum and
// loads the agent (see decodeCheckpointRows).
func decodeCheckpoint(data []byte) (*agent.Agent, error) {
	a, _, err := decodeCheckpointRows(data)
	return a, err
}

// decodeCheckpointRows verifies the length and checksum of a checkpoint
// file's bytes, read whole, and loads the agent for a resume, with the
// digest of the metrics rows it was written with (see readCheckpointFrom).
// A resume reads the file in pieces instead (readResumeCheckpoint).
func decodeCheckpointRows(data []byte) (*agent.Agent, []byte, error) {
	return readCheckpointFrom(bytes.NewReader(data), int64(len(data)), forResume)
}

// checkpointUse is what a checkpoint is read for: how its agent is loaded,
// and what the error of a damaged file or of another format version
// advises.
type checkpointUse struct {
	load func(io.Reader) (*agent.Agent, error)
	// damaged ends the error of a damaged file.
	damaged string
	// otherVersion ends the error of a file of another format version.
	otherVersion string
}

var (
	// forResume loads the whole agent, to continue its run: a damaged
	// checkpoint is deleted to restart the run.
	forResume = checkpointUse{agent.Load, "; delete it to restart the run from scratch",
		"resume the run with the stackel that wrote it, or move the file away to restart from scratch"}
	// forEval loads the policy alone (agent.LoadPolicy), to evaluate it:
	// a damaged checkpoint is reported, with no advice to delete it,
	// which would lose the run's last state to an evaluation.
	forEval = checkpointUse{agent.LoadPolicy, "", "evaluate it with the stackel that wrote it"}
)

// readCheckpointFrom verifies the length and checksum of a checkpoint
// file of size bytes read from src and loads the agent as use says, with
// the digest of the metrics rows it was written with (nil for a checkpoint
// of the v2 frame or an unframed one, which has none). A file of the v2 frame is
// read as it is, and so is a file without a magic: a checkpoint of an
// earlier version (no checksum). The file is read in pieces (its checksum
// in one pass, its payload by the agent's decoder in another), never whole;
// the bytes the decoder reads are hashed too, so that a file changed
// between the passes is errChangedWhileRead, not an agent loaded from
// bytes no checksum covered.
func readCheckpointFrom(src io.ReaderAt, size int64, use checkpointUse) (*agent.Agent, []byte, error) {
	if size == 0 {
		// A file created but never written: a crash or a full disk
		// between creating and filling it (an older stackel wrote in
		// place), or a user's truncation. gob's own word would be "EOF".
		return nil, nil, fmt.Errorf("corrupt checkpoint: the file is empty (0 bytes)%s", use.damaged)
	}
	// The header: the magic, the length, the checksum and the rows'
	// digest (versionLine reads 64 bytes).
	data := make([]byte, min(size, int64(max(64, len(checkpointMagic)+8+2*sha256.Size))))
	if n, err := src.ReadAt(data, 0); n < len(data) {
		if err == io.EOF { // shorter than when it was opened
			return nil, nil, errChangedWhileRead
		}
		return nil, nil, fmt.Errorf("reading checkpoint: %w", err)
	}
	v3 := bytes.HasPrefix(data, []byte(checkpointMagic))
	if !v3 && !bytes.HasPrefix(data, []byte(checkpointMagicV2)) {
		line, versioned := versionLine(data)
		if !versioned && frameIntact(src, size) {
			// This format's frame around a payload whose length and
			// SHA-256 check, under a magic that is not a version line:
			// the magic was damaged (in its first 8 bytes too, which an
			// unframed checkpoint would otherwise be taken for).
			return nil, nil, fmt.Errorf("corrupt checkpoint: damaged header (%q where %q belongs)%s", data[:len(checkpointMagic)], checkpointMagic, use.damaged)
		}
		if bytes.HasPrefix(data, []byte(checkpointMagic[:8])) {
			// "stackel checkpoint vN\n" of another N: another version of
			// the format, which the binary that wrote it reads.
			if versioned {
				return nil, nil, fmt.Errorf("checkpoint of another format version (header %q; this stackel reads %q and %q): %s", line, strings.TrimSuffix(checkpointMagic, "\n"), strings.TrimSuffix(checkpointMagicV2, "\n"), use.otherVersion)
			}
			return nil, nil, fmt.Errorf("corrupt checkpoint: damaged header%s", use.damaged)
		}
		a, err := use.load(io.NewSectionReader(src, 0, size))
		if err != nil {
			return nil, nil, fmt.Errorf("corrupt checkpoint (an unframed one, written before %q, so without a checksum): %w%s", strings.TrimSuffix(checkpointMagicV2, "\n"), err, use.damaged)
		}
		return a, nil, nil
	}
	head := 8 + sha256.Size
	if v3 {
		head += sha256.Size
	}
	rest := size - int64(len(checkpointMagic))
	if rest < int64(head) {
		return nil, nil, fmt.Errorf("corrupt checkpoint: %d bytes, shorter than its header%s", size, use.damaged)
	}
	hdr := data[len(checkpointMagic):]
	n := binary.BigEndian.Uint64(hdr)
	payload := rest - int64(head)
	if uint64(payload) != n {
		return nil, nil, fmt.Errorf("corrupt checkpoint: the payload has %d bytes, the header says %d (a cut or padded file)%s", payload, n, use.damaged)
	}
	var rows []byte
	if v3 {
		rows = bytes.Clone(hdr[8+sha256.Size : head])
	}
	summed := int64(len(checkpointMagic) + 8 + sha256.Size) // where the checksummed bytes start
	sum, err := sectionSum(src, summed, rest-8-sha256.Size)
	if errors.Is(err, errCutWhileRead) {
		return nil, nil, errChangedWhileRead
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading checkpoint: %w", err)
	}
	if !bytes.Equal(sum, hdr[8:8+sha256.Size]) {
		return nil, nil, fmt.Errorf("corrupt checkpoint: SHA-256 mismatch (the file was changed after it was written)%s", use.damaged)
	}
	if _, inMemory := src.(*bytes.Reader); inMemory {
		// Bytes read whole (decodeCheckpointRows): nothing changes them
		// between the checksum and the decoding.
		a, err := use.load(io.NewSectionReader(src, int64(len(checkpointMagic)+head), payload))
		if err != nil {
			return nil, nil, err
		}
		return a, rows, nil
	}
	// A file, read again by the decoder: the bytes it reads are hashed
	// as they go, and their checksum compared with the header's once
	// more, so that a file written in place or cut between the two
	// passes is not loaded from bytes the first pass never checked.
	h := sha256.New()
	body := io.TeeReader(io.NewSectionReader(src, summed, rest-8-sha256.Size), h)
	if _, err := io.CopyN(io.Discard, body, int64(head-8-sha256.Size)); err != nil && err != io.EOF {
		return nil, nil, fmt.Errorf("reading checkpoint: %w", err)
	}
	a, lerr := use.load(body)
	// The bytes the decoder left (a read-ahead buffer's end, or all of
	// them after an error) complete the checksum.
	if _, err := io.Copy(io.Discard, body); err != nil {
		if a != nil {
			a.Close()
		}
		return nil, nil, fmt.Errorf("reading checkpoint: %w", err)
	}
	if !bytes.Equal(h.Sum(nil), hdr[8:8+sha256.Size]) {
		if a != nil {
			a.Close()
		}
		return nil, nil, errChangedWhileRead
	}
	if lerr != nil {
		return nil, nil, lerr
	}
	return a, rows, nil
}

// errChangedWhileRead is the error of a checkpoint file whose bytes
// changed between the pass that checks its SHA-256 and the one that
// decodes it (an in-place write or a truncation by another process; a
// run's own writes replace the file by a rename, which a reader holding
// it open does not see). It advises no deletion: the file may be a good
// checkpoint being written.
var errChangedWhileRead = errors.New("checkpoint changed while it was read: its bytes are not those of the file as it was opened and checksummed (written in place or cut meanwhile, by another process); read it again once nothing writes it")

// errCutWhileRead is sectionSum's error for a file shorter than when it
// was opened.
var errCutWhileRead = errors.New("checkpoint cut while it was read")

// sectionSum returns the SHA-256 of the n bytes of src at off, or
// errCutWhileRead when fewer are there.
func sectionSum(src io.ReaderAt, off, n int64) ([]byte, error) {
	h := sha256.New()
	got, err := io.Copy(h, io.NewSectionReader(src, off, n))
	if err != nil {
		return nil, err
	}
	if got < n {
		return nil, errCutWhileRead
	}
	return h.Sum(nil), nil
}

// rowsDigest is the digest of metrics rows (header first) that a
// checkpoint records and a resume compares: the SHA-256 of each row's
// numbers other than the wall-clock seconds column (the last), written as
// metrics.csv writes them, so that the same run's checkpoint has the same
// bytes however long its epochs took, and a row's line ending (CRLF, or
// none after the last) does not count.
type rowsDigest struct {
	h hash.Hash
	b []byte
}

// newRowsDigest returns the digest of the header alone.
func newRowsDigest(header []string) *rowsDigest {
	d := &rowsDigest{h: sha256.New()}
	d.h.Write([]byte(strings.Join(header, ",")))
	return d
}

// add adds a row's numbers, the seconds column last.
func (d *rowsDigest) add(vals []float64) {
	d.b = append(d.b[:0], '\n')
	for i, v := range vals[:len(vals)-1] {
		if i > 0 {
			d.b = append(d.b, ',')
		}
		d.b = appendNumber(d.b, v)
	}
	d.h.Write(d.b)
}

// sum returns the digest of the rows added so far.
func (d *rowsDigest) sum() [sha256.Size]byte {
	var s [sha256.Size]byte
	d.h.Sum(s[:0])
	return s
}

// versionLine returns the first line of data, and whether it is a
// "stackel checkpoint vN" line of some version N.
func versionLine(data []byte) ([]byte, bool) {
	const versioned = "stackel checkpoint v"
	line, _, ok := bytes.Cut(data[:min(len(data), 64)], []byte("\n"))
	if !ok || !bytes.HasPrefix(line, []byte(versioned)) {
		return nil, false
	}
	v := line[len(versioned):]
	return line, len(v) > 0 && len(bytes.Trim(v, "0123456789")) == 0
}

// frameIntact reports whether the file of size bytes in src, whatever
// its first len(checkpointMagic) bytes, is framed as encodeCheckpoint
// frames a payload (or as the v2 frame did): the length and the SHA-256
// that follow them are the rest's.
func frameIntact(src io.ReaderAt, size int64) bool {
	var hdr [8 + sha256.Size]byte
	if _, err := src.ReadAt(hdr[:], int64(len(checkpointMagic))); err != nil {
		return false
	}
	rest := size - int64(len(checkpointMagic))
	for _, head := range []int64{8 + sha256.Size, 8 + 2*sha256.Size} {
		if rest < head || binary.BigEndian.Uint64(hdr[:]) != uint64(rest-head) {
			continue // not this frame: nothing to hash
		}
		if sum, err := sectionSum(src, int64(len(checkpointMagic))+8+sha256.Size, rest-8-sha256.Size); err == nil && bytes.Equal(sum, hdr[8:]) {
			return true
		}
	}
	return false
}

// ReadCheckpoint returns the agent of the checkpoint in the run directory
// dir (dir/checkpoint.gob), restored as a resume restores it, the file's
// length and checksum verified: its networks, counters and configuration
// as of the last epoch it records (a finished run's: its end). It is not
// compared with the run's config.yaml or metrics.csv, as a resume compares
// it. A directory without a checkpoint gives an error wrapping
// fs.ErrNotExist. Close the agent when done with it (a MuJoCo task's
// memory). ReadCheckpointPolicy reads it for evaluation only.
func ReadCheckpoint(dir string) (*agent.Agent, error) {
	return readCheckpointFile(dir, forResume)
}

// ReadCheckpointPolicy is ReadCheckpoint for evaluation only: the agent is
// loaded by agent.LoadPolicy, without an off-policy run's replay buffer
// (most of its checkpoint), with every check of the file (its length and
// SHA-256) and of the policy (configuration, dtype, counters, network
// shapes, finite parameters) that ReadCheckpoint makes. The agent plays
// the same episodes (Agent.Evaluate) as ReadCheckpoint's but cannot
// continue the run. The error of a damaged checkpoint does not advise
// deleting it, as a resume's does.
func ReadCheckpointPolicy(dir string) (*agent.Agent, error) {
	return readCheckpointFile(dir, forEval)
}

// readCheckpointFile reads the checkpoint in the run directory dir as use
// says, a regular file read in pieces (readCheckpointFrom).
func readCheckpointFile(dir string, use checkpointUse) (*agent.Agent, error) {
	path := filepath.Join(dir, CheckpointFile)
	f, size, err := openCheckpoint(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, _, err := readCheckpointFrom(checkpointSource(f), size, use)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", textcut.Printable(path), err)
	}
	return a, nil
}

// readResumeCheckpoint reads the checkpoint file at path for a resume
// (forResume: the whole agent, its replay buffer included), in pieces as
// ReadCheckpoint reads it, never whole: its SHA-256 in one pass, then the
// agent's decoder reading it again, hashed once more (a file changed
// between the passes is errChangedWhileRead), the buffer's bytes read
// into the buffer's storage as they come (agent.Load). It returns the
// agent and the digest of the metrics rows the checkpoint was written
// with (nil for one of the v2 frame or unframed), or nil, nil, nil when
// there is no file at path. An error of the file's contents names the
// path before it ("PATH: corrupt checkpoint: …"); one of opening it (a
// directory, a named pipe, …) names it itself.
func readResumeCheckpoint(path string) (*agent.Agent, []byte, error) {
	f, size, err := openCheckpoint(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	a, rows, err := readCheckpointFrom(checkpointSource(f), size, forResume)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, rows, nil
}

// checkpointSource is what a checkpoint file open for reading is read
// through: the file itself (a test's seam, to change the file between
// the passes).
var checkpointSource = func(f *os.File) io.ReaderAt { return f }

// openCheckpoint opens the checkpoint file at path, a regular file, and
// returns it with its size.
func openCheckpoint(path string) (*os.File, int64, error) {
	// O_NONBLOCK: a named pipe planted as the checkpoint is refused below
	// instead of blocking the open until a writer comes.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		// safeyaml's refusal names what the path is (a directory, a
		// named pipe, …).
		if _, err := safeyaml.ReadOwnFile(path); err != nil {
			return nil, 0, err
		}
		return nil, 0, fmt.Errorf("%s: not a regular file", path)
	}
	return f, st.Size(), nil
}

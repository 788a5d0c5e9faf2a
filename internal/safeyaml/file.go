package safeyaml

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"syscall"
)

// bom is the UTF-8 byte-order mark that some editors (Notepad, and others
// on Windows) write at the start of a text file.
var bom = []byte("\xef\xbb\xbf")

// StripBOM returns data without a leading UTF-8 byte-order mark.
func StripBOM(data []byte) []byte {
	return bytes.TrimPrefix(data, bom)
}

// ReadFile reads the input file at path (a run configuration, a Markov
// game spec, a sweep spec or its base, a job) within the input size limit,
// MaxBytes of DefaultLimits (STACKEL_MAX_INPUT_BYTES); see ReadFileLimit.
func ReadFile(path string) ([]byte, error) {
	return ReadFileLimit(path, EnvInt(EnvMaxBytes, DefaultMaxBytes), EnvMaxBytes)
}

// ReadFileLimit reads the file at path, of at most limit bytes, before
// anything is allocated for more: it refuses what is not a regular file (a
// directory, a named pipe, a device such as /dev/zero, a socket) without
// waiting on it or reading from it, and a file over limit bytes after reading at most
// limit+1 of them, each with an error naming the path (a *LimitError that
// names limit and env, the environment variable that raises it, for the
// size). A leading UTF-8 byte-order mark is dropped. A limit variable set
// to an invalid value (CheckEnv) is an error before the file is opened.
func ReadFileLimit(path string, limit int, env string) ([]byte, error) {
	if err := CheckEnv(); err != nil {
		return nil, err
	}
	b, err := readRegular(path, limit, env)
	return StripBOM(b), err
}

// ReadOwnFile reads a file stackel wrote itself (a run's metrics.csv,
// summary.json or checkpoint, a job's record): like ReadFileLimit it
// refuses what is not a regular file (a named pipe planted in a run's
// directory would otherwise hang a resume), but with no size limit of its
// own and the bytes as they are.
func ReadOwnFile(path string) ([]byte, error) { return readRegular(path, ownFileLimit, "") }

// ownFileLimit is ReadOwnFile's size bound, 2⁶² bytes, or on a 32-bit
// platform the largest int.
const ownFileLimit = min(1<<62, math.MaxInt)

// readRegular is ReadFileLimit without the byte-order mark's removal.
func readRegular(path string, limit int, env string) ([]byte, error) {
	// O_NONBLOCK: opening a named pipe without it blocks until a writer
	// opens it; with it, the open returns at once and the check below
	// refuses the pipe. A regular file reads as without it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	tooLarge := func(what string) error {
		return &LimitError{What: fmt.Sprintf("%s: %s is too large", path, what), Limit: limit, Env: env}
	}
	if st.Size() > int64(limit) {
		return nil, tooLarge(fmt.Sprintf("file of %d bytes", st.Size()))
	}
	// The size is a hint (a file may grow while it is read; /proc files
	// say 0): the limit is enforced by the reader.
	var buf bytes.Buffer
	buf.Grow(int(st.Size()) + 1)
	if _, err := buf.ReadFrom(io.LimitReader(f, min(int64(limit), math.MaxInt64-1)+1)); err != nil {
		return nil, err // an *fs.PathError, naming path
	}
	if buf.Len() > limit {
		return nil, tooLarge(fmt.Sprintf("file of more than %d bytes", limit))
	}
	return buf.Bytes(), nil
}

// regular returns an error naming path and what it is unless st describes
// a regular file.
func regular(path string, st fs.FileInfo) error {
	m := st.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "a special file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("%s: is %s, not a regular file (stackel reads files, its inputs and its own outputs, only from regular files)", path, what)
}

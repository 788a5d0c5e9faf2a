package experiment

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"syscall"
)

// csvEnds is what the check of a finished smooth-game run
// (checkDoneSmoothRows) reads of its metrics.csv: the first and the last
// line, not the rows between, which a run of 10⁶ iterations recorded
// each has by the million.
type csvEnds struct {
	// Empty reports a file of no bytes; Cut one whose last byte is not a
	// newline (its last line cut short). Header and Last are then unset.
	Empty, Cut bool
	// Header is the first line and Last the last (before the final
	// newline), without their newlines; OneLine reports that the file
	// holds one line only (Last is then Header).
	Header, Last string
	OneLine      bool
}

// csvEndsChunk is the size of the reads that look for a line's end.
const csvEndsChunk = 32 << 10

// readCSVEnds reads the first and the last line of the text file at
// path. Like safeyaml.ReadOwnFile it refuses what is not a regular file
// (a named pipe would hang the open without O_NONBLOCK).
func readCSVEnds(path string) (csvEnds, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return csvEnds{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return csvEnds{}, err
	}
	if !st.Mode().IsRegular() {
		return csvEnds{}, fmt.Errorf("%s: not a regular file", path)
	}
	size := st.Size()
	if size == 0 {
		return csvEnds{Empty: true}, nil
	}
	var b [1]byte
	if _, err := f.ReadAt(b[:], size-1); err != nil {
		return csvEnds{}, err
	}
	if b[0] != '\n' {
		return csvEnds{Cut: true}, nil
	}
	// The last line: from after the newline before the final one.
	end := size - 1
	start := end
	var last []byte
	buf := make([]byte, csvEndsChunk)
	for start > 0 {
		n := min(int64(len(buf)), start)
		if _, err := f.ReadAt(buf[:n], start-n); err != nil {
			return csvEnds{}, err
		}
		chunk := buf[:n]
		if i := bytes.LastIndexByte(chunk, '\n'); i >= 0 {
			last = append(bytes.Clone(chunk[i+1:]), last...)
			start -= n - int64(i) - 1
			break
		}
		last = append(bytes.Clone(chunk), last...)
		start -= n
	}
	e := csvEnds{Last: string(last), OneLine: start == 0}
	if e.OneLine {
		e.Header = e.Last
		return e, nil
	}
	// The first line: up to the first newline, which comes before the
	// last line's start.
	var header []byte
	for off := int64(0); ; {
		n, err := f.ReadAt(buf, off)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			header = append(header, buf[:i]...)
			break
		}
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF // the file shrank
			}
			return csvEnds{}, err
		}
		header = append(header, buf[:n]...)
		off += int64(n)
	}
	e.Header = string(header)
	return e, nil
}

// csvRows is what the check of a finished smooth-game run compares with
// its summary.json's metrics_rows and metrics_sha256 (readCSVRows).
type csvRows struct {
	// Rows is the number of lines after the header.
	Rows int
	// SHA256 is the hex SHA-256 of the lines as a run writes them: each
	// followed by "\n".
	SHA256 string
}

// readCSVRows reads the text file at path whole and returns its rows
// after the header and the SHA-256 of its lines, each ended by "\n" —
// for a file a run wrote (CSVWriter: "\n" line ends, no blank lines), the
// SHA-256 of its bytes. Changes that leave the rows as they are do not
// change either: CRLF line ends ("\r\n" read as "\n") and blank lines at
// the end, empty or of white space only (an editor's; as the report's
// readers, which trim the file's ends). A blank line followed by a row is
// a row, hashed as an empty line. A last line without its newline is
// hashed without one. Like readCSVEnds it refuses what is not a regular
// file.
func readCSVRows(path string) (csvRows, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return csvRows{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return csvRows{}, err
	}
	if !st.Mode().IsRegular() {
		return csvRows{}, fmt.Errorf("%s: not a regular file", path)
	}
	var d rowDigest
	r := bufio.NewReaderSize(f, csvEndsChunk)
	var line []byte // the line being read, when longer than the reader's buffer
	for {
		chunk, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			line = append(line, chunk...)
			continue
		}
		if err != nil && err != io.EOF {
			return csvRows{}, err
		}
		if len(line) > 0 {
			chunk = append(line, chunk...)
			line = line[:0]
		}
		if len(chunk) == 0 { // the end of the file, after a newline
			break
		}
		ended := chunk[len(chunk)-1] == '\n'
		text := chunk
		if ended {
			text = bytes.TrimSuffix(text[:len(text)-1], []byte{'\r'})
		}
		d.line(text, ended)
		if err == io.EOF {
			break
		}
	}
	return d.rows(), nil
}

// rowDigest counts and hashes a CSV file's lines as readCSVRows and
// csvRowsOf read them: each line's text without its "\n" (and a "\r"
// before it), ended noting whether a "\n" followed. A blank line, empty
// or of white space only, is a row only when a line follows it, hashed
// as an empty line.
type rowDigest struct {
	h     hash.Hash
	lines int
	blank int // blank lines not yet hashed: kept only when a line follows
}

// line adds one line of the file.
func (d *rowDigest) line(text []byte, ended bool) {
	if d.h == nil {
		d.h = sha256.New()
	}
	if len(bytes.TrimSpace(text)) == 0 {
		d.blank++
		return
	}
	for ; d.blank > 0; d.blank-- {
		d.h.Write(newlineByte)
		d.lines++
	}
	d.h.Write(text)
	if ended {
		d.h.Write(newlineByte)
	}
	d.lines++
}

// newlineByte is the "\n" rowDigest hashes: one slice for every line, so
// that hashing a line allocates nothing (a []byte{'\n'} literal passed to
// the hash.Hash interface escapes, one allocation per line).
var newlineByte = []byte{'\n'}

// rows returns the rows after the header and the SHA-256 of the lines.
func (d *rowDigest) rows() csvRows {
	if d.h == nil {
		d.h = sha256.New()
	}
	return csvRows{Rows: max(0, d.lines-1), SHA256: hex.EncodeToString(d.h.Sum(nil))}
}

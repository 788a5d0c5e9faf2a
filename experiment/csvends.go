package experiment

import (
	"bytes"
	"fmt"
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

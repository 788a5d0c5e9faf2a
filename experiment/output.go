package experiment

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

// csvWriter writes metrics rows and flushes them regularly, so that what was
// recorded survives a run that stops with an error.
type csvWriter struct {
	f    *os.File
	w    *bufio.Writer
	rows int
	buf  []byte
}

func newCSV(path string, header []string) (*csvWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	c := &csvWriter{f: f, w: bufio.NewWriterSize(f, 1<<16)}
	for i, h := range header {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.w.WriteString(h)
	}
	c.w.WriteByte('\n')
	return c, nil
}

// row writes one row of numbers (shortest exact representation).
func (c *csvWriter) row(vals ...float64) error {
	c.buf = c.buf[:0]
	for i, v := range vals {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.buf = strconv.AppendFloat(c.buf, v, 'g', -1, 64)
	}
	c.buf = append(c.buf, '\n')
	if _, err := c.w.Write(c.buf); err != nil {
		return err
	}
	c.rows++
	if c.rows%256 == 0 {
		return c.w.Flush()
	}
	return nil
}

func (c *csvWriter) close() error {
	if err := c.w.Flush(); err != nil {
		c.f.Close()
		return err
	}
	return c.f.Close()
}

// writeJSON writes v, indented, to dir/name.
func writeJSON(dir, name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", name, err)
	}
	return os.WriteFile(filepath.Join(dir, name), append(b, '\n'), 0o644)
}

// finite replaces NaN and ±Inf (which JSON cannot hold) by nil.
func finite(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// finishRun ends a run: it closes the metrics file, records runErr (if any)
// in the summary's error field, writes summary.json, and returns the first
// error of the three. What was recorded before a failure stays on disk.
func finishRun(dir string, metrics *csvWriter, runErr error, summary any, errField *string) error {
	if err := metrics.close(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		*errField = runErr.Error()
	}
	if err := writeJSON(dir, "summary.json", summary); err != nil && runErr == nil {
		runErr = err
	}
	return runErr
}

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

// The files of a run's output directory (published interface): the
// configuration as run, one metrics row per record, the final summary, and
// for RL runs the last checkpoint.
const (
	ConfigFile     = "config.yaml"
	MetricsFile    = "metrics.csv"
	SummaryFile    = "summary.json"
	CheckpointFile = "checkpoint.gob"
)

// CSVWriter writes metrics rows and flushes them regularly, so that what was
// recorded survives a run that stops with an error.
type CSVWriter struct {
	f    *os.File
	w    *bufio.Writer
	rows int
	buf  []byte
}

// NewCSV creates the file at path and writes the header row.
func NewCSV(path string, header []string) (*CSVWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	c := &CSVWriter{f: f, w: bufio.NewWriterSize(f, 1<<16)}
	for i, h := range header {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.w.WriteString(h)
	}
	c.w.WriteByte('\n')
	return c, nil
}

// Row writes one row of numbers (shortest exact representation).
func (c *CSVWriter) Row(vals ...float64) error {
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

// Close flushes the rows and closes the file.
func (c *CSVWriter) Close() error {
	if err := c.w.Flush(); err != nil {
		c.f.Close()
		return err
	}
	return c.f.Close()
}

// WriteJSON writes v, indented, to dir/name.
func WriteJSON(dir, name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", name, err)
	}
	return os.WriteFile(filepath.Join(dir, name), append(b, '\n'), 0o644)
}

// Finite replaces NaN and ±Inf (which JSON cannot hold) by nil.
func Finite(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// finishRun ends a run: it closes the metrics file, records runErr (if any)
// in the summary's error field, writes summary.json, and returns the first
// error of the three. What was recorded before a failure stays on disk.
func finishRun(dir string, metrics *CSVWriter, runErr error, summary any, errField *string) error {
	if err := metrics.Close(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		*errField = runErr.Error()
	}
	if err := WriteJSON(dir, "summary.json", summary); err != nil && runErr == nil {
		runErr = err
	}
	return runErr
}

package experiment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/stackel/stackel/tblog"
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
	w    *rowWriter // only whole rows reach the file
	rows int
	buf  []byte
	tb   *tbMirror // when not nil, every row is also logged for TensorBoard
	// closed is set by Close, which does nothing the second time: a run
	// defers a Close so that a panic unwinding it still flushes the rows
	// recorded (the job it belongs to is recorded failed, with them).
	closed bool
	// whole, when not empty, is the path of a CSV written whole on Close
	// (NewWholeCSV): the rows stay in memory until then.
	whole string
}

// tbMirror logs each metrics row as TensorBoard scalars: one per column
// (the step column aside) per row, at the row's step.
type tbMirror struct {
	w       *tblog.Writer
	stepCol int
	tags    []string
	vals    []float64
}

// TensorBoardDir is the subdirectory of a run's output directory that holds
// its TensorBoard event files (published interface: DIR/tb/).
const TensorBoardDir = "tb"

// mirrorTB starts a fresh TensorBoard log in dir/tb (removing older event
// files there) that mirrors the rows written from now on; stepCol is the
// column used as TensorBoard's step. Rows already in the CSV are not
// replayed; see replayTB.
func (c *CSVWriter) mirrorTB(dir string, header []string, stepCol int) error {
	if err := tblog.RemoveAll(filepath.Join(dir, TensorBoardDir)); err != nil {
		return err
	}
	return c.mirrorTBBeside(dir, header, stepCol)
}

// mirrorTBBeside is mirrorTB leaving the older event files in dir/tb, for
// a caller that removes them once the new one holds what they did
// (removeOtherEvents).
func (c *CSVWriter) mirrorTBBeside(dir string, header []string, stepCol int) error {
	tbDir := filepath.Join(dir, TensorBoardDir)
	w, err := tblog.Create(tbDir)
	if err != nil {
		return err
	}
	m := &tbMirror{w: w, stepCol: stepCol}
	for i, h := range header {
		if i != stepCol {
			m.tags = append(m.tags, h)
		}
	}
	c.tb = m
	return nil
}

func (m *tbMirror) row(vals []float64) error {
	m.vals = m.vals[:0]
	for i, v := range vals {
		if i != m.stepCol {
			m.vals = append(m.vals, v)
		}
	}
	return m.w.Scalars(int64(vals[m.stepCol]), m.tags, m.vals)
}

// newRunCSV opens dir/metrics.csv for a run of cfg, mirrored to TensorBoard
// event files in dir/tb when the config asks for them (record:
// {tensorboard: true}); the first column is the step.
func newRunCSV(cfg *Config, dir string, header []string) (*CSVWriter, error) {
	c, err := NewCSV(filepath.Join(dir, "metrics.csv"), header)
	if err != nil || cfg.Record == nil || !cfg.Record.TensorBoard {
		return c, err
	}
	if err := c.mirrorTB(dir, header, 0); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// NewCSV creates the file at path and writes the header row.
func NewCSV(path string, header []string) (*CSVWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	c := &CSVWriter{f: f, w: newRowWriter(f)}
	for i, h := range header {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.w.WriteString(h)
	}
	c.w.WriteByte('\n')
	return c, nil
}

// NewWholeCSV starts a CSV, with its header row, that is written whole to
// path on Close, atomically as WriteFile writes (a temporary file synced
// and renamed over path): a kill or a full disk leaves the previous file
// at path, or none, never a cut one. It is for files rewritten whole from
// other data (a reproduction's metrics_*.csv and curves.csv), whose rows
// all fit in memory; a run's own metrics.csv, appended row by row while
// the run goes, is NewCSV's. Nothing is written before Close: a writer
// left unclosed writes nothing.
func NewWholeCSV(path string, header []string) *CSVWriter {
	c := &CSVWriter{w: &rowWriter{}, whole: path}
	for i, h := range header {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.w.WriteString(h)
	}
	c.w.WriteByte('\n')
	return c
}

// Row writes one row of numbers, each in its shortest exact form: whole
// numbers below 2⁵³ in plain digits (1000000, not 1e+06), negative zero
// as 0, any other value as strconv's 'g' writes it.
func (c *CSVWriter) Row(vals ...float64) error {
	c.buf = c.buf[:0]
	for i, v := range vals {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.buf = appendNumber(c.buf, v)
	}
	c.buf = append(c.buf, '\n')
	if _, err := c.w.Write(c.buf); err != nil {
		return err
	}
	c.rows++
	if c.tb != nil {
		if err := c.tb.row(vals); err != nil {
			return err
		}
	}
	if c.rows%256 == 0 || len(c.w.pending) >= 1<<16 {
		return c.flush()
	}
	return nil
}

// maxPlainInt is 2⁵³: every whole number of smaller magnitude is a float64
// exactly, and so is written in plain digits.
const maxPlainInt = 1 << 53

// appendNumber appends v to b in its shortest form that parses back to the
// same float64: a whole number of magnitude below 2⁵³ in plain integer
// digits (an iteration, stage or step count of 10⁶ or more is 1000000 or
// 1250000, which readers expecting integers take, where 'g' writes 1e+06
// and 1.25e+06); any other value (a fraction, a larger number, NaN, ±Inf)
// as strconv's 'g' with the shortest precision writes it (0.1, 2.5e-07,
// 1e+300). Negative zero is written 0 (a payoff −x² at x = 0 is −0), as
// equilib's points are; files of an earlier stackel may hold -0. Readers
// of older files need no change: both forms are numbers to
// strconv.ParseFloat. A checkpoint's digest of the rows (rowsDigest) is
// taken in this form too, so that a resume reading the rows back
// digests the same bytes.
func appendNumber(b []byte, v float64) []byte {
	v += 0 // −0 + 0 is +0; every other value is unchanged
	if v == math.Trunc(v) && math.Abs(v) < maxPlainInt {
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// flush writes buffered rows (and TensorBoard events) to disk; a
// NewWholeCSV keeps them for Close.
func (c *CSVWriter) flush() error {
	if c.whole != "" {
		return nil
	}
	if c.tb != nil {
		if err := c.tb.w.Flush(); err != nil {
			return err
		}
	}
	return c.w.Flush()
}

// Close flushes the rows (and TensorBoard events) and closes the files; a
// NewWholeCSV's rows are written then, whole (WriteFile). A second Close
// does nothing and returns nil.
func (c *CSVWriter) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	if c.whole != "" {
		return WriteFile(filepath.Dir(c.whole), filepath.Base(c.whole), c.w.pending)
	}
	var tbErr error
	if c.tb != nil {
		tbErr = c.tb.w.Close()
	}
	if err := c.w.Flush(); err != nil {
		c.f.Close()
		return err
	}
	// On disk before the summary.json and job.json written after it
	// (synced, renamed): a power cut must not leave a run recorded as done
	// whose metrics.csv was still in the page cache.
	if err := c.f.Sync(); err != nil {
		c.f.Close()
		return fmt.Errorf("writing %s: %w", c.f.Name(), err)
	}
	if err := c.f.Close(); err != nil {
		return err
	}
	return tbErr
}

// WriteJSON writes v, indented, to dir/name.
func WriteJSON(dir, name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", name, err)
	}
	return WriteFile(dir, name, append(b, '\n'))
}

// WriteFile writes data to dir/name atomically, as WriteJSON writes its
// encoding: a kill or a full disk leaves the old file or the new one,
// never a cut one. It is for text already encoded (a sweep's manifest,
// encoded once to check its size against the reader's limit). Once
// written, the temporary files of earlier writes of dir/name that a kill
// left behind (NAME.<pid>.<digits>.tmp of a process no longer running)
// are removed; no other file is.
func WriteFile(dir, name string, data []byte) error {
	if err := writeFileAtomic(filepath.Join(dir, name), data, "write-"+name); err != nil {
		return err
	}
	removeDeadTemps(dir, name)
	return nil
}

// Finite replaces NaN and ±Inf (which JSON cannot hold) by nil.
func Finite(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// finishRun ends a run: it closes the metrics file, records runErr (if any)
// in the summary's error field and how the run ended in end (converged:
// the run stopped at its step test), writes summary.json, and returns the
// first error of the three. What was recorded before a failure stays on disk. A
// run stopped by its context (Ctrl-C, SIGTERM, a deadline: Interrupted)
// gets "interrupted": true after its error in summary.json, as an RL
// run's summary has it; the key is absent otherwise.
//
// A failure to write the outputs after the run stopped with its own error
// (a full disk while metrics.csv is flushed or summary.json written) is
// joined to that error rather than dropped: the summary's error and the
// returned one say that the metrics lack rows, and the returned one that
// summary.json was not written, instead of pointing to outputs that are
// not there. How the run ended (run_status) stays the run's own error's.
func finishRun(dir string, metrics *CSVWriter, runErr error, summary any, errField *string, end *RunEnd, converged bool) error {
	*end = runEndOf(runErr, converged && runErr == nil)
	if err := metrics.Close(); err != nil {
		if runErr == nil {
			*end = runEndOf(err, false)
		}
		runErr = joinCloseErr(runErr, err)
	} else if mr, ok := summary.(metricsRecorder); ok {
		// The file as closed, read back: what the check of a finished
		// run compares (checkDoneRows). Not recorded when it does
		// not read; the check then reads its last row only.
		if rows, err := readCSVRows(filepath.Join(dir, MetricsFile)); err == nil {
			mr.recordMetrics(rows)
		}
	}
	if runErr != nil {
		*errField = runErr.Error()
	}
	var v any = summary
	if Interrupted(runErr) {
		v = interruptedSummary{summary}
	}
	if err := WriteJSON(dir, SummaryFile, v); err != nil {
		runErr = joinWriteErr(runErr, SummaryFile, err)
	}
	return runErr
}

// metricsRecorder is a summary that records metrics.csv's rows and
// SHA-256 as finishRun closes it (SmoothSummary; HiCSummary and
// MarkovSummary by their MetricsDigest).
type metricsRecorder interface{ recordMetrics(csvRows) }

// MetricsDigest is what a run's summary.json records of its metrics.csv
// (keys metrics_rows and metrics_sha256), read back as the run closes
// the file: before a job's finished outputs are reused (JobState, RunJob)
// both are compared with the file, so that a row lost in the middle, or
// another file of the same length, is not taken for the run's. A Hi-C and a Markov
// summary embed it; a smooth-game summary has the same two keys.
type MetricsDigest struct {
	// MetricsRows is the number of rows metrics.csv holds after its
	// header and MetricsSHA256 the hex SHA-256 of the file as the run
	// left it. Absent when metrics.csv could not be closed or read back,
	// and in summaries written before stackel recorded them.
	MetricsRows   *int   `json:"metrics_rows,omitempty"`
	MetricsSHA256 string `json:"metrics_sha256,omitempty"`
}

// recordMetrics sets MetricsRows and MetricsSHA256 (metricsRecorder).
func (d *MetricsDigest) recordMetrics(r csvRows) {
	d.MetricsRows, d.MetricsSHA256 = &r.Rows, r.SHA256
}

// joinWriteErr joins err, the failure to write the file name of a run's
// directory (summary.json, job.json) after runErr stopped the run, to
// runErr. When runErr already says err's system error (a full disk:
// metrics.csv was cut by ENOSPC), err is not quoted again: the error
// says that name could not be written either, once per cause however
// many files failed ("…: no space left on device (…); summary.json and
// job.json could not be written either (the previous ones, if any, are
// unchanged)"). errors.Is and errors.As still find err.
func joinWriteErr(runErr error, name string, err error) error {
	if !sameCause(runErr, err) {
		return errors.Join(runErr, err)
	}
	if a, ok := runErr.(*alsoFailed); ok && sameCause(a.err, err) {
		return &alsoFailed{err: a.err, names: append(slices.Clone(a.names), name), errs: append(slices.Clone(a.errs), err)}
	}
	return &alsoFailed{err: runErr, names: []string{name}, errs: []error{err}}
}

// sameCause reports that err failed for a system error (an errno:
// ENOSPC) that runErr, not nil, already says.
func sameCause(runErr, err error) bool {
	var errno syscall.Errno
	return runErr != nil && errors.As(err, &errno) && errors.Is(runErr, errno)
}

// alsoFailed is err followed by the files (names, failed with errs) that
// could not be written afterwards for the cause err already says.
type alsoFailed struct {
	err   error
	names []string
	errs  []error
}

// Error returns err's text and names the files that failed after it.
func (a *alsoFailed) Error() string {
	if len(a.names) == 1 {
		return fmt.Sprintf("%v; %s could not be written either (the previous %[2]s, if any, is unchanged)", a.err, a.names[0])
	}
	last := len(a.names) - 1
	return fmt.Sprintf("%v; %s and %s could not be written either (the previous ones, if any, are unchanged)", a.err,
		strings.Join(a.names[:last], ", "), a.names[last])
}

// Unwrap returns err and the errors of the files that failed after it.
func (a *alsoFailed) Unwrap() []error { return append([]error{a.err}, a.errs...) }

// joinCloseErr joins err, the error of closing a run's metrics file, to
// runErr, the error that stopped the run, unless runErr says it already:
// a write of metrics.csv that failed during the run (a full disk) fails
// again as the file is closed, with the same text, which the error and
// summary.json would otherwise repeat.
func joinCloseErr(runErr, err error) error {
	if runErr != nil && strings.Contains(runErr.Error(), err.Error()) {
		return runErr
	}
	return errors.Join(runErr, err)
}

// interruptedSummary encodes a run's summary (a struct, a JSON object)
// with the key "interrupted": true added at its end.
type interruptedSummary struct{ summary any }

// MarshalJSON encodes the summary and adds "interrupted": true.
func (s interruptedSummary) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(s.summary)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return nil, fmt.Errorf("summary of type %T is not a JSON object", s.summary)
	}
	b = b[:len(b)-1]
	if len(b) > 1 {
		b = append(b, ',')
	}
	return append(b, `"interrupted":true}`...), nil
}

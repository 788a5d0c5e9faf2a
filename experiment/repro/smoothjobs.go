package repro

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/learn"
)

// configJob makes the job that runs the configuration text with seed into
// out, labelled with labels.
func configJob(text string, seed uint64, out string, labels map[string]string) (experiment.Job, error) {
	cfg, err := experiment.ParseConfig([]byte(text))
	if err != nil {
		return experiment.Job{}, fmt.Errorf("%s: %w", out, err)
	}
	j, err := experiment.NewJob(cfg, seed, out)
	j.Labels = labels
	return j, err
}

// num formats v for a config so that it reads back as the same float64.
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// finishedRun checks that job ended in its directory under root (done, not
// failed, not missing) and returns the directory.
func finishedRun(root string, job experiment.Job) (string, error) {
	dir := filepath.Join(root, job.Out)
	rec, done, err := experiment.JobState(dir, job)
	switch {
	case err != nil:
		return "", err
	case !done:
		return "", fmt.Errorf("%s: the run has not finished (rerun the reproduction to run it)", dir)
	case rec.Status == experiment.JobFailed:
		return "", fmt.Errorf("%s: %s", job.Out, rec.Error)
	}
	return dir, nil
}

// readTaskSummary decodes the summary.json of a finished task job into v.
func readTaskSummary(root string, job experiment.Job, v any) error {
	dir, err := finishedRun(root, job)
	if err != nil {
		return err
	}
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, experiment.SummaryFile))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return nil
}

// readSmoothRun reads a finished smooth-game or Hi-C run: its final point
// from summary.json and, when trace is true, its recorded path from
// metrics.csv (columns iter, x…, y…, f1, f2).
func readSmoothRun(root string, job experiment.Job, trace bool) (learn.Result, *learn.Trace, error) {
	dir, err := finishedRun(root, job)
	if err != nil {
		return learn.Result{}, nil, err
	}
	var sum struct {
		Final struct {
			X, Y   []float64
			F1, F2 *float64
		} `json:"final"`
		Iterations int    `json:"iterations"`
		Converged  bool   `json:"converged"`
		Error      string `json:"error"`
	}
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, experiment.SummaryFile))
	if err != nil {
		return learn.Result{}, nil, err
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		return learn.Result{}, nil, fmt.Errorf("%s: %w", dir, err)
	}
	if sum.Error != "" {
		return learn.Result{}, nil, fmt.Errorf("%s: %s", job.Out, sum.Error)
	}
	if len(sum.Final.X) == 0 || len(sum.Final.Y) == 0 {
		// Every game has a strategy of one coordinate at least (the
		// reports read the first).
		return learn.Result{}, nil, fmt.Errorf("%s: final point with %d leader and %d follower coordinates, want at least 1 each",
			filepath.Join(dir, experiment.SummaryFile), len(sum.Final.X), len(sum.Final.Y))
	}
	res := learn.Result{X: sum.Final.X, Y: sum.Final.Y, F1: math.NaN(), F2: math.NaN(),
		Iterations: sum.Iterations, Converged: sum.Converged}
	if sum.Final.F1 != nil {
		res.F1 = *sum.Final.F1
	}
	if sum.Final.F2 != nil {
		res.F2 = *sum.Final.F2
	}
	if !trace {
		return res, nil, nil
	}
	tr, err := readTrace(filepath.Join(dir, experiment.MetricsFile), len(res.X), len(res.Y))
	return res, tr, err
}

// readTrace reads a smooth run's metrics.csv (iter, x0…, y0…, f1, f2) as
// a learn.Trace.
func readTrace(path string, d1, d2 int) (*learn.Trace, error) {
	rows, err := readColumns(path, 3+d1+d2)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errors.New(path + ": no rows")
	}
	tr := &learn.Trace{}
	for _, v := range rows {
		tr.Records = append(tr.Records, learn.Record{Iter: int(v[0]), X: v[1 : 1+d1], Y: v[1+d1 : 1+d1+d2],
			F1: v[1+d1+d2], F2: v[2+d1+d2]})
	}
	return tr, nil
}

// readColumns reads the rows of a metrics.csv with n numeric columns,
// skipping the header.
func readColumns(path string, n int) ([][]float64, error) {
	data, err := safeyaml.ReadOwnFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var rows [][]float64
	for _, ln := range lines[1:] {
		f := strings.Split(ln, ",")
		if len(f) != n {
			return nil, fmt.Errorf("%s: row %q has %d fields, want %d", path, ln, len(f), n)
		}
		v := make([]float64, n)
		for i, s := range f {
			if v[i], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("%s: row %q: %w", path, ln, err)
			}
		}
		rows = append(rows, v)
	}
	return rows, nil
}

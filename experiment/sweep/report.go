package sweep

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/plot"
)

// Record is one job's line in DIR/sweep.json (published interface).
type Record struct {
	// ID is the job's content ID (experiment.Job.ID).
	ID string `json:"id"`
	// Index is the job's position in the sweep (Job.Index, the Slurm
	// array index).
	Index int `json:"index"`
	// Point is the index of the job's grid point (Job.Point), shared by
	// the point's seeds.
	Point int `json:"point"`
	// Grid is the grid point's values in the spec's key order (Job.Grid);
	// nil without a grid (a reproduction's jobs).
	Grid []Assign `json:"grid"`
	// Seed is the job's seed (experiment.Job.Seed).
	Seed uint64 `json:"seed"`
	// Status is queued, running, done, failed, cancelled or missing.
	Status string `json:"status"`
	// Attempts counts the deliveries of the job to workers.
	Attempts int `json:"attempts"`
	// Worker names the worker of the latest attempt (its Name, host:pid by default).
	Worker string `json:"worker,omitempty"`
	// WallSeconds is the wall time of the attempt that finished the job.
	WallSeconds float64 `json:"wall_seconds"`
	// Summary is the final summary (the run's summary.json).
	Summary map[string]any `json:"summary,omitempty"`
	// Error is why a failed job failed.
	Error string `json:"error,omitempty"`
	// Dir is the job's output directory relative to the sweep directory.
	Dir string `json:"dir"`
}

// File is DIR/sweep.json.
type File struct {
	// Name names the sweep (Manifest.Name).
	Name string `json:"name"`
	// Jobs holds one record per job, in the sweep's job order.
	Jobs []Record `json:"jobs"`
}

// DiskRecords reads the state of every job from its output directory under
// dir: done or failed (job.json, attempt.json, summary.json), running
// (started, unfinished) or missing. It believes a directory as
// experiment.JobState does: a finished record over the outputs of another
// run (a config.yaml of another configuration or seed) is missing, with
// the reason as its Error, and is not averaged into the report.
func DiskRecords(dir string, jobs []Job) []Record {
	recs := make([]Record, len(jobs))
	for i, j := range jobs {
		r := NewRecord(dir, j)
		jd := j.OutDir(dir)
		jr, finished, err := experiment.JobState(jd, j.Job)
		switch {
		case err != nil:
			r.Error = err.Error()
		case finished || jr.ID == j.ID:
			r.Status, r.Error = jr.Status, jr.Error
			if finished {
				r.Summary = readSummary(jd)
				if a, ok := readAttempt(jd); ok {
					r.Worker, r.Attempts, r.WallSeconds = a.Worker, a.Attempts, a.WallSeconds
				}
			}
		}
		recs[i] = r
	}
	return recs
}

// NewRecord is the record of a job not yet run.
func NewRecord(dir string, j Job) Record {
	return Record{ID: j.ID, Index: j.Index, Point: j.Point, Grid: j.Grid, Seed: j.Seed, Status: StatusMissing, Dir: j.Out}
}

// WriteReport writes dir/sweep.json, dir/report.md (also to log) and a
// learning-curve figure per grid point (dir/curves/point<k>.png/svg) from
// the records and the runs on disk. Each call describes this sweep alone:
// report.md is rewritten, not appended to, and the figures of an earlier
// report (a sweep rerun into dir, or another sweep, with more grid points)
// are removed once it is written, so that curves/ holds this sweep's
// points only. An error on the way (a full disk) leaves the previous
// report.md and figures, each whole.
func WriteReport(dir, name string, jobs []Job, recs []Record, log io.Writer) error {
	if err := experiment.WriteJSON(dir, "sweep.json", File{Name: name, Jobs: recs}); err != nil {
		return err
	}
	type point struct {
		label string
		jobs  []int
	}
	var points []point
	idx := map[int]int{}
	for i, j := range jobs {
		k, ok := idx[j.Point]
		if !ok {
			k = len(points)
			idx[j.Point] = k
			points = append(points, point{label: j.Label()})
		}
		points[k].jobs = append(points[k].jobs, i)
	}
	// The metrics: numeric entries of summary.final.
	keySet := map[string]bool{}
	for _, r := range recs {
		if f, ok := r.Summary["final"].(map[string]any); ok && r.Status == StatusDone {
			for k, v := range f {
				if _, ok := v.(float64); ok {
					keySet[k] = true
				}
			}
		}
	}
	keys := make([]string, 0, len(keySet))
	for k := range keySet {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t := repro.Table{
		Title:  fmt.Sprintf("Sweep %s: %s, %s", name, experiment.CountOf(len(jobs), "job"), experiment.CountOf(len(points), "grid point")),
		Header: []string{"grid point", "done"},
		Notes: []string{
			"Final: summary.json's final value of each run; over the run: each run's metrics.csv column averaged over its rows, each of equal weight (the area under its curve with every row of equal width: a last row nearer the one before it, as a run recording every few iterations ends with, counts in full; a row without a value repeats the previous one, and rows before the column's earliest value are left out). Both mean ± sd over the point's finished seeds; \"(k of n)\" when only k of its n finished seeds have a value.",
			"Every job is in sweep.json (grid values, seed, status, attempts, worker, wall time, final summary); its outputs in the directory it names.",
		},
	}
	for _, k := range keys {
		t.Header = append(t.Header, "final "+k, "over the run "+k)
	}
	if err := os.MkdirAll(filepath.Join(dir, "curves"), 0o755); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, r := range recs {
		counts[r.Status]++
	}
	var noFigure []string           // points without a finished finite curve
	uncomputed := map[string]bool{} // notComputed keys with a -1 left out
	drawn := map[string]bool{}      // the figures drawn, by name in curves/
	for pi, p := range points {
		row := []any{p.label}
		done := 0
		finals := make([][]float64, len(keys))
		overs := make([][]float64, len(keys))
		curves := make([][][]float64, len(keys))
		var x []float64
		for _, ji := range p.jobs {
			r := recs[ji]
			switch {
			case r.Status == StatusFailed:
				t.Notes = append(t.Notes, fmt.Sprintf("%s seed %d (%s) failed: %s", p.label, r.Seed, r.ID, r.Error))
			case r.Status == StatusMissing && r.Error != "":
				t.Notes = append(t.Notes, fmt.Sprintf("%s seed %d (%s) not counted: %s", p.label, r.Seed, r.ID, r.Error))
			}
			if r.Status != StatusDone {
				continue
			}
			done++
			f, _ := r.Summary["final"].(map[string]any)
			mpath := filepath.Join(dir, filepath.FromSlash(r.Dir), "metrics.csv")
			cols, err := ReadColumns(mpath)
			if errors.Is(err, fs.ErrNotExist) {
				// Done on a NATS server, its outputs not downloaded (it
				// ended after the sweep stopped waiting: a cancellation
				// it finished through): its final values are the
				// record's; the rest of the report stands.
				t.Notes = append(t.Notes, fmt.Sprintf("%s seed %d (%s) is done but %s is not on disk (on NATS, outputs not downloaded yet: stackel sweep collect fetches them): left out of the over-the-run means and the curves.", p.label, r.Seed, r.ID, path.Join(r.Dir, "metrics.csv")))
				err = nil
			}
			if err != nil {
				return err
			}
			for ki, k := range keys {
				if v, ok := f[k].(float64); ok && !(notComputed[k] != "" && v < 0) {
					finals[ki] = append(finals[ki], v)
				} else if ok {
					uncomputed[k] = true
				}
				if c, ok := cols.Get(k); ok && len(c) > 0 {
					mc := c
					if notComputed[k] != "" {
						mc = computedRows(c)
						if len(mc) < len(c) {
							uncomputed[k] = true
						}
					}
					if m, ok := colMean(mc); ok {
						overs[ki] = append(overs[ki], m)
					}
					if len(mc) < len(c) {
						// A curve with a -1 would enter the band's mean
						// as a value (0.25 and -1 drew -0.375): left
						// out of the figure, as the note says.
						continue
					}
					curves[ki] = append(curves[ki], c)
					if len(cols.Step) > len(x) {
						x = cols.Step
					}
				}
			}
		}
		row = append(row, fmt.Sprintf("%d/%d", done, len(p.jobs)))
		for ki := range keys {
			row = append(row, ofDone(pmOrDash(finals[ki]), len(finals[ki]), done), ofDone(pmOrDash(overs[ki]), len(overs[ki]), done))
		}
		t.Add(row...)
		ok, left, err := pointFigure(filepath.Join(dir, "curves", fmt.Sprintf("point%d", pi)), p.label, keys, x, curves)
		if err != nil {
			return err
		}
		if !ok {
			noFigure = append(noFigure, strconv.Itoa(pi))
		} else {
			drawn[fmt.Sprintf("point%d.png", pi)], drawn[fmt.Sprintf("point%d.svg", pi)] = true, true
		}
		if ok && len(left) > 0 {
			t.Notes = append(t.Notes, fmt.Sprintf("curves/point%d (%s) leaves out %s: a run's curve has a non-finite value (or none in its opening rows).", pi, p.label, strings.Join(left, ", ")))
		}
	}
	// Statuses stackel does not write (another version's, a job.json or
	// state edited by hand) are counted too, so that the counts add up to
	// the jobs (as NotDone counts them).
	st := StatusCounts(counts, []string{StatusDone, StatusFailed, StatusRunning, StatusQueued, StatusCancelled, StatusMissing})
	curvesNote := "Jobs: " + strings.Join(st, ", ") + ". Learning curves: curves/point<k>.png/svg, k the row's position (mean ± sd over seeds)"
	if len(noFigure) > 0 {
		curvesNote += "; none for k = " + strings.Join(noFigure, ", ") + " (no finished run with a finite curve)"
	}
	t.Notes = append(t.Notes, curvesNote+".")
	if n := slurmFinishNote(dir, jobs, recs); n != "" {
		t.Notes = append(t.Notes, n)
	}
	for _, k := range keys {
		if uncomputed[k] {
			t.Notes = append(t.Notes, fmt.Sprintf("%s: a Markov run's -1 (not computed: %s) is no value, left out of the final and over-the-run means; a run whose curve holds one is left out of its point's figure.", k, notComputed[k]))
		}
	}
	t.Notes = append(t.Notes, buildNotes(dir, jobs, recs)...)
	// The report replaces the previous one whole (repro.Table.Write
	// appends), and only then are the figures of points this report draws
	// none for removed: a disk that fills on the way leaves the previous
	// report.md and figures as they were, each whole (before session 48
	// they were removed first, and a full disk left no report).
	md := t.Markdown()
	if log != nil {
		fmt.Fprintln(log, md)
	}
	if err := experiment.WriteFile(dir, "report.md", []byte(md+"\n")); err != nil {
		return err
	}
	return removeFigures(dir, drawn)
}

// namedJobsMax is the most jobs of the build that made the most which the
// report's "Made by" notes name one by one: a larger build sharing no job
// with the others is said to have made every job run but those named.
const namedJobsMax = 12

// buildNotes says which binaries and machines ran the jobs (job.json's
// "builds", experiment.JobBuildRuns), one note per build; none when no
// record has builds (jobs run before stackel recorded them). One build
// alone is counted; with several, or with jobs whose job.json records
// none, each note names its jobs by grid point and seeds (jobNames), as
// a reproduction's Provenance names its runs, but the largest build's
// when it has more than namedJobsMax and shares none with the others
// (it made every job run but those named). When the builds' kernels give
// different bits (kernelBits) a note says so and names the grid points
// whose finished seeds (recs) mix them: their mean ± sd takes runs that
// differ in more than their last bits.
func buildNotes(dir string, jobs []Job, recs []Record) []string {
	ej := make([]experiment.Job, len(jobs))
	byID := make(map[string]int, len(jobs))
	for i, j := range jobs {
		ej[i] = j.Job
		byID[j.ID] = i
	}
	builds, unrecorded := experiment.JobBuildRuns(dir, ej)
	if len(builds) == 0 {
		return nil
	}
	total := experiment.CountOf(len(jobs), "job")
	name := func(js []experiment.Job) string {
		idx := make([]int, 0, len(js))
		for _, j := range js {
			idx = append(idx, byID[j.ID])
		}
		return jobNames(jobs, idx)
	}
	mixed := len(builds) > 1 || len(unrecorded) > 0
	var notes []string
	for k, b := range builds {
		note := fmt.Sprintf("Made by %s: %d of %s (job.json's \"builds\")", b.Build, len(b.Jobs), total)
		switch {
		case !mixed:
		case k == 0 && len(b.Jobs) > namedJobsMax && !sharesJob(b.Jobs, builds[1:], unrecorded):
			note += ": every job run but those named in the notes below"
		default:
			note += ": " + name(b.Jobs)
		}
		notes = append(notes, note+".")
	}
	if len(unrecorded) > 0 {
		notes = append(notes, fmt.Sprintf("Made by a stackel that recorded no build (job.json without \"builds\", written before 2026-12-05): %d of %s: %s.", len(unrecorded), total, name(unrecorded)))
	}
	if n := kernelNote(jobs, recs, builds, byID); n != "" {
		notes = append(notes, n)
	}
	return notes
}

// sharesJob reports whether a job of js is among the jobs of others or
// in unrecorded.
func sharesJob(js []experiment.Job, others []experiment.BuildRuns, unrecorded []experiment.Job) bool {
	in := map[string]bool{}
	for _, j := range js {
		in[j.ID] = true
	}
	for _, j := range unrecorded {
		if in[j.ID] {
			return true
		}
	}
	for _, b := range others {
		for _, j := range b.Jobs {
			if in[j.ID] {
				return true
			}
		}
	}
	return false
}

// jobNames names the jobs of jobs at the indices idx by grid point and
// seed, the points in their order (Job.Point) and each point's seeds in
// its jobs' order: "k=0.1 seeds 1, 2; k=0.2 seed 1".
func jobNames(jobs []Job, idx []int) string {
	slices.Sort(idx)
	idx = slices.Compact(idx)
	var order []int // the points, sorted below
	seeds := map[int][]string{}
	label := map[int]string{}
	for _, i := range idx {
		p := jobs[i].Point
		if _, ok := seeds[p]; !ok {
			order = append(order, p)
			label[p] = jobs[i].Label()
		}
		seeds[p] = append(seeds[p], strconv.FormatUint(jobs[i].Seed, 10))
	}
	slices.Sort(order)
	parts := make([]string, len(order))
	for k, p := range order {
		word := "seed"
		if len(seeds[p]) > 1 {
			word = "seeds"
		}
		parts[k] = fmt.Sprintf("%s %s %s", label[p], word, strings.Join(seeds[p], ", "))
	}
	return strings.Join(parts, "; ")
}

// kernelBits is the bits a route of the matrix products (Build.Kernels)
// gives: the AVX-512 and AVX2 assembly kernels give the same bits, every
// other route (the plain-Go kernels of -tags purego, arm64 or a CPU
// without AVX2/FMA; OpenBLAS) its own.
func kernelBits(k string) string {
	if k == "avx512" {
		return "avx2"
	}
	return k
}

// kernelNote says, when the builds' kernels give different bits
// (kernelBits), which kernels they are and which grid points' finished
// seeds (recs: status done) were run with more than one of them (a job
// resumed by several builds counts for each); "" when they give the same.
func kernelNote(jobs []Job, recs []Record, builds []experiment.BuildRuns, byID map[string]int) string {
	bits := map[string]bool{}
	var all []string
	kern := map[int][]string{} // job index: its builds' kernels
	for _, b := range builds {
		bits[kernelBits(b.Build.Kernels)] = true
		all = append(all, b.Build.Kernels)
		for _, j := range b.Jobs {
			i := byID[j.ID]
			kern[i] = append(kern[i], b.Build.Kernels)
		}
	}
	if len(bits) < 2 {
		return ""
	}
	slices.Sort(all)
	all = slices.Compact(all)
	var order []int
	pointKern := map[int][]string{}
	label := map[int]string{}
	for i, j := range jobs {
		if i >= len(recs) || recs[i].Status != StatusDone || len(kern[i]) == 0 {
			continue
		}
		if _, ok := pointKern[j.Point]; !ok {
			order = append(order, j.Point)
			label[j.Point] = j.Label()
		}
		pointKern[j.Point] = append(pointKern[j.Point], kern[i]...)
	}
	slices.Sort(order)
	var mixes []string
	for _, p := range order {
		ks := pointKern[p]
		slices.Sort(ks)
		ks = slices.Compact(ks)
		pb := map[string]bool{}
		for _, k := range ks {
			pb[kernelBits(k)] = true
		}
		if len(pb) > 1 {
			mixes = append(mixes, fmt.Sprintf("%s (%s)", label[p], strings.Join(ks, "; ")))
		}
	}
	note := fmt.Sprintf("The builds' matrix-product kernels give different bits (%s): an RL run's numbers differ between them, first in the last bits and then in the digits", strings.Join(all, "; "))
	if len(mixes) > 0 {
		note += ", so the mean ± sd of a grid point whose finished seeds they share mixes them: " + strings.Join(mixes, ", ")
	} else {
		note += "; no grid point's finished seeds mix them"
	}
	return note + ". Numbers to be compared bit for bit want workers of one build."
}

// pointFigureName matches the names of the figures WriteReport draws in
// dir/curves.
var pointFigureName = regexp.MustCompile(`^point[0-9]+\.(png|svg)$`)

// removeFigures removes the grid points' figures in dir/curves that are
// not in keep (other files there are left alone), so that WriteReport
// leaves no figure of an earlier report: of a point without a finite
// curve now, or of a sweep with more points.
func removeFigures(dir string, keep map[string]bool) error {
	ents, err := os.ReadDir(filepath.Join(dir, "curves"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("replacing the report's figures: %w", err)
	}
	for _, e := range ents {
		if e.Type().IsRegular() && pointFigureName.MatchString(e.Name()) && !keep[e.Name()] {
			if err := os.Remove(filepath.Join(dir, "curves", e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("replacing the report's figures: %w", err)
			}
		}
	}
	return nil
}

// ofDone marks a cell computed from k values of a point with done
// finished seeds, when k < done (a run without the value: null in its
// summary, or a column it lacks).
func ofDone(cell string, k, done int) string {
	if k == 0 || k == done {
		return cell
	}
	return fmt.Sprintf("%s (%d of %d)", cell, k, done)
}

// pmOrDash writes a cell of the values v of a grid point's seeds: "—"
// for none; one seed's value as seeds that agree exactly write their mean
// (meanText with sd 0: four significant digits where they are the value
// exactly, else its shortest exact form, 1799.98965 and not 1800), with
// no sd, which one seed has not; several seeds' mean ± sd.
func pmOrDash(v []float64) string {
	switch len(v) {
	case 0:
		return "—"
	case 1:
		return meanText(v[0], 0)
	}
	m, s := meanSD(v)
	return meanText(m, s) + fmt.Sprintf(" ± %.3g", s)
}

// meanSD is repro.MeanSD, except that values that are all the same number
// give that number and sd 0 exactly: the sum divided by their count is
// not always the value again (three seeds' f2 = 0.1 gave
// 0.10000000000000002 ± 1.7e-17), which the mean's extra digits
// (meanText) would show.
func meanSD(v []float64) (mean, sd float64) {
	if len(v) > 0 && !math.IsNaN(v[0]) && !math.IsInf(v[0], 0) && !slices.ContainsFunc(v, func(x float64) bool { return x != v[0] }) {
		return v[0], 0
	}
	return repro.MeanSD(v)
}

// meanText writes a cell's mean m to four significant digits, or, when
// that rounding is coarser than its sd s (seeds that agree closely: a
// Hi-C leader's profit 1799.98965 ± 0.0028 was written 1800), with the
// decimals of the sd's third significant digit, so that the mean is not
// rounded by more than its spread. Seeds that agree exactly (s = 0: a
// deterministic run's every seed) give the mean's shortest exact form
// where four digits would round it (1799.99 ± 0, not 1800 ± 0). The
// digits never go beyond those float64 holds (an sd at rounding level:
// the shortest exact form) nor, for a mean of 10²¹ or more, into a row of
// digits (exponent form, as %.4g writes it).
func meanText(m, s float64) string {
	text := fmt.Sprintf("%.4g", m)
	if s < 0 || math.IsNaN(s) || m == 0 || math.IsInf(s, 0) || math.IsNaN(m) || math.IsInf(m, 0) {
		return text
	}
	exact := strconv.FormatFloat(m, 'g', -1, 64) // every digit m has
	if s == 0 {
		if v, err := strconv.ParseFloat(text, 64); err == nil && v == m {
			return text
		}
		return exact
	}
	mag := int(math.Floor(math.Log10(math.Abs(m))))
	last := math.Pow(10, float64(mag-3)) // the place of %.4g's last digit
	if s >= last {
		return text
	}
	decimals := 2 - int(math.Floor(math.Log10(s)))
	switch digits := mag + 1 + decimals; {
	case digits > 17 || decimals > 20: // beyond float64's digits: every one it has
		return exact
	case math.Abs(m) >= 1e21: // a row of digits: the same ones in exponent form
		return strconv.FormatFloat(m, 'e', digits-1, 64)
	case decimals < 0: // s ≥ 1000 below a mean of 10⁷ or more: whole tens, hundreds, …
		unit := math.Pow(10, float64(-decimals))
		return strconv.FormatFloat(math.Round(m/unit)*unit, 'f', 0, 64)
	}
	return strconv.FormatFloat(m, 'f', decimals, 64)
}

// pointFigure draws each metric's mean ± sd curve over the point's seeds
// (runs shorter than the longest padded with their last value; series
// with a non-finite value left out, named in left) and reports whether it
// drew a figure (not when no series is left).
func pointFigure(base, title string, keys []string, x []float64, curves [][][]float64) (drawn bool, left []string, err error) {
	var series []plot.Series
	for ki, k := range keys {
		if len(curves[ki]) == 0 || len(x) == 0 {
			continue
		}
		s, ok, err := SeedBand(k, x, curves[ki])
		if err != nil {
			return false, nil, err
		}
		if !ok {
			left = append(left, k)
			continue
		}
		series = append(series, s)
	}
	if len(series) == 0 {
		return false, left, nil
	}
	p, err := plot.Lines(plot.LinesFigure{
		Frame:  plot.Frame{Title: title, XLabel: "step", YLabel: "value", Legend: plot.BottomRight},
		Series: series,
	})
	if err != nil {
		return false, nil, fmt.Errorf("figure %s: %w", base, err)
	}
	if _, err := plot.Save(p, base, plot.DefaultSize); err != nil {
		return false, nil, err
	}
	return true, left, nil
}

// SeedBand is the series named name of the mean ± sd (plot.MeanBand with
// plot.StdDev) over runs, the seeds' curves of one metric, against x: a
// run shorter than x is padded with its last value, one longer is cut to
// len(x). finite is false, and the series empty, when a run holds a value
// that is not finite (NaN or ±Inf; ReadColumns leaves a column NaN before
// its first value): the caller leaves it out and says so. A run without
// values, no runs or an empty x is an error.
func SeedBand(name string, x []float64, runs [][]float64) (s plot.Series, finite bool, err error) {
	padded := make([][]float64, len(runs))
	for r, c := range runs {
		if len(c) == 0 {
			return plot.Series{}, false, fmt.Errorf("series %s: run %d has no values", name, r)
		}
		c = append([]float64(nil), c...)
		for len(c) < len(x) {
			c = append(c, c[len(c)-1])
		}
		for _, v := range c[:len(x)] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return plot.Series{}, false, nil
			}
		}
		padded[r] = c[:len(x)]
	}
	s, err = plot.MeanBand(name, x, padded, plot.StdDev)
	return s, err == nil, err
}

// notComputed names the metrics whose -1 marks a value that could not be
// computed, not a number, with why: a Markov run's hier_grad_norm and
// br_gap (markov.Stats, markov.HierGradNormText and BRGapText), norms
// otherwise. The report takes such a value as none (a seed without it,
// "(k of n)"; a row without it; a curve left out of the figure), and
// says so.
var notComputed = map[string]string{
	"hier_grad_norm": "a singular follower Hessian or a non-finite gradient, or no best response",
	"br_gap":         "no best response",
}

// computedRows is column c without its negative rows (notComputed's -1),
// c itself when it has none.
func computedRows(c []float64) []float64 {
	if !slices.ContainsFunc(c, func(v float64) bool { return v < 0 }) {
		return c
	}
	out := make([]float64, 0, len(c))
	for _, v := range c {
		if !(v < 0) {
			out = append(out, v)
		}
	}
	return out
}

// colMean is the mean of a column from its first value on (ReadColumns
// leaves the rows before it NaN); ok is false when it has none.
func colMean(c []float64) (mean float64, ok bool) {
	for i, v := range c {
		if !math.IsNaN(v) {
			m, _ := meanSD(c[i:])
			return m, true
		}
	}
	return 0, false
}

// Columns is a metrics.csv by column (ReadColumns).
type Columns struct {
	// Header holds the column names, in the file's order.
	Header []string
	// Step is the step column: "steps" if present, otherwise the first.
	Step []float64
	// Data holds one slice per column of Header, each of len(Step).
	Data [][]float64
	// Repeated holds, per column of Header, the rows (0-based, in order)
	// whose NaN ReadColumns replaced with the column's previous value: rows
	// without a value, which Data gives as the row before (nil: none). The
	// NaNs before a column's first value stay NaN and are not in it.
	Repeated [][]int
}

// Get returns the column called name, and whether there is one.
func (c Columns) Get(name string) ([]float64, bool) {
	for i, h := range c.Header {
		if h == name {
			return c.Data[i], true
		}
	}
	return nil, false
}

// RepeatedRows returns the rows of the column called name whose NaN
// ReadColumns gave as the previous value (Repeated), nil for none or no
// such column.
func (c Columns) RepeatedRows(name string) []int {
	for i, h := range c.Header {
		if h == name && i < len(c.Repeated) {
			return c.Repeated[i]
		}
	}
	return nil
}

// StepName is the name of the step column of header, as ReadColumns picks
// it: "steps" if present, otherwise the first column.
func StepName(header []string) string {
	for _, h := range header {
		if h == "steps" {
			return h
		}
	}
	if len(header) == 0 {
		return ""
	}
	return header[0]
}

// ReadColumns reads a metrics.csv (lines ending in \n, \r\n or \r); a
// NaN repeats the previous value of its column (the rows listed in
// Columns.Repeated), and stays NaN before the column's first value (which
// the over-the-run mean, colMean, leaves out: no value is made up). The file must be a regular file
// (safeyaml.ReadOwnFile); an error names it, and quotes the row or field
// at fault cut short (textcut: a row of 10 KB made a 10 KB message).
func ReadColumns(path string) (Columns, error) {
	b, err := safeyaml.ReadOwnFile(path)
	if err != nil {
		return Columns{}, err
	}
	// A file edited on Windows: its \r\n line ends (and a leading
	// byte-order mark) read as stackel's own \n; so do the bare \r line
	// ends of an old Mac editor (which made the file one header line
	// with no rows).
	text := strings.ReplaceAll(strings.TrimPrefix(string(b), "\ufeff"), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(strings.TrimSpace(text), "\n")
	c := Columns{Header: strings.Split(lines[0], ",")}
	c.Data = make([][]float64, len(c.Header))
	c.Repeated = make([][]int, len(c.Header))
	for _, ln := range lines[1:] {
		f := strings.Split(ln, ",")
		if len(f) != len(c.Header) {
			return c, fmt.Errorf("%s: row %s has %d fields, want %d", textcut.Printable(path), textcut.Quoted(ln, 80), len(f), len(c.Header))
		}
		for i, s := range f {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return c, fmt.Errorf("%s: %s is not a number", textcut.Printable(path), textcut.Quoted(s, 40))
			}
			if n := len(c.Data[i]); math.IsNaN(v) && n > 0 && !math.IsNaN(c.Data[i][n-1]) {
				v = c.Data[i][n-1]
				c.Repeated[i] = append(c.Repeated[i], n)
			}
			c.Data[i] = append(c.Data[i], v)
		}
	}
	c.Step, _ = c.Get(StepName(c.Header))
	return c, nil
}

// ReadFile reads a sweep.json.
func ReadFile(path string) (File, error) {
	var f File
	b, err := safeyaml.ReadOwnFile(path)
	if err != nil {
		return f, err
	}
	return f, json.Unmarshal(b, &f)
}

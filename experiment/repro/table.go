package repro

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
)

// Table is a small report table printed to the terminal and saved as
// Markdown beside a reproduction's figures.
type Table struct {
	// Title heads the table.
	Title string
	// Header names the columns; each row has one cell per column.
	Header []string
	// Rows are the body rows, in order; Add appends one.
	Rows [][]string
	// Notes are printed under the table.
	Notes []string
}

// Add appends a row of cells formatted with %v (floats with %.4g).
func (t *Table) Add(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case float64:
			row[i] = fmt.Sprintf("%.4g", v)
		default:
			row[i] = fmt.Sprint(v)
		}
	}
	t.Rows = append(t.Rows, row)
}

// Markdown renders the table as GitHub Markdown.
func (t *Table) Markdown() string {
	var b strings.Builder
	if t.Title != "" {
		fmt.Fprintf(&b, "### %s\n\n", t.Title)
	}
	b.WriteString("| " + strings.Join(t.Header, " | ") + " |\n")
	b.WriteString("|" + strings.Repeat("---|", len(t.Header)) + "\n")
	for _, r := range t.Rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	for _, n := range t.Notes {
		b.WriteString("\n" + n + "\n")
	}
	return b.String()
}

// Write prints the table to w (if not nil) and appends it to
// dir/report.md.
func (t *Table) Write(w io.Writer, dir string) error {
	md := t.Markdown()
	if w != nil {
		fmt.Fprintln(w, md)
	}
	return appendReport(dir, md+"\n")
}

// appendReport appends text to dir/report.md, creating it. The report of
// a --quick reproduction (quickDirs) begins with its note, written with
// its first text: a kill after the report's tables cannot leave them
// without it (it was added after the whole report, and a report written
// again the same was then taken for one that stopped before writing).
// The append is atomic (appendAtomic): a kill in the middle leaves the
// report as it was, never a table cut short.
func appendReport(dir, text string) error {
	return appendAtomic(filepath.Join(dir, "report.md"), text, true, func(old []byte) string {
		if note, quick := quickNoteIn(dir); quick && (len(old) == 0 || string(old) == reportIncomplete) {
			return note + text
		}
		return text
	})
}

// appendAtomic appends to the file at path (creating it if create, else
// an error when it does not exist) the text that with(old) returns for
// its present content old: it writes the whole new content to a temporary
// file, synced and renamed over path (experiment.WriteFile), so that a
// kill or a full disk leaves either the file as it was or the file with
// all of the text, never part of it.
func appendAtomic(path, text string, create bool, with func(old []byte) string) error {
	old, err := os.ReadFile(path)
	if err != nil && !(create && errors.Is(err, fs.ErrNotExist)) {
		return err
	}
	if with != nil {
		text = with(old)
	}
	return experiment.WriteFile(filepath.Dir(path), filepath.Base(path), append(old, text...))
}

// MeanSD returns the mean and the sample standard deviation of v (n − 1 in
// the denominator). One value has no sample standard deviation: sd is
// then 0, and the tables write such a value alone, marked "(1 seed)"
// (pm), never as ± 0; no value gives NaN for both. Finite values whose
// sum or squared deviations overflow (a diverged run's 1e308, deviations
// from about 1e154 on) are taken in units of the largest |value|, where
// neither can: their mean and sd are finite where they fit a float64.
func MeanSD(v []float64) (mean, sd float64) {
	if len(v) == 0 {
		return math.NaN(), math.NaN()
	}
	mean, sd = scaledMeanSD(v, 1)
	if !math.IsInf(mean, 0) && !math.IsInf(sd, 0) {
		return mean, sd
	}
	// Overflow: again in units of the largest |value|, unless a value is
	// itself infinite or NaN, whose results stand.
	scale := 0.0
	for _, x := range v {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return mean, sd
		}
		scale = math.Max(scale, math.Abs(x))
	}
	mean, sd = scaledMeanSD(v, scale)
	return mean * scale, sd * scale
}

// scaledMeanSD is MeanSD of v/scale (sd 0 for one value).
func scaledMeanSD(v []float64, scale float64) (mean, sd float64) {
	for _, x := range v {
		mean += x / scale
	}
	mean /= float64(len(v))
	if len(v) < 2 {
		return mean, 0
	}
	for _, x := range v {
		d := x/scale - mean
		sd += d * d
	}
	return mean, math.Sqrt(sd / float64(len(v)-1))
}

// sdJSON is the sample standard deviation of v as results.json gives it:
// null for fewer than two values, which have none (MeanSD's 0 would read
// as seeds that agree exactly), and for a non-finite one.
func sdJSON(v []float64) any {
	if len(v) < 2 {
		return nil
	}
	_, sd := MeanSD(v)
	return experiment.Finite(sd)
}

// pm formats mean ± sd by the tables' rule (spreadRule: the sd to two
// significant digits, the mean to its decimal place, an exact 0 as
// "± 0"); one value has no sample sd, and is written alone at 4 decimals
// with "(1 seed)" rather than as ± 0. A mean that rounds to zero is
// written without a sign.
func pm(v []float64) string {
	m, s := MeanSD(v)
	if len(v) == 1 {
		return unsignedZero4(m) + " (1 seed)"
	}
	return formatPM(m, s, nil)
}

// unsignedZero4 formats x with 4 decimals, a value that rounds to zero
// (−0 or a tiny negative) as "0.0000".
func unsignedZero4(x float64) string {
	s := fmt.Sprintf("%.4f", x)
	if s == "-0.0000" {
		return "0.0000"
	}
	return s
}

// formatWithin writes v, a value a table's verdict beside it compares
// with bound (within: v ≤ bound), with prec significant digits (%g), or
// with as many more as it takes for the printed value to lie on the same
// side of bound as v: a largest error of 0.00104 against 1e-3 printed
// "0.001" beside "false" (0.0010004 too), a value at the bound said to be
// beyond it. Values on the bound's side they print on are unchanged.
func formatWithin(v, bound float64, prec int) string {
	within := v <= bound
	s := fmt.Sprintf("%.*g", prec, v)
	for ; prec < 17; prec++ {
		if p, err := strconv.ParseFloat(s, 64); err != nil || (p <= bound) == within {
			break
		}
		s = fmt.Sprintf("%.*g", prec+1, v)
	}
	return s
}

// reportIncomplete heads report.md while its report is written: resetReport
// puts it there before the first file of the new report, and finishReport
// takes it away once the last one is written. A report whose writing
// stopped half-way (the process killed, or an error between two files)
// keeps it, so that its files, a partial set, are never taken for a whole
// report. Another process's report is never written in between: every
// writer of a report (Execute's, a --report-only's) holds the directory's
// report lock (lockReport) from before resetReport to after finishReport,
// so a report.md never carries one writer's note over another's text, nor
// sits beside another's results.json or figures.
const reportIncomplete = "> **Incomplete report**: this report is being written, or its writing stopped before the end (the process was killed or failed): the text below, results.json, the figures and the data files beside it may be missing or partial. Write it again (`--report-only`).\n\n"

// resetReport removes an earlier results.json, and the figures an earlier
// report drew (NAME.png and NAME.svg for each NAME of figures: every
// figure the reproduction can draw, under any options), and replaces an
// earlier report.md by reportIncomplete alone, so a reproduction starts
// fresh: a run killed before it writes its own results.json then leaves no
// results.json of an earlier invocation (with other settings) beside its
// new report.md, a figure this report does not draw (every seed of its
// game failed, or other options) leaves no earlier run's figure to be read
// as this one's, and a report killed or failing before its end says so at
// the top of report.md (finishReport removes the note at the end). Only
// these names are touched: any other file in dir is not the
// reproduction's. The caller holds the report lock of the reproduction's
// directory (lockReport): dir, or the directory above a suite's task.
func resetReport(dir string, figures ...string) {
	// The note first: a kill before the removals below leaves the earlier
	// files under an incomplete report.md, never an earlier whole report
	// without its results.json.
	if err := experiment.WriteFile(dir, "report.md", []byte(reportIncomplete)); err != nil {
		os.Remove(filepath.Join(dir, "report.md")) // never an earlier report beside the new files
	}
	os.Remove(filepath.Join(dir, "results.json"))
	for _, name := range figures {
		for _, ext := range []string{".png", ".svg"} {
			os.Remove(filepath.Join(dir, name+ext))
		}
	}
}

// finishReport removes the note reportIncomplete from the top of
// dir/report.md once the report's last file is written (atomically: a
// kill leaves the note). A report.md without it is left as it is. The
// caller holds the report lock of the reproduction's directory
// (lockReport), taken before resetReport.
func finishReport(dir string) error {
	path := filepath.Join(dir, "report.md")
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if !strings.HasPrefix(string(b), reportIncomplete) {
		return nil
	}
	return experiment.WriteFile(dir, "report.md", b[len(reportIncomplete):])
}

// resetData removes the data files (the metrics_*.csv beside a report)
// an earlier report wrote into dir, each of files by its exact name, as
// resetReport removes figures: every such file the reproduction can write,
// under any options, so that one this report does not write (a variant
// not run with these options, or a report that stops with an error) is
// not left to be read as this report's. Only these names are removed.
func resetData(dir string, files ...string) {
	for _, name := range files {
		os.Remove(filepath.Join(dir, name))
	}
}

// The figures each reproduction can draw (resetReport removes them before
// its report is rewritten): those of duopolyFigures, torusFigures,
// hicFigures and markovFigures.
var (
	duopolyFigureNames = []string{"fig1a_production", "fig1b_profit"}
	torusFigureNames   = []string{"fig2a_nash_paths", "fig2b_stackelberg_paths", "fig2cd_costs",
		"fig2e_positions_nash", "fig2f_positions_stackelberg"}
	hicFigureNames    = []string{"hic_payoffs", "hic_strategies", "hic_payoffs_zoom", "hic_strategies_zoom"}
	markovFigureNames = []string{"leader_value", "hier_grad_norm"}
)

// resetCurves removes the learning curves an earlier report of an RL
// comparison wrote into dir (curves.csv, learning_curves.png/svg): a
// report without finished runs draws none, and must not leave another
// report's curves beside it (nor a suite read them back as its panel).
func resetCurves(dir string) {
	for _, name := range []string{"curves.csv", "learning_curves.png", "learning_curves.svg"} {
		os.Remove(filepath.Join(dir, name))
	}
}

// seedCount writes n seeds as a report's titles and notes say it: "1 seed",
// "5 seeds".
func seedCount(n int) string {
	if n == 1 {
		return "1 seed"
	}
	return fmt.Sprintf("%d seeds", n)
}

// appendBuilds appends to dir/report.md the binaries and machines that
// made the runs of a report on runs runs (p: experiment.JobProvenance),
// when their job.json files record any (runs made by a stackel that did
// not record builds yet do not, and their reports are unchanged): a report's numbers can be traced
// to the build and CPU that computed them, which decide their last bits.
// A set made by more than one build (a committed set extended with more
// seeds by a newer stackel), or with runs whose job.json records none,
// names the runs of each line, and those runs get a line of their own.
// Smooth-game runs whose metrics.csv was checked by its last row only
// (p.MetricsUnchecked: summaries written before stackel recorded its
// digest) are named on a line of their own, and so are Hi-C and Markov
// runs whose metrics.csv was not checked (p.MetricsNotChecked), RL
// runs whose metrics.csv was checked by its number of rows and last step
// (p.MetricsRowsCounted), and failed RL runs whose metrics.csv, reported
// up to the failure, was not checked (p.MetricsFailedNotChecked).
func appendBuilds(dir string, p experiment.Provenance) error {
	if len(p.Builds) == 0 && len(p.MetricsUnchecked) == 0 && len(p.MetricsNotChecked) == 0 && len(p.MetricsRowsCounted) == 0 && len(p.MetricsFailedNotChecked) == 0 {
		return nil
	}
	mixed := len(p.Builds) > 1 || len(p.Unrecorded) > 0
	line := func(b *strings.Builder, what string, runs []string, list bool) {
		fmt.Fprintf(b, "- %s: %d of %d runs", what, len(runs), p.Runs)
		if list {
			b.WriteString(": " + strings.Join(runs, ", "))
		}
		b.WriteString("\n")
	}
	var b strings.Builder
	b.WriteString("### Provenance\n\n")
	if len(p.Builds) > 0 {
		b.WriteString("The runs were made by (job.json's \"builds\"; a run resumed by another build or machine counts for each):\n\n")
		for _, br := range p.Builds {
			line(&b, br.Description, br.Runs, mixed)
		}
		if len(p.Unrecorded) > 0 {
			line(&b, "no build recorded (job.json written by a stackel before 2026-12-05)", p.Unrecorded, mixed)
		}
	}
	if len(p.MetricsUnchecked) > 0 {
		if len(p.Builds) > 0 {
			b.WriteString("\n")
		}
		line(&b, "metrics.csv checked by its last row only, not whole (summary.json without metrics_sha256, written by a stackel before 2026-12-07)", p.MetricsUnchecked, true)
	}
	if len(p.MetricsNotChecked) > 0 {
		if len(p.Builds) > 0 && len(p.MetricsUnchecked) == 0 {
			b.WriteString("\n")
		}
		line(&b, "metrics.csv not checked (a Hi-C or Markov run's summary.json without metrics_sha256, written by a stackel before 2026-12-07)", p.MetricsNotChecked, true)
	}
	if len(p.MetricsRowsCounted) > 0 {
		if len(p.Builds) > 0 && len(p.MetricsUnchecked) == 0 && len(p.MetricsNotChecked) == 0 {
			b.WriteString("\n")
		}
		line(&b, "metrics.csv checked by its number of rows and last step only, not whole (an RL run's summary.json without metrics_sha256, written by a stackel before 2026-12-07)", p.MetricsRowsCounted, true)
	}
	if len(p.MetricsFailedNotChecked) > 0 {
		if len(p.Builds) > 0 && len(p.MetricsUnchecked) == 0 && len(p.MetricsNotChecked) == 0 && len(p.MetricsRowsCounted) == 0 {
			b.WriteString("\n")
		}
		line(&b, "metrics.csv not checked, reported up to the failure (a failed RL run's summary.json without metrics_sha256, written by a stackel before 2026-12-07)", p.MetricsFailedNotChecked, true)
	}
	return appendReport(dir, b.String()+"\n")
}

// addProvenance adds p to dir/results.json as its last top-level key,
// "provenance", leaving the text before it as it is (every other key, its
// value and its place): the file is a JSON object as WriteJSON writes it,
// and the key is written in its indentation. No results.json (a suite of
// one task writes its task's only), or one that is not a JSON object, is
// left as it is.
func addProvenance(dir string, p experiment.Provenance) error {
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, "results.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(b, &keys) != nil {
		return nil
	}
	if _, ok := keys["provenance"]; ok {
		return fmt.Errorf("%s: results.json already has a \"provenance\" key", dir)
	}
	body := bytes.TrimSuffix(bytes.TrimSpace(b), []byte("}")) // the object's end
	body = bytes.TrimRight(body, " \t\r\n")
	pj, err := json.MarshalIndent(p, "  ", "  ")
	if err != nil {
		return fmt.Errorf("encoding results.json's provenance: %w", err)
	}
	sep := ",\n"
	if bytes.Equal(body, []byte("{")) {
		sep = "\n"
	}
	out := append(append(append(append(body, sep...), `  "provenance": `...), pj...), "\n}\n"...)
	if !json.Valid(out) {
		return fmt.Errorf("%s: results.json with its provenance is not valid JSON", dir)
	}
	return experiment.WriteFile(dir, "results.json", out)
}

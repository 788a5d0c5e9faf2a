package repro

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The README's result tables quote the run sets committed under results/.
// TestREADMEQuotesCommittedResults reads every README table that names
// such a set and checks each number of it that the set's runs determine
// against the runs themselves (metrics.csv, with the set's results.json
// cross-checked), so that an edit of either side that breaks the quote
// fails. Numbers are compared at the precision the README writes them:
// a quoted value v with d decimals must lie within half a unit of its
// last digit of the value computed here (mean and sample sd, n − 1, over
// seeds, written independently of the report code).

// readmeTableSets names the sets of a README table whose introduction does
// not link them (the links follow the table), by the table's header line;
// each row is checked against the set that has its variant. None marks a
// table of runs that were not committed (their set was lost).
var readmeTableSets = map[string][]string{
	"| algorithm (float32) | seed 1 | seed 2 | seed 3 | seed 4 | seed 5 | reached | test return at 50k | over the run | float64: reached, at 50k |": nil,
	"| algorithm | seed 1 | seed 2 | seed 3 | seed 4 | seed 5 | reached | test return at 50k | over the run | steps/s |":                            {"stddpg-pendulum-f64", "stsac-pendulum-f64"},
}

// readmeMinChecks is the least number of cells the test must check in
// each set's tables: a README reworded so that a table is no longer
// found would otherwise pass by checking nothing.
var readmeMinChecks = map[string]int{
	"stddpg-pendulum":         3 * 8,
	"stddpg-pendulum-f64":     3 * 8,
	"stsac-pendulum":          3 * 8,
	"stsac-pendulum-f64":      3 * 8,
	"stac-cartpole":           3 * 7,
	"stac-cartpole-f64":       3 * 7,
	"stddpg-hopper-100k":      3 * 12,
	"stddpg-halfcheetah-100k": 3 * 12,
	"stddpg-walker2d-100k":    3 * 12,
	"stddpg-ant-100k":         3 * 12,
	"stsac-hopper-100k":       3 * 12,
	"stsac-halfcheetah-100k":  3 * 12,
	"stsac-walker2d-100k":     3 * 12,
	"stsac-ant-100k":          3 * 12,
	"stddpg-hopper-200k":      15 * 6,
	"stddpg-hopper-300k":      15 * 6,
	"stac-mujoco-1m":          6 * 6,
}

func TestREADMEQuotesCommittedResults(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	checked, probs := readmeQuoteProblems(t, string(data))
	for _, msg := range probs {
		t.Error(msg)
	}
	t.Logf("numbers checked per set: %v", checked)
	for set, min := range readmeMinChecks {
		if checked[set] < min {
			t.Errorf("results/%s: the README's tables gave %d checked numbers, want at least %d (a table no longer found?)", set, checked[set], min)
		}
	}
}

// TestREADMEQuoteCheckerFindsEdits edits one quoted number of each kind in
// the README's text and wants the checker to name it: a check that
// passes because it compares nothing would pass these too.
func TestREADMEQuoteCheckerFindsEdits(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, c := range []struct{ old, new, want string }{
		// stddpg-pendulum (float32, 2aa41fe): DDPG's final mean.
		{"| DDPG | 4000 | 8000 | 4000 | 4000 | 12000 | 5/5 | −161 ± 25 | −162 ± 18 |",
			"| DDPG | 4000 | 8000 | 4000 | 4000 | 12000 | 5/5 | −160 ± 25 | −162 ± 18 |",
			`DDPG, column "test return at 50k": README says "−160 ± 25", the runs give mean -161.08`},
		// stac-cartpole-f64: a seed's steps to 475.
		{"| AC (m = 80) | 168000 | 100000 |", "| AC (m = 80) | 168000 | 104000 |",
			`AC (m = 80), column "seed 2": README says "104000", the runs give "100000"`},
		// stac-cartpole's float64 column, checked against stac-cartpole-f64.
		{"| 5/5 | 463 ± 67 | 5/5, 491 ± 21 |", "| 5/5 | 463 ± 67 | 4/5, 491 ± 21 |",
			`float64 reached: "5/5"`},
		// stddpg-hopper-100k: a mean at 20k steps.
		{"| STDDPG-AL | 63 ± 60 | 199 ± 41 |", "| STDDPG-AL | 63 ± 60 | 199 ± 14 |",
			`column "20k": README says "199 ± 14", the runs give sd 40.`},
		// stac-mujoco-1m: a best test return's step.
		{"1021 (848k)", "1021 (840k)", `README's best "1021 (840k)", the run's 1021 at 848000 steps`},
	} {
		if !strings.Contains(readme, c.old) {
			t.Errorf("the README no longer holds %q: update this test", c.old)
			continue
		}
		_, probs := readmeQuoteProblems(t, strings.Replace(readme, c.old, c.new, 1))
		found := false
		for _, msg := range probs {
			found = found || strings.Contains(msg, c.want)
		}
		if !found {
			t.Errorf("editing %q to %q: want a problem containing %q, got %q", c.old, c.new, c.want, probs)
		}
	}
}

// problems collects the README's disagreements with the runs.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// readmeQuoteProblems checks every README table that quotes a committed
// set and returns the cells checked per set and the disagreements.
func readmeQuoteProblems(t *testing.T, readme string) (map[string]int, []string) {
	t.Helper()
	var p problems
	checked := map[string]int{}
	for _, tb := range readmeTables(readme) {
		sets, every := tb.linkedSets, false
		if named, ok := readmeTableSets[tb.header]; ok {
			sets, every = named, true
		}
		// The table quotes the first linked set whose task and variants
		// it names (an introduction may mention an earlier set), or every
		// set readmeTableSets names for it.
		for _, set := range sets {
			if taskDir := quotedTask(set, tb); taskDir != "" {
				checked[set] += checkREADMETable(t, &p, set, taskDir, tb)
				if !every {
					break
				}
			}
		}
	}
	checked["stac-mujoco-1m"] += checkStacMujocoTable(t, &p, readme)
	return checked, p
}

// readmeTable is one markdown table of the README.
type readmeTable struct {
	line       int // of the header, 1-based
	header     string
	cols       []string
	rows       [][]string
	rowLines   []int
	linkedSets []string // the results/<set> its introduction links, in order
}

var resultsLink = regexp.MustCompile(`results/([a-z0-9-]+)`)

// readmeTables splits the README into its tables, each with the first
// committed sets that the text since the previous table or heading names.
func readmeTables(readme string) []readmeTable {
	lines := strings.Split(readme, "\n")
	var tables []readmeTable
	intro := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "#") {
			intro = ""
			continue
		}
		if !strings.HasPrefix(l, "| ") {
			intro += l + "\n"
			continue
		}
		tb := readmeTable{line: i + 1, header: l, cols: splitRow(l)}
		for _, m := range resultsLink.FindAllStringSubmatch(intro, -1) {
			if st, err := os.Stat(filepath.Join("..", "..", "results", m[1])); err == nil && st.IsDir() {
				tb.linkedSets = append(tb.linkedSets, m[1])
			}
		}
		i += 2 // the header and its separator
		for ; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
			tb.rows = append(tb.rows, splitRow(lines[i]))
			tb.rowLines = append(tb.rowLines, i+1)
		}
		tables = append(tables, tb)
		intro = ""
	}
	return tables
}

func splitRow(l string) []string {
	cells := strings.Split(strings.Trim(strings.TrimSpace(l), "|"), "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// setTask is one task of a committed set: its results.json and every
// run's metric curve.
type setTask struct {
	t       *testing.T // loads the float64 twin (checkFloat64Cell)
	dir     string
	results map[string]json.RawMessage
	seeds   int
	labels  map[string]string // label → slug
	steps   map[string][][]float64
	curves  map[string][][]float64 // slug → seed → metric per epoch
	overRun map[string][]float64   // slug → seed → over-the-run value
}

type variantResults struct {
	Label            string     `json:"label"`
	StepsToThreshold []*float64 `json:"steps_to_threshold"`
	Final            []float64  `json:"final"`
	OverRun          []float64  `json:"over_run"`
	Reached          int        `json:"reached"`
	Finished         int        `json:"finished"`
}

// loadTask reads a set's task: dir holds results.json and the variants'
// seed<k>/metrics.csv.
func loadTask(t *testing.T, dir string) *setTask {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	task := &setTask{t: t, dir: dir, labels: map[string]string{}, steps: map[string][][]float64{}, curves: map[string][][]float64{}}
	if err := json.Unmarshal(raw, &task.results); err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	if err := json.Unmarshal(task.results["seeds"], &task.seeds); err != nil {
		t.Fatalf("%s: seeds: %v", dir, err)
	}
	var metric string
	if err := json.Unmarshal(task.results["metric"], &metric); err != nil {
		t.Fatalf("%s: metric: %v", dir, err)
	}
	column := map[string]string{"test return (deterministic policy)": "test_return", "average return": "avg_return"}[metric]
	if column == "" {
		t.Fatalf("%s: unknown metric %q", dir, metric)
	}
	for slug, msg := range task.results {
		var v variantResults
		if json.Unmarshal(msg, &v) != nil || v.Label == "" {
			continue
		}
		task.labels[v.Label] = slug
		for seed := 1; seed <= task.seeds; seed++ {
			steps, curve := readMetric(t, filepath.Join(dir, slug, fmt.Sprintf("seed%d", seed), "metrics.csv"), column)
			task.steps[slug] = append(task.steps[slug], steps)
			task.curves[slug] = append(task.curves[slug], curve)
		}
	}
	// A run that stopped early counts its last value to the end of the
	// longest run (the report's rule), so over the run is the mean of its
	// curve padded to that length.
	longest := 0
	for _, cs := range task.curves {
		for _, c := range cs {
			longest = max(longest, len(c))
		}
	}
	task.overRun = map[string][]float64{}
	for slug, cs := range task.curves {
		v := task.variant(t, slug)
		for i, c := range cs {
			padded := append([]float64(nil), c...)
			for len(padded) < longest {
				padded = append(padded, c[len(c)-1])
			}
			over := avgOf(padded)
			task.overRun[slug] = append(task.overRun[slug], over)
			// results.json's final and over-the-run values are the curves'.
			if i < len(v.Final) && v.Final[i] != c[len(c)-1] {
				t.Errorf("%s: %s seed %d: results.json final %v, metrics.csv's last %s %v", dir, slug, i+1, v.Final[i], column, c[len(c)-1])
			}
			if i < len(v.OverRun) && math.Abs(v.OverRun[i]-over) > 1e-9*math.Abs(over) {
				t.Errorf("%s: %s seed %d: results.json over_run %v, mean of metrics.csv's %s %v", dir, slug, i+1, v.OverRun[i], column, over)
			}
		}
	}
	return task
}

func (task *setTask) variant(t *testing.T, slug string) variantResults {
	var v variantResults
	if err := json.Unmarshal(task.results[slug], &v); err != nil {
		t.Fatalf("%s: %s: %v", task.dir, slug, err)
	}
	return v
}

// readMetric returns the steps and the named column of a metrics.csv.
func readMetric(t *testing.T, path, column string) (steps, values []float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%s: %v (%d rows)", path, err, len(recs))
	}
	si, ci := -1, -1
	for i, h := range recs[0] {
		switch h {
		case "steps":
			si = i
		case column:
			ci = i
		}
	}
	if si < 0 || ci < 0 {
		t.Fatalf("%s: no steps or %s column", path, column)
	}
	for _, r := range recs[1:] {
		s, err1 := strconv.ParseFloat(r[si], 64)
		v, err2 := strconv.ParseFloat(r[ci], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: row %v: %v %v", path, r, err1, err2)
		}
		steps, values = append(steps, s), append(values, v)
	}
	return steps, values
}

func avgOf(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// meanSampleSD is the mean and the sample standard deviation (n − 1).
func meanSampleSD(x []float64) (float64, float64) {
	m := avgOf(x)
	ss := 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return m, math.Sqrt(ss / float64(len(x)-1))
}

var (
	stepCol    = regexp.MustCompile(`^(\d+)k$`)
	seedCol    = regexp.MustCompile(`^seed (\d+)$`)
	windowCol  = regexp.MustCompile(`^mean over (\d+)k–(\d+)k$`)
	seedRow    = regexp.MustCompile(`^(.+), seed (\d+)$`)
	bestAtCell = regexp.MustCompile(`^(\S+) \((\d+)k\)$`)
)

// checkREADMETable checks the cells of tb that set's runs determine and
// returns how many it checked.
func checkREADMETable(t *testing.T, p *problems, set, taskDir string, tb readmeTable) int {
	t.Helper()
	task := loadTask(t, taskDir)
	n := 0
	for ri, row := range tb.rows {
		where := fmt.Sprintf("README.md:%d (results/%s)", tb.rowLines[ri], set)
		label, seed := row[0], 0
		if m := seedRow.FindStringSubmatch(label); m != nil {
			label, seed = m[1], atoi(m[2])
		}
		slug, ok := task.labels[label]
		if !ok {
			continue
		}
		v := task.variant(t, slug)
		for ci := 1; ci < len(row) && ci < len(tb.cols); ci++ {
			c := checkCell(task, slug, v, seed, tb.cols[ci], row[ci])
			if c.skip {
				continue
			}
			n++
			if c.err != "" {
				p.add("%s: %s, column %q: README says %q, the runs give %s", where, row[0], tb.cols[ci], row[ci], c.err)
			}
		}
	}
	return n
}

// quotedTask returns the directory of set's task that tb quotes (the task
// its first header cell names, or the set's only one), or "" if tb names
// none of its variants.
func quotedTask(set string, tb readmeTable) string {
	if set == "" {
		return ""
	}
	root := filepath.Join("..", "..", "results", set)
	taskDir := root
	if isSuiteDir(root) {
		entries, _ := filepath.Glob(filepath.Join(root, "*-v[0-9]", "results.json"))
		taskDir = ""
		for _, e := range entries {
			if len(entries) == 1 || tb.cols[0] == filepath.Base(filepath.Dir(e)) {
				taskDir = filepath.Dir(e)
			}
		}
	} else if !hasRuns(root) {
		return "" // a four-task report without runs (stddpg-mujoco-100k)
	}
	if taskDir == "" {
		return ""
	}
	raw, err := os.ReadFile(filepath.Join(taskDir, "results.json"))
	if err != nil {
		return ""
	}
	var variants map[string]json.RawMessage
	if json.Unmarshal(raw, &variants) != nil {
		return ""
	}
	labels := map[string]bool{}
	for _, msg := range variants {
		var v variantResults
		if json.Unmarshal(msg, &v) == nil && v.Label != "" {
			labels[v.Label] = true
		}
	}
	for _, row := range tb.rows {
		label := row[0]
		if m := seedRow.FindStringSubmatch(label); m != nil {
			label = m[1]
		}
		if labels[label] {
			return taskDir
		}
	}
	return ""
}

// hasRuns says whether dir is a one-task set: results.json with seeds.
func hasRuns(dir string) bool {
	raw, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		return false
	}
	var r struct{ Seeds int }
	return json.Unmarshal(raw, &r) == nil && r.Seeds > 0
}

func isSuiteDir(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*-v[0-9]", "results.json"))
	return len(m) > 0
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

type cellCheck struct {
	skip bool
	err  string // "" when the cell agrees
}

var skipCell = cellCheck{skip: true}

// checkCell compares one README cell with the runs: the column's header
// says which statistic it quotes. Columns of another statistic (steps/s,
// another dtype's runs) are skipped.
func checkCell(task *setTask, slug string, v variantResults, seed int, col, cell string) cellCheck {
	curves := task.curves[slug]
	lc := strings.ToLower(col)
	switch {
	case strings.HasPrefix(lc, "float64:"):
		return checkFloat64Cell(task, slug, seed, lc, cell)
	case strings.HasPrefix(lc, "steps/s"):
		return skipCell
	case seedCol.MatchString(lc):
		k := atoi(seedCol.FindStringSubmatch(lc)[1])
		if seed != 0 || k > len(v.StepsToThreshold) {
			return skipCell
		}
		return agreeSteps(v.StepsToThreshold[k-1], cell)
	case lc == "reached":
		return agreeText(fmt.Sprintf("%d/%d", v.Reached, task.seeds), cell)
	case strings.HasPrefix(lc, "final per seed"):
		var finals []float64
		for _, c := range curves {
			finals = append(finals, c[len(c)-1])
		}
		return agreeList(finals, cell, " / ")
	case strings.HasPrefix(lc, "final return (mean ± sd)"), strings.HasPrefix(lc, "test return at "):
		var finals []float64
		for _, c := range curves {
			finals = append(finals, c[len(c)-1])
		}
		return agreeMeanSD(finals, cell)
	case lc == "over the run", strings.HasPrefix(lc, "mean over the ") && strings.HasSuffix(lc, " evaluations"):
		over := task.overRun[slug]
		if seed != 0 {
			return agreeNumber(over[seed-1], cell)
		}
		return agreeMeanSD(over, cell)
	case stepCol.MatchString(lc):
		at := float64(atoi(stepCol.FindStringSubmatch(lc)[1]) * 1000)
		var vals []float64
		for i, c := range curves {
			x, ok := valueAt(task.steps[slug][i], c, at)
			if !ok {
				return cellCheck{err: fmt.Sprintf("no epoch at %v steps for seed %d", at, i+1)}
			}
			vals = append(vals, x)
		}
		if seed != 0 {
			return agreeNumber(vals[seed-1], cell)
		}
		return agreeMeanSD(vals, cell)
	case seed != 0 && strings.HasPrefix(lc, "best") && strings.HasSuffix(lc, "(at)"):
		c, steps := curves[seed-1], task.steps[slug][seed-1]
		best := 0
		for i := range c {
			if c[i] > c[best] {
				best = i
			}
		}
		m := bestAtCell.FindStringSubmatch(cell)
		if m == nil {
			return cellCheck{err: "a cell not of the form `V (Nk)`"}
		}
		if atoi(m[2])*1000 != int(steps[best]) {
			return cellCheck{err: fmt.Sprintf("the best at %v steps", steps[best])}
		}
		return agreeNumber(c[best], m[1])
	case seed != 0 && windowCol.MatchString(lc):
		w := windowCol.FindStringSubmatch(lc)
		lo, hi := float64(atoi(w[1])*1000), float64(atoi(w[2])*1000)
		var in []float64
		for i, s := range task.steps[slug][seed-1] {
			if s >= lo && s <= hi {
				in = append(in, curves[seed-1][i])
			}
		}
		return agreeNumber(avgOf(in), cell)
	}
	return skipCell
}

func valueAt(steps, curve []float64, at float64) (float64, bool) {
	for i, s := range steps {
		if s == at {
			return curve[i], true
		}
	}
	return 0, false
}

// readmeNumber parses a number as the README writes it (− for minus).
func readmeNumber(s string) (v float64, decimals int, err error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "−", "-")
	v, err = strconv.ParseFloat(s, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		decimals = len(s) - i - 1
	}
	return v, decimals, err
}

// agreeNumber: x written with the cell's decimals gives the cell, up to
// half a unit of its last digit.
func agreeNumber(x float64, cell string) cellCheck {
	v, d, err := readmeNumber(cell)
	if err != nil {
		return cellCheck{err: fmt.Sprintf("a cell that is not a number (%v)", err)}
	}
	if math.Abs(x-v) > 0.5*math.Pow(10, -float64(d))+1e-9 {
		return cellCheck{err: strconv.FormatFloat(x, 'f', d+2, 64)}
	}
	return cellCheck{}
}

func agreeMeanSD(x []float64, cell string) cellCheck {
	parts := strings.Split(cell, " ± ")
	if len(parts) != 2 {
		return cellCheck{err: "a cell not of the form `mean ± sd`"}
	}
	m, sd := meanSampleSD(x)
	if c := agreeNumber(m, parts[0]); c.err != "" {
		return cellCheck{err: "mean " + c.err}
	}
	if c := agreeNumber(sd, parts[1]); c.err != "" {
		return cellCheck{err: "sd " + c.err}
	}
	return cellCheck{}
}

func agreeList(x []float64, cell, sep string) cellCheck {
	parts := strings.Split(cell, sep)
	if len(parts) != len(x) {
		return cellCheck{err: fmt.Sprintf("%d values", len(x))}
	}
	for i, p := range parts {
		if c := agreeNumber(x[i], p); c.err != "" {
			return cellCheck{err: fmt.Sprintf("seed %d: %s", i+1, c.err)}
		}
	}
	return cellCheck{}
}

func agreeSteps(steps *float64, cell string) cellCheck {
	switch {
	case steps == nil:
		return cellCheck{err: "no epoch on disk"}
	case *steps < 0:
		return agreeText("—", cell)
	}
	return agreeText(strconv.Itoa(int(*steps)), cell)
}

func agreeText(want, cell string) cellCheck {
	if want != cell {
		return cellCheck{err: strconv.Quote(want)}
	}
	return cellCheck{}
}

// checkFloat64Cell checks a float32 table's "float64: reached, final, …"
// cell against the set's float64 twin (its directory name + "-f64"),
// when one is committed.
func checkFloat64Cell(task *setTask, slug string, seed int, lc, cell string) cellCheck {
	dir := filepath.Clean(task.dir) + "-f64"
	if seed != 0 || !hasRuns(dir) {
		return skipCell
	}
	twin := loadTask(task.t, dir)
	v, ok := twinVariant(twin, slug)
	if !ok {
		return skipCell
	}
	names := strings.Split(strings.TrimPrefix(lc, "float64: "), ", ")
	parts := strings.Split(cell, ", ")
	if len(names) != len(parts) {
		return cellCheck{err: fmt.Sprintf("%d values for %d names", len(parts), len(names))}
	}
	for i, name := range names {
		col := map[string]string{"reached": "reached", "final": "test return at ", "over the run": "over the run"}[name]
		if strings.HasPrefix(name, "at ") {
			col = "test return at "
		}
		if col == "" {
			return cellCheck{err: "an unknown statistic " + strconv.Quote(name)}
		}
		if c := checkCell(twin, slug, v, 0, col, parts[i]); c.err != "" {
			return cellCheck{err: "float64 " + name + ": " + c.err}
		}
	}
	return cellCheck{}
}

func twinVariant(task *setTask, slug string) (variantResults, bool) {
	var v variantResults
	msg, ok := task.results[slug]
	return v, ok && json.Unmarshal(msg, &v) == nil
}

// stacMujocoHeader is the README's table of the stac-mujoco-1m runs, which
// quotes the deterministic test return (metrics.csv's test_return), not
// the average training return its report tables use.
const stacMujocoHeader = "| task, variant | best test return of each seed (at steps) | final test return of each seed |"

var stoppedCell = regexp.MustCompile(`^stopped at (\d+)k \(NaN\)$`)

// checkStacMujocoTable checks that table's bests (value and step) and
// final test returns against the runs and returns how many cells it
// checked.
func checkStacMujocoTable(t *testing.T, p *problems, readme string) int {
	t.Helper()
	var tb *readmeTable
	for _, x := range readmeTables(readme) {
		if x.header == stacMujocoHeader {
			tb = &x
		}
	}
	if tb == nil {
		return 0
	}
	labels := map[string]string{"STAC (m = 1)": "stac-m1", "STAC (m = 80)": "stac-m80", "AC (m = 80)": "ac-m80"}
	n := 0
	for ri, row := range tb.rows {
		where := fmt.Sprintf("README.md:%d (results/stac-mujoco-1m)", tb.rowLines[ri])
		task, label, _ := strings.Cut(row[0], ", ")
		slug := labels[label]
		if slug == "" || len(row) != 3 {
			p.add("%s: an unknown row %q", where, row[0])
			continue
		}
		bests, finals := strings.Split(row[1], ", "), strings.Split(row[2], ", ")
		for seed := 1; seed <= 3; seed++ {
			path := filepath.Join("..", "..", "results", "stac-mujoco-1m", task+"-v4", slug, fmt.Sprintf("seed%d", seed), "metrics.csv")
			steps, test := readMetric(t, path, "test_return")
			best := 0
			for i := range test {
				if test[i] > test[best] {
					best = i
				}
			}
			m := bestAtCell.FindStringSubmatch(bests[seed-1])
			n++
			if m == nil || atoi(m[2])*1000 != int(steps[best]) || agreeNumber(test[best], m[1]).err != "" {
				p.add("%s: %s seed %d: README's best %q, the run's %.0f at %v steps", where, row[0], seed, bests[seed-1], test[best], steps[best])
			}
			last := len(test) - 1
			n++
			if m := stoppedCell.FindStringSubmatch(finals[seed-1]); m != nil {
				if atoi(m[1])*1000 != int(steps[last]) || steps[last] == 1e6 {
					p.add("%s: %s seed %d: README says %q, the run's last epoch is at %v steps", where, row[0], seed, finals[seed-1], steps[last])
				}
				continue
			}
			if steps[last] != 1e6 || agreeNumber(test[last], finals[seed-1]).err != "" {
				p.add("%s: %s seed %d: README's final %q, the run's %.1f at %v steps", where, row[0], seed, finals[seed-1], test[last], steps[last])
			}
		}
	}
	return n
}

// TestCommittedResultsJSONMatchesRuns recomputes, for every task of every
// committed set, each run's final and over-the-run value from its
// metrics.csv (padding a run that stopped early with its last value, the
// report's rule) and compares them with results.json, and checks that
// "reached" counts the seeds with steps to the threshold — the numbers
// the README quotes are the runs', not hand-written.
func TestCommittedResultsJSONMatchesRuns(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "results", "*", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join("..", "..", "results", "*", "*-v[0-9]", "results.json"))
	n := 0
	for _, f := range append(dirs, more...) {
		dir := filepath.Dir(f)
		if !hasRuns(dir) {
			continue // a four-task report
		}
		task := loadTask(t, dir)
		for slug := range task.curves {
			v := task.variant(t, slug)
			reached := 0
			for _, s := range v.StepsToThreshold {
				if s != nil && *s >= 0 {
					reached++
				}
			}
			if reached != v.Reached {
				t.Errorf("%s: %s: reached %d, but %d seeds have steps to the threshold", dir, slug, v.Reached, reached)
			}
		}
		n++
	}
	if n < 17 {
		t.Errorf("checked %d tasks, want the 17 of the committed sets", n)
	}
}

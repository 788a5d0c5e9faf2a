package runplot

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
)

// MetricsFile is the file that makes a directory a run.
const MetricsFile = "metrics.csv"

// MaxMetricsBytes is the largest metrics.csv FindRuns reads, 1 GiB (a
// million rows of a thousand bytes); a larger one is left out with a note,
// as is one that is not a regular file, rather than read whole into memory
// (a sparse file of a terabyte would be).
const MaxMetricsBytes = 1 << 30

// skipDirs are the directories below a run that hold no runs: its
// TensorBoard events and a sweep report's figures.
var skipDirs = map[string]bool{"tb": true, "curves": true}

// Run is one run found below a directory given to FindRuns.
type Run struct {
	// Dir is the run's directory: the directory given, joined with the
	// path below it.
	Dir string
	// Columns is its metrics.csv.
	Columns sweep.Columns
	// Config is its config.yaml with the seed cleared; nil when it has
	// none (a task job's run) or it does not load (said in FindRuns'
	// notes).
	Config *experiment.Config
	// Labels are its job.json's labels without "seed"; nil without a
	// job.json.
	Labels map[string]string
	// Seed is its seed (job.json's, else config.yaml's); HasSeed is false
	// when neither says it.
	Seed    uint64
	HasSeed bool
	// Final holds the numeric entries of summary.json's "final".
	Final map[string]float64
	// Dynamics is summary.json's "dynamics" ("hic" for a Hi-C run); ""
	// without one.
	Dynamics string
	// SummaryEnv is summary.json's "env" (an RL run's environment); ""
	// without one.
	SummaryEnv string
	// Repro is the reproduction whose output holds the run (a
	// reproduction.json in a directory up to four levels above it); nil
	// for a run of none.
	Repro *Reproduction
}

// HiC reports whether r is a Hi-C run: its config's dynamics kind, or
// else its summary.json's dynamics, is hic.
func (r Run) HiC() bool {
	if r.Config != nil && r.Config.Dynamics != nil {
		return r.Config.Dynamics.Kind == "hic"
	}
	return r.Dynamics == "hic"
}

// AxisName is the name of r's step column on an x axis, what it counts
// (AxisName: "environment steps", "iteration", "stage" for a Hi-C run,
// "meta-interval").
func (r Run) AxisName() string {
	return AxisName(sweep.StepName(r.Columns.Header), r.HiC())
}

// StepLabel is the name of r's step column in notes: the column's name
// (sweep.StepName), except a Hi-C run's "iter", which counts stages,
// "stage".
func (r Run) StepLabel() string {
	n := sweep.StepName(r.Columns.Header)
	if n == "iter" && r.HiC() {
		return "stage"
	}
	return n
}

// FindRuns returns the runs below each of dirs, in the order of dirs and,
// below each, in lexical order of their paths (the runs of a sweep's
// directory, the DIR given or one below it, in the order of its jobs:
// sweepOrder): every directory holding a
// metrics.csv that is a regular file. Symbolic links to directories are
// not followed, and tb/ and curves/ and hidden directories are skipped.
// notes says what it left out (a metrics.csv that is not a regular file, a
// config.yaml that does not load). A directory without a run, or that is
// not a directory, is an error naming it (with what was left out there).
// A run directory reached twice (a DIR given twice, or one below another
// given) is read once, where it is first reached.
func FindRuns(dirs []string) (runs []Run, notes []string, err error) {
	if len(dirs) == 0 {
		return nil, nil, errors.New("no directory given")
	}
	seen := map[string]bool{} // the run directories read so far, as real absolute paths
	repros := reproFinder{}
	for _, d := range dirs {
		if d == "" {
			return nil, nil, errors.New(`directory "": an empty path (an unset variable?)`)
		}
		fi, err := os.Stat(d)
		if err != nil {
			return nil, nil, err
		}
		if !fi.IsDir() {
			return nil, nil, fmt.Errorf("%s: not a directory; give a run's directory (the one holding %s) or one holding runs", textcut.Printable(d), MetricsFile)
		}
		root := d
		if li, err := os.Lstat(d); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			root = d + string(os.PathSeparator) // walk the directory a link given names
		}
		n, nNotes, dup := len(runs), len(notes), 0
		var sweeps []string // the directories below d (d included) holding a manifest.json or sweep.json
		werr := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() {
				if p != root && (skipDirs[e.Name()] || strings.HasPrefix(e.Name(), ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if e.Name() == sweep.ManifestFile || e.Name() == sweepFile {
				if dir := filepath.Dir(p); !slices.Contains(sweeps, dir) {
					sweeps = append(sweeps, dir)
				}
			}
			if e.Name() != MetricsFile {
				return nil
			}
			if !e.Type().IsRegular() {
				notes = append(notes, fmt.Sprintf("%s: not a regular file; left out", textcut.Printable(p)))
				return nil
			}
			if fi, err := e.Info(); err == nil && fi.Size() > MaxMetricsBytes {
				notes = append(notes, fmt.Sprintf("%s: %d bytes, more than the %d read; left out", textcut.Printable(p), fi.Size(), MaxMetricsBytes))
				return nil
			}
			dir := filepath.Dir(p)
			if p == filepath.Join(root, MetricsFile) {
				dir = d
			}
			if real, err := realPath(dir); err == nil {
				if seen[real] {
					dup++
					return nil
				}
				seen[real] = true
			}
			r, note, err := readRun(dir)
			if err != nil {
				return err
			}
			if note != "" {
				notes = append(notes, note)
			}
			r.Repro = repros.find(dir)
			runs = append(runs, r)
			return nil
		})
		if werr != nil {
			return nil, nil, werr
		}
		// Each sweep's runs, found together (the walk goes one directory
		// at a time), are put in its jobs' order, an outer sweep's before
		// those of a sweep inside it.
		slices.SortStableFunc(sweeps, func(a, b string) int { return cmp.Compare(len(a), len(b)) })
		for _, s := range sweeps {
			lo, hi := -1, -1
			for i := n; i < len(runs); i++ {
				if within(runs[i].Dir, s) {
					if lo < 0 {
						lo = i
					}
					hi = i + 1
				}
			}
			if lo >= 0 {
				sweepOrder(s, runs[lo:hi])
			}
		}
		switch {
		case len(runs) > n:
		case dup > 0:
			notes = append(notes, fmt.Sprintf("%s: its runs were read already (a directory given twice, or below another given); each is drawn once", textcut.Printable(d)))
		case len(notes) > nNotes:
			return nil, nil, fmt.Errorf("%s: no run there to read (%s)", textcut.Printable(d), strings.Join(notes[nNotes:], "; "))
		default:
			return nil, nil, fmt.Errorf("%s: no run there (no %s in it or below it)", textcut.Printable(d), MetricsFile)
		}
	}
	return runs, notes, nil
}

// realPath is dir as an absolute path without symbolic links.
func realPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// readRun reads the run in dir: its metrics.csv, and its config.yaml,
// job.json and summary.json when present.
func readRun(dir string) (r Run, note string, err error) {
	r.Dir = dir
	if r.Columns, err = sweep.ReadColumns(filepath.Join(dir, MetricsFile)); err != nil {
		return r, "", err
	}
	cp := filepath.Join(dir, experiment.ConfigFile)
	if _, serr := os.Lstat(cp); serr == nil {
		cfg, err := experiment.LoadConfig(cp)
		if err != nil {
			note = fmt.Sprintf("%s: %s; the run is a series of its own", textcut.Printable(cp), textcut.Printable(err.Error()))
		} else {
			r.Seed, r.HasSeed = cfg.Seed, true
			cfg.Seed = 0
			r.Config = cfg
		}
	}
	rec, ok, err := experiment.ReadJobRecord(dir)
	if err != nil {
		return r, "", err
	}
	if ok {
		r.Seed, r.HasSeed = rec.Seed, true
		for k, v := range rec.Labels {
			if k == "seed" {
				continue
			}
			if r.Labels == nil {
				r.Labels = map[string]string{}
			}
			r.Labels[k] = v
		}
	}
	r.Final, r.Dynamics, r.SummaryEnv = readFinal(filepath.Join(dir, "summary.json"))
	return r, note, nil
}

// readFinal returns the numeric entries of the "final" object of the
// summary.json at path, its "dynamics" and its "env"; none when it is
// missing or unreadable (a run still going).
func readFinal(path string) (final map[string]float64, dynamics, envName string) {
	b, err := safeyaml.ReadOwnFile(path)
	if err != nil {
		return nil, "", ""
	}
	var s struct {
		Final    map[string]any `json:"final"`
		Dynamics any            `json:"dynamics"`
		Env      any            `json:"env"`
	}
	if json.Unmarshal(b, &s) != nil {
		return nil, "", ""
	}
	out := map[string]float64{}
	for k, v := range s.Final {
		if f, ok := v.(float64); ok {
			out[k] = f
		}
	}
	dynamics, _ = s.Dynamics.(string)
	envName, _ = s.Env.(string)
	return out, dynamics, envName
}

// allColumns lists the columns of runs, each once, sorted, without an
// empty name.
func allColumns(runs []Run) []string {
	set := map[string]bool{}
	for _, r := range runs {
		for _, h := range r.Columns.Header {
			if h != "" { // an empty file's header; no column can be named ""
				set[h] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// within reports that path is dir or a directory below it, both as the
// walk of FindRuns writes them (dir "." holds every relative path).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(os.PathSeparator))
}

// sweepFile is a sweep's sweep.json, which lists its jobs when it has no
// manifest.json.
const sweepFile = "sweep.json"

// sweepOrder puts runs, found below dir in lexical order of their paths,
// in the order of the jobs of the sweep whose directory dir is (its
// manifest.json, else its sweep.json): a sweep's runs/<job ID>
// directories sort by the IDs' hash, and its series, which Groups keeps in
// the order their runs are found, then took their order in the legend and
// their colours from it (grid rl.algo: [ddpg, stddpg] drawn stddpg
// first, in the palette's first colour), where the sweep's report lists
// them in grid order. Runs the sweep does not list keep their order,
// after those it does; dir without either file is left as it is.
func sweepOrder(dir string, runs []Run) {
	index := map[string]int{} // a job's directory relative to dir, slash-separated → its index
	if m, err := sweep.ReadManifest(filepath.Join(dir, sweep.ManifestFile)); err == nil {
		for _, j := range m.Jobs {
			index[filepath.ToSlash(filepath.Clean(filepath.FromSlash(j.Out)))] = j.Index
		}
	} else if f, err := sweep.ReadFile(filepath.Join(dir, sweepFile)); err == nil {
		for _, r := range f.Jobs {
			if r.Dir != "" {
				index[filepath.ToSlash(filepath.Clean(filepath.FromSlash(r.Dir)))] = r.Index
			}
		}
	}
	if len(index) == 0 {
		return
	}
	place := func(r Run) int {
		rel, err := filepath.Rel(dir, r.Dir)
		if err != nil {
			return math.MaxInt
		}
		if i, ok := index[filepath.ToSlash(rel)]; ok {
			return i
		}
		return math.MaxInt
	}
	slices.SortStableFunc(runs, func(a, b Run) int { return cmp.Compare(place(a), place(b)) })
}

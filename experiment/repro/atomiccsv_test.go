package repro

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/fault"
	"github.com/stackel/stackel/learn/hierarchy"
	"github.com/stackel/stackel/learn/uncoupled"
)

// writeDerived writes the derived CSV name into dir with the writer a
// report uses for it (metrics_<variant>.csv of Hi-C, metrics_<game>.csv of
// the negotiation, metrics_<i>.csv of the oligopoly, curves.csv of an RL
// comparison), from two seeds of two rows each.
func writeDerived(t *testing.T, dir, name string) error {
	path := filepath.Join(dir, name)
	switch name {
	case "metrics_hic.csv":
		tr := &uncoupled.Trace{Stages: []int{1, 2}, X: [][]float64{{1}, {2}}, Y: [][]float64{{3}, {4}}, F1: []float64{5, 6}, F2: []float64{7, 8}}
		return writeBands(path, []*uncoupled.Trace{tr, tr})
	case "metrics_game.csv":
		st := uncoupled.MetaStep{N: 1, Tau: 10, Lead: [2]bool{true, false}, Avg: [2]float64{1, 2}, P: [2]float64{0.25, 0.75}}
		r := uncoupled.NegotiationResult{Steps: []uncoupled.MetaStep{st, st}}
		return writeNegotiation(path, []uncoupled.NegotiationResult{r, r})
	case "metrics_1.csv":
		s := hierarchy.Step{K: 1, X: [][]float64{{1}, {2}}, F: []float64{3, 4}}
		return writeHierarchyTrace(path, hierarchy.Result{X: s.X, Trace: []hierarchy.Step{s, s}})
	case "curves.csv":
		return writeColumns(path, []string{"step", "a_mean"}, [][]float64{{1, 2}, {0.5, 0.25}})
	}
	t.Fatalf("no writer for %s", name)
	return nil
}

var derivedCSVs = []string{"metrics_hic.csv", "metrics_game.csv", "metrics_1.csv", "curves.csv"}

// A kill in the middle of the write of a reproduction's derived CSV
// (metrics_<variant>.csv, metrics_<game>.csv, metrics_<i>.csv, curves.csv)
// leaves the previous file whole, and the next write of it removes the
// temporary file the killed writer left. Before, these files were made
// with experiment.NewCSV (os.Create, then rows): no fault point was
// reached, the child wrote the new file in place (a kill there left a cut
// CSV beside the report), and nothing removed a killed write's
// temporary file.
func TestDerivedCSVWriteIsAtomic(t *testing.T) {
	if dir := os.Getenv("REPRO_CSV_CHILD"); dir != "" {
		writeDerived(t, dir, os.Getenv("REPRO_CSV_NAME"))
		os.Exit(0)
	}
	for _, name := range derivedCSVs {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			earlier := "x,y\n1,2\n3,4\n"
			if err := os.WriteFile(path, []byte(earlier), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run", "^TestDerivedCSVWriteIsAtomic$")
			cmd.Env = append(os.Environ(), "REPRO_CSV_CHILD="+dir, "REPRO_CSV_NAME="+name, fault.Env+"=write-"+name)
			out, err := cmd.CombinedOutput()
			if err == nil || cmd.ProcessState.ExitCode() != -1 {
				t.Errorf("child not killed in the middle of the write of %s (%v): %s", name, err, out)
			}
			if got, _ := os.ReadFile(path); string(got) != earlier {
				t.Errorf("%s after a kill mid-write:\n%q\nwant the earlier file whole:\n%q", name, got, earlier)
			}
			left, _ := filepath.Glob(filepath.Join(dir, name+".*.tmp"))
			if len(left) != 1 {
				t.Fatalf("temporary files after the kill: %v, want the killed write's one", left)
			}
			// The next report's write replaces the file and removes the
			// dead writer's temporary file.
			if err := writeDerived(t, dir, name); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(path); string(got) == earlier || !strings.HasSuffix(string(got), "\n") {
				t.Errorf("%s not rewritten: %q", name, got)
			}
			if names := dirNames(t, dir); names != name {
				t.Errorf("files after the next write: %q, want only %s (the dead writer's temporary file removed)", names, name)
			}
		})
	}
}

// A kill in the middle of a write to report.md leaves a temporary file
// (report.md.<pid>.<digits>.tmp) that the next write of the report
// removes, and only it: a user's file of a similar name, another file's
// temporary file and the report are kept. Before, the temporary file
// (report.md.<digits>.tmp) stayed in the output directory for good.
func TestReportLeftoverTempRemoved(t *testing.T) {
	if dir := os.Getenv("REPRO_LEFTOVER_CHILD"); dir != "" {
		tab := Table{Title: "T", Header: []string{"a"}}
		tab.Add(1.0)
		tab.Write(nil, dir)
		os.Exit(0)
	}
	dir := t.TempDir()
	earlier := "### Earlier\n"
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(earlier), 0o644); err != nil {
		t.Fatal(err)
	}
	keep := []string{"report.md.notes.tmp", "results.json.tmp", "my.report.md.1.tmp"}
	for _, k := range keep {
		if err := os.WriteFile(filepath.Join(dir, k), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestReportLeftoverTempRemoved$")
	cmd.Env = append(os.Environ(), "REPRO_LEFTOVER_CHILD="+dir, fault.Env+"=write-report.md")
	if out, err := cmd.CombinedOutput(); err == nil || cmd.ProcessState.ExitCode() != -1 {
		t.Fatalf("child not killed in the middle of the report write (%v): %s", err, out)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "report.md.*.*.tmp")); len(left) != 1 {
		t.Fatalf("temporary files after the kill: %v, want the killed write's one, named report.md.<pid>.<digits>.tmp", left)
	}
	tab := Table{Title: "U", Header: []string{"b"}}
	tab.Add(2.0)
	if err := tab.Write(nil, dir); err != nil {
		t.Fatal(err)
	}
	if got, want := dirNames(t, dir), "my.report.md.1.tmp report.md report.md.notes.tmp results.json.tmp"; got != want {
		t.Errorf("files after the next report write: %q, want %q", got, want)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "report.md")); !strings.HasPrefix(string(got), earlier) || !strings.Contains(string(got), "### U") {
		t.Errorf("report.md: %q", got)
	}
}

// dirNames lists dir's entries, space-separated, sorted.
func dirNames(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

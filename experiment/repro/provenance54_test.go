package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestResultsJSONProvenance54: a reproduction's results.json ends with
// "provenance", what made its runs (as report.md's Provenance section
// says): the number of runs, each build with its job.json fields, its
// description and the runs it made, the runs whose job.json records
// none, and the smooth runs whose metrics.csv was checked by its last row
// only. The key is added after the others, whose text is as the report
// wrote it. Before, results.json did not say which builds made its
// numbers. The set (fiez-duopoly --quick, 2 seeds: 4 runs) is first all
// this binary's; then one run's job.json records no build, one another
// build, and one's summary.json lacks metrics_sha256 (an older stackel's),
// and --report-only says so in both files.
func TestResultsJSONProvenance54(t *testing.T) {
	t.Parallel()
	rep, err := Lookup("fiez-duopoly")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Quick: true, Seeds: 2, Workers: 2, Out: dir}
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	jobs, err := rep.Jobs(opt)
	if err != nil || len(jobs) != 4 {
		t.Fatalf("%d jobs, %v; want 4", len(jobs), err)
	}
	outs := func(idx ...int) []string {
		s := []string{}
		for _, i := range idx {
			s = append(s, filepath.ToSlash(jobs[i].Out))
		}
		return s
	}
	cur := experiment.CurrentBuild()
	check := func(what string, want experiment.Provenance) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		var all map[string]json.RawMessage
		if err := json.Unmarshal(b, &all); err != nil {
			t.Fatal(err)
		}
		if _, ok := all["quantities_within_1"]; !ok {
			t.Errorf("%s: results.json lost its keys: %s", what, b)
		}
		var got experiment.Provenance
		if err := json.Unmarshal(all["provenance"], &got); err != nil {
			t.Fatalf("%s: provenance: %v in %s", what, err, b)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: provenance\n%+v\nwant\n%+v", what, got, want)
		}
		// The last key, in WriteJSON's indentation, after the report's text.
		pj, _ := json.MarshalIndent(want, "  ", "  ")
		tail := append(append([]byte(",\n  \"provenance\": "), pj...), "\n}\n"...)
		if !bytes.HasSuffix(b, tail) {
			t.Errorf("%s: results.json does not end with the provenance key:\n%s", what, b)
		}
	}
	check("one build", experiment.Provenance{Runs: 4, Unrecorded: []string{},
		Builds: []experiment.ProvenanceBuild{{Build: cur, Description: cur.String(), Runs: outs(0, 1, 2, 3)}}})

	other := cur
	other.Version = "v0.0.1"
	setBuilds := func(j experiment.Job, builds []experiment.Build) {
		d := filepath.Join(dir, j.Out)
		rec, _, err := experiment.ReadJobRecord(d)
		if err != nil {
			t.Fatal(err)
		}
		rec.Builds = builds
		if err := experiment.WriteJSON(d, experiment.JobFile, rec); err != nil {
			t.Fatal(err)
		}
	}
	setBuilds(jobs[0], nil)
	setBuilds(jobs[2], []experiment.Build{other})
	sumDir := filepath.Join(dir, jobs[1].Out)
	b, err := os.ReadFile(filepath.Join(sumDir, experiment.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	delete(sum, "metrics_rows")
	delete(sum, "metrics_sha256")
	if err := experiment.WriteJSON(sumDir, experiment.SummaryFile, sum); err != nil {
		t.Fatal(err)
	}
	again := opt
	again.ReportOnly = true
	if err := rep.Execute(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	check("mixed", experiment.Provenance{Runs: 4, Unrecorded: outs(0), MetricsUnchecked: outs(1),
		Builds: []experiment.ProvenanceBuild{
			{Build: cur, Description: cur.String(), Runs: outs(1, 3)},
			{Build: other, Description: other.String(), Runs: outs(2)},
		}})
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	want := fmt.Sprintf("- no build recorded (job.json written by a stackel before 2026-12-05): 1 of 4 runs: %s\n\n"+
		"- metrics.csv checked by its last row only, not whole (summary.json without metrics_sha256, written by a stackel before 2026-12-07): 1 of 4 runs: %s\n\n",
		outs(0)[0], outs(1)[0])
	if !strings.HasSuffix(string(md), want) {
		t.Errorf("report.md does not end with the unchecked run:\n%s\nwant the end\n%s", md, want)
	}
}

// TestAddProvenance54: addProvenance adds the key after the others,
// leaving their text as it is; into an empty object as its one key; a
// results.json that is not an object, or none, is left as it is; one
// that has the key already is an error naming it.
func TestAddProvenance54(t *testing.T) {
	t.Parallel()
	p := experiment.Provenance{Runs: 1, Builds: []experiment.ProvenanceBuild{}, Unrecorded: []string{"a/seed1"}}
	pj := "{\n    \"runs\": 1,\n    \"builds\": [],\n    \"unrecorded\": [\n      \"a/seed1\"\n    ]\n  }"
	for _, c := range []struct {
		name, in, want, err string
	}{
		{"object", "{\n  \"b\": 2,\n  \"a\": {\n    \"x\": []\n  }\n}\n", "{\n  \"b\": 2,\n  \"a\": {\n    \"x\": []\n  }" + ",\n  \"provenance\": " + pj + "\n}\n", ""},
		{"empty object", "{}\n", "{\n  \"provenance\": " + pj + "\n}\n", ""},
		{"not an object", "[1, 2]\n", "[1, 2]\n", ""},
		{"none", "", "", ""},
		{"key there", "{\n  \"provenance\": 1\n}\n", "{\n  \"provenance\": 1\n}\n", `results.json already has a "provenance" key`},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "results.json")
		if c.name != "none" {
			if err := os.WriteFile(path, []byte(c.in), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		err := addProvenance(dir, p)
		if (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		}
		got, rerr := os.ReadFile(path)
		if c.name == "none" {
			if rerr == nil {
				t.Errorf("none: results.json written: %s", got)
			}
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s: results.json\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
}

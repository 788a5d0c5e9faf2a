package experiment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// doneRun54d is a finished run of one kind for the done-check's tests:
// its job, the root it ran under, its directory and metrics.csv's text.
type doneRun54d struct {
	job            Job
	root, dir      string
	metrics        []byte
	rows           int // rows after metrics.csv's header
	middle, lastIt string
}

// Tiny runs of the kinds checked whole by their digest: Hi-C on Cournot
// for 40 stages recorded every 2nd (a header and stages 0, 2, …, 40: 21
// rows) and Markov patrol for 20 iterations, each recorded (0, 1, …, 20:
// 21 rows).
const (
	hicConfig54d    = "name: h\n" + hicCournot + "dynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: {constant: 1}\n  commitment: {constant: 1}\n  follower: {kind: gradient, lr: 0.1}\nstages: 40\nrecord_every: 2\n"
	markovConfig54d = "name: m\ngame: {markov_builtin: patrol}\niterations: 20\nrecord_every: 1\n"
)

// runDone54d runs yamlText with seed 2 under a fresh root and checks that
// metrics.csv holds a header and rows rows.
func runDone54d(t *testing.T, yamlText string, rows int) doneRun54d {
	t.Helper()
	root := t.TempDir()
	j := mustJob(t, yamlText, 2, "run")
	dir := filepath.Join(root, j.Out)
	if rec, err := RunJob(context.Background(), j, dir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %s, %v", rec.Status, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n"); n != rows+1 {
		t.Fatalf("metrics.csv has %d lines; want a header and %d rows", n, rows)
	}
	return doneRun54d{job: j, root: root, dir: dir, metrics: b, rows: rows}
}

// TestHiCMarkovSummaryRecordsMetricsDigest54d: a finished Hi-C or Markov
// run's summary.json records metrics.csv's rows after its header (21)
// and the SHA-256 of the file as written (the test hashes the file), as
// a smooth run's does; the keys the summary had before are all there.
func TestHiCMarkovSummaryRecordsMetricsDigest54d(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		keys       []string
	}{
		{"hic", hicConfig54d, hicKeys},
		{"markov", markovConfig54d, markovKeys},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runDone54d(t, c.yaml, 21)
			b, err := os.ReadFile(filepath.Join(r.dir, SummaryFile))
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			for _, k := range c.keys {
				if _, ok := m[k]; !ok {
					t.Errorf("summary.json lacks %q", k)
				}
			}
			h := sha256.Sum256(r.metrics)
			if m["metrics_rows"] != 21.0 || m["metrics_sha256"] != hex.EncodeToString(h[:]) {
				t.Errorf("summary.json: metrics_rows %v, metrics_sha256 %v; want 21 and %x", m["metrics_rows"], m["metrics_sha256"], h)
			}
		})
	}
}

// cutLine54d returns text without its line i (0: the header).
func cutLine54d(text []byte, i int) []byte {
	lines := strings.SplitAfter(string(text), "\n")
	return []byte(strings.Join(append(append([]string(nil), lines[:i]...), lines[i+1:]...), ""))
}

// TestDoneHiCMarkovRunCheckedWhole54d: a finished Hi-C or Markov run
// whose metrics.csv lost a row in the middle or its last row, or whose
// middle row's value was changed digit for digit (same length), is not
// reused as finished: no check read the file, and Pending took each for
// the run's. CRLF line ends and a blank last line leave the rows the run
// wrote, and the run is reused.
func TestDoneHiCMarkovRunCheckedWhole54d(t *testing.T) {
	for _, k := range []struct{ name, yaml string }{{"hic", hicConfig54d}, {"markov", markovConfig54d}} {
		t.Run(k.name, func(t *testing.T) {
			r := runDone54d(t, k.yaml, 21)
			lines := strings.SplitAfter(string(r.metrics), "\n")
			// Line 11 (row 10, in the middle): its first digit after the
			// step column changed for another, the length kept.
			comma := strings.IndexByte(lines[11], ',')
			d := lines[11][comma+1]
			if d < '0' || d > '9' {
				d = lines[11][comma+2]
				comma++
			}
			e := byte('0' + (d-'0'+1)%10)
			swapped := append([]string(nil), lines...)
			swapped[11] = lines[11][:comma+1] + string(e) + lines[11][comma+2:]
			for _, c := range []struct {
				name string
				data []byte
				want string // "" : reused as finished
			}{
				{"intact", r.metrics, ""},
				{"CRLF line ends", []byte(strings.ReplaceAll(string(r.metrics), "\n", "\r\n")), ""},
				{"blank last line", append(append([]byte(nil), r.metrics...), '\n'), ""},
				{"middle row lost", cutLine54d(r.metrics, 11),
					"metrics.csv holds 20 rows after its header, and summary.json records 21 (the rows the run wrote): rows lost or added"},
				{"last row lost", cutLine54d(r.metrics, 21),
					"metrics.csv holds 20 rows after its header, and summary.json records 21 (the rows the run wrote): rows lost or added"},
				{"same length, a middle row changed", []byte(strings.Join(swapped, "")),
					"metrics.csv's rows are not those the run wrote (SHA-256 of its rows "},
			} {
				t.Run(c.name, func(t *testing.T) {
					if err := os.WriteFile(filepath.Join(r.dir, MetricsFile), c.data, 0o644); err != nil {
						t.Fatal(err)
					}
					_, finished, err := Pending(r.root, []Job{r.job})
					if c.want == "" {
						if err != nil || len(finished) != 1 {
							t.Errorf("finished %d, %v; want finished", len(finished), err)
						}
						return
					}
					if err == nil || len(finished) != 0 {
						t.Fatalf("finished %d, %v; want an error and nothing finished", len(finished), err)
					}
					for _, w := range []string{r.dir + ": job.json records job " + r.job.ID + " as done, but ", c.want, "its outputs are not whole and are not reused as finished: restore the run's files, or remove the directory to run the job again"} {
						if !strings.Contains(err.Error(), w) {
							t.Errorf("error %q lacks %q", err, w)
						}
					}
				})
			}
		})
	}
}

// TestDoneHiCMarkovRunWithoutDigest54d: a Hi-C or Markov run whose
// summary.json has no metrics_rows and metrics_sha256 (an older
// stackel's) is reused with a middle row lost, unchecked, as before; it
// is named by the Provenance (metrics_not_checked), and a run with them
// is not.
func TestDoneHiCMarkovRunWithoutDigest54d(t *testing.T) {
	for _, k := range []struct{ name, yaml string }{{"hic", hicConfig54d}, {"markov", markovConfig54d}} {
		t.Run(k.name, func(t *testing.T) {
			r := runDone54d(t, k.yaml, 21)
			if p := JobProvenance(r.root, []Job{r.job}); len(p.MetricsNotChecked) != 0 || len(p.MetricsUnchecked) != 0 {
				t.Errorf("a run with its digest: metrics_not_checked %v, metrics_unchecked %v; want neither", p.MetricsNotChecked, p.MetricsUnchecked)
			}
			b, err := os.ReadFile(filepath.Join(r.dir, SummaryFile))
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "metrics_rows")
			delete(m, "metrics_sha256")
			if err := WriteJSON(r.dir, SummaryFile, m); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(r.dir, MetricsFile), cutLine54d(r.metrics, 11), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, finished, err := Pending(r.root, []Job{r.job}); err != nil || len(finished) != 1 {
				t.Errorf("a middle row lost under an older summary.json: finished %d, %v; want it reused (unchecked)", len(finished), err)
			}
			p := JobProvenance(r.root, []Job{r.job})
			if len(p.MetricsNotChecked) != 1 || p.MetricsNotChecked[0] != "run" || len(p.MetricsUnchecked) != 0 {
				t.Errorf("metrics_not_checked %v, metrics_unchecked %v; want [run] and none", p.MetricsNotChecked, p.MetricsUnchecked)
			}
		})
	}
}

// TestDoneRunSummaryMissing54d: a run recorded done whose summary.json is
// missing, cut (not JSON) or not a JSON object is not reused as finished,
// of each kind checked (a smooth, Hi-C and Markov run): a reproduction
// took it for finished and its report stopped on the missing file with
// no advice. Its metrics.csv missing is refused the same way, and so are
// an RL run's (TestDoneRLRunFileMissing55).
func TestDoneRunSummaryMissing54d(t *testing.T) {
	runs := map[string]func(t *testing.T) (Job, string, string){
		"smooth": func(t *testing.T) (Job, string, string) {
			j, root, _, _ := doneSmoothRun54(t)
			return j, root, filepath.Join(root, j.Out)
		},
		"hic": func(t *testing.T) (Job, string, string) {
			r := runDone54d(t, hicConfig54d, 21)
			return r.job, r.root, r.dir
		},
		"markov": func(t *testing.T) (Job, string, string) {
			r := runDone54d(t, markovConfig54d, 21)
			return r.job, r.root, r.dir
		},
	}
	const remedy = "its outputs are not whole and are not reused as finished: restore the run's files, or remove the directory to run the job again"
	for _, kind := range []string{"smooth", "hic", "markov"} {
		t.Run(kind, func(t *testing.T) {
			j, root, dir := runs[kind](t)
			for _, name := range []string{SummaryFile, MetricsFile} {
				orig, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				edits := []struct {
					what string
					data []byte // nil: the file removed
					want string
				}{{"missing", nil, "but its " + name + " is missing: "}}
				if name == SummaryFile {
					edits = append(edits,
						struct {
							what string
							data []byte
							want string
						}{"cut", orig[:len(orig)/2], "but its summary.json does not read (unexpected end of JSON input): "},
						struct {
							what string
							data []byte
							want string
						}{"not an object", []byte("[]\n"), "but its summary.json does not read (not a JSON object): "})
				}
				for _, e := range edits {
					t.Run(name+" "+e.what, func(t *testing.T) {
						path := filepath.Join(dir, name)
						var err error
						if e.data == nil {
							err = os.Remove(path)
						} else {
							err = os.WriteFile(path, e.data, 0o644)
						}
						if err != nil {
							t.Fatal(err)
						}
						defer os.WriteFile(path, orig, 0o644)
						_, finished, err := Pending(root, []Job{j})
						want := dir + ": job.json records job " + j.ID + " as done, " + e.want + remedy
						if err == nil || len(finished) != 0 || err.Error() != want {
							t.Errorf("finished %d, %v; want nothing finished and\n%s", len(finished), err, want)
						}
					})
				}
			}
			if _, finished, err := Pending(root, []Job{j}); err != nil || len(finished) != 1 {
				t.Errorf("files restored: finished %d, %v; want finished", len(finished), err)
			}
		})
	}
}

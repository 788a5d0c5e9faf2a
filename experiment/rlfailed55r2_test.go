package experiment

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// failRLRun55r2 makes the finished RL run in dir read as one that failed
// after its last epoch (as a diverged run's files read: job.json
// "failed" with its error, summary.json the run's with "error" added,
// metrics.csv and the digest summary.json records of it left as they
// are), and removes the digest from summary.json when digest is false
// (an older stackel's failed run).
func failRLRun55r2(t *testing.T, dir string, digest bool) {
	t.Helper()
	const msg = "stddpg epoch 4: actor update: actor gradient norm is NaN"
	for _, f := range []struct {
		name string
		edit func(m map[string]any)
	}{
		{JobFile, func(m map[string]any) { m["status"], m["error"] = JobFailed, msg; delete(m, "summary") }},
		{SummaryFile, func(m map[string]any) {
			m["error"] = msg
			if !digest {
				delete(m, "metrics_rows")
				delete(m, "metrics_sha256")
			}
		}},
	} {
		path := filepath.Join(dir, f.name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		f.edit(m)
		if b, err = json.MarshalIndent(m, "", "  "); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFailedRLRunCheckedByDigest55r2: a failed RL run (a diverged seed) is
// reused as finished, and an RL comparison reports it up to its failure
// from its metrics.csv's rows; when its summary.json records
// metrics_rows and metrics_sha256, a metrics.csv whose middle row was
// changed (digit for digit, as many rows, the same last step) or that
// lost a row is refused as a done run's is, and the report reads the
// bytes checked. The same run unchanged is reused, and so is one whose
// summary.json records no digest (an older stackel's), changed or not.
func TestFailedRLRunCheckedByDigest55r2(t *testing.T) {
	for _, tc := range []struct {
		name     string
		digest   bool
		change   func(lines []string) []string
		wantErr  string // "" when the run is reused as finished
		wantRead bool
	}{
		{"unchanged", true, nil, "", true},
		{"middle row changed", true, func(l []string) []string {
			l[2] = "9" + strings.TrimPrefix(l[2], "2")
			return l
		}, "as failed, but metrics.csv's rows are not those the run wrote (SHA-256 of its rows ", true},
		{"middle row lost", true, func(l []string) []string {
			return append(l[:2:2], l[3:]...)
		}, "as failed, but metrics.csv holds 2 rows after its header, and summary.json records 3 (the rows the run wrote): rows lost or added: " + doneRemedy, true},
		{"no digest, unchanged", false, nil, "", true},
		{"no digest, middle row changed", false, func(l []string) []string {
			l[2] = "9" + strings.TrimPrefix(l[2], "2")
			return l
		}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j, dir := runTinyRL(t, t.TempDir(), tinyRL(), 3)
			failRLRun55r2(t, dir, tc.digest)
			path := filepath.Join(dir, MetricsFile)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			data := orig
			if tc.change != nil {
				data = []byte(strings.Join(tc.change(strings.SplitAfter(string(orig), "\n")), ""))
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			rec, finished, read, err := JobStateRead(dir, j)
			if tc.wantErr == "" {
				if err != nil || !finished || rec.Status != JobFailed {
					t.Fatalf("status %s, finished %v, %v; want the failed run reused", rec.Status, finished, err)
				}
			} else {
				want := dir + ": job.json records job " + j.ID + " " + tc.wantErr
				if err == nil || finished || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), doneRemedy) {
					t.Fatalf("finished %v, %v; want not finished and an error beginning %q", finished, err, want)
				}
			}
			if read.OK != tc.wantRead || (read.OK && string(read.Metrics) != string(data)) {
				t.Errorf("DoneRead: OK %v, metrics %d bytes; want OK %v and the %d bytes checked", read.OK, len(read.Metrics), tc.wantRead, len(data))
			}
		})
	}
}

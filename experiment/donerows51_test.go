package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPendingRefusesDoneRunWithCutMetrics51: a finished RL job (job.json
// "done", summary.json 3 epochs, 600 steps) whose metrics.csv has lost its
// last row, ends in a torn line or holds a row more than the summary is
// not reused as finished: Pending returns an error naming the directory,
// metrics.csv and both counts. Before, Pending listed it finished ("reusing
// 9 of 9 runs finished"), and the report, made without --report-only,
// called it unfinished under a note saying "--report-only" and "rerunning
// the reproduction resumes unfinished runs", which reused it again. The
// intact run stays finished, and so does one whose metrics.csv ends in
// blank lines or has CRLF line ends (review r1).
func TestPendingRefusesDoneRunWithCutMetrics51(t *testing.T) {
	root := t.TempDir()
	j, dir := runTinyRL(t, root, tinyRL(), 2)
	path := filepath.Join(dir, MetricsFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(orig), "\n") // header, 3 rows, ""
	if len(lines) != 5 {
		t.Fatalf("metrics.csv has %d lines; want a header and 3 rows", len(lines)-1)
	}
	for _, c := range []struct {
		name, data string
		want       []string // "" for none: reused as finished
	}{
		{"intact", string(orig), nil},
		{"last row lost", strings.Join(lines[:3], ""), []string{"metrics.csv holds 2 epoch rows (400 steps)", "summary.json records 3 epochs (600 steps)"}},
		{"torn last line", string(orig[:len(orig)-20]), []string{"metrics.csv ends in a cut line", "summary.json records 3 epochs (600 steps)"}},
		{"a row more", string(orig) + lines[3], []string{"metrics.csv holds 4 epoch rows (600 steps)", "summary.json records 3 epochs (600 steps)"}},
		// A blank last line (an editor's, or a cat of the file with
		// another) or CRLF line ends are no rows: the report reads the
		// file so (readRLRun trims its ends). The blank line was counted
		// as a fourth epoch row without steps ("holds 4 epoch rows (0
		// steps)") and the reproduction refused to start.
		{"blank last line", string(orig) + "\n", nil},
		{"two blank lines", string(orig) + "\n\n", nil},
		{"CRLF", strings.ReplaceAll(string(orig), "\n", "\r\n"), nil},
		{"CRLF and a blank line", strings.ReplaceAll(string(orig), "\n", "\r\n") + "\r\n", nil},
		{"row lost, blank line", strings.Join(lines[:3], "") + "\n", []string{"metrics.csv holds 2 epoch rows (400 steps)", "summary.json records 3 epochs (600 steps)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			pending, finished, err := Pending(root, []Job{j})
			if c.want == nil {
				if err != nil || len(finished) != 1 || len(pending) != 0 {
					t.Errorf("pending %d, finished %d, %v; want the run reused as finished", len(pending), len(finished), err)
				}
				return
			}
			if err == nil || len(finished) != 0 {
				t.Fatalf("pending %d, finished %d, %v; want an error and nothing finished", len(pending), len(finished), err)
			}
			for _, w := range append(c.want, filepath.Join(root, j.Out), "not reused") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestPendingRefusesDoneRunOfAnotherSeed51: a finished RL job's
// directory into which another run's metrics.csv and summary.json were
// copied (seed 3's over seed 2's: they agree with each other, and
// config.yaml and job.json are still seed 2's) is not reused as seed 2's
// run: Pending names the directory and what summary.json records against
// the job. Before, the reproduction reused it, and the report averaged
// seed 3's curve twice as seeds 2 and 3. So is one of another dtype or
// length.
func TestPendingRefusesDoneRunOfAnotherSeed51(t *testing.T) {
	root := t.TempDir()
	rc := tinyRL()
	rc.Steps = 400
	run := func(rc RLConfig, seed uint64, out string) Job {
		j, err := NewJob(&Config{Name: "tiny", RL: &rc}, seed, out)
		if err != nil {
			t.Fatal(err)
		}
		if rec, err := RunJob(context.Background(), j, filepath.Join(root, out), nil); err != nil || rec.Status != JobDone {
			t.Fatalf("RunJob %s: %s, %v", out, rec.Status, err)
		}
		return j
	}
	j := run(rc, 2, "seed2")
	f64 := rc
	f64.DType = "float64"
	longer := rc
	longer.Steps = 600
	others := []struct {
		name, want string
		job        Job
	}{
		{"seed 3", "summary.json records seed 3, env Pendulum-v1, algo stddpg, dtype float32, steps 400; the job: seed 2, env Pendulum-v1, algo stddpg, dtype float32, steps 400", run(rc, 3, "seed3")},
		{"float64", "summary.json records seed 2, env Pendulum-v1, algo stddpg, dtype float64, steps 400; the job: seed 2, env Pendulum-v1, algo stddpg, dtype float32, steps 400", run(f64, 2, "f64")},
		{"600 steps", "summary.json records seed 2, env Pendulum-v1, algo stddpg, dtype float32, steps 600; the job: seed 2, env Pendulum-v1, algo stddpg, dtype float32, steps 400", run(longer, 2, "long")},
	}
	dir := filepath.Join(root, j.Out)
	save := map[string][]byte{}
	for _, name := range []string{MetricsFile, SummaryFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		save[name] = b
	}
	for _, o := range others {
		t.Run(o.name, func(t *testing.T) {
			for name := range save {
				b, err := os.ReadFile(filepath.Join(root, o.job.Out, name))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, finished, err := Pending(root, []Job{j})
			if err == nil || len(finished) != 0 {
				t.Fatalf("finished %d, %v; want an error and nothing finished", len(finished), err)
			}
			for _, w := range []string{dir + ":", o.want, "not reused"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	for name, b := range save {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, finished, err := Pending(root, []Job{j}); err != nil || len(finished) != 1 {
		t.Errorf("seed 2's own files back: finished %d, %v; want finished", len(finished), err)
	}
}

// TestPendingRefusesDoneSmoothRunWithCutMetrics51: a finished smooth-game
// job (300 iterations, every 10th recorded: rows 0, 10, …, 300) whose
// metrics.csv has lost its last rows or ends in a torn line is not reused
// as finished: Pending names the directory, the iteration metrics.csv
// ends at and the 300 summary.json records. Before, it was reused and
// fiez-duopoly's Fig. 1 drew the path cut short without a word.
func TestPendingRefusesDoneSmoothRunWithCutMetrics51(t *testing.T) {
	root := t.TempDir()
	j := mustJob(t, jobTestConfig, 3, "duo")
	if rec, err := RunJob(context.Background(), j, filepath.Join(root, j.Out), nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %s, %v", rec.Status, err)
	}
	path := filepath.Join(root, j.Out, MetricsFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(orig), "\n") // header, 31 rows, ""
	if len(lines) != 33 || !strings.HasPrefix(lines[31], "300,") {
		t.Fatalf("metrics.csv: %d lines, last row %q; want a header and rows 0…300", len(lines)-1, lines[len(lines)-2])
	}
	for _, c := range []struct {
		name, data string
		want       string // "" for none: reused as finished
	}{
		{"intact", string(orig), ""},
		{"last rows lost", strings.Join(lines[:22], ""), "metrics.csv's last row is iteration 200, and summary.json records 300 iterations"},
		{"torn last line", string(orig[:len(orig)-7]), "metrics.csv ends in a cut line"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, finished, err := Pending(root, []Job{j})
			if c.want == "" {
				if err != nil || len(finished) != 1 {
					t.Errorf("intact run: finished %d, %v; want finished", len(finished), err)
				}
				return
			}
			if err == nil || len(finished) != 0 {
				t.Fatalf("finished %d, %v; want an error and nothing finished", len(finished), err)
			}
			for _, w := range []string{filepath.Join(root, j.Out) + ":", c.want, "not reused"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

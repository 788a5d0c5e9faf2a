package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// waitSignal is an Options.Log that closes waiting once a line saying the
// reproduction waits for another's report (reportWaitNote) is written:
// the sign, without a sleep, that it has found the report lock held.
type waitSignal struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	once    sync.Once
	waiting chan struct{}
}

func newWaitSignal() *waitSignal { return &waitSignal{waiting: make(chan struct{})} }

func (w *waitSignal) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), "waiting for the report") {
		w.once.Do(func() { close(w.waiting) })
	}
	return len(p), nil
}

// TestReportOnlyNeverReplacesNewerReport51 interleaves a --report-only
// (A) with a live reproduction (B), or with a second --report-only (C),
// in the same directory, deterministically: A's Report stops after it has
// read the runs (1 of 2 finished), or after it has written results.json
// and before report.md, until the other has finished, or says it waits
// for A's report. Before the report lock the other wrote the final report
// ("finished 2 of 2") and A then replaced it with its older one
// ("finished 1 of 2": report.md and results.json), or mixed them
// (results.json of B, report.md with A's text appended after B's). Now
// the other waits for A's report to be written, then reads the runs and
// writes its own: the last report is of the last state, whole.
func TestReportOnlyNeverReplacesNewerReport51(t *testing.T) {
	const body = "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n"
	jobsFor := func(opt Options) ([]experiment.Job, error) {
		n := opt.Seeds
		if n == 0 {
			n = 2
		}
		cfg, err := experiment.ParseConfig([]byte(body))
		if err != nil {
			return nil, err
		}
		var jobs []experiment.Job
		for s := 1; s <= n; s++ {
			j, err := experiment.NewJob(cfg, uint64(s), fmt.Sprintf("seed%d", s))
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, j)
		}
		return jobs, nil
	}
	for _, tc := range []struct {
		name  string
		stage string // where A's Report stops
		other string // "live" (B) or "report-only" (C)
	}{
		{"live after A read", "read", "live"},
		{"live between A's files", "between", "live"},
		{"report-only after A read", "read", "report-only"},
		{"report-only between A's files", "between", "report-only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			aAt, aGo := make(chan struct{}), make(chan struct{})
			r := Reproduction{
				Name:      "test-report-lock",
				Resumable: true, // reports any state of the runs
				Jobs:      jobsFor,
				Report: func(ctx context.Context, opt Options, jobs []experiment.Job) error {
					_, finished, err := experiment.Pending(opt.Out, jobs)
					if err != nil {
						return err
					}
					gate := func(stage string) {
						if opt.ReportedBy == "A" && stage == tc.stage {
							close(aAt)
							<-aGo
						}
					}
					gate("read")
					resetReport(opt.Out)
					if err := experiment.WriteJSON(opt.Out, "results.json", map[string]int{"finished": len(finished)}); err != nil {
						return err
					}
					gate("between")
					return appendReport(opt.Out, fmt.Sprintf("finished %d of %d\n", len(finished), len(jobs)))
				},
			}
			ctx := context.Background()
			dir := t.TempDir()
			// Seed 1 finished, with its report.
			if err := r.Execute(ctx, Options{Out: dir, Seeds: 1, Workers: 1}); err != nil {
				t.Fatal(err)
			}
			aDone := make(chan error, 1)
			go func() {
				aDone <- r.Execute(ctx, Options{Out: dir, Seeds: 2, ReportOnly: true, ReportedBy: "A"})
			}()
			<-aAt
			log := newWaitSignal()
			otherDone := make(chan error, 1)
			if tc.other == "live" {
				go func() { otherDone <- r.Execute(ctx, Options{Out: dir, Seeds: 2, Workers: 1, Log: log}) }()
			} else {
				// Seed 2 finishes without a report (a live reproduction
				// between its runs), then C reports.
				jobs, err := jobsFor(Options{Seeds: 2})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := experiment.RunJob(ctx, jobs[1], filepath.Join(dir, jobs[1].Out), nil); err != nil {
					t.Fatal(err)
				}
				go func() {
					otherDone <- r.Execute(ctx, Options{Out: dir, Seeds: 2, ReportOnly: true, ReportedBy: "C", Log: log})
				}()
			}
			var otherErr error
			otherFinished := false
			select {
			case otherErr = <-otherDone: // it did not wait for A (the race)
				otherFinished = true
			case <-log.waiting: // it waits for A's report
			}
			close(aGo)
			if err := <-aDone; err != nil {
				t.Errorf("A: %v", err)
			}
			if !otherFinished {
				otherErr = <-otherDone
			}
			if otherErr != nil {
				t.Errorf("%s: %v", tc.other, otherErr)
			}

			md, err := os.ReadFile(filepath.Join(dir, "report.md"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(md), "finished 2 of 2\n") || strings.Contains(string(md), "finished 1") || strings.Contains(string(md), reportIncomplete) {
				t.Errorf("report.md after both:\n%s\nwant the report of both runs finished (\"finished 2 of 2\"), whole, alone", md)
			}
			res, err := os.ReadFile(filepath.Join(dir, "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			// The report's key, and the provenance every report adds
			// (Reproduction.report), of the same two runs.
			var got struct {
				Finished   *int `json:"finished"`
				Provenance struct {
					Runs int `json:"runs"`
				} `json:"provenance"`
			}
			if err := json.Unmarshal(res, &got); err != nil || got.Finished == nil || *got.Finished != 2 || got.Provenance.Runs != 2 {
				t.Errorf("results.json after both: %s, want \"finished\": 2 and the provenance of 2 runs", res)
			}
			if _, err := os.Stat(filepath.Join(dir, experiment.ReportLockFile)); err == nil {
				t.Errorf("%s left in the output directory", experiment.ReportLockFile)
			}
		})
	}
}

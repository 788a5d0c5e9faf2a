package natsq

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// A sweep whose jobs another sweep on the server has finished (the same
// content IDs) records them done from their stored outputs without
// running them; its sweep.json and report still carry each job's final
// summary, read from the downloaded summary.json. Before, the state made
// from the stored record had no summary and Records wrote that over the
// one on disk: sweep.json lost the summaries and the report's table had
// no final values for those jobs.
func TestSharedJobsKeepSummaries(t *testing.T) {
	c, _ := startQueue(t, QueueOptions{AckWait: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, "first")
	rootA := t.TempDir()
	if err := (Executor{Conn: c, Name: "first", Manifest: sweep.Manifest{Name: "first", Jobs: jobs}}).Execute(ctx, rootA, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	second := make([]sweep.Job, len(jobs))
	for i, j := range jobs {
		j.Sweep = "second"
		second[i] = j
	}
	rootB := t.TempDir()
	if err := (Executor{Conn: c, Name: "second", Manifest: sweep.Manifest{Name: "second", Jobs: second}}).Execute(ctx, rootB, sweep.Plain(second), nil); err != nil {
		t.Fatal(err)
	}
	st := states(t, c, "second", second)
	recs := Records(rootB, second, st)
	for i, j := range second {
		if st[i].Status != sweep.StatusDone || st[i].Attempts != 1 {
			t.Errorf("job %d of the second sweep: %+v", i, st[i])
		}
		b, err := os.ReadFile(filepath.Join(rootA, j.Out, experiment.SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		var want map[string]any
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if want["final"] == nil || !reflect.DeepEqual(recs[i].Summary, want) {
			t.Errorf("job %d: summary in sweep.json %v, want the run's %v", i, recs[i].Summary, want)
		}
	}
	// The report's table has the final values of both seeds.
	if err := sweep.WriteReport(rootB, "second", second, recs, nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(rootB, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "| final f1 |") || strings.Contains(string(b), "of 2)") {
		t.Errorf("report.md without both seeds' final values:\n%s", b)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// sweep status --json of a sweep with a done job and a job with no state
// on the server (missing): counts names each status stackel writes, 0
// where no job has it (a script reads .counts.failed as 0, not null), a
// status of another version besides; the job with no state has its
// strings empty and its arrays empty, not null. The whole output is
// compared.
func TestStatusJSONCountsEveryStatus53r5(t *testing.T) {
	jobs := []sweep.Job{
		{Job: experiment.Job{ID: "a1", Out: "runs/a1", Seed: 3}, Index: 0},
		{Job: experiment.Job{ID: "b2", Out: "runs/b2", Seed: 4}, Index: 1},
		{Job: experiment.Job{ID: "c3", Out: "runs/c3", Seed: 5}, Index: 2},
	}
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	states := []natsq.State{
		{Status: sweep.StatusDone, Attempts: 1, Worker: "w1", WallSeconds: 1.5, Declines: []natsq.Decline{{ID: "I", Worker: "w0", Why: "no", At: at}}},
		{Status: sweep.StatusMissing},
		{Status: "paused"},
	}
	var b bytes.Buffer
	if err := writeStatusJSON(&b, "s", jobs, states); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	want := `{
  "name": "s",
  "summary": "3 jobs: 1 done, 1 missing, 1 paused",
  "counts": {
    "cancelled": 0,
    "done": 1,
    "failed": 0,
    "missing": 1,
    "paused": 1,
    "queued": 0,
    "running": 0
  },
  "jobs_declined_by_all": 0,
  "remaining_declined_by_all": false,
  "jobs": [
    {
      "index": 0,
      "id": "a1",
      "out": "runs/a1",
      "label": "` + jobs[0].Label() + `",
      "seed": 3,
      "status": "done",
      "attempts": 1,
      "worker": "w1",
      "wall_seconds": 1.5,
      "error": "",
      "waiting": "",
      "outputs_missing": false,
      "other_settings": false,
      "declines": [
        {
          "id": "I",
          "worker": "w0",
          "why": "no",
          "at": "2026-12-07T12:00:00Z"
        }
      ],
      "declined_by_all": []
    },
    {
      "index": 1,
      "id": "b2",
      "out": "runs/b2",
      "label": "` + jobs[1].Label() + `",
      "seed": 4,
      "status": "missing",
      "attempts": 0,
      "worker": "",
      "wall_seconds": 0,
      "error": "",
      "waiting": "",
      "outputs_missing": false,
      "other_settings": false,
      "declines": [],
      "declined_by_all": []
    },
    {
      "index": 2,
      "id": "c3",
      "out": "runs/c3",
      "label": "` + jobs[2].Label() + `",
      "seed": 5,
      "status": "paused",
      "attempts": 0,
      "worker": "",
      "wall_seconds": 0,
      "error": "",
      "waiting": "",
      "outputs_missing": false,
      "other_settings": false,
      "declines": [],
      "declined_by_all": []
    }
  ]
}
`
	if b.String() != want {
		t.Errorf("status --json\n%s\nwant\n%s", b.String(), want)
	}
}

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// statusJSON is what stackel sweep status --json prints: the sweep's
// state for a script (a CI job deciding whether to wait on, fail, or
// start another worker).
type statusJSON struct {
	// Name is the sweep's.
	Name string `json:"name"`
	// Summary is the text line's summary (natsq.Summarise).
	Summary string `json:"summary"`
	// Counts holds the number of jobs of each status: every status
	// stackel writes (statusJSONCounts), 0 where no job has it, and any
	// other a job has (another version's).
	Counts map[string]int `json:"counts"`
	// DeclinedByAll counts the queued jobs that every live worker has
	// handed back.
	DeclinedByAll int `json:"jobs_declined_by_all"`
	// RemainingDeclinedByAll is whether every job not ended is one of
	// those (natsq.AllRemainingDeclined): none can progress until a
	// worker that can run one joins.
	RemainingDeclinedByAll bool `json:"remaining_declined_by_all"`
	// Jobs are the jobs in the sweep's order.
	Jobs []jobStatusJSON `json:"jobs"`
}

// jobStatusJSON is one job's entry in statusJSON.
type jobStatusJSON struct {
	Index       int     `json:"index"`
	ID          string  `json:"id"`
	Out         string  `json:"out"`
	Label       string  `json:"label"`
	Seed        uint64  `json:"seed"`
	Status      string  `json:"status"`
	Attempts    int     `json:"attempts"`
	Worker      string  `json:"worker"`
	WallSeconds float64 `json:"wall_seconds"`
	Error       string  `json:"error"`
	// Waiting is the first hand-back's note of a queued job ("" for
	// others), as the text line's "waiting:".
	Waiting string `json:"waiting"`
	// OutputsMissing and OtherSettings are natsq.State's of a done job.
	OutputsMissing bool `json:"outputs_missing"`
	OtherSettings  bool `json:"other_settings"`
	// Declines are the hand-backs of a queued job by each worker instance
	// (live or not); DeclinedByAll those of the live workers when every
	// one of them has handed it back (empty otherwise).
	Declines      []declineJSON `json:"declines"`
	DeclinedByAll []declineJSON `json:"declined_by_all"`
}

// declineJSON is a worker's hand-back (natsq.Decline).
type declineJSON struct {
	ID     string    `json:"id"`
	Worker string    `json:"worker"`
	Why    string    `json:"why"`
	At     time.Time `json:"at"`
}

// declinesJSON is ds as JSON entries, an empty array (not null) for none.
func declinesJSON(ds []natsq.Decline) []declineJSON {
	out := make([]declineJSON, len(ds))
	for i, d := range ds {
		out[i] = declineJSON{ID: d.ID, Worker: d.Worker, Why: d.Why, At: d.At}
	}
	return out
}

// statusJSONCounts are the statuses statusJSON.Counts always names, so
// that a script reads a count of 0 rather than no field.
var statusJSONCounts = []string{sweep.StatusQueued, sweep.StatusRunning, sweep.StatusDone, sweep.StatusFailed, sweep.StatusCancelled, sweep.StatusMissing}

// writeStatusJSON writes sweep name's status (its jobs' states) to w as
// one indented JSON object (statusJSON) and a newline.
func writeStatusJSON(w io.Writer, name string, jobs []sweep.Job, states []natsq.State) error {
	st := statusJSON{Name: name, Summary: natsq.Summarise(states), Counts: map[string]int{},
		RemainingDeclinedByAll: natsq.AllRemainingDeclined(states), Jobs: make([]jobStatusJSON, len(jobs))}
	for _, s := range statusJSONCounts {
		st.Counts[s] = 0
	}
	for i, j := range jobs {
		s := states[i]
		st.Counts[s.Status]++
		var byAll []natsq.Decline
		if s.Status == sweep.StatusQueued {
			byAll = s.DeclinedByAll
		}
		if len(byAll) > 0 {
			st.DeclinedByAll++
		}
		waiting := ""
		if s.Status == sweep.StatusQueued {
			waiting = s.Waiting
		}
		st.Jobs[i] = jobStatusJSON{Index: j.Index, ID: j.ID, Out: j.Out, Label: j.Label(), Seed: j.Seed,
			Status: s.Status, Attempts: s.Attempts, Worker: s.Worker, WallSeconds: s.WallSeconds, Error: s.Error, Waiting: waiting,
			OutputsMissing: s.OutputsMissing, OtherSettings: s.OtherSettings,
			Declines: declinesJSON(s.Declines), DeclinedByAll: declinesJSON(byAll)}
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(escapeC1(b), '\n'))
	return err
}

// escapeC1 writes DEL and the C1 controls (U+0080 to U+009F), which
// encoding/json leaves raw and a terminal may act on (U+009B starts a
// control sequence as ESC [ does), as \u escapes: in JSON they can only
// be inside strings (a worker's error or note), where the escape is the
// same string.
func escapeC1(b []byte) []byte {
	var out []byte
	for _, r := range string(b) {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			out = fmt.Appendf(out, "\\u%04x", r)
			continue
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// This file holds what the queue does about the effective settings of RL
// runs (experiment.JobRecord.Settings), which a job's ID does not see: in
// a cluster of mixed builds, a worker whose defaults differ from the
// submitter's makes another run under the same ID. The submitter's
// settings travel with the job's message (message.Settings, jobSettings),
// and a worker of a build that gives the job others hands it back
// (settingsDecline); a stored run records its settings in final.json, and
// one of other settings is not taken for the job's (storedRefused).

// storedRefused returns why (non-nil) when job j's stored run (its
// final.json) records effective settings that this stackel refuses for
// the job (otherSettings): a worker of another build, whose defaults
// differ, ran it. Such a run is not the job's for this stackel: a
// submission queues the job again rather than count it done, a worker of
// this build runs it rather than record it done from the stored outputs,
// and a collect does not download it. Both nil without a final.json or
// settings in it. A final.json that is there but cannot be read (a
// download that fails, one past maxRecordBytes) is err: whether the run
// is the job's is not known, and the caller neither counts the job done
// nor downloads it (before, such a read counted as "not refused").
func (c *Conn) storedRefused(ctx context.Context, j experiment.Job) (why, err error) {
	if jobSettings(j) == nil {
		return nil, nil // a task or a run that is not RL: no settings to differ
	}
	if c.beforeRefusedRead != nil {
		c.beforeRefusedRead()
	}
	b, _, err := c.getLimited(ctx, finalObject(j.ID), maxRecordBytes)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, &finalReadError{id: j.ID, err: err}
	}
	var f final
	if json.Unmarshal(b, &f) != nil || f.Status != sweep.StatusDone {
		return nil, nil
	}
	return otherSettings(j, f.Settings), nil
}

// finalReadError is a failed read of job id's stored final.json (other
// than a missing object): "job ID: reading its stored ID/final.json: ERR".
// A submission that ends on it says what to do (withFinalAdvice).
type finalReadError struct {
	id  string
	err error
}

func (e *finalReadError) Error() string {
	return fmt.Sprintf("job %s: reading its stored %s: %v", e.id, finalObject(e.id), e.err)
}

func (e *finalReadError) Unwrap() error { return e.err }

// withFinalAdvice returns err, a submission's error, with what to do when
// it is a finalReadError: the same command again once the server answers
// (a read that timed out), and, for a record that stays unreadable (its
// chunks do not match its digest), how to delete it with the NATS
// command-line tool, after which a submission queues the job afresh (a
// done job whose final.json is missing is run again).
func withFinalAdvice(err error) error {
	var fe *finalReadError
	if !errors.As(err, &fe) {
		return err
	}
	return fmt.Errorf("%w; give the same command again once the server answers; if it keeps failing, the stored record is damaged: "+
		"delete it with the NATS command-line tool (nats --server URL object del %s %s) and give the command again, which runs the job afresh",
		err, ObjectBucket, finalObject(fe.id))
}

// otherSettings returns an error when settings, the effective settings a
// stored run of job j records, differ from those this stackel gives j
// (experiment.SettingsDiffs, in the direction JobState compares a run's
// job.json: a setting the record lacks is no difference), naming each
// setting with both values ("ActorLR 0.5 in job.json, 0.001 now"); nil
// when settings is empty, j is a task or not RL, or they agree.
func otherSettings(j experiment.Job, settings json.RawMessage) error {
	now := experiment.JobSettings(j)
	if len(settings) == 0 || now == nil {
		return nil
	}
	diffs, err := experiment.SettingsDiffs(settings, now, "in job.json", "now")
	if err != nil {
		return fmt.Errorf("the stored run: job %s: %w", j.ID, err)
	}
	if len(diffs) == 0 {
		return nil
	}
	return fmt.Errorf("the stored run: job %s was run with other effective settings than this stackel gives it (%s)", j.ID, listDiffs(diffs))
}

// jobSettings is the effective settings this stackel gives job j's RL run,
// as job.json records them, for the job's message (message.Settings);
// nil for a task or a run that is not RL.
func jobSettings(j experiment.Job) json.RawMessage { return experiment.JobSettings(j) }

// settingsDecline returns why this worker hands back the job of message
// m: a run of it here would be refused by its submitter (its
// experiment.JobState: checkSettings), whose stackel gives the job other
// effective settings (m.Settings) than this build (mine: jobSettings). The run
// here would record this build's settings, which the submitter compares
// with its own as JobState does (experiment.SettingsDiffs): a setting of
// this build's that the submitter's has not is a difference, and one of
// the submitter's that this build has not (added since this build) is
// not. Nil when the message records none (a submitter that did not
// record settings yet, a task) or they agree.
func settingsDecline(m message, mine json.RawMessage) error {
	if len(m.Settings) == 0 || mine == nil {
		return nil
	}
	diffs, err := experiment.SettingsDiffs(mine, m.Settings, "here", "at the submitter")
	if err != nil {
		return fmt.Errorf("the settings of its message do not read (another stackel version?): %w", err)
	}
	if len(diffs) == 0 {
		return nil
	}
	return fmt.Errorf("its submitter's stackel gives it other effective settings than this build (%s): a run here would not be the submitter's (another stackel version)", listDiffs(diffs))
}

// listDiffs joins the first six settings of diffs, and says how many more
// there are.
func listDiffs(diffs []string) string {
	if n := len(diffs); n > 6 {
		diffs = append(diffs[:6:6], fmt.Sprintf("and %d more", n-6))
	}
	return strings.Join(diffs, "; ")
}

// checkpointRefused returns an error when dir, holding job j's stored
// checkpoint as fetched, records in its job.json effective settings that
// this stackel refuses for the job that job.json records (otherSettings):
// a run begun by a build with other defaults. That job is j's own, or a
// shorter run that j lengthens (its checkpoint stored as j's, whose
// settings differ from j's in Steps alone). Nil without a job.json that
// reads, or without settings.
func checkpointRefused(j experiment.Job, dir string) error {
	rec, ok, err := experiment.ReadJobRecord(dir)
	if err != nil || !ok || j.Task != nil {
		return nil
	}
	return otherSettings(rec.Job, rec.Settings)
}

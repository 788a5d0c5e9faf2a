package natsq

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

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

// storedRefused returns an error when job j's stored run (its final.json)
// records effective settings that this stackel refuses for the job
// (otherSettings): a worker of another build, whose defaults differ, ran
// it. Such a run is not the job's for this stackel: a submission queues
// the job again rather than count it done, a worker of this build runs it
// rather than record it done from the stored outputs, and a collect does
// not download it. Nil without a final.json or settings in it.
func (c *Conn) storedRefused(ctx context.Context, j experiment.Job) error {
	b, _, err := c.getLimited(ctx, finalObject(j.ID), maxRecordBytes)
	if err != nil {
		return nil
	}
	var f final
	if json.Unmarshal(b, &f) != nil || f.Status != sweep.StatusDone {
		return nil
	}
	return otherSettings(j, f.Settings)
}

// otherSettings returns experiment.JobState's error for a run of job j
// recorded done with the effective settings settings, when this stackel
// gives j other ones (checkSettings), worded for a stored run ("the
// stored run: job … was run with other effective settings …"); nil when
// settings is empty, j is a task or JobState takes the record. The record
// is written to a temporary directory of its own, without the run's
// files, so that JobState's check of the settings, and no copy of it,
// decides. It returns nil when that directory cannot be written.
func otherSettings(j experiment.Job, settings json.RawMessage) error {
	if len(settings) == 0 || j.Task != nil {
		return nil
	}
	dir, err := os.MkdirTemp("", "stackel-settings-")
	if err != nil {
		return nil
	}
	defer os.RemoveAll(dir)
	b, err := json.Marshal(experiment.JobRecord{Job: j, Status: experiment.JobDone, Settings: settings})
	if err != nil || os.WriteFile(filepath.Join(dir, experiment.JobFile), b, 0o644) != nil {
		return nil
	}
	if _, _, err := experiment.JobState(dir, j); err != nil {
		text := strings.ReplaceAll(err.Error(), dir, "the stored run")
		// JobState's remedy is for a directory ("remove the directory");
		// the caller says what to do with a stored run.
		if i := strings.Index(text, ": a default changed between"); i > 0 {
			text = text[:i]
		}
		return errors.New(text)
	}
	return nil
}

// jobSettings is the effective settings this stackel gives job j's RL run,
// as job.json records them, for the job's message (message.Settings):
// agent.Config of experiment.RLAgentConfig, its element type and
// activation by name. Nil for a task or a run that is not RL, a
// configuration that does not read, and settings that JobState would not
// take for this stackel's own (otherSettings: the form job.json records
// changed in experiment and not here), so that a worker then takes the
// job as before rather than refuse it.
func jobSettings(j experiment.Job) json.RawMessage {
	if j.Task != nil {
		return nil
	}
	cfg, err := j.ParseConfig()
	if err != nil || cfg.RL == nil {
		return nil
	}
	ac, err := experiment.RLAgentConfig(*cfg.RL, j.Seed)
	if err != nil {
		return nil
	}
	b, err := json.Marshal(ac)
	if err != nil {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil
	}
	m["DType"], m["Activation"] = ac.DType.String(), ac.Activation.String()
	if b, err = json.Marshal(m); err != nil || otherSettings(j, b) != nil {
		return nil
	}
	return b
}

// settingsDecline returns why this worker hands back the job of message
// m: a run of it here would be refused by its submitter (its
// experiment.JobState: checkSettings), whose stackel gives the job other
// effective settings (m.Settings) than this build (jobSettings). As that
// check does, a setting of this build's that the submitter's has not is a
// difference, and one of the submitter's that this build has not (added
// since this build) is not. Nil when the message records none (a
// submitter before session 52, a task) or they agree; when this build's
// own settings cannot be had (jobSettings nil), JobState decides in this
// build's direction (otherSettings).
func settingsDecline(m message) error {
	if len(m.Settings) == 0 {
		return nil
	}
	mine := jobSettings(m.Job)
	if mine == nil {
		if err := otherSettings(m.Job, m.Settings); err != nil {
			return fmt.Errorf("its submitter's stackel gives it other effective settings than this build (%v)", err)
		}
		return nil
	}
	here, there := map[string]string{}, map[string]string{}
	if flatJSON("", mine, here) != nil || flatJSON("", m.Settings, there) != nil {
		return fmt.Errorf("the settings of its message do not read (another stackel version?)")
	}
	var diffs []string
	for _, k := range slices.Sorted(maps.Keys(here)) {
		if v, ok := there[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: none there, %s here", k, here[k]))
		} else if v != here[k] {
			diffs = append(diffs, fmt.Sprintf("%s: %s there, %s here", k, v, here[k]))
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	if n := len(diffs); n > 6 {
		diffs = append(diffs[:6], fmt.Sprintf("and %d more", n-6))
	}
	return fmt.Errorf("its submitter's stackel gives it other effective settings than this build (%s): a run here would not be the submitter's (another stackel version)", strings.Join(diffs, "; "))
}

// flatJSON adds the leaves of the JSON object v to out under their key
// paths after prefix (an object's members under "key.", as job.json's
// settings are compared: "CG.Lambda"), each leaf in its compact form.
func flatJSON(prefix string, v json.RawMessage, out map[string]string) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return err
	}
	for k, x := range m {
		if t := bytes.TrimSpace(x); len(t) > 0 && t[0] == '{' {
			if err := flatJSON(prefix+k+".", t, out); err != nil {
				return err
			}
			continue
		}
		var b bytes.Buffer
		if err := json.Compact(&b, x); err != nil {
			return err
		}
		out[prefix+k] = b.String()
	}
	return nil
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

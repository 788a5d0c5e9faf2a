package experiment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/rl/agent"
)

// Job is one run described as plain data: a configuration, a seed, and
// where its outputs go. It round-trips through JSON, so it can be written
// to a file, a manifest or a message queue and run in another process with
// RunJob (or `stackel run --job FILE`).
type Job struct {
	// ID is derived from the configuration and the seed (JobID): the same
	// config and seed give the same ID, any change gives another, except
	// in rl.threads, which changes no number, in how a number of
	// game.params, rl.options or a Hi-C {ema: …} baseline is spelt, and
	// in the case of the words a run reads in any case (rl.algo, …): the
	// configuration is hashed in its canonical form, rl.threads left out,
	// those numbers in one spelling and those words in lower case. It
	// names the job in manifests and queues, and tells a directory's
	// finished outputs apart from those of another job.
	ID string `json:"id"`
	// Config is the run's configuration as YAML text, in the canonical form
	// that config.yaml holds (its seed is Seed).
	Config string `json:"config"`
	// Seed seeds every random draw of the run.
	Seed uint64 `json:"seed"`
	// Out is the job's output directory relative to the directory an
	// Executor writes into, e.g. "ddpg/seed1" or "runs/<id>".
	Out string `json:"out"`
	// Labels describe the job for reports and listings (a reproduction's
	// variant, a sweep's grid values); they are not part of the ID.
	Labels map[string]string `json:"labels,omitempty"`
	// Task, when not nil, makes the job a registered task (see Task)
	// instead of a configuration run; Config is then empty.
	Task *Task `json:"task,omitempty"`
}

// NewJob makes the job that runs cfg with seed into out: the configuration
// is copied with its seed set to seed, a relative Markov spec path is made
// absolute (so the job runs from any directory), and the ID is computed.
// A nil cfg is an error. An empty out is accepted for a caller that names
// the job's directory after its ID, which NewJob computes (a sweep sets
// Out to runs/ID), and must set Out before the job is executed:
// Local.Execute refuses a job whose Out is empty, which would run into
// its root directory itself, beside the other jobs' directories.
func NewJob(cfg *Config, seed uint64, out string) (Job, error) {
	if cfg == nil {
		return Job{}, fmt.Errorf("job: no configuration (nil *Config)")
	}
	c := *cfg
	c.Seed = seed
	if c.Game != nil && c.Game.Markov != "" && !filepath.IsAbs(c.Game.Markov) {
		g := *c.Game
		p, err := filepath.Abs(filepath.Join(c.dir, g.Markov))
		if err != nil {
			return Job{}, err
		}
		g.Markov = p
		c.Game = &g
	}
	b, err := yaml.Marshal(&c)
	if err != nil {
		return Job{}, fmt.Errorf("job: encoding the config: %w", err)
	}
	// The text must parse, to the same configuration: it is what a worker
	// reads. The ID is computed from what it reads (as CheckID does), not
	// from cfg, whose values may be of Go types the text does not keep
	// (a [][]float64 param reads back as lists of numbers).
	back, err := readBack(b)
	if err != nil {
		return Job{}, fmt.Errorf("job: %w", err)
	}
	spec, err := specDigest(&c)
	if err != nil {
		return Job{}, fmt.Errorf("job: %w", err)
	}
	text, err := idText(b, back)
	if err != nil {
		return Job{}, fmt.Errorf("job: %w", err)
	}
	return Job{ID: jobID(text, seed, spec), Config: string(b), Seed: seed, Out: out}, nil
}

// idText returns the configuration text a job's ID is computed from:
// config, the job's text of cfg, unless cfg's canonical form differs from
// it (Config.canonical: rl.threads, whose value changes how fast a run
// goes and never its numbers, left out; the numbers of game.params,
// rl.options and a Hi-C baseline in one spelling; the words a run reads
// in any case in lower case); then the text of that form. So the same
// run on another machine's thread count, or with 1e-3 written 0.001, has
// the same ID, and a sweep resubmitted so skips the jobs already done.
func idText(config []byte, cfg *Config) ([]byte, error) {
	c, changed := cfg.canonical()
	if !changed {
		return config, nil
	}
	b, err := yaml.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("encoding the config: %w", err)
	}
	return b, nil
}

// legacyIDTexts returns the texts earlier stackels computed a job's ID
// from, where they differ from idText's: the job's text itself (before
// rl.threads was left out) and its text without rl.threads, numbers as
// spelt (before the numbers were made canonical). A job whose ID is one
// of these is the same run, made by an earlier version.
func legacyIDTexts(config []byte, cfg *Config) ([][]byte, error) {
	texts := [][]byte{config}
	if cfg.RL != nil && cfg.RL.Threads != 0 {
		c := *cfg
		rl := *c.RL
		rl.Threads = 0
		c.RL = &rl
		b, err := yaml.Marshal(&c)
		if err != nil {
			return nil, fmt.Errorf("encoding the config: %w", err)
		}
		texts = append(texts, b)
	}
	return texts, nil
}

// specDigest returns the hex SHA-256 of the Markov spec file a
// configuration runs (its path absolute, as in a job), or "" when it runs
// none: the file's contents are part of what the run computes, so they are
// part of its job's ID.
func specDigest(c *Config) (string, error) {
	if c.Game == nil || c.Game.Markov == "" {
		return "", nil
	}
	b, err := safeyaml.ReadFile(c.Game.Markov)
	if err != nil {
		return "", fmt.Errorf("game.markov: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// readBack parses text, yaml.Marshal of a configuration, and returns the
// configuration it reads as, or an error unless that encodes to the same
// text: what a job runs and config.yaml records must be the configuration
// given. The encoder writes a tab inside a string bare, and its decoder
// drops it ("a\tb.yaml" reads back as "ab.yaml"); a carriage return
// inside a string is lost the same way.
func readBack(text []byte) (*Config, error) {
	// The text is ours, not input: a config within the input limits (a
	// lowered STACKEL_MAX_INPUT_BYTES) may be written longer, all its keys
	// spelt out.
	lim := safeyaml.DefaultLimits()
	lim.MaxBytes = max(lim.MaxBytes, len(text))
	lim.MaxValues = max(lim.MaxValues, len(text))
	lim.MaxNodes = max(lim.MaxNodes, len(text))
	lim.MaxKeys = max(lim.MaxKeys, len(text)) // a flow map of many keys is written as a block
	back, err := parseConfigLimits(text, lim)
	if err != nil {
		return nil, fmt.Errorf("the config does not read back: %w", err)
	}
	again, err := yaml.Marshal(back)
	if err != nil {
		return nil, fmt.Errorf("the config does not read back: %w", err)
	}
	if bytes.Equal(again, text) {
		return back, nil
	}
	was, now := bytes.Split(text, []byte("\n")), bytes.Split(again, []byte("\n"))
	for i := range was {
		if i >= len(now) || !bytes.Equal(was[i], now[i]) {
			got := ""
			if i < len(now) {
				got = string(now[i])
			}
			return nil, fmt.Errorf("the config does not read back as written: line %d %q of its YAML text reads back as %q (a tab or a carriage return inside a string, which the YAML encoder cannot write; use spaces and plain newlines)", i+1, was[i], got)
		}
	}
	return nil, fmt.Errorf("the config does not read back as written: its YAML text reads back with %d more lines", len(now)-len(was))
}

// JobID is the stable ID of a run of the canonical configuration text
// config with seed: the first 16 hex digits of a SHA-256 over both. A
// configuration that runs a Markov spec file (game.markov) has the file's
// contents in its ID too (NewJob; Job.CheckID), so that editing the file
// makes another job; JobID is the ID of every other configuration and of
// tasks. NewJob hashes the text of the configuration's canonical form
// (without rl.threads, numbers in one spelling), so JobID of a
// text that sets rl.threads or spells a number otherwise is not its job's
// ID.
func JobID(config []byte, seed uint64) string { return jobID(config, seed, "") }

// jobID is JobID with the digest of the Markov spec file the configuration
// runs (specDigest; "" for none, which leaves the ID JobID's).
func jobID(config []byte, seed uint64, spec string) string {
	h := sha256.New()
	fmt.Fprintf(h, "stackel job v1\nseed %d\n", seed)
	h.Write(config)
	if spec != "" {
		fmt.Fprintf(h, "markov spec sha256 %s\n", spec)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// emptyJob says what is wrong with an empty Job (Job.empty).
const emptyJob = "an empty Job (no ID, configuration or task): make jobs with NewJob or NewTaskJob"

// empty reports a job with no ID, configuration or task (a Job{}), which
// said "job : empty configuration", naming nothing.
func (j Job) empty() bool { return j.ID == "" && j.Config == "" && j.Task == nil }

// ParseConfig returns the job's configuration (with its seed), after
// checking that the ID matches the configuration and seed. An empty Job
// (no ID, configuration or task) is an error saying so.
func (j Job) ParseConfig() (*Config, error) {
	if j.Task != nil {
		return nil, fmt.Errorf("job %s is a task (%s), not a configuration run", j.ID, j.Task.Kind)
	}
	if j.empty() {
		return nil, fmt.Errorf("job: %s", emptyJob)
	}
	cfg, err := ParseConfig([]byte(j.Config))
	if err != nil {
		return nil, fmt.Errorf("job %s: %w", j.ID, err)
	}
	if err := j.checkID(cfg); err != nil {
		return nil, err
	}
	cfg.Seed = j.Seed
	return cfg, nil
}

// CheckID reports an error unless the job's ID is the one its
// configuration and seed give — with, for a configuration that runs a
// Markov spec file, the file as it is now on this machine (changed since
// the job was made, or another file at that path, is an error naming it)
// — and its configuration's seed is the job's. A task's ID is checked by
// RunJob.
func (j Job) CheckID() error {
	if j.Task != nil {
		return nil
	}
	cfg, err := ParseConfig([]byte(j.Config))
	if err != nil {
		return fmt.Errorf("job %s: %w", j.ID, err)
	}
	return j.checkID(cfg)
}

// checkID is CheckID with the job's configuration parsed; it also refuses
// a configuration whose seed is not the job's (checkSeed).
func (j Job) checkID(cfg *Config) error {
	if err := j.checkDigest(cfg); err != nil {
		return err
	}
	return j.checkSeed(cfg)
}

// checkSeed refuses a job whose configuration sets another seed than the
// job's. The run takes the job's seed while its config.yaml records the
// configuration's text, so such a job's finished directory read as
// another run's when the job was given again, and a directory holding a
// run of the configuration's seed was taken for the job's and written
// over. The jobs stackel makes (NewJob: reproductions, sweeps) write the
// job's seed into their configuration, as they always have.
func (j Job) checkSeed(cfg *Config) error {
	if cfg.Seed == j.Seed {
		return nil
	}
	return fmt.Errorf("job %s: its config's seed is %d but the job's seed is %d: write seed: %d in the config, as the jobs stackel makes have it (the run takes the job's seed, and its config.yaml would say %d)",
		j.ID, cfg.Seed, j.Seed, j.Seed, cfg.Seed)
}

// checkDigest reports an error unless the job's ID is the one its
// configuration's text, its seed and its Markov spec file give.
func (j Job) checkDigest(cfg *Config) error {
	spec, err := specDigest(cfg)
	if err != nil {
		return fmt.Errorf("job %s: %w", j.ID, err)
	}
	text, err := idText([]byte(j.Config), cfg)
	if err != nil {
		return fmt.Errorf("job %s: %w", j.ID, err)
	}
	id := jobID(text, j.Seed, spec)
	if id == j.ID {
		return nil
	}
	if !bytes.Equal(text, []byte(j.Config)) {
		legacy, err := legacyIDTexts([]byte(j.Config), cfg)
		if err != nil {
			return fmt.Errorf("job %s: %w", j.ID, err)
		}
		for _, old := range legacy {
			if jobID(old, j.Seed, spec) == j.ID {
				// Made by a stackel whose IDs included rl.threads or
				// spelt numbers as written: the same run.
				return nil
			}
		}
	}
	switch {
	case spec != "" && JobID([]byte(j.Config), j.Seed) == j.ID:
		return fmt.Errorf("job %s was made by a stackel whose job IDs leave out the Markov spec file's contents: make the job again (its ID is now %s)", j.ID, id)
	case spec != "":
		return fmt.Errorf("job %s: the ID does not match its config, seed and Markov spec file %s (want %s): was the spec file edited since the job was made, or is it another file on this machine?", j.ID, cfg.Game.Markov, id)
	}
	return fmt.Errorf("job %s: the ID does not match its config and seed (want %s); was the job edited?", j.ID, id)
}

// ReadJob reads a job from a JSON file — a job, or a job's record (the
// job.json of its directory) — that must be a regular file within the
// input size limit of a config (safeyaml.ReadFile) and hold no unknown key.
func ReadJob(path string) (Job, error) {
	b, err := safeyaml.ReadFile(path)
	if err != nil {
		return Job{}, err
	}
	// A job, or the record a job's directory holds (job.json: the job and
	// its state, which the run reads again); a misspelt key is an error,
	// as in configs.
	var rec JobRecord
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		if what := manifestShape(path, b); what != "" {
			return Job{}, fmt.Errorf("%s: %s", path, what)
		}
		return Job{}, fmt.Errorf("%s: %w", path, err)
	}
	j := rec.Job
	// Anything but whitespace after the job is refused: dec.More alone
	// passed a stray ']' or '}' (`{"id": …}}`) as the job alone.
	if rest := bytes.TrimLeft(b[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		const show = 20
		if len(rest) > show {
			rest = rest[:show]
		}
		return Job{}, fmt.Errorf("%s: more than one JSON value (text after the job's: %q)", path, rest)
	}
	if j.ID == "" || (j.Config == "") == (j.Task == nil) {
		return Job{}, fmt.Errorf("%s: not a job (needs an id and either a config or a task)", path)
	}
	return j, nil
}

// manifestShape says what b, read from path, is when it is not a job but a sweep manifest
// (a "jobs" list) or an entry of one (a job with its "sweep" and "index"),
// and how to run it; "" for anything else. Decoded as a job, either was
// refused with JSON's `unknown field "sweep"`, which says neither.
func manifestShape(path string, b []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return ""
	}
	if _, ok := m["jobs"]; ok {
		return "a sweep manifest (a list of jobs), not a job: run its job of index I with stackel run --manifest " + path + " --index I"
	}
	_, sweep := m["sweep"]
	idx, index := m["index"]
	if sweep && index {
		// The entry's index when it is one (a count from 0), else a
		// placeholder: the raw value was pasted into the command however
		// long, or a string, a list or -1.
		i, n := "I", -1
		if json.Unmarshal(idx, &n) == nil && n >= 0 {
			i = fmt.Sprint(n)
		}
		return fmt.Sprintf("an entry of a sweep manifest's jobs (it has \"sweep\" and \"index\"), not a job: run it from its manifest with stackel run --manifest FILE --index %s", i)
	}
	return ""
}

// JobFile is the file in a job's output directory that records the job and
// its state (JobRecord), beside config.yaml, metrics.csv, summary.json and,
// for RL runs, checkpoint.gob.
const JobFile = "job.json"

// Job states in job.json.
const (
	// JobRunning: the job started and has not ended (or was interrupted).
	JobRunning = "running"
	// JobDone: the job ran to its end.
	JobDone = "done"
	// JobFailed: the job stopped with an error of its own (a bad config, a
	// diverged run); rerunning it would fail again.
	JobFailed = "failed"
)

// JobRecord is the content of job.json.
type JobRecord struct {
	Job
	// Status is JobRunning, JobDone or JobFailed.
	Status string `json:"status"`
	// Error is the error of a failed job.
	Error string `json:"error,omitempty"`
	// Summary is the summary of a finished run, as `stackel run` prints
	// it: one line for an RL or Hi-C run; for a smooth-game run a second
	// line saying how the step-norm test ended it ("converged: …", "not
	// converged: …", or "no convergence test: …" without
	// dynamics.step_tol); for a Markov run a second line with the verdict
	// and possibly a third, "hint: …". Lines are separated by "\n", with
	// none at the end.
	Summary string `json:"summary,omitempty"`
	// Started and Ended are wall-clock times (RFC 3339).
	Started string `json:"started,omitempty"`
	Ended   string `json:"ended,omitempty"`
	// Builds are the binaries and machines that ran the job, in order:
	// one entry, or more when it was resumed by another build or on
	// another machine (CurrentBuild; absent in records made by a
	// stackel that did not record builds yet).
	Builds []Build `json:"builds,omitempty"`
	// Settings are an RL run's effective settings, as the binary that
	// started it resolved them (agent.Config, every default of the
	// algorithm filled in): the job's ID hashes its config text, which
	// leaves them out, so a finished run whose settings differ from
	// those this binary gives the job (a default changed since) is not
	// reused as the job's (JobState). Absent for other runs and in records
	// made by a stackel that did not record settings yet.
	Settings json.RawMessage `json:"settings,omitempty"`
	// AlreadyFinished is true on a record found done or failed in the
	// job's directory (JobState's finished), and so on the record RunJob,
	// RunJobWith, RunJobThreads and sweep.RunJob return for a job they did
	// not run: nothing was run or written. It is false on the record of a
	// job that ran (or was refused) and is never stored in job.json, so
	// that a caller can tell "ran and is done" from "was done already".
	AlreadyFinished bool `json:"-"`
}

// Finished reports that the job ended (done or failed), so that rerunning
// it is unnecessary.
func (r JobRecord) Finished() bool { return r.Status == JobDone || r.Status == JobFailed }

// ReadJobRecord reads dir/job.json; ok is false when there is none.
func ReadJobRecord(dir string) (rec JobRecord, ok bool, err error) {
	b, err := safeyaml.ReadFile(filepath.Join(dir, JobFile))
	if errors.Is(err, fs.ErrNotExist) {
		return JobRecord{}, false, nil
	}
	if err != nil {
		return JobRecord{}, false, err
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return JobRecord{}, false, fmt.Errorf("%s: %w", filepath.Join(dir, JobFile), err)
	}
	return rec, true, nil
}

// JobState says what dir holds for job: finished is true when its job.json
// records this job as done or failed (and so is rec.AlreadyFinished). A job.json whose status is none of
// running, done and failed is an error. It is an error for dir to hold the
// outputs of another job (another config or seed, e.g. a --quick run where
// a full one is asked for): outputs of different jobs never mix. The one
// exception is an RL run that job lengthens (more rl.steps, nothing else
// changed): its outputs are job's unfinished ones, which RunJob continues
// from the checkpoint. A job.json that records job as finished is not
// believed over a config.yaml of another run: another run written over
// the job's outputs is an error, not a finished job. Nor is a run
// recorded done whose outputs are not whole (metrics.csv cut or holding
// other epochs than summary.json records, a summary.json of another seed
// or length) or whose job.json records other effective settings than
// this binary gives the job (a default changed since).
func JobState(dir string, job Job) (rec JobRecord, finished bool, err error) {
	return jobState(dir, job, nil)
}

// jobState is JobState; read, when not nil, is given the outputs its
// check of a run recorded done read (checkDone: JobStateRead).
func jobState(dir string, job Job, read *DoneRead) (rec JobRecord, finished bool, err error) {
	rec, ok, err := ReadJobRecord(dir)
	if err != nil || !ok {
		return rec, false, err
	}
	switch rec.Status {
	case JobRunning, JobDone, JobFailed:
	default:
		// Not written by stackel: taken as unfinished, the job ran again
		// over outputs its record may have meant as finished ("Done").
		return rec, false, fmt.Errorf("%s: job.json (job %q) has status %q, which stackel does not write (%s, %s or %s): was it edited? correct it, or remove the directory to run the job again", dir, rec.ID, rec.Status, JobRunning, JobDone, JobFailed)
	}
	if rec.ID != job.ID && !sameRun(rec.Job, job) {
		if extendsRun(job, rec.Job) {
			return rec, false, nil // continued from its checkpoint (RunRL)
		}
		if killedLengthening(dir, job, rec) {
			return rec, false, nil // job's own run, as its checkpoint is
		}
		if extendsRun(rec.Job, job) {
			return rec, false, fmt.Errorf("%s holds a longer run of job %s (job %s, with more rl.steps): a run can be lengthened, not shortened; use another output directory, or take the shorter run's epochs from the first rows of its metrics.csv", dir, job.ID, rec.ID)
		}
		what := jobConfigDiff(rec.Job, job, "there", "for this job")
		if what == "" {
			what = "a different config or seed, e.g. --quick against a full run"
		}
		return rec, false, fmt.Errorf("%s holds the outputs of job %s, not of job %s (%s); use another output directory or remove it", dir, rec.ID, job.ID, what)
	}
	if rec.Finished() {
		if err := checkRecorded(dir, rec); err != nil {
			return rec, false, err
		}
	}
	// A run recorded done is reused only whole and as this binary's job
	// (checkDone), by every caller: Pending, RunJob, sweeps and NATS
	// workers alike.
	if err := checkDone(dir, job, rec, read); err != nil {
		return rec, false, err
	}
	rec.AlreadyFinished = rec.Finished()
	return rec, rec.Finished(), nil
}

// checkRecorded returns an error if dir holds a config.yaml that is not
// the run rec, its job.json, records: for a configuration job, one of
// another configuration or seed (compared as values, like sameRun); for a
// task job (tasks write none), any. A job's outputs and its record are
// written together by RunJob, so a mismatch means another run was written
// over them (`stackel run --out DIR --force` from before --force deleted
// job.json, or files copied by hand), and its outputs must not be taken
// for the job's. Every run writes its config.yaml before anything else, so
// a directory without one holds no other run's outputs (what it lacks, the
// reports find missing).
func checkRecorded(dir string, rec JobRecord) error {
	path := filepath.Join(dir, ConfigFile)
	b, err := safeyaml.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	}
	const remedy = "another run was written over the job's outputs (e.g. stackel run --out DIR --force from before --force deleted job.json); its outputs are not the job's and are not reused: remove the directory to run the job again, or use another output directory"
	if rec.Task != nil {
		return fmt.Errorf("%s: job.json records task job %s (%s) as %s, but the directory holds a run's config.yaml: %s", dir, rec.ID, rec.Task.Kind, rec.Status, remedy)
	}
	got, err := ParseConfig(b)
	if err != nil {
		return fmt.Errorf("%s: job.json records job %s as %s, but %s does not read (%v): %s", dir, rec.ID, rec.Status, path, err, remedy)
	}
	want, err := ParseConfig([]byte(rec.Config))
	if err != nil {
		return fmt.Errorf("%s: the config of job %s in job.json does not read: %w", dir, rec.ID, err)
	}
	want.Seed = rec.Seed
	if !sameValues(got, want) {
		differs := ""
		if d := jobConfigDiff(rec.Job, Job{Config: string(b), Seed: got.Seed}, "in job.json", "in config.yaml"); d != "" {
			differs = ", which differs in " + d
		}
		return fmt.Errorf("%s: job.json records job %s (%q, seed %d) as %s, but config.yaml holds another run (%q, seed %d)%s: %s", dir, rec.ID, want.Name, rec.Seed, rec.Status, got.Name, got.Seed, differs, remedy)
	}
	return nil
}

// clearUnrecordedRun prepares dir for job, a task, whose job.json (rec;
// the zero record when there is none) does not record it finished: a
// run's config.yaml found there (tasks write none) is another run's. With
// no job.json it is refused (refuseUnrecordedRun); under the task's own
// unfinished record it was written since (`stackel run --resume DIR
// CONFIG`) and its files (runFiles) are deleted, as runJob does, so that
// the finished task's directory does not read as another run written
// over it.
func clearUnrecordedRun(dir string, job Job, rec JobRecord) error {
	if rec.ID == "" {
		return refuseUnrecordedRun(dir, job)
	}
	other, err := holdsOtherRun(dir, job)
	if err != nil || !other {
		return err
	}
	return clearRunFiles(dir, job)
}

// refuseUnrecordedRun returns an error wrapping ErrOccupied if dir, which
// has no job.json, holds another run than job's (holdsOtherRun): a run
// that `stackel run --out DIR` (or --force) wrote there, which no job
// made — every job writes its job.json before its config.yaml, so not
// even an interrupted attempt of a job leaves a config.yaml without one.
// A job does not delete a run it did not make (an earlier RunJob deleted
// it and ran, so that `stackel run --job FILE --out DIR` replaced the
// user's run in DIR with exit status 0); the error names dir, the
// files found and the run, and says what to do. The same run's outputs
// (same config and seed: a `stackel run` of the job's configuration, or
// an older reproduction that kept no job.json) and a shorter RL run that
// job lengthens (extendsRun) are the job's, and are not refused.
func refuseUnrecordedRun(dir string, job Job) error {
	other, err := holdsOtherRun(dir, job)
	if err != nil || !other {
		return err
	}
	var found []string
	for _, name := range runFiles {
		if held, _ := holdsRunFile(dir, name); held {
			found = append(found, name)
		}
	}
	what := "a run's " + ConfigFile + ", which a task does not write"
	if job.Task == nil {
		b, err := safeyaml.ReadFile(filepath.Join(dir, ConfigFile))
		var cfg *Config
		if err == nil {
			cfg, err = ParseConfig(b)
		}
		switch {
		case err != nil:
			what = "a " + ConfigFile + " that does not read: " + err.Error()
		case cfg.Name != "":
			what = fmt.Sprintf("a run of %q with seed %d, not the job's configuration and seed", cfg.Name, cfg.Seed)
		default:
			what = fmt.Sprintf("a run with seed %d, not the job's configuration and seed", cfg.Seed)
		}
	}
	return fmt.Errorf("%w: %s has %s (%s) and no %s, so it is not job %s's and is kept (a job does not delete a run it did not make): move or delete those files to run the job in %s, or give the job another output directory",
		ErrOccupied, dir, strings.Join(found, ", "), what, JobFile, job.ID, dir)
}

// holdsOtherRun reports that dir holds another run than job's: a
// config.yaml (which every run writes first) of another configuration or
// seed, one that does not read, or any in a task job's directory; not the
// same run's (sameRun) nor a shorter RL run that job lengthens
// (extendsRun).
func holdsOtherRun(dir string, job Job) (bool, error) {
	b, err := safeyaml.ReadFile(filepath.Join(dir, ConfigFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	}
	if job.Task == nil {
		if got, err := ParseConfig(b); err == nil {
			found := Job{Config: string(b), Seed: got.Seed}
			if sameRun(job, found) || extendsRun(job, found) {
				return false, nil
			}
		}
	}
	return true, nil
}

// clearRunFiles deletes the files of another run (runFiles) from dir, the
// directory of job.
func clearRunFiles(dir string, job Job) error {
	for _, name := range runFiles {
		if err := removeRunFile(dir, name); err != nil {
			return fmt.Errorf("%s: clearing another run's outputs for job %s: %w", dir, job.ID, err)
		}
	}
	return nil
}

// sameRun reports that two jobs with different IDs still describe the same
// run: the same seed and configurations that parse to the same values. IDs
// hash the configuration's text, which a later version of the encoder may
// write differently (a key omitted when zero, say); outputs of such a job
// are still this job's. Not so for a configuration that runs a Markov spec
// file: its ID also hashes the file's contents, which the text only names,
// so equal texts under different IDs may be runs of different files (an
// edited spec), and the outputs are not taken for this job's.
func sameRun(a, b Job) bool {
	if a.Seed != b.Seed || (a.Task == nil) != (b.Task == nil) {
		return false
	}
	if a.Task != nil {
		return false // a task's ID hashes its kind and canonical parameters
	}
	ca, err1 := ParseConfig([]byte(a.Config))
	cb, err2 := ParseConfig([]byte(b.Config))
	if err1 != nil || err2 != nil {
		return false
	}
	if ca.Game != nil && ca.Game.Markov != "" {
		return false
	}
	ca.Seed, cb.Seed = a.Seed, b.Seed
	return sameValues(ca, cb)
}

// Extends reports that j continues the RL run of rec with more steps
// (JobState, RunJob): its outputs are rec's, continued from rec's last
// checkpoint.
func (j Job) Extends(rec Job) bool { return extendsRun(j, rec) }

// extendsRun reports that job continues the RL run of rec: the same seed
// and configuration but for more rl.steps (agent.Extends; a default
// rl.steps counts as its value). Such a job's directory holds the shorter
// run's outputs, which it extends from the checkpoint to the bit of a run
// configured with the longer length from the start (agent.Agent.Extend).
func extendsRun(job, rec Job) bool {
	if job.Seed != rec.Seed || job.Task != nil || rec.Task != nil {
		return false
	}
	cj, err1 := ParseConfig([]byte(job.Config))
	cr, err2 := ParseConfig([]byte(rec.Config))
	if err1 != nil || err2 != nil || cj.RL == nil || cr.RL == nil {
		return false
	}
	aj, err1 := RLAgentConfig(*cj.RL, job.Seed)
	ar, err2 := RLAgentConfig(*cr.RL, rec.Seed)
	if err1 != nil || err2 != nil || !agent.Extends(aj, ar) {
		return false
	}
	rj, rr := *cj.RL, *cr.RL
	rj.Steps = rr.Steps
	cj.RL, cr.RL = &rj, &rr
	cj.Seed, cr.Seed = job.Seed, rec.Seed
	return sameValues(cj, cr)
}

// RunJob runs job with its outputs in outDir (created if needed):
// config.yaml, metrics.csv, summary.json, checkpoint.gob for RL runs, and
// job.json with the job's state. An RL job resumes from the checkpoint in
// outDir; any other unfinished job starts afresh. A job already finished in
// outDir is not run again (its record is returned, with AlreadyFinished
// set, and nil error even when it records a failure). A job this binary
// cannot run (CheckRunnable: a MuJoCo task without -tags mujoco) returns
// that error and records nothing, so that a binary that can runs it. A job
// that stops with its own error is recorded as failed and returns that
// error; a cancelled one stays "running" in job.json, so that it is run
// again, and so does one whose end cannot be written into job.json (the
// record returned says "running" too, and the error names the write). A
// job whose run panics is recorded as failed the same way, its error
// "panic: VALUE (at …)" naming the value and the three innermost frames
// of the code that panicked, and summary.json holding that error; the
// process and the jobs beside it go on. A job.json whose status is not
// running, done or failed (JobState) is refused with nothing run, and so
// is a directory without job.json holding another run than the job's (a
// `stackel run --out DIR`'s), which the job does not delete: the error
// wraps ErrOccupied and names the directory, the files found and the run.
// The same run's outputs (same config and seed) and a shorter RL run that
// the job lengthens are the job's, and are not refused.
func RunJob(ctx context.Context, job Job, outDir string, progress ProgressFunc) (JobRecord, error) {
	return runJob(ctx, job, outDir, JobOptions{Progress: progress})
}

// runJob is RunJob with RunOptions.Threads (0: the run's default).
func runJob(ctx context.Context, job Job, outDir string, opt JobOptions) (JobRecord, error) {
	if job.Task != nil {
		return runTask(ctx, job, outDir, opt)
	}
	cfg, err := job.ParseConfig()
	if err != nil {
		return JobRecord{}, err
	}
	rec, finished, err := JobState(outDir, job)
	if err != nil || finished {
		return rec, err
	}
	if err := CheckRunnable(cfg); err != nil {
		// Not the job's failure but this binary's: record nothing, so that
		// a binary that has the task (another Slurm node, say) runs it.
		return JobRecord{}, err
	}
	if err := makeOutDir(outDir); err != nil {
		return JobRecord{}, err
	}
	// Claim the directory for the job's lifetime, then read its state
	// again: another process may have run the job (or be running it)
	// since the look above.
	claim, err := ClaimRunDir(outDir)
	if err != nil {
		return JobRecord{}, err
	}
	defer claim.Release()
	if rec, finished, err = JobState(outDir, job); err != nil || finished {
		return rec, err
	}
	if rec.ID == "" || !rec.Finished() {
		// No job.json, or one that records the job unfinished: the
		// directory may hold another run. Without job.json it was
		// written by `stackel run` (a job writes its job.json first) and
		// is refused with nothing changed (refuseUnrecordedRun). Under an
		// unfinished job's record it was written by `stackel run --resume
		// DIR CONFIG`, which starts CONFIG afresh in a directory without
		// a checkpoint: its files are deleted before the job runs (as
		// clearUnrecordedRun does for a task), but for an RL checkpoint,
		// which must be this run's to be resumed (or is refused, naming
		// both configurations, with nothing changed). Rerunning the job
		// over such a run wrote the job's config.yaml beside the other
		// run's metrics.csv and summary.json, and recorded the job as
		// failed on the other run's checkpoint.
		if rec.ID == "" {
			if err := refuseUnrecordedRun(outDir, job); err != nil {
				return JobRecord{}, err
			}
		}
		other, err := holdsOtherRun(outDir, job)
		if err != nil {
			return JobRecord{}, err
		}
		if other && killedLengthening(outDir, job, rec) {
			// The longer job's config.yaml over job's own checkpoint:
			// job.json and config.yaml are written job's again below.
			other = false
		}
		if cfg.isRL() && (rec.ID == "" || other) {
			if err := checkRLCheckpoint(outDir, cfg); err != nil {
				return JobRecord{}, err
			}
		}
		if other {
			if err := clearRunFiles(outDir, job); err != nil {
				return JobRecord{}, err
			}
		}
	}
	kind, err := KindOf(cfg)
	if err != nil {
		return JobRecord{}, err
	}
	if rec.ID != "" && rec.ID != job.ID && rec.Status == JobDone && extendsRun(job, rec.Job) {
		// A lengthening of the finished shorter job: refused before
		// anything is written when its checkpoint or metrics.csv would
		// refuse the resume; else its summary.json must not read as
		// final once job.json says "running".
		if err := checkRLCheckpoint(outDir, cfg); err != nil {
			return JobRecord{}, err
		}
		if err := markLengthening(outDir, cfg, rec.Job); err != nil {
			return JobRecord{}, err
		}
	}
	if !kind.Resumable {
		// Run again from its start (no checkpoint): an earlier
		// attempt's summary.json (interrupted, or of a `stackel run` of
		// the same config) must not stand beside this attempt's
		// metrics.csv, which a kill would leave mixed with it. An RL
		// run deletes its own when it starts afresh (RunRL).
		if err := os.Remove(filepath.Join(outDir, SummaryFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return JobRecord{}, fmt.Errorf("%s: removing an earlier attempt's %s: %w", outDir, SummaryFile, err)
		}
	}
	_, ckErr := os.Stat(filepath.Join(outDir, CheckpointFile))
	rec = startRecord(job, rec, cfg.isRL() && ckErr == nil)
	if cfg.isRL() {
		// Unrecorded when they cannot be written (a non-finite option,
		// which the run itself refuses, naming it).
		rec.Settings, _ = rlSettings(cfg.RL, job.Seed)
	}
	if err := WriteJSON(outDir, JobFile, rec); err != nil {
		return rec, err
	}
	// Atomically, as every run writes it (saveConfig): a kill leaves no
	// cut config.yaml, which `stackel run --resume DIR` would read.
	if err := WriteFile(outDir, ConfigFile, []byte(job.Config)); err != nil {
		return rec, err
	}
	sum, runErr := runGuarded(outDir, cfg, job.Seed, func() (string, error) {
		return kind.Run(ctx, cfg, RunOptions{Out: outDir, Progress: opt.Progress, Resume: kind.Resumable, Threads: opt.Threads,
			Warnings: opt.Warnings})
	})
	return endJob(ctx, rec, outDir, sum, runErr, opt.Ended)
}

// startRecord is the record of job starting now in a directory whose
// job.json held prev (the zero record when none): running, started now,
// and with this binary added to the builds prev recorded — only when the
// run continues from a checkpoint (resumes is true) of the same job or of
// the shorter RL run job lengthens, since a run started again from
// scratch owes nothing to the builds that ran it before.
func startRecord(job Job, prev JobRecord, resumes bool) JobRecord {
	var builds []Build
	if resumes && (prev.ID == job.ID || (prev.ID != "" && prev.Status == JobDone && extendsRun(job, prev.Job)) ||
		(prev.ID != "" && prev.Status == JobRunning && extendsRun(prev.Job, job))) {
		builds = prev.Builds
	}
	return JobRecord{Job: job, Status: JobRunning, Started: time.Now().UTC().Format(time.RFC3339),
		Builds: withBuild(builds, CurrentBuild())}
}

// endJob records how the job of rec ended (unless it was interrupted,
// which leaves it "running"), calls ended (if not nil) on the record, and
// returns the run's error. When job.json cannot be written, the record
// returned is rec, still "running" as job.json says, with the write's
// error (joined to the run's).
func endJob(ctx context.Context, rec JobRecord, outDir, sum string, runErr error, ended func(JobRecord) error) (JobRecord, error) {
	if runErr != nil && ctx.Err() != nil {
		return rec, runErr // interrupted: left "running", rerun later
	}
	prev := rec
	rec.Status, rec.Summary, rec.Ended = JobDone, sum, time.Now().UTC().Format(time.RFC3339)
	if runErr != nil {
		rec.Status, rec.Error = JobFailed, runErr.Error()
	}
	if err := WriteJSON(outDir, JobFile, rec); err != nil {
		// job.json still says "running": so does the record returned, so
		// that the end is not taken as recorded (Local.Execute returns no
		// error for a job whose record says failed).
		if runErr != nil {
			if sameCause(runErr, err) {
				err = joinWriteErr(runErr, JobFile, err) // the cause said once
			} else {
				err = fmt.Errorf("%w (and recording its failure: %w)", runErr, err)
			}
		}
		return prev, err
	}
	if ended != nil {
		if err := ended(rec); err != nil && runErr == nil {
			runErr = err
		}
	}
	return rec, runErr
}

// markLengthening replaces the summary.json of the finished RL job
// shorter in dir, which the job of cfg lengthens, by a running one
// (writeRunningSummary), before job.json records the longer job as
// running: a kill in between would leave a finished summary under an
// unfinished job. A run that cannot be lengthened (its last epoch cut
// short, refused with nothing changed) or has no checkpoint (started
// afresh) is left to RunRL.
func markLengthening(dir string, cfg *Config, shorter Job) error {
	if _, err := os.Stat(filepath.Join(dir, CheckpointFile)); err != nil {
		return nil
	}
	long, err := RLAgentConfig(*cfg.RL, cfg.Seed)
	if err != nil {
		return err
	}
	sc, err := ParseConfig([]byte(shorter.Config))
	if err != nil {
		return err
	}
	short, err := RLAgentConfig(*sc.RL, shorter.Seed)
	if err != nil {
		return err
	}
	if short.Steps%short.StepsPerEpoch != 0 {
		return nil
	}
	return writeRunningSummary(dir, long, short.Steps)
}

// killedLengthening reports that dir, whose job.json holds rec, holds the
// RL run of job under the record of a longer job that lengthens it and
// was stopped before its first checkpoint: rec is running, extends job,
// and the checkpoint in dir is job's own (not a lengthened one). Given
// again, job is continued from that checkpoint (its summary.json back
// whole: carrySummary), and job.json and config.yaml record job again,
// rather than the shorter job being refused as a shortening.
func killedLengthening(dir string, job Job, rec JobRecord) bool {
	if rec.Status != JobRunning || !extendsRun(rec.Job, job) {
		return false
	}
	cfg, err := job.ParseConfig()
	if err != nil || cfg.RL == nil {
		return false
	}
	ac, err := RLAgentConfig(*cfg.RL, job.Seed)
	if err != nil {
		return false
	}
	a, extendedFrom, _, err := loadCheckpoint(filepath.Join(dir, CheckpointFile), ac)
	if err != nil || a == nil {
		return false
	}
	defer a.Close()
	return extendedFrom == 0
}

// checkRLCheckpoint returns an error if dir holds an RL checkpoint of
// another configuration than cfg's (or of a run cfg cannot lengthen), or
// one whose epochs dir's metrics.csv does not hold in order (the resume
// would refuse it): checked before a job's files are written, so that a
// refused job leaves the directory as it was.
func checkRLCheckpoint(dir string, cfg *Config) error {
	ac, err := RLAgentConfig(*cfg.RL, cfg.Seed)
	if err != nil {
		return err
	}
	a, _, ckRows, err := loadCheckpoint(filepath.Join(dir, CheckpointFile), ac)
	if err != nil || a == nil {
		return err
	}
	defer a.Close() // a MuJoCo task's memory, freed at once
	if a.Epoch() > 0 {
		_, _, err = keptRows(filepath.Join(dir, MetricsFile), a.Epoch(), a.Steps(), ckRows)
	}
	return err
}

package experiment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/stackel/stackel/internal/safeyaml"
)

// DoneRead is what JobStateRead's check of an RL run recorded done or
// failed read of the run's outputs, for a caller that reads them next (a
// report): each file is then read once, and the caller reads the bytes
// the check accepted, not a file changed since.
type DoneRead struct {
	// OK reports that the check read both files whole; Summary and
	// Metrics then hold summary.json and metrics.csv as read. Otherwise
	// (a run not recorded done or failed, not an RL run, or a file
	// missing or not reading) the caller reads them itself.
	OK               bool
	Summary, Metrics []byte
}

// JobStateRead is JobState, and returns what its check of an RL run
// recorded done or failed read of the run's summary.json and metrics.csv
// (the check that they are whole and the job's before the run is taken
// for finished), so that a report of the run reads them once.
func JobStateRead(dir string, job Job) (rec JobRecord, finished bool, read DoneRead, err error) {
	rec, finished, err = jobState(dir, job, &read)
	return rec, finished, read, err
}

// checkDone returns an error when dir holds a run that its job.json (rec)
// records as done but that is not reused as the job's finished run:
// outputs not whole (checkDoneRows) or run with other effective settings
// (checkSettings); or an RL run recorded failed whose metrics.csv is not
// the one its summary.json records (checkFailedRLRows). Other statuses,
// task jobs and configurations that do not parse (the run refuses them,
// naming the key) are not checked. The job's configuration is parsed
// once for both.
func checkDone(dir string, job Job, rec JobRecord, read *DoneRead) error {
	if (rec.Status != JobDone && rec.Status != JobFailed) || job.Task != nil {
		return nil
	}
	cfg, err := job.ParseConfig()
	if err != nil {
		return nil
	}
	if rec.Status == JobFailed {
		return checkFailedRLRows(dir, job, cfg, read)
	}
	if err := checkDoneRows(dir, job, cfg, read); err != nil {
		return err
	}
	return checkSettings(dir, job, rec, cfg)
}

// doneRemedy ends the error of a run recorded done whose outputs are
// not whole (checkDoneRows).
const doneRemedy = "its outputs are not whole and are not reused as finished: restore the run's files, or remove the directory to run the job again"

// checkDoneRows returns an error when dir holds a run recorded done, of
// the configuration cfg (checkDone), whose outputs are not whole: its
// summary.json or metrics.csv missing or not reading (summary.json not a
// JSON object), or metrics.csv not holding the
// rows its summary.json records — rows lost (a copy cut short, a row
// deleted in the middle), a last line cut in the middle, rows more
// (another run's appended), or another file. Such a run is not reused as finished (JobState, and so
// Pending, RunJob, sweeps and NATS workers): a report would count it
// unfinished or stop on the missing file, and a reproduction that reused
// it again would never finish it.
//
// By kind: a smooth run is checkDoneSmoothRows'; a Hi-C, Markov or negotiation
// run's metrics.csv is compared with the metrics_rows and metrics_sha256 its
// summary.json records (checkMetricsDigest), and not read when the
// summary has none (an older stackel's); an RL run's with them too, and
// by its epoch rows and last step (checkDoneRLRows). Kinds registered
// elsewhere are not checked. read, when
// not nil, is given the two files of an RL run as read (JobStateRead)
// when both read, whatever the check finds. A summary.json of another
// seed, environment, algorithm, dtype or length than the RL job's
// (another run's outputs copied over the job's, agreeing with each other)
// is refused too.
func checkDoneRows(dir string, job Job, cfg *Config, read *DoneRead) error {
	kind, err := KindOf(cfg)
	if err != nil {
		return nil
	}
	switch kind.Name {
	case "smooth", "hic", "markov", "negotiation":
	case "rl":
		return checkDoneRLRows(dir, job, cfg, read)
	default:
		return nil
	}
	sb, err := safeyaml.ReadOwnFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return doneFileErr(dir, job, SummaryFile, err)
	}
	// Every run writes its summary.json as one JSON object.
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(sb, &obj); err != nil || obj == nil {
		if err == nil || json.Valid(sb) {
			err = errors.New("not a JSON object")
		}
		return doneFileErr(dir, job, SummaryFile, err)
	}
	if kind.Name == "smooth" {
		return checkDoneSmoothRows(dir, job, sb)
	}
	return checkDoneDigestRows(dir, job, sb)
}

// doneFileErr is the error of a run recorded done whose file name (its
// summary.json or metrics.csv) is missing or does not read (err).
func doneFileErr(dir string, job Job, name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: job.json records job %s as done, but its %s is missing: %s", dir, job.ID, name, doneRemedy)
	}
	return fmt.Errorf("%s: job.json records job %s as done, but its %s does not read (%v): %s", dir, job.ID, name, err, doneRemedy)
}

// checkFailedRLRows is checkDone for an RL run recorded failed (a
// diverged seed, say): such a run is reused as finished, and an RL
// comparison reports it up to its failure from its metrics.csv's rows.
// When its summary.json records metrics_rows and metrics_sha256 (written
// however the run ends, a failure included), a metrics.csv that reads
// must hold those rows (compareMetricsDigest, of the bytes read, which
// read is given when both files read). A failed run whose summary.json is
// missing, does not read or records no digest (one that failed before
// writing it, or an older stackel's), or without a metrics.csv (reported
// as failed before its first epoch, no row read), is not checked. Other
// kinds are not checked: their reports leave a failed run out.
func checkFailedRLRows(dir string, job Job, cfg *Config, read *DoneRead) error {
	if !cfg.isRL() {
		return nil
	}
	sb, err := safeyaml.ReadOwnFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return nil
	}
	var d MetricsDigest
	digest := json.Unmarshal(sb, &d) == nil && d.MetricsRows != nil && d.MetricsSHA256 != ""
	data, err := safeyaml.ReadOwnFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		return nil // reported as failed before its first epoch: no row is read
	}
	if read != nil {
		*read = DoneRead{OK: true, Summary: sb, Metrics: data}
	}
	if !digest {
		return nil
	}
	return compareMetricsDigest(dir, job, JobFailed, csvRowsOf(data), d)
}

// checkDoneRLRows is checkDoneRows for an RL run: its summary.json and
// metrics.csv must read (every finished RL run writes both: RunRL's
// summary.json before job.json records it done), summary.json must be a
// JSON object of the job's run, and metrics.csv must end in a whole line
// and hold the epochs and the last step summary.json records, and, when
// summary.json records them (metrics_rows and metrics_sha256, written at
// the run's end), those rows (compareMetricsDigest, of the bytes read,
// which read is given): a row changed in the middle, or another file of
// as many rows and the same last step, is refused. A summary.json
// without the digest (an older stackel's) is checked by its epochs and
// last step only (the Provenance names such runs: metricsDigestless).
// A summary.json without epochs or steps, or written while the run was
// being lengthened ("running"), is not compared with metrics.csv.
func checkDoneRLRows(dir string, job Job, cfg *Config, read *DoneRead) error {
	sb, err := safeyaml.ReadOwnFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return doneFileErr(dir, job, SummaryFile, err)
	}
	data, err := safeyaml.ReadOwnFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		return doneFileErr(dir, job, MetricsFile, err)
	}
	if read != nil {
		*read = DoneRead{OK: true, Summary: sb, Metrics: data}
	}
	// Every run writes its summary.json as one JSON object.
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(sb, &obj); err != nil || obj == nil {
		if err == nil || json.Valid(sb) {
			err = errors.New("not a JSON object")
		}
		return doneFileErr(dir, job, SummaryFile, err)
	}
	var sum struct {
		Epochs  *int    `json:"epochs"`
		Steps   *int    `json:"steps"`
		Running bool    `json:"running"`
		Seed    *uint64 `json:"seed"`
		Env     string  `json:"env"`
		Algo    string  `json:"algo"`
		DType   string  `json:"dtype"`
		MetricsDigest
	}
	if json.Unmarshal(sb, &sum) != nil || sum.Epochs == nil || sum.Steps == nil || sum.Running {
		return nil
	}
	ac, err := RLAgentConfig(*cfg.RL, job.Seed)
	if err != nil {
		return nil
	}
	// Another run's summary.json (and metrics.csv) copied over the job's:
	// they agree with each other, not with the job. Keys a summary does
	// not have (written before they were) are not compared.
	var got, want []string
	field := func(present bool, name string, have, job any) {
		if present {
			got = append(got, fmt.Sprintf("%s %v", name, have))
			want = append(want, fmt.Sprintf("%s %v", name, job))
		}
	}
	if sum.Seed != nil {
		field(true, "seed", *sum.Seed, ac.Seed)
	}
	field(sum.Env != "", "env", sum.Env, ac.Env)
	field(sum.Algo != "", "algo", sum.Algo, ac.Algo)
	field(sum.DType != "", "dtype", sum.DType, ac.DType)
	field(true, "steps", *sum.Steps, ac.Steps)
	if !slices.Equal(got, want) {
		return fmt.Errorf("%s: job.json records job %s as done, but summary.json records %s; the job: %s (another run's outputs copied over the job's, or edited): its outputs are not the job's and are not reused as finished: restore the run's files, or remove the directory to run the job again",
			dir, job.ID, strings.Join(got, ", "), strings.Join(want, ", "))
	}
	recorded := fmt.Sprintf("summary.json records %s (%d steps)", CountOf(*sum.Epochs, "epoch"), *sum.Steps)
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return fmt.Errorf("%s: job.json records job %s as done and %s, but metrics.csv ends in a cut line (no newline after its last row): %s", dir, job.ID, recorded, doneRemedy)
	}
	// Rows as the report reads them (readRLRun): the file's ends trimmed
	// of white space, so that a blank last line (an editor's) or CRLF
	// line ends are not rows.
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	rows, steps := len(lines)-1, 0.0 // written %g: 1e+06 for 10^6
	if rows > 0 {
		header := strings.Split(lines[0], ",")
		last := strings.Split(lines[rows], ",")
		if i := slices.Index(header, "steps"); i >= 0 && len(last) == len(header) {
			steps, _ = strconv.ParseFloat(last[i], 64)
		}
	}
	if rows != *sum.Epochs || steps != float64(*sum.Steps) {
		return fmt.Errorf("%s: job.json records job %s as done and %s, but metrics.csv holds %s (%g steps): %s", dir, job.ID, recorded, CountOf(rows, "epoch row"), steps, doneRemedy)
	}
	// As many epoch rows, the last at the run's step: the rows before it
	// are compared whole when summary.json records their digest.
	if sum.MetricsRows == nil || sum.MetricsSHA256 == "" {
		return nil
	}
	return compareMetricsDigest(dir, job, JobDone, csvRowsOf(data), sum.MetricsDigest)
}

// csvRowsOf is readCSVRows of a file whose bytes are data (read once, for
// the check and the report that reads them next): its rows after the
// header and the SHA-256 of its lines, each ended by "\n", CRLF line ends
// and blank lines at its end aside.
func csvRowsOf(data []byte) csvRows {
	var d rowDigest
	for len(data) > 0 {
		text, ended := data, false
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			text, ended, data = bytes.TrimSuffix(data[:i], []byte{'\r'}), true, data[i+1:]
		} else {
			data = nil
		}
		d.line(text, ended)
	}
	return d.rows()
}

// checkDoneSmoothRows is checkDoneRows for a smooth-game run whose
// summary.json holds sb; the run records its last iteration whatever
// record_every is (learn.Run): metrics.csv must end in a whole line whose
// iteration (column "iter") is the one summary.json records, and, when
// summary.json records them (metrics_rows and metrics_sha256, written at
// the run's end), hold those rows (checkMetricsDigest): a row lost in
// the middle, or another file of the same length and last row, is
// refused. A summary.json without them (an older stackel's) has its last
// row checked only.
func checkDoneSmoothRows(dir string, job Job, sb []byte) error {
	// Its first and last lines first: a run of 10⁶ iterations recorded
	// each has 80 MB of rows between them, read whole below only when
	// summary.json records their digest.
	path := filepath.Join(dir, MetricsFile)
	ends, err := readCSVEnds(path)
	if err != nil {
		return doneFileErr(dir, job, MetricsFile, err)
	}
	var sum struct {
		Iterations *int `json:"iterations"`
		MetricsDigest
	}
	if json.Unmarshal(sb, &sum) != nil || sum.Iterations == nil {
		return nil
	}
	if ends.Cut {
		return fmt.Errorf("%s: job.json records job %s as done and summary.json %d iterations, but metrics.csv ends in a cut line (no newline after its last row): %s", dir, job.ID, *sum.Iterations, doneRemedy)
	}
	if ends.Empty || ends.OneLine {
		return fmt.Errorf("%s: job.json records job %s as done and summary.json %d iterations, but metrics.csv holds no row: %s", dir, job.ID, *sum.Iterations, doneRemedy)
	}
	header := strings.Split(ends.Header, ",")
	last := strings.Split(strings.TrimSuffix(ends.Last, "\r"), ",")
	// A file this check does not know (no "iter" column, a last line of
	// another width) has no last iteration to compare; its digest, when
	// recorded, is still compared.
	if i := slices.Index(header, "iter"); i >= 0 && len(last) == len(header) {
		if it, err := strconv.ParseFloat(last[i], 64); err != nil || it != float64(*sum.Iterations) {
			return fmt.Errorf("%s: job.json records job %s as done, but metrics.csv's last row is iteration %s, and summary.json records %d iterations (the last is always recorded): %s", dir, job.ID, last[i], *sum.Iterations, doneRemedy)
		}
	}
	return checkMetricsDigest(dir, job, sum.MetricsDigest)
}

// checkDoneDigestRows is checkDoneRows for a Hi-C or Markov run whose
// summary.json holds sb: metrics.csv must hold the rows summary.json
// records (checkMetricsDigest). A summary.json without metrics_rows and
// metrics_sha256 (an older stackel's) has its metrics.csv unchecked but
// for being there (the Provenance names such runs: metricsNotChecked).
func checkDoneDigestRows(dir string, job Job, sb []byte) error {
	var sum MetricsDigest
	if json.Unmarshal(sb, &sum) != nil || sum.MetricsRows == nil || sum.MetricsSHA256 == "" {
		if _, err := readCSVEnds(filepath.Join(dir, MetricsFile)); err != nil {
			return doneFileErr(dir, job, MetricsFile, err)
		}
		return nil
	}
	return checkMetricsDigest(dir, job, sum)
}

// checkMetricsDigest returns an error when the metrics.csv of the run
// recorded done in dir does not hold the rows its summary.json records
// (d: as many rows after its header, and lines of that SHA-256, as
// readCSVRows reads them: CRLF line ends and blank lines at its end
// aside), or does not read. A d without them (an older stackel's
// summary.json) is not compared.
func checkMetricsDigest(dir string, job Job, d MetricsDigest) error {
	if d.MetricsRows == nil || d.MetricsSHA256 == "" {
		return nil
	}
	got, err := readCSVRows(filepath.Join(dir, MetricsFile))
	if err != nil {
		return doneFileErr(dir, job, MetricsFile, err)
	}
	return compareMetricsDigest(dir, job, JobDone, got, d)
}

// compareMetricsDigest returns an error when got, the rows and SHA-256
// of the metrics.csv of the run recorded as status (done, or failed) in
// dir, are not those its summary.json records (d, which records both).
func compareMetricsDigest(dir string, job Job, status string, got csvRows, d MetricsDigest) error {
	if got.Rows != *d.MetricsRows {
		return fmt.Errorf("%s: job.json records job %s as %s, but metrics.csv holds %s after its header, and summary.json records %d (the rows the run wrote): rows lost or added: %s", dir, job.ID, status, CountOf(got.Rows, "row"), *d.MetricsRows, doneRemedy)
	}
	if got.SHA256 != d.MetricsSHA256 {
		return fmt.Errorf("%s: job.json records job %s as %s, but metrics.csv's rows are not those the run wrote (SHA-256 of its rows %.16s…, summary.json records %.16s…): the file was replaced or edited: %s", dir, job.ID, status, got.SHA256, d.MetricsSHA256, doneRemedy)
	}
	return nil
}

// rlSettings is the JSON text of the effective settings of the RL run of
// rc with this seed (RLAgentConfig: agent.Config with every default
// filled in), as job.json records them (JobRecord.Settings).
func rlSettings(rc *RLConfig, seed uint64) (json.RawMessage, error) {
	ac, err := RLAgentConfig(*rc, seed)
	if err != nil {
		return nil, err
	}
	return agentSettings(ac)
}

// JobSettings returns the effective settings this stackel gives the RL run
// of job, as job.json records them (JobRecord.Settings): nil for a task, a
// configuration that is not RL, and one that does not read (its run
// refuses it, naming the key). A queue sends them with a job, so that a
// worker of another build can tell whether its run would be the job's
// (SettingsDiffs).
func JobSettings(job Job) json.RawMessage {
	if job.Task != nil {
		return nil
	}
	cfg, err := job.ParseConfig()
	if err != nil || !cfg.isRL() {
		return nil
	}
	b, err := rlSettings(cfg.RL, job.Seed)
	if err != nil {
		return nil
	}
	return b
}

// SettingsDiffs compares the effective settings recorded (of a run, as
// job.json records them) with current (those a stackel gives the job,
// JobSettings), setting by setting, a nested one by its path
// ("CG.Lambda"), and returns each that differs, in order of its path, as
// "KEY X RECORDEDAT, Y CURRENTAT" ("CG.Lambda 7 in job.json, 10 now"). A
// setting recorded that current lacks is a difference ("KEY X
// RECORDEDAT, no such setting CURRENTAT"); one current has that recorded
// lacks is not: a setting added to agent.Config after the stackel that
// ran the run, which had none to change (as the check of a finished run
// does not compare the keys a summary.json lacks). An error says which of the two
// does not read.
func SettingsDiffs(recorded, current json.RawMessage, recordedAt, currentAt string) ([]string, error) {
	was, is := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	if err := flatSettings("", recorded, was); err != nil {
		return nil, fmt.Errorf("the recorded settings do not read: %w", err)
	}
	if err := flatSettings("", current, is); err != nil {
		return nil, fmt.Errorf("the current settings do not read: %w", err)
	}
	var diffs []string
	for _, k := range slices.Sorted(maps.Keys(was)) {
		if n, ok := is[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s %s %s, no such setting %s", k, was[k], recordedAt, currentAt))
		} else if !sameJSON(was[k], n) {
			diffs = append(diffs, fmt.Sprintf("%s %s %s, %s %s", k, was[k], recordedAt, n, currentAt))
		}
	}
	return diffs, nil
}

// checkSettings returns an error when the finished RL run in dir, whose
// job.json (rec) records its effective settings, was run with other
// settings than this binary gives job: a default of the algorithm changed
// between the stackel that ran it and this one, which the job's ID (a
// hash of the config text) does not see. The error names each setting
// that differs with both values (SettingsDiffs). A record without
// settings (made by a stackel that did not record them yet) is not
// checked.
func checkSettings(dir string, job Job, rec JobRecord, cfg *Config) error {
	if len(rec.Settings) == 0 || !cfg.isRL() {
		return nil
	}
	now, err := rlSettings(cfg.RL, job.Seed)
	if err != nil {
		return nil // the run refuses it, naming the key
	}
	diffs, err := SettingsDiffs(rec.Settings, now, "in job.json", "now")
	if err != nil {
		return fmt.Errorf("%s: job.json's settings: %w", dir, err)
	}
	if len(diffs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: job %s was run with other effective settings than this stackel gives it (%s): a default changed between the stackel that ran it (job.json's builds) and this one, which the job's ID does not see; its outputs are not this job's and are not reused as finished: run the set with the stackel that made it, or remove the directory to run the job again",
		dir, job.ID, strings.Join(diffs, "; "))
}

// flatSettings adds the values of the JSON object v to out under their
// key paths after prefix, an object's members under "key." ("CG.Lambda");
// other values (numbers, strings, lists) are leaves, as they are.
func flatSettings(prefix string, v json.RawMessage, out map[string]json.RawMessage) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return err
	}
	for k, x := range m {
		if t := bytes.TrimSpace(x); len(t) > 0 && t[0] == '{' {
			if err := flatSettings(prefix+k+".", t, out); err != nil {
				return err
			}
			continue
		}
		out[prefix+k] = x
	}
	return nil
}

// sameJSON reports that two JSON texts hold the same value (compact
// forms equal).
func sameJSON(a, b json.RawMessage) bool {
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}

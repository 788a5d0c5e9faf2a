package sweep

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
)

// Manifest is DIR/manifest.json: the sweep's jobs by array index.
type Manifest struct {
	// Name names the sweep (the spec's or the reproduction's name): the
	// Slurm job name, and the sweep's name on the NATS server.
	Name string `json:"name"`
	// Reproduce, for a reproduction run as a sweep, names it and the
	// options its report needs (`stackel sweep collect DIR` writes the
	// reproduction's own report).
	Reproduce *ReproduceSpec `json:"reproduce,omitempty"`
	// Jobs are the sweep's jobs, Jobs[i] the one of array index i.
	Jobs []Job `json:"jobs"`
}

// ReproduceSpec names a reproduction and the options that select its jobs.
type ReproduceSpec struct {
	// Name is the reproduction's registered name (repro.Lookup), e.g.
	// fiez-duopoly.
	Name string `json:"name"`
	// Quick is reproduce --quick (the shortened smoke-test run).
	Quick bool `json:"quick,omitempty"`
	// Seeds is reproduce --seeds, 0 for the reproduction's default.
	Seeds int `json:"seeds,omitempty"`
	// Variants is reproduce --variants (the variants of a comparison to
	// run), empty for all.
	Variants []string `json:"variants,omitempty"`
	// Envs is reproduce --envs (the tasks of a MuJoCo suite), empty for all.
	Envs []string `json:"envs,omitempty"`
	// DType is reproduce --dtype (the RL networks' element type), empty
	// for the default, float32.
	DType string `json:"dtype,omitempty"`
	// Steps is reproduce --steps (the RL runs' length), 0 for the default.
	Steps int `json:"steps,omitempty"`
}

// ManifestFile and SbatchFile are the names of the Slurm form's files.
const (
	ManifestFile = "manifest.json"
	SbatchFile   = "sweep.sbatch"
)

// SlurmOptions are the #SBATCH settings of the array script.
type SlurmOptions struct {
	// Partition, Time (e.g. 02:00:00) and CPUsPerTask are passed as
	// --partition, --time and --cpus-per-task when set (CPUsPerTask
	// above 0; a negative one is an error).
	Partition   string
	Time        string
	CPUsPerTask int
	// Binary is the stackel command on the cluster (default "stackel"):
	// a name looked up in PATH, or a path (a relative one is resolved
	// against the working directory when the script is written).
	Binary string
}

// The options a SlurmError names: SlurmOptions' fields, and SlurmDir,
// WriteSlurm's dir.
const (
	SlurmPartition   = "partition"
	SlurmTime        = "time"
	SlurmBinary      = "binary"
	SlurmCPUsPerTask = "cpus per task"
	SlurmDir         = "output directory"
)

// SlurmError is WriteSlurm's error for a value it does not write into the
// script (a command names it by the flag it came from).
type SlurmError struct {
	// Option is the value's: SlurmPartition, SlurmTime, SlurmBinary,
	// SlurmCPUsPerTask or SlurmDir.
	Option string
	// Value is the value refused (for SlurmDir, the directory's
	// absolute path; for SlurmCPUsPerTask, the number).
	Value string
	// Reason says why, and what would do.
	Reason string
}

// Error implements error, e.g. `sweep: slurm partition "a b": only
// letters, digits and _.:/@+=,- are allowed`.
func (e *SlurmError) Error() string {
	switch e.Option {
	case SlurmDir:
		return fmt.Sprintf("sweep: output directory %q: %s", e.Value, e.Reason)
	case SlurmCPUsPerTask:
		return fmt.Sprintf("sweep: slurm %s %s: %s", e.Option, e.Value, e.Reason)
	}
	return fmt.Sprintf("sweep: slurm %s %q: %s", e.Option, e.Value, e.Reason)
}

var safeArg = regexp.MustCompile(`^[A-Za-z0-9_.:/@+=,-]+$`)

// shellAssign matches a word that bash reads as a variable assignment
// when it comes first in a command (NAME=…).
var shellAssign = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// WriteSlurm writes dir/manifest.json and dir/sweep.sbatch, a Slurm array
// script (#SBATCH --array=0-N) whose task i runs
// `stackel run --manifest DIR/manifest.json --index $SLURM_ARRAY_TASK_ID`
// (plus $STACKEL_INDEX_OFFSET, a plain whole number, for an array taken in
// parts) into dir/runs/<job-id>/ on the cluster's shared file system.
// opt.Binary, when a relative path (with a slash), is written as its
// absolute path; a bare name is looked up in the tasks' PATH. A value it
// will not write into the script (an option, or dir's absolute path, with
// a space or a shell character, or a binary beginning with '-') is a
// *SlurmError, before anything is written.
func WriteSlurm(dir string, m Manifest, opt SlurmOptions) error {
	name, jobs := m.Name, m.Jobs
	if len(jobs) == 0 {
		return fmt.Errorf("sweep: no jobs")
	}
	if !ValidName(name) {
		return fmt.Errorf("sweep: name %s: %s (it is written into the Slurm script)", QuoteName(name), NameRule)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for _, o := range []struct{ option, v string }{{SlurmPartition, opt.Partition}, {SlurmTime, opt.Time}, {SlurmBinary, opt.Binary}} {
		if o.v != "" && !safeArg.MatchString(o.v) {
			return &SlurmError{Option: o.option, Value: o.v, Reason: "only letters, digits and _.:/@+=,- are allowed"}
		}
	}
	if shellAssign.MatchString(opt.Binary) {
		// bash takes the script's command word NAME=… for a variable
		// assignment and runs the word after it, `run`, instead.
		return &SlurmError{Option: SlurmBinary, Value: opt.Binary, Reason: "the shell would take it for a variable assignment; give its path, e.g. ./" + opt.Binary}
	}
	if strings.HasPrefix(opt.Binary, "-") {
		// `-x run --manifest …` runs no stackel (a flag given no value
		// took the next one, --stackel --partition P).
		return &SlurmError{Option: SlurmBinary, Value: opt.Binary, Reason: "begins with '-', which the script would run as the command; give the stackel command or its path"}
	}
	bin := opt.Binary
	if bin == "" {
		bin = "stackel"
	}
	if strings.Contains(bin, "/") && !filepath.IsAbs(bin) {
		// The array's tasks run in the directory sbatch is run from,
		// which need not be this one: a relative path is this one's. A
		// bare name stays the cluster's PATH lookup.
		if bin, err = filepath.Abs(bin); err != nil {
			return err
		}
		if !safeArg.MatchString(bin) {
			return &SlurmError{Option: SlurmBinary, Value: opt.Binary, Reason: fmt.Sprintf("its absolute path %q, written into the script as the array's tasks run in another directory, has a space or shell character: only letters, digits and _.:/@+=,- are allowed", bin)}
		}
	}
	if opt.CPUsPerTask < 0 {
		return &SlurmError{Option: SlurmCPUsPerTask, Value: strconv.Itoa(opt.CPUsPerTask), Reason: "need at least 1 (or 0 for Slurm's default)"}
	}
	if !safeArg.MatchString(abs) {
		return &SlurmError{Option: SlurmDir, Value: abs, Reason: "use a path without spaces or shell characters for a Slurm script"}
	}
	if err := checkSlurmPaths(dir, jobs); err != nil {
		return err
	}
	if err := WriteManifest(filepath.Join(dir, ManifestFile), m); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/bash\n")
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", name)
	fmt.Fprintf(&b, "#SBATCH --array=0-%d\n", len(jobs)-1)
	if opt.Partition != "" {
		fmt.Fprintf(&b, "#SBATCH --partition=%s\n", opt.Partition)
	}
	if opt.Time != "" {
		fmt.Fprintf(&b, "#SBATCH --time=%s\n", opt.Time)
	}
	if opt.CPUsPerTask > 0 {
		fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", opt.CPUsPerTask)
	}
	fmt.Fprintf(&b, "#SBATCH --output=%s/logs/%%A_%%a.out\n", abs)
	fmt.Fprintf(&b, "#SBATCH --requeue\n")
	fmt.Fprintf(&b, "# Generated by stackel sweep --emit slurm: %s of sweep %s.\n", experiment.CountOf(len(jobs), "job"), name)
	fmt.Fprintf(&b, "# Each task runs one job into %s/runs/<job-id>/; a requeued task resumes from its checkpoint.\n", abs)
	fmt.Fprintf(&b, "# Afterwards: stackel sweep collect %s\n", abs)
	fmt.Fprintf(&b, "# Task i runs job i + STACKEL_INDEX_OFFSET (default 0). A cluster whose MaxArraySize\n")
	fmt.Fprintf(&b, "# (Slurm's default 1001) is below the job count takes the sweep in parts, e.g.\n")
	fmt.Fprintf(&b, "#   sbatch --array=0-999 sweep.sbatch\n")
	fmt.Fprintf(&b, "#   sbatch --array=0-999 --export=ALL,STACKEL_INDEX_OFFSET=1000 sweep.sbatch\n")
	fmt.Fprintf(&b, "set -euo pipefail\n")
	// bash's arithmetic reads 010 as octal (8): a part submitted with a
	// zero-padded offset ran other jobs than its own, without a word.
	fmt.Fprintf(&b, "[[ \"${STACKEL_INDEX_OFFSET:-0}\" =~ ^(0|[1-9][0-9]*)$ ]] || { echo \"sweep.sbatch: STACKEL_INDEX_OFFSET=${STACKEL_INDEX_OFFSET}: need a whole number without leading zeros\" >&2; exit 1; }\n")
	fmt.Fprintf(&b, "%s run --manifest %s/%s --index \"$((SLURM_ARRAY_TASK_ID + ${STACKEL_INDEX_OFFSET:-0}))\"\n", bin, abs, ManifestFile)
	return os.WriteFile(filepath.Join(dir, SbatchFile), []byte(b.String()), 0o755)
}

// The size limit of a manifest.json that ReadManifest reads. A manifest
// holds the config of each of up to MaxJobs jobs, so it may be far larger
// than a config file (STACKEL_MAX_INPUT_BYTES): 256 MiB is 2.6 KB a job
// for the largest sweep.
const (
	EnvMaxManifestBytes     = "STACKEL_MAX_MANIFEST_BYTES"
	DefaultMaxManifestBytes = 256 << 20
)

// ReadManifest reads a manifest.json: a regular file of at most
// DefaultMaxManifestBytes bytes, or the value of STACKEL_MAX_MANIFEST_BYTES
// (safeyaml.ReadFileLimit).
func ReadManifest(path string) (Manifest, error) {
	var m Manifest
	limit, err := safeyaml.LookupEnvInt(EnvMaxManifestBytes, DefaultMaxManifestBytes)
	if err != nil {
		return m, err
	}
	b, err := safeyaml.ReadFileLimit(path, limit, EnvMaxManifestBytes)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	if err := m.CheckJobs(); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// CheckJobs returns an error naming the first job of m whose index is not
// its place in m.Jobs, whose ID is not a token ValidName accepts (it names
// the job's keys and objects on a NATS server), or whose output
// directory is not a relative path inside the sweep's directory: a
// manifest read back (a file, or one a NATS server holds, which anyone
// with its credentials can store) must not have a run written, or a
// directory replaced, outside it. It also refuses, naming both jobs, two
// jobs with one ID (one state and one outputs archive on a NATS server)
// and two jobs whose directories are one or one within the other (two
// array tasks would write into one run). A job's directory need not be
// runs/<its ID> (a sweep's): a reproduction's, and jobs an Executor is
// given without a manifest, have their own.
func (m Manifest) CheckJobs() error {
	ids := make(map[string]int, len(m.Jobs))
	outs := make(map[string]int, len(m.Jobs))
	for i, j := range m.Jobs {
		if j.Index != i {
			return fmt.Errorf("job %d has index %d", i, j.Index)
		}
		if !ValidName(j.ID) {
			return fmt.Errorf("job %d: id %s: not a job's (%s)", i, QuoteName(j.ID), NameRule)
		}
		out := filepath.FromSlash(j.Out)
		if !filepath.IsLocal(out) || filepath.Clean(out) == "." {
			return fmt.Errorf("job %d (%s): out %q: not a directory inside the sweep's", i, j.ID, j.Out)
		}
		if k, dup := ids[j.ID]; dup {
			return fmt.Errorf("jobs %d and %d have the same id %s", k, i, j.ID)
		}
		ids[j.ID] = i
		key := filepath.ToSlash(filepath.Clean(out))
		if k, dup := outs[key]; dup {
			return fmt.Errorf("jobs %d (%s) and %d (%s) have the same out %q", k, m.Jobs[k].ID, i, j.ID, j.Out)
		}
		outs[key] = i
	}
	// A directory within another job's: checked once all are known, each
	// against its parents (a sweep's runs/<id> have none of the jobs').
	for i, j := range m.Jobs {
		for d := path.Dir(filepath.ToSlash(filepath.Clean(filepath.FromSlash(j.Out)))); d != "."; d = path.Dir(d) {
			if k, in := outs[d]; in {
				return fmt.Errorf("job %d (%s): out %q is within job %d's (%s), %q", i, j.ID, j.Out, k, m.Jobs[k].ID, m.Jobs[k].Out)
			}
		}
	}
	return nil
}

// RunManifestIndex runs job index of the manifest at path into its
// directory beside the manifest. A finished job is not run again (its
// record is returned); an unfinished RL run resumes from its checkpoint (a
// task Slurm requeued).
func RunManifestIndex(ctx context.Context, path string, index int, opt RunOptions) (Job, experiment.JobRecord, error) {
	m, err := ReadManifest(path)
	if err != nil {
		return Job{}, experiment.JobRecord{}, err
	}
	if index < 0 || index >= len(m.Jobs) {
		if len(m.Jobs) == 1 {
			return Job{}, experiment.JobRecord{}, fmt.Errorf("%s: index %d: the manifest has 1 job, index 0", path, index)
		}
		return Job{}, experiment.JobRecord{}, fmt.Errorf("%s: index %d: the manifest has jobs 0 to %d", path, index, len(m.Jobs)-1)
	}
	j := m.Jobs[index]
	rec, err := RunJob(ctx, j.Job, j.OutDir(filepath.Dir(path)), opt)
	return j, rec, err
}

// WriteManifest writes a manifest.json at path. A manifest larger than
// ReadManifest's limit (DefaultMaxManifestBytes, or the value of
// STACKEL_MAX_MANIFEST_BYTES here) is an error before anything is written:
// no worker or array task could read it.
func WriteManifest(path string, m Manifest) error {
	b, err := manifestBytes(path, m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return experiment.WriteFile(filepath.Dir(path), filepath.Base(path), append(b, '\n'))
}

// CheckManifestSize returns the error WriteManifest would return for m
// at path (encoding it, or its size over ReadManifest's limit), writing
// nothing: `stackel sweep` and `stackel reproduce --nats`, which write
// the manifest once the jobs are queued on the server, call it before
// the server is opened, so that a sweep refused for its manifest's size
// queues no job and leaves no store behind.
func CheckManifestSize(path string, m Manifest) error {
	_, err := manifestBytes(path, m)
	return err
}

// manifestBytes is m's manifest.json text for path, without the closing
// newline, or an error when it cannot be encoded or would be larger than
// ReadManifest's limit.
func manifestBytes(path string, m Manifest) ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", path, err)
	}
	limit, err := safeyaml.LookupEnvInt(EnvMaxManifestBytes, DefaultMaxManifestBytes)
	if err != nil {
		return nil, err
	}
	if len(b)+1 > limit {
		return nil, &safeyaml.LimitError{What: fmt.Sprintf("%s: the manifest of %d jobs would be %d bytes, more than stackel reads back; split the sweep, or raise the limit where it is written and where it is read", path, len(m.Jobs), len(b)+1), Limit: limit, Env: EnvMaxManifestBytes}
	}
	return b, nil
}

// checkSlurmPaths returns an error, before anything is written, for a
// path in dir that is of the wrong kind for the array: a directory named
// manifest.json or sweep.sbatch (the manifest was written, and the script
// refused after it), or a file where the logs/ directory or a job's
// directory or one of its parents within dir should be (runs/, say): the
// script was written, and every task failed on the cluster with "open
// DIR/runs/<id>/job.json: not a directory".
func checkSlurmPaths(dir string, jobs []Job) error {
	for _, f := range []string{ManifestFile, SbatchFile} {
		p := filepath.Join(dir, f)
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return fmt.Errorf("sweep: %s is a directory, where --emit slurm writes its file %s: remove it or use another output directory", p, f)
		}
	}
	seen := map[string]bool{}
	check := func(rel string) error {
		for r := filepath.Clean(rel); r != "." && r != string(filepath.Separator) && !seen[r]; r = filepath.Dir(r) {
			seen[r] = true
			p := filepath.Join(dir, r)
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return fmt.Errorf("sweep: %s is a file, where the Slurm array's tasks need a directory (for their logs and runs): remove it or use another output directory", p)
			}
		}
		return nil
	}
	if err := check("logs"); err != nil {
		return err
	}
	for _, j := range jobs {
		if err := check(filepath.FromSlash(j.Out)); err != nil {
			return err
		}
	}
	return nil
}

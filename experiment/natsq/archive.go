package natsq

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/safeyaml"
)

// tarDir packs the regular files of dir (recursively) that keep accepts,
// with slash-separated relative names.
func tarDir(dir string, keep func(rel string) bool) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !d.Type().IsRegular() || !keep(rel) {
			return nil
		}
		b, err := safeyaml.ReadOwnFile(p)
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: rel, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err = tw.Write(b)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// untar unpacks an archive made by tarDir into dir, refusing names that
// leave it, entries that are not regular files, and sparse ones: an
// archive may come from anyone who holds the server's credentials (a
// hostile or broken worker), and a sparse entry of a few bytes reads back
// as any number of zero bytes (a terabyte filled the collecting machine's
// memory and disk). So every byte unpacked is one of data.
func untar(data []byte, dir string) error {
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return badArchive{err}
		}
		name := filepath.FromSlash(h.Name)
		if h.Typeflag != tar.TypeReg || filepath.IsAbs(name) || strings.HasPrefix(filepath.Clean(name), "..") {
			return badArchive{fmt.Errorf("archive entry %q: not a relative regular file", h.Name)}
		}
		if sparse(h) {
			return badArchive{fmt.Errorf("archive entry %q: a sparse file (stackel writes none)", h.Name)}
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		b, err := io.ReadAll(tr) // from memory: only a broken archive fails
		if err != nil {
			return badArchive{err}
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
}

// badArchive is untar's error for an archive it cannot unpack (cut short,
// not a tar, or with an entry it refuses), as against a fault of the disk
// it unpacks to.
type badArchive struct{ err error }

func (e badArchive) Error() string { return e.err.Error() }
func (e badArchive) Unwrap() error { return e.err }

// unreadableArchive reports whether err, from fetchCheckpoint, says the
// stored archive itself is broken (badArchive, or a download whose digest
// does not match the object's): fetching it again cannot mend it.
func unreadableArchive(err error) bool {
	var bad badArchive
	return errors.As(err, &bad) || errors.Is(err, jetstream.ErrDigestMismatch)
}

// sparse reports whether h is a GNU sparse file in a PAX archive, whose
// holes archive/tar reads back as zeros (the old GNU sparse type is not
// tar.TypeReg).
func sparse(h *tar.Header) bool {
	for k := range h.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return true
		}
	}
	return false
}

// outputFile says which files of a job directory are its outputs: all but
// the checkpoint, temporary files and the claim's lock file.
func outputFile(rel string) bool {
	return rel != experiment.CheckpointFile && rel != experiment.LockFile && !strings.HasSuffix(rel, ".tmp")
}

// checkpointFile says which files a redelivered RL job needs to resume:
// the checkpoint, the metrics it continues, the config and job.json (which
// says "running" for this job).
func checkpointFile(rel string) bool {
	switch rel {
	case experiment.CheckpointFile, experiment.MetricsFile, experiment.ConfigFile, experiment.JobFile:
		return true
	}
	return false
}

func finalObject(id string) string { return id + "/final.json" }

// Download limits. An object of the store is read whole into memory (and
// an archive unpacked onto the disk), and anyone with the server's
// credentials (a broken or hostile worker) can store one of any size: a
// download past its limit is refused, before it is read, with an error
// naming the object, its size and the limit. The outputs of a job
// (metrics, summary, figures; no checkpoint) stay far under
// MaxOutputsBytes; a checkpoint within the RL size limits (a replay
// buffer of up to 2.6 GB, rl/agent.DefaultMaxBuffer, and the networks)
// under MaxCheckpointBytes.
const (
	// MaxOutputsBytes bounds a job's outputs.tar (1 GiB).
	MaxOutputsBytes = 1 << 30
	// MaxCheckpointBytes bounds a job's checkpoint.tar (8 GiB).
	MaxCheckpointBytes = 8 << 30
	// maxRecordBytes bounds a job's final.json, a record of a few
	// hundred bytes, and a sweep's manifest.json (1 KiB or so a job).
	maxRecordBytes = 256 << 20
)

// Limits in force (variables so that tests can lower them).
var (
	maxOutputsBytes    int64 = MaxOutputsBytes
	maxCheckpointBytes int64 = MaxCheckpointBytes
)

// tooLarge is getLimited's error for an object past its limit.
type tooLarge struct {
	name        string
	size, limit int64
}

func (e tooLarge) Error() string {
	return fmt.Sprintf("stored object %s: %d bytes, more than the %d bytes a download takes", e.name, e.size, e.limit)
}

// getLimited reads object name whole, refusing one larger than limit
// bytes (tooLarge) before reading it, and reading no more than limit+1
// bytes of one whose record says less; it returns the object's NUID too.
func (c *Conn) getLimited(ctx context.Context, name string, limit int64) ([]byte, string, error) {
	res, err := c.Obj.Get(ctx, name)
	if err != nil {
		return nil, "", err
	}
	defer res.Close()
	info, err := res.Info()
	if err != nil {
		return nil, "", err
	}
	if info.Size > uint64(limit) {
		return nil, info.NUID, tooLarge{name, int64(min(info.Size, 1<<62)), limit}
	}
	b, err := io.ReadAll(io.LimitReader(res, limit+1))
	if err != nil {
		return nil, info.NUID, err
	}
	if int64(len(b)) > limit {
		return nil, info.NUID, tooLarge{name, int64(len(b)), limit}
	}
	return b, info.NUID, nil
}

// final is what finalObject holds: how a stored job ended.
type final struct {
	sweep.Attempt
	Status string `json:"status"`
	// Settings are the stored run's effective settings, as its job.json
	// records them (experiment.JobRecord.Settings: an RL run's, by the
	// stackel that ran it); absent for other runs and in records stored
	// by a stackel that did not record settings yet (storedRefused).
	Settings json.RawMessage `json:"settings,omitempty"`
}

// outputsTooLarge is storeOutputs' error for outputs whose archive is
// larger than a download takes (maxOutputsBytes): stored, they could never
// be downloaded by a sweep or a collect, so they are refused before the
// upload. File is the largest of them, with its size.
type outputsTooLarge struct {
	id       string
	file     string
	fileSize int64
	size     int64 // the archive's, at least
	limit    int64
}

func (e outputsTooLarge) Error() string {
	return fmt.Sprintf("the outputs of job %s make an archive of %d bytes, more than the %d bytes a download takes (natsq.MaxOutputsBytes), so they are not stored: the largest file is %s, %d bytes", e.id, e.size, e.limit, e.file, e.fileSize)
}

// outputsSize counts the size of the archive that the outputs in dir
// would make, from the files' sizes before any is read (a tar entry takes
// a header block and its data rounded up to whole blocks; the archive
// ends with two blocks), and names the largest file, with its size.
func outputsSize(dir string) (total int64, file string, fileSize int64, err error) {
	const block = 512
	total = 2 * block
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || !outputFile(filepath.ToSlash(rel)) {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		total += block + (fi.Size()+block-1)/block*block
		if file == "" || fi.Size() > fileSize {
			file, fileSize = filepath.ToSlash(rel), fi.Size()
		}
		return nil
	})
	return total, file, fileSize, err
}

// storeOutputs uploads a finished job's outputs, then a small record of
// how it ended (whose presence marks the outputs complete). Outputs whose
// archive a download would refuse (larger than maxOutputsBytes) are not
// uploaded: outputsTooLarge (stored, the job would be recorded done and
// every download of them refused).
func (c *Conn) storeOutputs(ctx context.Context, id, dir, status string) error {
	size, file, fileSize, err := outputsSize(dir)
	if err != nil {
		return err
	}
	if size > maxOutputsBytes {
		return outputsTooLarge{id: id, file: file, fileSize: fileSize, size: size, limit: maxOutputsBytes}
	}
	b, err := tarDir(dir, outputFile)
	if err != nil {
		return err
	}
	if int64(len(b)) > maxOutputsBytes {
		// Long names take more header blocks than counted above.
		return outputsTooLarge{id: id, file: file, fileSize: fileSize, size: int64(len(b)), limit: maxOutputsBytes}
	}
	if _, err := c.Obj.PutBytes(ctx, outputsObject(id), b); err != nil {
		return fmt.Errorf("storing outputs of %s: %w", id, err)
	}
	var f final
	if ab, err := safeyaml.ReadOwnFile(filepath.Join(dir, sweep.AttemptFile)); err == nil {
		json.Unmarshal(ab, &f.Attempt)
	}
	f.Status = status
	if rec, ok, err := experiment.ReadJobRecord(dir); err == nil && ok {
		f.Settings = rec.Settings
	}
	fb, _ := json.Marshal(f)
	_, err = c.Obj.PutBytes(ctx, finalObject(id), fb)
	return err
}

// storedAttempt returns the attempt record of a job done and stored by
// any sweep (a failed one does not count: it is queued again), false too
// when the store cannot be read (storedOutputs).
func (c *Conn) storedAttempt(ctx context.Context, id string) (sweep.Attempt, bool) {
	a, ok, _ := c.storedOutputs(ctx, id)
	return a, ok
}

// storedOutputs returns the attempt record of job id if it is done and its
// outputs are stored: its final.json, readable, says done, and its
// outputs.tar is in the store, not empty (an archive tarDir writes never
// is). It looks at the objects' records, not their contents: an archive
// that is there but cannot be unpacked is found only by its download,
// which deletes it (FetchOutputs). The
// error is one of the store other than a missing object.
func (c *Conn) storedOutputs(ctx context.Context, id string) (sweep.Attempt, bool, error) {
	var f final
	b, _, err := c.getLimited(ctx, finalObject(id), maxRecordBytes)
	var big tooLarge
	if errors.Is(err, jetstream.ErrObjectNotFound) || errors.As(err, &big) {
		// Too large: no record stackel writes (a few hundred bytes).
		return f.Attempt, false, nil
	}
	if err != nil {
		return f.Attempt, false, &finalReadError{id: id, err: err}
	}
	if json.Unmarshal(b, &f) != nil || f.Status != sweep.StatusDone {
		return f.Attempt, false, nil
	}
	info, err := c.Obj.GetInfo(ctx, outputsObject(id))
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return f.Attempt, false, nil
	}
	if err != nil {
		return f.Attempt, false, fmt.Errorf("job %s: looking up its stored %s: %w", id, outputsObject(id), err)
	}
	return f.Attempt, !info.Deleted && info.Size > 0, nil
}

// FetchOutputs downloads a finished job's outputs into dir (replacing what
// is there). They are unpacked beside dir and put in its place only when
// complete: a download that fails part-way (a full disk, a killed
// process) leaves no directory whose job.json says "done" over missing or
// truncated outputs, which would be taken for finished and never fetched
// again. Downloads into one parent directory (from this process or
// another on the machine: a sweep and a `sweep collect` into its
// directory) take turns, under a lock on that directory. A stored archive
// the download finds unreadable (cut short, a digest that does not match,
// an entry untar refuses) is deleted from the server, unless another has
// been stored since: the job no longer counts as done for any sweep, and
// submitting the sweep again runs it again; the error says so.
// FetchOutputs does not look at what the archive holds; a collect or a
// wait does (they know the job), before the archive replaces anything.
func (c *Conn) FetchOutputs(ctx context.Context, id, dir string) error {
	return c.fetchOutputs(ctx, id, dir, nil)
}

// notJobsOutputs is the error of a check given to fetchOutputs for an
// archive that unpacks but definitely is not the job's outputs (no
// job.json, another job's): fetching it again cannot mend it.
type notJobsOutputs struct{ err error }

func (e notJobsOutputs) Error() string { return e.err.Error() }
func (e notJobsOutputs) Unwrap() error { return e.err }

// fetchOutputs is FetchOutputs, with check, when not nil, run on the
// unpacked archive before it takes dir's place: its error leaves dir as
// it was, and deletes the stored archive (as an unreadable one is) when
// it is a notJobsOutputs.
func (c *Conn) fetchOutputs(ctx context.Context, id, dir string, check func(tmp string) error) error {
	_, err := c.fetchOutputsAside(ctx, id, dir, check, false)
	return err
}

// fetchOutputsAside is fetchOutputs, but with aside true a directory dir
// that exists (a run this stackel refused: fetchIfNeeded) is not removed
// but moved to a free name beside it (asideName), once the downloaded
// outputs have passed check; moved is where it went ("" when nothing was
// moved).
func (c *Conn) fetchOutputsAside(ctx context.Context, id, dir string, check func(tmp string) error, aside bool) (moved string, err error) {
	err = c.fetchInto(ctx, id, dir, check, func() error {
		if !aside {
			return os.RemoveAll(dir)
		}
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		to, err := asideName(dir)
		if err != nil {
			return err
		}
		if err := os.Rename(dir, to); err != nil {
			return err
		}
		moved = to
		return nil
	})
	return moved, err
}

// asideName is the first of .NAME.refused, .NAME.refused-2, … beside dir
// (NAME its last element) that names nothing: a hidden directory, which
// stackel plot and stackel eval (runplot.FindRuns) do not read as one of
// the sweep's runs (a visible NAME.refused was read as a second run of
// the job, or of another job's configuration).
func asideName(dir string) (string, error) {
	dir = filepath.Clean(dir)
	base := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".refused")
	for k := 1; ; k++ {
		p := base
		if k > 1 {
			p = fmt.Sprintf("%s-%d", base, k)
		}
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p, nil
		} else if err != nil {
			return "", err
		}
	}
}

// fetchInto downloads job id's stored outputs into dir (fetchOutputs),
// clear making way for them once they have passed check.
func (c *Conn) fetchInto(ctx context.Context, id, dir string, check func(tmp string) error, clear func() error) error {
	b, nuid, err := c.getLimited(ctx, outputsObject(id), maxOutputsBytes)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return fmt.Errorf("outputs of job %s: %w: not stored on the server (submitting the sweep again runs the job again)", id, err)
	}
	var big tooLarge
	if errors.As(err, &big) {
		// Not deleted: it may be the job's all the same.
		return fmt.Errorf("outputs of job %s: %w: not downloaded (%s is left as it was)", id, err, dir)
	}
	if err != nil {
		err = fmt.Errorf("outputs of job %s: %w", id, err)
		if nuid != "" && unreadableArchive(err) {
			return c.dropUnreadableOutputs(ctx, id, nuid, err)
		}
		return err
	}
	parent, base := filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("outputs of job %s: %w", id, err)
	}
	// One download into parent at a time (a sweep that fetches its
	// finished jobs and a `sweep collect` into its directory): each would
	// take the other's download in progress for one a killed process
	// left, and remove it.
	lock, err := lockDirWait(parent)
	if err != nil {
		return fmt.Errorf("outputs of job %s: locking %s: %w", id, parent, err)
	}
	defer lock.Close()
	// What a killed download left.
	if old, err := filepath.Glob(filepath.Join(parent, "."+base+".fetch-*")); err == nil {
		for _, p := range old {
			os.RemoveAll(p)
		}
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".fetch-")
	if err != nil {
		return fmt.Errorf("outputs of job %s: %w", id, err)
	}
	if err := untar(b, tmp); err != nil {
		os.RemoveAll(tmp)
		err = fmt.Errorf("outputs of job %s into %s: %w", id, dir, err)
		if unreadableArchive(err) {
			return c.dropUnreadableOutputs(ctx, id, nuid, err)
		}
		return err
	}
	if check != nil {
		if err := check(tmp); err != nil {
			os.RemoveAll(tmp)
			err = fmt.Errorf("outputs of job %s into %s: %w (%s is left as it was)", id, dir, err, dir)
			var not notJobsOutputs
			if errors.As(err, &not) {
				return c.dropStoredOutputs(ctx, id, nuid, err, "is not the job's outputs")
			}
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("outputs of job %s: %w", id, err)
	}
	if err := clear(); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("outputs of job %s: replacing %s: %w", id, dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("outputs of job %s: %w", id, err)
	}
	return nil
}

// dropUnreadableOutputs deletes job id's stored outputs.tar, which a
// download (the object stored as nuid) found unreadable (why: cut short,
// a digest that does not match, an entry it refuses), so that the job no
// longer counts as done and stored (storedOutputs) for any sweep:
// submitting the sweep again queues it afresh. Fetching it again could
// not mend it; kept, it made the job done for ever, every wait and
// collect reporting it failed. Only the object that was downloaded is
// deleted: one stored since (a worker that ran the job again) is kept,
// and the next download takes it. It returns why, saying which.
func (c *Conn) dropUnreadableOutputs(ctx context.Context, id, nuid string, why error) error {
	return c.dropStoredOutputs(ctx, id, nuid, why, "is unreadable")
}

// dropStoredOutputs is dropUnreadableOutputs for a stored archive that
// what says is unusable ("is unreadable", "is not the job's outputs").
func (c *Conn) dropStoredOutputs(ctx context.Context, id, nuid string, why error, what string) error {
	info, err := c.Obj.GetInfo(ctx, outputsObject(id))
	switch {
	case errors.Is(err, jetstream.ErrObjectNotFound):
		return fmt.Errorf("%w: the stored archive %s, and gone from the server (submitting the sweep again runs the job again)", why, what)
	case err != nil:
		return fmt.Errorf("%w: the stored archive %s (looking it up to delete it: %v)", why, what, err)
	case info.NUID != nuid:
		return fmt.Errorf("%w: the stored archive %s, but another has been stored since (collecting the sweep again downloads it)", why, what)
	}
	// The object store has no delete conditional on the object's
	// identity: one stored between the look-up above and this delete
	// would go too, and its job be run again by the next submission.
	if err := c.Obj.Delete(ctx, outputsObject(id)); err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
		return fmt.Errorf("%w: the stored archive %s (deleting it: %v)", why, what, err)
	}
	return fmt.Errorf("%w: the stored archive %s and has been deleted (submitting the sweep again runs the job again)", why, what)
}

// storeCheckpoint uploads the job's checkpoint with its metrics. Files are
// read in name order, checkpoint.gob before metrics.csv, which is written
// before each checkpoint, so the metrics always reach at least the
// checkpoint's epoch.
func (c *Conn) storeCheckpoint(ctx context.Context, id, dir string) error {
	b, err := tarDir(dir, checkpointFile)
	if err != nil {
		return err
	}
	_, err = c.Obj.PutBytes(ctx, checkpointObject(id), b)
	return err
}

// fetchCheckpoint unpacks a job's stored checkpoint into dir; false if
// there is none.
func (c *Conn) fetchCheckpoint(ctx context.Context, id, dir string) (bool, error) {
	b, _, err := c.getLimited(ctx, checkpointObject(id), maxCheckpointBytes)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return false, nil
	}
	var big tooLarge
	if errors.As(err, &big) {
		// Larger than any stackel writes within its RL size limits:
		// like an archive that cannot be unpacked, the run starts over.
		return false, badArchive{err}
	}
	if err != nil {
		return false, err
	}
	return true, untar(b, dir)
}

// storeExtensions uploads, for each job that continues a shorter RL run in
// its directory under root (experiment.Job.Extends: the same run with more
// rl.steps), that run's checkpoint and metrics as the job's own stored
// checkpoint, unless the queue holds one for the job already (a newer
// one, from an earlier attempt): the worker that takes the job continues
// the run instead of starting it over. The numbers are the same either
// way; the time is not.
func (c *Conn) storeExtensions(ctx context.Context, root string, jobs []experiment.Job) error {
	for _, j := range jobs {
		dir := filepath.Join(root, j.Out)
		rec, ok, err := experiment.ReadJobRecord(dir)
		if err != nil || !ok || !j.Extends(rec.Job) {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, experiment.CheckpointFile)); err != nil {
			continue
		}
		if _, err := c.Obj.GetInfo(ctx, checkpointObject(j.ID)); err == nil {
			continue
		} else if !errors.Is(err, jetstream.ErrObjectNotFound) {
			return fmt.Errorf("job %s: looking up its stored checkpoint: %w", j.ID, err)
		}
		if err := c.storeCheckpoint(ctx, j.ID, dir); err != nil {
			return fmt.Errorf("job %s: storing the checkpoint of the shorter run in %s: %w", j.ID, dir, err)
		}
	}
	return nil
}

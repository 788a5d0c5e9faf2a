package experiment

import (
	"os"
	"time"
)

// renameRetries and renameWait bound how long renameOver waits for a
// reader to let go of the file it replaces: 600 tries 50 ms apart, 30 s.
// `stackel eval` holds a checkpoint open while it checks its SHA-256 and
// decodes its policy from the file (a few seconds for an off-policy
// MuJoCo run's 340 MB), so the wait covers that with room for a slow
// disk; a run whose write waits loses that time only.
const (
	renameRetries = 600
	renameWait    = 50 * time.Millisecond
)

// renameOver is os.Rename(tmp, path), retried while the platform refuses
// to replace a file another process holds open (renameBusy): on Windows a
// `stackel eval` loading a run's checkpoint, or a plot or report reading
// its summary.json, made the run's atomic write of that file fail, and
// stopped the run, until the reader closed it. Elsewhere a rename replaces
// an open file, and renameOver is os.Rename.
func renameOver(tmp, path string) error {
	return retryRename(os.Rename, renameBusy, time.Sleep, tmp, path)
}

// retryRename calls rename until it succeeds, fails with an error busy
// does not take for a reader's hold, or renameRetries calls have failed,
// sleeping renameWait between them; it returns the last error.
func retryRename(rename func(string, string) error, busy func(error) bool, sleep func(time.Duration), tmp, path string) error {
	var err error
	for i := 0; i < renameRetries; i++ {
		if err = rename(tmp, path); err == nil || !busy(err) {
			return err
		}
		if i < renameRetries-1 {
			sleep(renameWait)
		}
	}
	return err
}

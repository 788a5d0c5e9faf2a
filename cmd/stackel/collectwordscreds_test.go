package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The words of a reproduction's report after a NATS download that failed
// for some runs tell how to download them again, naming the server: they
// are written into report.md and the log, and before held the --nats URL
// whole, its user:password@ or token@ included. The --out they advise is
// absolute: a relative one, followed from inside the report's directory
// or from anywhere else, downloaded into a new nested directory.
func TestNATSCollectWordsHideCredentials(t *testing.T) {
	abs, err := filepath.Abs("out/r1")
	if err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{"nats://alice:hunter2@host:4222", "nats://s3cretTok@host:4222"} {
		w := natsCollectWords("reproduce --nats", url, "r1", "out/r1")
		for _, secret := range []string{"alice", "hunter2", "s3cretTok"} {
			if strings.Contains(w.finish, secret) {
				t.Errorf("%s: the report's words show %q: %s", url, secret, w.finish)
			}
		}
		if want := "stackel sweep collect --nats 'nats://***@host:4222' r1 --out " + shellWord(abs) + ")"; !strings.HasSuffix(w.finish, want) {
			t.Errorf("%s: words %q do not end %s", url, w.finish, want)
		}
	}
}

// TestSlurmCollectWordsAbsolute: the words of a reproduction's report
// run as a Slurm array advise "sbatch DIR/sweep.sbatch" and "stackel run
// --manifest DIR/manifest.json", with DIR as given: relative, they named
// no file when followed from another directory. Both paths are absolute.
func TestSlurmCollectWordsAbsolute(t *testing.T) {
	abs, err := filepath.Abs("out/r1")
	if err != nil {
		t.Fatal(err)
	}
	w := slurmCollectWords("out/r1")
	for _, want := range []string{"sbatch " + shellWord(filepath.Join(abs, "sweep.sbatch")) + " again",
		"stackel run --manifest " + shellWord(filepath.Join(abs, "manifest.json")) + " --index I"} {
		if !strings.Contains(w.finish, want) {
			t.Errorf("words %q do not say %q", w.finish, want)
		}
	}
}

//go:build linux

package experiment

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stackel/stackel/internal/tmpfstest"
)

// TestFullDiskSaysCauseOnce48: a job whose disk fills while it writes
// metrics.csv, then cannot write summary.json nor job.json, names the
// three files and says "no space left on device" once (the README's
// promise); before session 48 the error said it three times, once per
// file, the third inside "(and recording its failure: …)". The same for
// an RL job, whose summary.json is written by RunRL's own finish.
func TestFullDiskSaysCauseOnce48(t *testing.T) {
	for _, c := range []struct{ name, size, config string }{
		{"smooth", "8k", "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 2000\n"},
		{"rl", "12k", "name: r\nseed: 5\nrl: {env: CartPole-v1, algo: ac, steps: 4000, steps_per_epoch: 100, hidden: [4]}\n"},
	} {
		mnt := tmpfstest.Mount(t, c.size)
		cfg, err := ParseConfig([]byte(c.config))
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(mnt, "o")
		job, err := NewJob(cfg, 1, out)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := RunJob(context.Background(), job, out, nil)
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("%s: error %v, want one wrapping ENOSPC", c.name, err)
		}
		msg := err.Error()
		if n := strings.Count(msg, "no space left on device"); n != 1 {
			t.Errorf("%s: the error says the cause %d times, want once:\n%s", c.name, n, msg)
		}
		if !strings.Contains(msg, "writing "+filepath.Join(out, MetricsFile)+": ") ||
			!strings.HasSuffix(msg, "; summary.json and job.json could not be written either (the previous ones, if any, are unchanged)") {
			t.Errorf("%s: error %s\nwant it to name metrics.csv with the cause, then summary.json and job.json", c.name, msg)
		}
		if rec.Status != JobRunning {
			t.Errorf("%s: record %q, want running, as job.json says", c.name, rec.Status)
		}
	}
}

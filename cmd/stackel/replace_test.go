package main

import (
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// replaceSpec is a sweep of two quick SGA jobs named grid; its seeds are
// filled in.
const replaceSpec = `name: grid
config:
  name: sga
  game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]", f2: "y[0]*y[0]"}
  dynamics: {kind: sga, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.1}}
  iterations: 20
  init: {x: [1], y: [1]}
seeds: %s
`

// A sweep stopped with its jobs queued in its embedded server's store,
// then started again into the same directory with another grid under the
// same name: refused, naming the jobs it would orphan; with --replace it
// cancels them and runs its own (with a local worker that may already
// have taken an old job: the race the replacing submission allows).
func TestSweepReplaceEmbedded(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.yaml", strings.Replace(replaceSpec, "%s", "[1, 2]", 1))
	b := writeFile(t, dir, "b.yaml", strings.Replace(replaceSpec, "%s", "[3]", 1))
	out := dir + "/out"
	first := startStackel(t, "sweep", a, "--out", out, "--workers", "0", "--listen", "127.0.0.1:0")
	waitUntil(t, time.Minute, "the first sweep's jobs queued", func() bool { return strings.Contains(first.output(), "2 queued") })
	first.cmd.Process.Signal(syscall.SIGINT)
	first.wait(t, time.Minute)

	o, err := execute(t, "sweep", b, "--out", out, "--workers", "1", "--listen", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), `sweep "grid" on this server has 2 jobs that this one does not have, still queued or running`) || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("another grid under the same name: %v\n%s", err, o)
	}
	o, err = execute(t, "sweep", b, "--out", out, "--workers", "1", "--listen", "127.0.0.1:0", "--replace")
	// The refused sweep's local worker may have run one of the old jobs
	// before the refusal (they were queued in this store): 1 or 2 are left.
	if err != nil || !regexp.MustCompile(`cancelled [12] queued or running jobs of the sweep it replaces`).MatchString(o) || !strings.Contains(o, "Jobs: 1 done") {
		t.Fatalf("--replace: %v\n%s", err, o)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stackel/stackel/internal/tmpfstest"
)

// faultRL is a small RL run: 4 epochs of 200 steps, a checkpoint after
// each.
const faultRL = "name: r\nseed: 5\nrl: {env: CartPole-v1, algo: stac, steps: 800, steps_per_epoch: 200, hidden: [8], cg: {iters: 3, lambda: 0}, checkpoint_every: 1}\n"

// metricsSansTime returns metrics.csv without its wall-clock columns.
func metricsSansTime(t *testing.T, dir string) string {
	t.Helper()
	rows := readMetrics(t, dir)
	var b strings.Builder
	for _, r := range rows {
		for j, v := range r {
			if strings.Contains(rows[0][j], "second") {
				continue
			}
			b.WriteString(v + ",")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// wholeRows checks that dir/metrics.csv ends with a newline and that every
// row has as many fields as the header.
func wholeRows(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		t.Errorf("metrics.csv ends with a cut row: %q", b[max(0, len(b)-80):])
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	n := strings.Count(lines[0], ",")
	for i, l := range lines {
		if strings.Count(l, ",") != n {
			t.Errorf("row %d has %d fields, the header %d: %q", i, strings.Count(l, ",")+1, n+1, l)
		}
	}
	return len(lines) - 1
}

func killed(r cliResult) bool { return r.exit == -1 || r.exit == 137 }

// TestFaultKillDuringCheckpointAndRewrite kills an RL run in the middle of
// its second checkpoint write, resumes it, kills the resume in the middle
// of its metrics rewrite, resumes again, and checks that the run ends with
// the metrics of an uninterrupted run.
func TestFaultKillDuringCheckpointAndRewrite(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "r.yaml", faultRL)
	if r := runCLI(t, dir, nil, "run", "r.yaml", "--out", "ref", "--quiet"); r.exit != 0 {
		t.Fatalf("reference run: %d %s", r.exit, r.out)
	}
	want := metricsSansTime(t, filepath.Join(dir, "ref"))

	// Killed while writing the checkpoint of epoch 3 (after its payload,
	// before the header's length and SHA-256 are filled in).
	r := runCLI(t, dir, []string{"STACKEL_FAULT=checkpoint-write:3"}, "run", "r.yaml", "--out", "run", "--quiet")
	if !killed(r) {
		t.Fatalf("the fault did not fire: exit %d %s", r.exit, r.out)
	}
	run := filepath.Join(dir, "run")
	if n := wholeRows(t, run); n != 3 {
		t.Errorf("after the kill metrics.csv has %d rows, want 3 (the checkpoint holds 2)", n)
	}
	if tmp, _ := filepath.Glob(filepath.Join(run, "checkpoint.gob.*.tmp")); len(tmp) != 1 {
		t.Errorf("half-written checkpoint.gob.*.tmp files: %v, want one: the kill did not come during the write", tmp)
	}
	before, _ := os.ReadFile(filepath.Join(run, "metrics.csv"))

	// The resume is killed halfway through rewriting metrics.csv.
	r = runCLI(t, dir, []string{"STACKEL_FAULT=metrics-rewrite"}, "run", "--resume", "run", "--quiet")
	if !killed(r) {
		t.Fatalf("the rewrite fault did not fire: exit %d %s", r.exit, r.out)
	}
	after, _ := os.ReadFile(filepath.Join(run, "metrics.csv"))
	if !bytes.Equal(before, after) {
		t.Errorf("a kill during the rewrite changed metrics.csv:\n%s\nto\n%s", before, after)
	}

	// Resumed again: the same numbers as the uninterrupted run.
	if r = runCLI(t, dir, nil, "run", "--resume", "run", "--quiet"); r.exit != 0 {
		t.Fatalf("resume: %d %s", r.exit, r.out)
	}
	if got := metricsSansTime(t, run); got != want {
		t.Errorf("resumed run's metrics differ from the uninterrupted run's:\n%s\nwant\n%s", got, want)
	}
}

// TestFaultCorruptCheckpoint corrupts a finished run's checkpoint in 18
// ways and checks that every resume refuses it with a clear error and
// leaves metrics.csv alone.
func TestFaultCorruptCheckpoint(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "r.yaml", strings.Replace(faultRL, "steps: 800", "steps: 400", 1))
	if r := runCLI(t, dir, nil, "run", "r.yaml", "--out", "run", "--quiet"); r.exit != 0 {
		t.Fatalf("run: %d %s", r.exit, r.out)
	}
	run := filepath.Join(dir, "run")
	ck := filepath.Join(run, "checkpoint.gob")
	good, err := os.ReadFile(ck)
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := os.ReadFile(filepath.Join(run, "metrics.csv"))
	n := len(good)
	flip := func(i int) func([]byte) []byte {
		return func(b []byte) []byte { b[i] ^= 0x5a; return b }
	}
	corruptions := map[string]func([]byte) []byte{
		"magic byte 0":      flip(0),
		"magic byte 10":     flip(10),
		"length high byte":  flip(22),
		"length low byte":   flip(29),
		"checksum byte 0":   flip(30),
		"checksum byte 31":  flip(61),
		"payload byte 0":    flip(62),
		"payload byte 100":  flip(162),
		"payload middle":    flip(n / 2),
		"payload 3/4":       flip(3 * n / 4),
		"last byte":         flip(n - 1),
		"cut in half":       func(b []byte) []byte { return b[:n/2] },
		"cut by one byte":   func(b []byte) []byte { return b[:n-1] },
		"header only":       func(b []byte) []byte { return b[:62] },
		"empty":             func(b []byte) []byte { return nil },
		"appended garbage":  func(b []byte) []byte { return append(b, "garbage"...) },
		"zeroed 4 KB block": func(b []byte) []byte { clear(b[n/3 : min(n, n/3+4096)]); return b },
		"random text":       func(b []byte) []byte { return []byte("this is not a checkpoint\n") },
	}
	accepted := 0
	for name, corrupt := range corruptions {
		os.WriteFile(ck, corrupt(append([]byte(nil), good...)), 0o644)
		r := runCLI(t, dir, nil, "run", "--resume", "run", "--quiet")
		noCrash(t, name, r)
		if r.exit == 0 {
			accepted++
			t.Errorf("%s: a corrupt checkpoint was accepted:\n%s", name, r.out)
		} else if !strings.Contains(r.out, "checkpoint") {
			t.Errorf("%s: the error does not name the checkpoint: %s", name, r.out)
		}
		if m, _ := os.ReadFile(filepath.Join(run, "metrics.csv")); !bytes.Equal(m, metrics) {
			t.Errorf("%s: a refused resume changed metrics.csv", name)
			os.WriteFile(filepath.Join(run, "metrics.csv"), metrics, 0o644)
		}
	}
	t.Logf("%d of %d corrupt checkpoints accepted", accepted, len(corruptions))
	os.WriteFile(ck, good, 0o644)
	if r := runCLI(t, dir, nil, "run", "--resume", "run", "--quiet"); r.exit != 0 {
		t.Errorf("the intact checkpoint is refused: %s", r.out)
	}
}

// startCLI starts the stackel command (the test binary, see TestMain) in
// dir.
func startCLI(t *testing.T, dir string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "STACKEL_TEST_MAIN=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, &out
}

// waitCPU waits (within a generous guard) until the process has used d of
// CPU time, by /proc/PID/stat, so that a signal sent next finds its
// handlers installed (they are, within its first milliseconds of CPU)
// however long a loaded machine took to start it: a fixed sleep of a
// second was not always enough under CI's parallel packages. Where /proc
// cannot be read it sleeps a second.
func waitCPU(t *testing.T, cmd *exec.Cmd, d time.Duration) {
	t.Helper()
	stat := filepath.Join("/proc", strconv.Itoa(cmd.Process.Pid), "stat")
	end := time.Now().Add(2 * time.Minute)
	for {
		b, err := os.ReadFile(stat)
		if err != nil {
			time.Sleep(time.Second)
			return
		}
		// Fields after the parenthesised command name: state is field 3,
		// utime and stime fields 14 and 15, in clock ticks of 1/100 s.
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) > 12 {
			ut, _ := strconv.Atoi(f[11])
			st, _ := strconv.Atoi(f[12])
			if time.Duration(ut+st)*10*time.Millisecond >= d {
				return
			}
		}
		if time.Now().After(end) {
			t.Fatalf("the process used less than %v of CPU in 2 minutes", d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sigterm waits until path exists and is non-empty, sends SIGTERM and
// waits (within a generous guard) for the process to end; it returns the
// exit status.
func sigterm(t *testing.T, cmd *exec.Cmd, path string) int {
	t.Helper()
	end := time.Now().Add(2 * time.Minute)
	for {
		if st, err := os.Stat(path); err == nil && st.Size() > 0 {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("%s never appeared", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the process ignored SIGTERM for 2 minutes")
	}
	return cmd.ProcessState.ExitCode()
}

// TestFaultSIGTERM sends SIGTERM to long smooth (one with 10¹² unrolled
// follower steps in a single iteration), Hi-C and RL runs and
// checks that each exits non-zero with summary.json holding the error and
// the last good point, and metrics.csv only whole rows; the RL run then
// resumes.
func TestFaultSIGTERM(t *testing.T) {
	cases := map[string]string{
		"smooth": "name: s\ngame: {builtin: duopoly}\ndynamics: {kind: stackelberg, noise: {leader: 1, follower: 1}}\niterations: 2000000000\nrecord_every: 1000\ninit: {x: [10], y: [10]}\n",
		"hic":    "name: h\nseed: 3\ngame: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: {constant: 0.5}\n  commitment: {constant: 20}\n  follower: {kind: gradient, lr: 0.1}\nstages: 2000000000\nrecord_every: 10000\n",
		"rl":     strings.Replace(faultRL, "steps: 800", "steps: 2000000", 1),
		// 10¹² follower steps inside the first iteration.
		"unroll": "name: u\ngame: {builtin: duopoly}\ndynamics: {kind: stackelberg, unroll: 1000000000000}\niterations: 2\n",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "c.yaml", body)
			cmd, out := startCLI(t, dir, "run", "c.yaml", "--out", "o", "--quiet")
			o := filepath.Join(dir, "o")
			trigger := filepath.Join(o, "metrics.csv")
			switch name {
			case "rl":
				trigger = filepath.Join(o, "checkpoint.gob")
			case "unroll": // row 0 is still buffered: wait for the config
				trigger = filepath.Join(o, "config.yaml")
			}
			if code := sigterm(t, cmd, trigger); code == 0 {
				t.Errorf("exit 0 after SIGTERM: %s", out)
			}
			if strings.Contains(out.String(), "goroutine ") {
				t.Errorf("stack trace: %s", out)
			}
			var sum map[string]any
			readJSON(t, filepath.Join(o, "summary.json"), &sum)
			if e, _ := sum["error"].(string); !strings.Contains(e, "cancel") && !strings.Contains(e, "interrupt") {
				t.Errorf("summary.json error %q does not say the run was interrupted", e)
			}
			if name != "rl" {
				final, _ := sum["final"].(map[string]any)
				if final["x"] == nil || final["f1"] == nil {
					t.Errorf("summary.json final %v: want the last good point", final)
				}
			}
			rows := wholeRows(t, o)
			if rows < 1 {
				t.Errorf("no metrics rows kept")
			}
			if name == "rl" {
				// Resume the interrupted run for one more epoch's worth:
				// it must accept its own checkpoint.
				cmd, out := startCLI(t, dir, "run", "--resume", "o", "--quiet")
				time.Sleep(500 * time.Millisecond)
				cmd.Process.Signal(syscall.SIGTERM)
				cmd.Wait()
				if strings.Contains(out.String(), "corrupt") || strings.Contains(out.String(), "goroutine ") {
					t.Errorf("resume after SIGTERM: %s", out)
				}
				wholeRows(t, o)
			}
		})
	}
}

// TestFaultFullDisk runs into a 128 KB tmpfs until the disk is full and
// checks that the run fails with the error, metrics.csv holds only whole
// rows and summary.json is not left empty or cut.
func TestFaultFullDisk(t *testing.T) {
	mnt := tmpfstest.Mount(t, "128k")
	dir := t.TempDir()
	writeFile(t, dir, "c.yaml", "name: s\ngame: {builtin: duopoly}\ndynamics: {kind: sga, leader_lr: {constant: 0.001}, follower_lr: {constant: 0.001}}\niterations: 100000\nrecord_every: 1\ninit: {x: [10], y: [10]}\n")
	o := filepath.Join(mnt, "o")
	r := runCLI(t, dir, nil, "run", "c.yaml", "--out", o, "--quiet")
	noCrash(t, "full disk", r)
	if r.exit == 0 || !strings.Contains(r.out, "no space left on device") {
		t.Errorf("exit %d, output %s: want the ENOSPC error", r.exit, clip(r.out))
	}
	rows := wholeRows(t, o)
	t.Logf("a full disk left %d whole rows", rows)
	if b, err := os.ReadFile(filepath.Join(o, "summary.json")); err == nil {
		var v any
		if json.Unmarshal(b, &v) != nil {
			t.Errorf("summary.json is cut: %q", b)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(o, "summary.json.*.tmp")); len(tmp) > 0 {
		t.Errorf("summary.json temp files left behind: %v", tmp)
	}
}

// TestFaultOccupiedDirectory checks the output-directory rule: a run into
// a directory holding another run is refused (nothing changed there)
// unless --force (which deletes exactly that run's files) or --resume.
func TestFaultOccupiedDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.yaml", "name: a\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 100\n")
	writeFile(t, dir, "b.yaml", "name: b\ngame: {builtin: cournot}\ndynamics: {kind: sga}\niterations: 50\n")
	if r := runCLI(t, dir, nil, "run", "a.yaml", "--out", "d", "--quiet"); r.exit != 0 {
		t.Fatal(r.out)
	}
	writeFile(t, filepath.Join(dir, "d"), "notes.txt", "mine")
	sumA, _ := os.ReadFile(filepath.Join(dir, "d", "summary.json"))
	r := runCLI(t, dir, nil, "run", "b.yaml", "--out", "d", "--quiet")
	if r.exit != 1 || !strings.Contains(r.out, "holds another run") || !strings.Contains(r.out, "--force") || !strings.Contains(r.out, "--resume") {
		t.Errorf("run into an occupied directory: exit %d %s", r.exit, r.out)
	}
	if s, _ := os.ReadFile(filepath.Join(dir, "d", "summary.json")); !bytes.Equal(s, sumA) {
		t.Errorf("the refused run changed summary.json")
	}
	if r := runCLI(t, dir, nil, "run", "b.yaml", "--out", "d", "--quiet", "--force"); r.exit != 0 {
		t.Fatalf("--force: %s", r.out)
	}
	var s map[string]any
	readJSON(t, filepath.Join(dir, "d", "summary.json"), &s)
	if s["name"] != "b" {
		t.Errorf("after --force summary.json is %v", s)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "d", "notes.txt")); string(b) != "mine" {
		t.Errorf("--force deleted a file that is not the run's")
	}
	// --force with a config that cannot run (an error found only when the
	// run is built: a formula's unknown name) deletes nothing.
	writeFile(t, dir, "badf.yaml", "name: f\ngame: {sense: cost, f1: \"x[0]*z\", f2: \"y[0]\"}\ndynamics: {kind: sga}\n")
	sumB, _ := os.ReadFile(filepath.Join(dir, "d", "summary.json"))
	if r := runCLI(t, dir, nil, "run", "badf.yaml", "--out", "d", "--quiet", "--force"); r.exit != 1 || !strings.Contains(r.out, `unknown identifier "z"`) || !strings.Contains(r.out, "line 2") {
		t.Errorf("--force with a bad formula: exit %d %s", r.exit, r.out)
	}
	if s, _ := os.ReadFile(filepath.Join(dir, "d", "summary.json")); !bytes.Equal(s, sumB) {
		t.Errorf("--force with a config that cannot run deleted or changed the run in d")
	}
	// A config error found while building the run leaves no run behind:
	// the fixed config then runs into the same directory.
	writeFile(t, dir, "bad.yaml", "name: r\nrl: {env: CartPole-v1, algo: stac, hidden: [4], cg: {iters: 1000000000000}}\n")
	if r := runCLI(t, dir, nil, "run", "bad.yaml", "--out", "e", "--quiet"); r.exit != 1 || strings.Contains(r.out, "what was recorded") {
		t.Errorf("config error: exit %d %s", r.exit, r.out)
	}
	if r := runCLI(t, dir, nil, "run", "a.yaml", "--out", "e", "--quiet"); r.exit != 0 {
		t.Errorf("after a config error the directory is refused: %s", r.out)
	}
}

// TestFaultReproductionKilled kills a reproduction (rerun with other
// settings) halfway through writing results.json and checks that no
// results.json is left to mix with the new report, that a rerun with the
// first settings gives the first numbers, and that a reproduction
// interrupted by SIGTERM exits non-zero.
func TestFaultReproductionKilled(t *testing.T) {
	dir := t.TempDir()
	if r := runCLI(t, dir, nil, "reproduce", "stackelberg-oligopoly", "--out", "rep", "--quiet"); r.exit != 0 {
		t.Fatalf("reproduce: %d %s", r.exit, r.out)
	}
	res := filepath.Join(dir, "rep", "results.json")
	ref, err := os.ReadFile(res)
	if err != nil {
		t.Fatal(err)
	}
	// A rerun with other settings (3 seeds) is killed halfway through
	// writing its results.json: the earlier run's results.json must not
	// be left beside the new report.md, and no cut file either.
	r := runCLI(t, dir, []string{"STACKEL_FAULT=write-results.json"}, "reproduce", "stackelberg-oligopoly", "--out", "rep", "--seeds", "3", "--quiet")
	if !killed(r) {
		t.Fatalf("the fault did not fire: %d %s", r.exit, r.out)
	}
	if b, err := os.ReadFile(res); err == nil {
		t.Errorf("after the kill results.json is there (%d bytes): the earlier run's numbers beside the new report", len(b))
	}
	if r := runCLI(t, dir, nil, "reproduce", "stackelberg-oligopoly", "--out", "rep", "--quiet"); r.exit != 0 {
		t.Fatalf("rerun: %d %s", r.exit, r.out)
	}
	if b, _ := os.ReadFile(res); !bytes.Equal(b, ref) {
		t.Errorf("the rerun's results.json differs from the first run's")
	}

	cmd, out := startCLI(t, dir, "reproduce", "hic-cournot", "--out", "hic", "--quiet")
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if cmd.ProcessState.ExitCode() == 0 {
		t.Errorf("a reproduction stopped by SIGTERM exits 0: %s", out)
	}
}

// TestFaultSIGTERMAnalyze stops a long analyze (a million Newton starts)
// with SIGTERM: it exits non-zero saying it was interrupted.
func TestFaultSIGTERMAnalyze(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "t.yaml", "name: t\ngame: {builtin: torus}\n")
	cmd, out := startCLI(t, dir, "analyze", "t.yaml", "--starts", "1000000")
	waitCPU(t, cmd, 300*time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("analyze ignored SIGTERM for 2 minutes")
	}
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(out.String(), "interrupted") || strings.Contains(out.String(), "goroutine ") {
		t.Errorf("exit %d: %s", cmd.ProcessState.ExitCode(), out)
	}
}

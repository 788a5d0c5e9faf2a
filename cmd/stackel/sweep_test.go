package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// TestMain lets the test binary act as the stackel command when
// STACKEL_TEST_MAIN=1, so that the sweep tests can start worker and sweep
// processes (and run the Slurm script) without building another binary.
func TestMain(m *testing.M) {
	if os.Getenv("STACKEL_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	ad.UseFastBLAS() // as main does, for the in-process tests
	os.Exit(m.Run())
}

// proc is a stackel process started by a test, its output captured.
type proc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan error
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func startStackel(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(os.Args[0], args...), done: make(chan error, 1)}
	p.cmd.Env = append(os.Environ(), "STACKEL_TEST_MAIN=1")
	p.cmd.Stdout, p.cmd.Stderr = p, p
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("output of %v:\n%s", args, p.output())
		}
	})
	return p
}

// waitUntil polls cond every 20 ms for at most limit (a bound that keeps a
// broken test from hanging, not a timing assertion).
func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("gave up after %s waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *proc) wait(t *testing.T, limit time.Duration) error {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		return err
	case <-time.After(limit):
		t.Fatalf("process %v still running after %s", p.cmd.Args[1:], limit)
		return nil
	}
}

// faultSpec is six short CartPole jobs (2 step sizes × 3 seeds, 60 epochs
// of 1000 steps each, a checkpoint after every epoch).
const faultSpec = `name: %s
config:
  name: cp
  rl: {env: CartPole-v1, algo: ac, steps: 60000, steps_per_epoch: 1000, hidden: [16, 16], unroll: 1, options: {test_episodes: 1, lanczos_iters: 2}}
grid:
  rl.options.actor_lr: [0.01, 0.03]
seeds: [1, 2, 3]
`

var completedRE = regexp.MustCompile(`completed (\S+) ([0-9a-f]{16})`)

// completions counts "completed SWEEP ID" lines per job ID.
func completions(logs ...string) map[string]int {
	n := map[string]int{}
	for _, l := range logs {
		for _, m := range completedRE.FindAllStringSubmatch(l, -1) {
			n[m[2]]++
		}
	}
	return n
}

// metricsNoTime is a job's metrics.csv without its wall-clock column.
func metricsNoTime(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	col := -1
	for i, h := range strings.Split(lines[0], ",") {
		if h == "seconds" {
			col = i
		}
	}
	var out []string
	for _, ln := range lines {
		f := strings.Split(ln, ",")
		out = append(out, strings.Join(append(f[:col:col], f[col+1:]...), ","))
	}
	return strings.Join(out, "\n")
}

func readSweepJSON(t *testing.T, dir string) sweep.File {
	t.Helper()
	f, err := sweep.ReadFile(filepath.Join(dir, "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// reportTable is report.md's table (the worker-independent part).
func reportTable(t *testing.T, dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, ln := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(ln, "|") {
			rows = append(rows, ln)
		}
	}
	return strings.Join(rows, "\n")
}

// TestSweepFaults runs the acceptance tests of distributed sweeps on
// loopback: (1) an embedded-server sweep of six CartPole jobs with three
// worker processes, one killed with SIGKILL mid-job — every job completes
// exactly once, the killed one resumed from its stored checkpoint on
// another worker; (2) the Slurm script's per-task command run for every
// index as Slurm would — the same metrics (wall-clock column aside) and
// report as the NATS path; (3) the sweep process stopped mid-sweep and
// restarted — finished jobs are not redone and the outputs are the same.
func TestSweepFaults(t *testing.T) {
	root := t.TempDir()
	specPath := filepath.Join(root, "fault.yaml")
	os.WriteFile(specPath, []byte(fmt.Sprintf(faultSpec, "cp-fault")), 0o644)
	natsOut := filepath.Join(root, "nats")

	// (1) Three worker processes; one SIGKILLed mid-job.
	sw := startStackel(t, "sweep", specPath, "--out", natsOut, "--workers", "0", "--listen", "127.0.0.1:0", "--ack-wait", "2s")
	var url string
	urlRE := regexp.MustCompile(`listening at (nats://127\.0\.0\.1:\d+)`)
	waitUntil(t, 30*time.Second, "the sweep's server URL", func() bool {
		m := urlRE.FindStringSubmatch(sw.output())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	waitUntil(t, 30*time.Second, "the jobs to be queued", func() bool { return strings.Contains(sw.output(), "6 queued") })
	workers := map[int]*proc{}
	for i := 0; i < 3; i++ {
		p := startStackel(t, "worker", "--nats", url)
		workers[p.cmd.Process.Pid] = p
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn, err := natsq.Connect(ctx, natsq.ConnOptions{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	man, err := sweep.ReadManifest(filepath.Join(natsOut, sweep.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	// Kill the worker of the first job that has stored a checkpoint and is
	// still running (59 epochs to go).
	var killedJob string
	var killed *proc
	waitUntil(t, 60*time.Second, "a running job with a stored checkpoint", func() bool {
		for _, j := range man.Jobs {
			if _, err := conn.Obj.GetInfo(ctx, j.ID+"/checkpoint.tar"); err != nil {
				continue
			}
			st, ok, err := conn.GetState(ctx, "cp-fault", j.ID)
			if err != nil || !ok || st.Status != sweep.StatusRunning {
				continue
			}
			var pid int
			fmt.Sscanf(st.Worker[strings.LastIndexByte(st.Worker, ':')+1:], "%d", &pid)
			if p := workers[pid]; p != nil {
				killedJob, killed = j.ID, p
				return true
			}
		}
		return false
	})
	killed.cmd.Process.Signal(syscall.SIGKILL)
	killed.wait(t, 10*time.Second)
	if err := sw.wait(t, 3*time.Minute); err != nil {
		t.Fatalf("sweep: %v", err)
	}
	var logs []string
	for _, p := range workers {
		logs = append(logs, p.output())
	}
	n := completions(logs...)
	if strings.Contains(killed.output(), "completed cp-fault "+killedJob) {
		t.Fatalf("the killed worker completed job %s: not killed mid-job", killedJob)
	}
	resumed := regexp.MustCompile(`started cp-fault ` + killedJob + `.*attempt 2, from its stored checkpoint`)
	if !resumed.MatchString(strings.Join(logs, "")) {
		t.Errorf("job %s was not resumed from its stored checkpoint by another worker", killedJob)
	}
	f := readSweepJSON(t, natsOut)
	lost, dup := 0, 0
	for _, r := range f.Jobs {
		if r.Status != sweep.StatusDone {
			lost++
			t.Errorf("job %s: %s %s", r.ID, r.Status, r.Error)
		}
		if n[r.ID] > 1 {
			dup++
		}
		if n[r.ID] != 1 {
			t.Errorf("job %s completed %d times", r.ID, n[r.ID])
		}
		if r.ID == killedJob && r.Attempts != 2 {
			t.Errorf("killed job: %d attempts", r.Attempts)
		}
	}
	t.Logf("fault test: %d jobs, 1 worker killed (SIGKILL) mid-job %s, %d lost, %d completed twice", len(f.Jobs), killedJob, lost, dup)

	// (2) The Slurm form: every index run as Slurm runs the array task.
	slurmOut := filepath.Join(root, "slurm")
	if _, err := execute(t, "sweep", specPath, "--emit", "slurm", "--out", slurmOut, "--stackel", os.Args[0],
		"--partition", "debug", "--time", "00:10:00", "--cpus-per-task", "1"); err != nil {
		t.Fatal(err)
	}
	script, _ := os.ReadFile(filepath.Join(slurmOut, sweep.SbatchFile))
	for _, want := range []string{"#SBATCH --array=0-5\n", "#SBATCH --partition=debug\n", "#SBATCH --time=00:10:00\n", "#SBATCH --cpus-per-task=1\n",
		" run --manifest " + slurmOut + "/manifest.json --index \"$((SLURM_ARRAY_TASK_ID + ${STACKEL_INDEX_OFFSET:-0}))\"\n"} {
		if !strings.Contains(string(script), want) {
			t.Errorf("sweep.sbatch lacks %q:\n%s", want, script)
		}
	}
	// Jobs 0–2 as one array, 3–5 as a second part (STACKEL_INDEX_OFFSET),
	// as a cluster whose MaxArraySize is below the job count takes them.
	for i := 0; i < 6; i++ {
		c := exec.Command("bash", filepath.Join(slurmOut, sweep.SbatchFile))
		c.Env = append(os.Environ(), "STACKEL_TEST_MAIN=1", fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i%3), fmt.Sprintf("STACKEL_INDEX_OFFSET=%d", i/3*3))
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("array task %d: %v\n%s", i, err, out)
		}
	}
	if _, err := execute(t, "sweep", "collect", slurmOut); err != nil {
		t.Fatal(err)
	}
	for _, j := range man.Jobs {
		if a, b := metricsNoTime(t, j.OutDir(natsOut)), metricsNoTime(t, j.OutDir(slurmOut)); a != b {
			t.Errorf("job %s: NATS and Slurm metrics differ", j.ID)
		}
	}
	if a, b := reportTable(t, natsOut), reportTable(t, slurmOut); a != b {
		t.Errorf("reports differ:\n%s\n---\n%s", a, b)
	}
	if sf := readSweepJSON(t, slurmOut); len(sf.Jobs) != 6 || sf.Jobs[0].Status != sweep.StatusDone || sf.Jobs[0].Summary["final"] == nil {
		t.Errorf("Slurm sweep.json: %+v", sf.Jobs[0])
	}

	// (3) Stop the sweep process (and its embedded server and local
	// worker) after two jobs, and start it again.
	restartSpec := filepath.Join(root, "restart.yaml")
	os.WriteFile(restartSpec, []byte(fmt.Sprintf(faultSpec, "cp-restart")), 0o644)
	rOut := filepath.Join(root, "restart")
	args := []string{"sweep", restartSpec, "--out", rOut, "--workers", "1", "--listen", "127.0.0.1:0", "--ack-wait", "2s"}
	first := startStackel(t, args...)
	waitUntil(t, 2*time.Minute, "two finished jobs", func() bool { return len(completions(first.output())) >= 2 })
	first.cmd.Process.Signal(syscall.SIGTERM)
	if err := first.wait(t, time.Minute); err == nil {
		t.Log("the stopped sweep exited cleanly")
	}
	second := startStackel(t, args...)
	if err := second.wait(t, 3*time.Minute); err != nil {
		t.Fatalf("restarted sweep: %v", err)
	}
	done1 := completions(first.output())
	both := completions(first.output(), second.output())
	for id := range done1 {
		if strings.Contains(second.output(), "started cp-restart "+id) {
			t.Errorf("job %s, finished before the restart, was run again", id)
		}
	}
	// Every job is counted once: queued now, queued or started by the
	// first process, or done.
	counts := regexp.MustCompile(`6 jobs, (\d+) queued(?:, (\d+) queued or running from before)?, (\d+) already done`).FindStringSubmatch(second.output())
	if counts == nil || counts[3] != strconv.Itoa(len(done1)) {
		t.Errorf("the restarted sweep does not report %d jobs already done: %q", len(done1), counts)
	} else if n := countOf(counts[1]) + countOf(counts[2]) + countOf(counts[3]); n != 6 {
		t.Errorf("the restarted sweep's counts add up to %d, want 6: %q", n, counts[0])
	}
	for _, j := range man.Jobs {
		if both[j.ID] != 1 {
			t.Errorf("job %s completed %d times across the restart", j.ID, both[j.ID])
		}
		if a, b := metricsNoTime(t, j.OutDir(rOut)), metricsNoTime(t, j.OutDir(slurmOut)); a != b {
			t.Errorf("job %s: metrics after the restart differ from the Slurm run's", j.ID)
		}
	}
	t.Logf("restart test: %d jobs finished before the stop, %d after; none redone", len(done1), len(both)-len(done1))
}

// TestReproduceNATS: `stackel reproduce stddpg-pendulum --quick --nats URL`
// with two worker processes writes the same results.json and report table
// as the in-process run (throughput, a wall-clock figure, aside).
func TestReproduceNATS(t *testing.T) {
	root := t.TempDir()
	srv, err := natsq.StartServer(natsq.ServerOptions{Listen: "127.0.0.1:0", StoreDir: filepath.Join(root, "nats")})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	w1 := startStackel(t, "worker", "--nats", srv.ClientURL())
	w2 := startStackel(t, "worker", "--nats", srv.ClientURL())
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	if _, err := execute(t, "reproduce", "stddpg-pendulum", "--quick", "--nats", srv.ClientURL(), "--out", a); err != nil {
		t.Fatal(err)
	}
	if _, err := execute(t, "reproduce", "stddpg-pendulum", "--quick", "--out", b); err != nil {
		t.Fatal(err)
	}
	if n := completions(w1.output(), w2.output()); len(n) != 6 {
		t.Errorf("the workers completed %d distinct jobs, want 6 (3 variants × 2 seeds): %v", len(n), n)
	}
	results := func(dir string) string {
		data, err := os.ReadFile(filepath.Join(dir, "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		return regexp.MustCompile(`"steps_per_second": \[[^\]]*\]`).ReplaceAllString(string(data), "")
	}
	if ra, rb := results(a), results(b); ra != rb {
		t.Errorf("results.json differ:\n%s\n---\n%s", ra, rb)
	}
	table := func(dir string) string {
		var rows []string
		for _, r := range strings.Split(reportTable(t, dir), "\n") {
			if i := strings.LastIndex(strings.TrimSuffix(r, " |"), "|"); strings.Contains(r, "steps/s") || i < 0 {
				rows = append(rows, r)
			} else {
				rows = append(rows, r[:i]) // the last column is steps/s
			}
		}
		return strings.Join(rows, "\n")
	}
	if ta, tb := table(a), table(b); ta != tb {
		t.Errorf("reports differ:\n%s\n---\n%s", ta, tb)
	}

	// Status and collect from the server, on another directory.
	st, err := execute(t, "sweep", "status", "--nats", srv.ClientURL(), "stddpg-pendulum")
	if err != nil || !strings.Contains(st, "sweep stddpg-pendulum: 6 jobs: 6 done") || strings.Count(st, " done ") != 6 {
		t.Errorf("status: %v\n%s", err, st)
	}
	col := filepath.Join(root, "collected")
	if _, err := execute(t, "sweep", "collect", "--nats", srv.ClientURL(), "stddpg-pendulum", "--out", col); err != nil {
		t.Fatal(err)
	}
	if rc, rb := results(col), results(b); rc != rb {
		t.Errorf("collected results.json differ:\n%s\n---\n%s", rc, rb)
	}
	// A job's stored outputs deleted from the server: status says so
	// (it showed the job plainly done while collect failed it).
	deleteOneOutputs(t, srv.ClientURL())
	st, err = execute(t, "sweep", "status", "--nats", srv.ClientURL(), "stddpg-pendulum")
	if err != nil || !strings.Contains(st, "6 jobs: 6 done (1 with outputs missing on the server)") ||
		strings.Count(st, "outputs missing on the server: resubmit to rerun") != 1 {
		t.Errorf("status after an outputs archive was deleted: %v\n%s", err, st)
	}

	// The same reproduction as a Slurm array: every task, then collect.
	c := filepath.Join(root, "slurm")
	if _, err := execute(t, "reproduce", "stddpg-pendulum", "--quick", "--emit", "slurm", "--out", c); err != nil {
		t.Fatal(err)
	}
	m, err := sweep.ReadManifest(filepath.Join(c, sweep.ManifestFile))
	if err != nil || len(m.Jobs) != 6 || m.Reproduce == nil || !m.Reproduce.Quick {
		t.Fatalf("manifest %+v %v", m, err)
	}
	for i := range m.Jobs {
		if _, err := execute(t, "run", "--manifest", filepath.Join(c, sweep.ManifestFile), "--index", fmt.Sprint(i), "--quiet"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := execute(t, "sweep", "collect", c); err != nil {
		t.Fatal(err)
	}
	if rc, rb := results(c), results(b); rc != rb {
		t.Errorf("Slurm results.json differ:\n%s\n---\n%s", rc, rb)
	}
	if tc, tb := table(c), table(b); tc != tb {
		t.Errorf("Slurm report differs:\n%s\n---\n%s", tc, tb)
	}
}

// The sweep command refuses to listen beyond loopback without
// authentication, and a worker with a wrong token is refused.
func TestSweepSecurity(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "s.yaml")
	os.WriteFile(spec, []byte(fmt.Sprintf(faultSpec, "sec")), 0o644)
	t.Setenv("STACKEL_NATS_TOKEN", "")
	_, err := execute(t, "sweep", spec, "--out", filepath.Join(dir, "o"), "--listen", "0.0.0.0:0", "--token", "")
	if err == nil || !strings.Contains(err.Error(), "refusing to listen on 0.0.0.0:0 without authentication") {
		t.Errorf("open listen: %v", err)
	}
	srv, err := natsq.StartServer(natsq.ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Token: "right"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	_, err = execute(t, "worker", "--nats", srv.ClientURL(), "--token", "wrong")
	if err == nil || !strings.Contains(err.Error(), "refused the credentials") {
		t.Errorf("worker with a wrong token: %v", err)
	}
	_, err = execute(t, "sweep", "status", "--nats", strings.Replace(srv.ClientURL(), "://", "://wrong@", 1), "sec")
	if err == nil || !strings.Contains(err.Error(), "refused the credentials") {
		t.Errorf("status with a wrong token in the URL: %v", err)
	}
}

// countOf reads a count matched by a regexp; an unmatched group is 0.
func countOf(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestSweepKilledLeavesNoWork kills a local sweep of one RL job (SIGKILL,
// in the middle of the job's second checkpoint write) and runs the same
// command again: the job resumes and finishes with the numbers of an
// uninterrupted run, and DIR/.work holds no job directory afterwards. The
// killed process's job directory (a config, metrics and a checkpoint) used
// to stay in DIR/.work for good, since the job continues from the
// checkpoint stored on the server, not from it.
func TestSweepKilledLeavesNoWork(t *testing.T) {
	dir := t.TempDir()
	spec := "name: killed\nconfig:\n  name: r\n  seed: 5\n  rl: {env: CartPole-v1, algo: stac, steps: 800, steps_per_epoch: 200, hidden: [8], cg: {iters: 3, lambda: 0}, checkpoint_every: 1}\n"
	writeFile(t, dir, "s.yaml", spec)
	writeFile(t, dir, "r.yaml", faultRL)
	if r := runCLI(t, dir, nil, "run", "r.yaml", "--out", "ref", "--quiet"); r.exit != 0 {
		t.Fatalf("reference run: %d %s", r.exit, r.out)
	}
	// A short ack wait: the killed job is redelivered soon.
	args := []string{"sweep", "s.yaml", "--out", "out", "--listen", "127.0.0.1:0", "--workers", "1", "--ack-wait", "2s"}
	if r := runCLI(t, dir, []string{"STACKEL_FAULT=checkpoint-write:2"}, args...); !killed(r) {
		t.Fatalf("the fault did not fire: exit %d %s", r.exit, r.out)
	}
	work := filepath.Join(dir, "out", ".work")
	if ents, _ := os.ReadDir(work); len(ents) != 1 {
		t.Fatalf("after the kill %s holds %d entries, want the killed job's directory", work, len(ents))
	}
	if r := runCLI(t, dir, nil, args...); r.exit != 0 {
		t.Fatalf("the sweep run again: %d %s", r.exit, r.out)
	}
	if ents, _ := os.ReadDir(work); len(ents) != 0 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("after the sweep finished %s still holds %v", work, names)
	}
	runs, _ := filepath.Glob(filepath.Join(dir, "out", "runs", "*"))
	if len(runs) != 1 {
		t.Fatalf("runs: %v", runs)
	}
	if got, want := metricsSansTime(t, runs[0]), metricsSansTime(t, filepath.Join(dir, "ref")); got != want {
		t.Errorf("the resumed job's metrics differ from the uninterrupted run's:\n%s\nwant\n%s", got, want)
	}
}

// TestReproduceEmitClaimsOut: a reproduction written as a Slurm array
// marks its directory (reproduction.json), so that another reproduction,
// emitted or run there while the array runs, is refused and the array's
// manifest, which its tasks read as they start, stays its own. The
// directory was left unmarked: hic-cournot emitted into fiez-duopoly's
// replaced its manifest.json and sweep.sbatch without a word.
func TestReproduceEmitClaimsOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	if _, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--emit", "slurm", "--out", dir); err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, sweep.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"reproduce", "hic-cournot", "--quick", "--emit", "slurm", "--out", dir},
		{"reproduce", "hic-cournot", "--quick", "--out", dir},
	} {
		_, err := execute(t, args...)
		if err == nil || !strings.Contains(err.Error(), dir+" holds the reproduction fiez-duopoly (reproduction.json)") {
			t.Errorf("%s: %v; want it refused", strings.Join(args, " "), err)
		}
	}
	if now, err := os.ReadFile(filepath.Join(dir, sweep.ManifestFile)); err != nil || !bytes.Equal(now, manifest) {
		t.Errorf("the array's manifest changed (%v)", err)
	}
	// The same reproduction emitted again is accepted.
	if _, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--emit", "slurm", "--out", dir); err != nil {
		t.Errorf("fiez-duopoly emitted again: %v", err)
	}
}

// TestCollectReproductionRefusedFirst: `sweep collect --nats URL NAME
// --out DIR` of a reproduction into another reproduction's directory is
// refused before it writes anything there. It wrote the manifest and
// downloaded the jobs' outputs (fiez-duopoly's sga/ runs among
// hic-cournot's) and only then was refused by the report.
func TestCollectReproductionRefusedFirst(t *testing.T) {
	root := t.TempDir()
	srv, err := natsq.StartServer(natsq.ServerOptions{Listen: "127.0.0.1:0", StoreDir: filepath.Join(root, "nats")})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	if _, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--nats", srv.ClientURL(), "--local-workers", "1", "--out", a); err != nil {
		t.Fatal(err)
	}
	if _, err := execute(t, "reproduce", "hic-cournot", "--quick", "--out", b); err != nil {
		t.Fatal(err)
	}
	list := func() []string {
		var files []string
		filepath.WalkDir(b, func(p string, d fs.DirEntry, err error) error {
			files = append(files, p)
			return err
		})
		return files
	}
	before := list()
	_, err = execute(t, "sweep", "collect", "--nats", srv.ClientURL(), "fiez-duopoly", "--out", b)
	if err == nil || !strings.Contains(err.Error(), b+" holds the reproduction hic-cournot") {
		t.Errorf("collect into hic-cournot's directory: %v; want it refused", err)
	}
	if after := list(); !slices.Equal(after, before) {
		t.Errorf("the refused collect left %d files and directories in %s, %d before", len(after), b, len(before))
	}
	// Into its own directory, the collect writes the report.
	c := filepath.Join(root, "c")
	if _, err := execute(t, "sweep", "collect", "--nats", srv.ClientURL(), "fiez-duopoly", "--out", c); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(c, "report.md")); err != nil {
		t.Error(err)
	}
}

// deleteOneOutputs deletes the first stored outputs archive it finds on
// the NATS server at url.
func deleteOneOutputs(t *testing.T, url string) {
	t.Helper()
	ctx := context.Background()
	conn, err := natsq.Connect(ctx, natsq.ConnOptions{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	infos, err := conn.Obj.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infos {
		if strings.HasSuffix(in.Name, "/outputs.tar") {
			if err := conn.Obj.Delete(ctx, in.Name); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("no outputs archive stored")
}

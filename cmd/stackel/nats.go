package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/textcut"
)

// connFlags are a NATS client's flags.
type connFlags struct {
	creds, tlsCA, tlsCert, tlsKey string
	token                         string
}

// addToken adds --token for a client (commands without a server of their
// own).
func (c *connFlags) addToken(cmd *cobra.Command) {
	secretVar(cmd.Flags(), &c.token, "token", "STACKEL_NATS_TOKEN", "authentication token (default $STACKEL_NATS_TOKEN; or token@ in the URL)")
}

// secretVar defines a string flag whose default is the environment
// variable env (a token, a password) without showing that value: pflag
// prints a flag's non-empty default in --help as (default "VALUE"), so
// `stackel sweep --help` in a shell with STACKEL_NATS_TOKEN set printed
// the token (into a terminal's scrollback, a CI log, a bug report).
func secretVar(fl *pflag.FlagSet, p *string, name, env, usage string) {
	fl.StringVar(p, name, os.Getenv(env), usage)
	fl.Lookup(name).DefValue = ""
}

func (c *connFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&c.creds, "creds", "", "NATS credentials file (or give user:password@ or token@ in the URL)")
	caHelp, certHelp := "CA certificate that signs the NATS server's (TLS)", "client certificate (TLS)"
	if cmd.Flags().Lookup("listen") != nil {
		// A sweep without --nats gives these to its embedded server
		// (whether or not --listen is given), as stackel server's own.
		caHelp = "with --nats, the " + caHelp + "; without --nats, the CA that signs the clients' certificates, which the embedded server then requires"
		certHelp += "; without --nats, the embedded server's certificate"
	}
	fl.StringVar(&c.tlsCA, "tls-ca", "", caHelp)
	fl.StringVar(&c.tlsCert, "tls-cert", "", certHelp)
	fl.StringVar(&c.tlsKey, "tls-key", "", "key of --tls-cert")
}

func (c connFlags) options(url, name string) natsq.ConnOptions {
	return natsq.ConnOptions{URL: url, Creds: c.creds, TLSCA: c.tlsCA, TLSCert: c.tlsCert, TLSKey: c.tlsKey, Token: c.token, Name: name}
}

// runFlags are the flags of running a sweep on NATS (stackel sweep,
// stackel reproduce --nats).
type runFlags struct {
	workers        int
	listen         string
	natsURL        string
	token          string
	user, password string
	ackWait        time.Duration
	maxAttempts    int
	replace        bool
	// declinedTimeout ends the wait once every remaining job has been
	// declined by every live worker for that long (0: never).
	declinedTimeout time.Duration
	conn            connFlags
}

// replaceUsage documents --replace, of sweep and of reproduce --nats.
const replaceUsage = "a sweep of this name on the server with queued or running jobs this one does not have (another grid) has those jobs cancelled, instead of this sweep being refused"

// declinedTimeoutUsage documents --declined-timeout, of sweep and of
// reproduce --nats.
const declinedTimeoutUsage = "end the wait with an error (exit 1) once every remaining job has been handed back by every live worker for this long, e.g. 10m, or once no worker has been live (none in the bucket stackel_workers) and no remaining job has changed state, none running, for this long; the report of the finished jobs is written, and the jobs stay queued (the same command again waits for them); 0 waits for a worker that can run them for ever"

// declinedTimedOut reports whether err ended a sweep's wait on its
// declined timeout: every remaining job handed back by every live worker
// (natsq.DeclinedError), or no worker live and no job changing state
// (natsq.NoWorkerError).
func declinedTimedOut(err error) bool {
	var de *natsq.DeclinedError
	var nw *natsq.NoWorkerError
	return errors.As(err, &de) || errors.As(err, &nw)
}

// checkDeclinedTimeout refuses a negative --declined-timeout d.
func checkDeclinedTimeout(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("--declined-timeout %v: need 0 (wait for ever) or more", d)
	}
	return nil
}

func addSweepRunFlags(cmd *cobra.Command, f *sweepFlags) { addRunFlags(cmd, &f.run, true) }

func addRunFlags(cmd *cobra.Command, f *runFlags, withNATS bool) {
	fl := cmd.Flags()
	fl.IntVar(&f.workers, "workers", -1, "local worker slots (default: the number of cores; 0 for none)")
	hideSentinel(fl, "workers")
	fl.StringVar(&f.listen, "listen", "127.0.0.1:4222", "address of the embedded NATS server (a non-loopback one needs --token or --user/--password)")
	if withNATS {
		fl.StringVar(&f.natsURL, "nats", "", "use this NATS server or cluster instead of the embedded one")
	}
	secretVar(fl, &f.token, "token", "STACKEL_NATS_TOKEN", "embedded server: clients must give this token; with --nats, the token this sweep gives that server (default $STACKEL_NATS_TOKEN)")
	fl.StringVar(&f.user, "user", "", "embedded server: clients must give this user…")
	secretVar(fl, &f.password, "password", "STACKEL_NATS_PASSWORD", "…and password (default $STACKEL_NATS_PASSWORD)")
	fl.DurationVar(&f.ackWait, "ack-wait", 30*time.Second, "a job whose worker has not reported for this long is redelivered (the server's queue, shared by its sweeps, keeps its own unless this is given; the default on a new queue)")
	fl.IntVar(&f.maxAttempts, "attempts", 3, "deliveries of a job before it is recorded as failed (the server's queue, shared by its sweeps, keeps its own unless this is given; the default on a new queue)")
	fl.BoolVar(&f.replace, "replace", false, replaceUsage)
	fl.DurationVar(&f.declinedTimeout, "declined-timeout", 0, declinedTimeoutUsage)
	f.conn.add(cmd)
}

// session is a connection to NATS for running a sweep: to f.natsURL, or
// to an embedded server started with its JetStream files in out/.nats.
type session struct {
	conn *natsq.Conn
	srv  *natsq.Server
}

func (s *session) close() {
	s.conn.Close()
	if s.srv != nil {
		s.srv.Shutdown()
	}
}

func openSession(ctx context.Context, w io.Writer, out string, f runFlags, who string) (*session, error) {
	url := f.natsURL
	copt := f.conn.options(url, who)
	copt.Token = f.token
	s := &session{}
	if url == "" {
		srv, err := natsq.StartServer(natsq.ServerOptions{
			Listen: f.listen, StoreDir: filepath.Join(out, ".nats"),
			Token: f.token, User: f.user, Password: f.password,
			TLSCert: f.conn.tlsCert, TLSKey: f.conn.tlsKey, TLSCA: f.conn.tlsCA,
		})
		if err != nil {
			return nil, err
		}
		s.srv = srv
		auth := ""
		switch {
		case f.token != "":
			auth = " (with the token: nats://TOKEN@host:port, or STACKEL_NATS_TOKEN)"
		case f.user != "":
			auth = " (with nats://USER:PASSWORD@host:port)"
		}
		if note := srv.WorkerNote(); note != "" {
			// The client certificate a worker needs, which the server
			// does not know (natsq.Server.WorkerFlags).
			auth += " (" + note + ")"
		}
		fmt.Fprintf(w, "NATS server (JetStream in %s) listening at %s; more workers: stackel worker --nats %s%s%s\n",
			textcut.Line(filepath.Join(out, ".nats")), srv.URL, srv.URL, srv.WorkerFlags(), auth)
		// This process's clients connect in memory (no socket, no TLS).
		copt.URL, copt.InProcess = "", srv
		copt.TLSCA, copt.TLSCert, copt.TLSKey = "", "", "" // the server's own files
		copt.Token = f.token
		if f.user != "" {
			copt.URL = withUserInfo(srv.ClientURL(), f.user, f.password)
		}
	}
	conn, err := natsq.Connect(ctx, copt)
	if err != nil {
		if s.srv != nil {
			s.srv.Shutdown()
		}
		return nil, err
	}
	s.conn = conn
	if err := conn.Setup(ctx, natsq.QueueOptions{AckWait: f.ackWait, MaxAttempts: f.maxAttempts}); err != nil {
		s.close()
		return nil, err
	}
	// The queue is shared by the server's sweeps: its ack wait does not
	// shrink under running jobs (natsq.Conn.Setup).
	if q, err := conn.QueueOptions(ctx); err == nil && f.ackWait > 0 && q.AckWait != f.ackWait {
		fmt.Fprintf(w, "ack wait %s, not %s: jobs of the server's sweeps are running with it (their workers report progress every third of it)\n", q.AckWait, f.ackWait)
	}
	return s, nil
}

// syncWriter serialises the writes of goroutines that share one writer
// (a command's output, which in tests and through the Go API may be a
// bytes.Buffer).
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// newSyncWriter returns w guarded by a mutex.
func newSyncWriter(w io.Writer) *syncWriter { return &syncWriter{w: w} }

// Write implements io.Writer.
func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

// startWorkers runs slots local worker slots on the session until the
// returned stop is called (it waits for them: interrupted jobs are handed
// back to the queue).
func (s *session) startWorkers(ctx context.Context, w io.Writer, slots int, workDir string) (stop func()) {
	if slots <= 0 {
		fmt.Fprintf(w, "no local workers: waiting for workers to join (%s)\n", s.conn.WorkerCommand())
		return func() {}
	}
	if s.srv != nil {
		// This process holds the embedded server's store (DIR/.nats), so
		// the jobs' directories under workDir are its own workers' or a
		// killed earlier run's of this sweep; those are removed.
		clearStaleWork(w, workDir)
	}
	wctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wk := &natsq.Worker{Conn: s.conn, Concurrency: slots, WorkDir: workDir, Log: w}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := wk.Run(wctx); err != nil {
			fmt.Fprintln(w, "local worker:", err)
		}
	}()
	return func() { cancel(); wg.Wait() }
}

// nothingToRun reports whether every job of the sweep name, just
// submitted, needs no worker: finished in its directory under out (the
// submission skips it), or done on the server with its outputs stored
// (they are downloaded, not run). A state that cannot be read counts as
// work left.
func nothingToRun(ctx context.Context, c *natsq.Conn, name, out string, jobs []experiment.Job) bool {
	var left []experiment.Job
	for _, j := range jobs {
		if _, finished, err := experiment.JobState(filepath.Join(out, j.Out), j); err != nil || !finished {
			left = append(left, j)
		}
	}
	if len(left) == 0 {
		return true
	}
	states, err := c.States(ctx, name, left)
	if err != nil {
		return false
	}
	for _, st := range states {
		if st.Status != sweep.StatusDone {
			return false
		}
	}
	return true
}

// clearStaleWork removes the job directories under workDir (the
// DIR/.work of a sweep on the embedded server, whose store this process
// holds; a reproduction's --nats is always another server's, and its
// DIR/.work is not cleared) that no process claims: the
// directories of jobs that a killed process was running, which its
// workers, killed too, did not remove once the outputs were uploaded.
// Such a job continues from the checkpoint stored on the server, never
// from its old directory, which would otherwise stay there for good (a
// checkpoint with its replay buffer each). A directory whose claim
// another process holds is left alone.
func clearStaleWork(w io.Writer, workDir string) {
	ents, err := os.ReadDir(workDir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(workDir, e.Name())
		c, err := experiment.ClaimRunDir(dir)
		if err != nil {
			continue // running in another process, or not a directory now
		}
		err = os.RemoveAll(dir)
		c.Release()
		if err != nil {
			fmt.Fprintf(w, "removing the stale job directory %s: %v\n", dir, err)
		}
	}
}

// checkServerTLS refuses the TLS flags of a server (stackel server, or
// the embedded server of stackel sweep) that it would ignore: without
// both a certificate and its key the server runs without TLS, so a lone
// --tls-ca (meant to require client certificates) left every client
// admitted without one, without a word; and a certificate without its key
// (or a key without its certificate) was reported in the terms of the
// NATS server's configuration file ("missing 'key_file'").
func checkServerTLS(cert, key, ca string) error {
	switch {
	case cert != "" && key == "":
		return fmt.Errorf("--tls-cert %s needs --tls-key, the certificate's key", cert)
	case key != "" && cert == "":
		return fmt.Errorf("--tls-key %s needs --tls-cert, the server's certificate", key)
	case ca != "" && cert == "":
		return fmt.Errorf("--tls-ca %s: the server requires certificates signed by it only with TLS, which needs --tls-cert and --tls-key (the server's certificate and key); without them it would run without TLS and admit any client", ca)
	}
	return nil
}

func withUserInfo(url, user, password string) string {
	for i := 0; i+3 <= len(url); i++ {
		if url[i:i+3] == "://" {
			return url[:i+3] + user + ":" + password + "@" + url[i+3:]
		}
	}
	return url
}

// afterSweepExecute, when not nil, runs in runSweepNATS right after the
// executor returns (a test hook: a Ctrl-C at that moment).
var afterSweepExecute func()

func runSweepNATS(cmd *cobra.Command, name string, jobs []sweep.Job, f sweepFlags) error {
	if err := onlyWith(cmd, f.run.natsURL == "", "no effect with --nats (they configure the embedded server, which --nats replaces; give the server's credentials as user:password@ in the URL, --token or --creds)",
		"listen", "user", "password"); err != nil {
		return err
	}
	if f.run.natsURL == "" {
		if err := checkServerTLS(f.run.conn.tlsCert, f.run.conn.tlsKey, f.run.conn.tlsCA); err != nil {
			return err
		}
	}
	// The queue's settings are the server's, shared by its sweeps: changed
	// only when asked, not reset to the defaults under another sweep's jobs.
	if !cmd.Flags().Changed("ack-wait") {
		f.run.ackWait = 0
	}
	if !cmd.Flags().Changed("attempts") {
		f.run.maxAttempts = 0
	}
	// The local worker slots and the waiting executor print at once.
	w := newSyncWriter(cmd.OutOrStdout())
	ctx := cmd.Context()
	out := f.out
	slots := f.run.workers
	if slots < 0 {
		slots = runtime.GOMAXPROCS(0)
	}
	if f.run.natsURL == "" && slots > 0 {
		// The embedded server's workers are this process's: refuse jobs it
		// cannot run before any starts, unless told other workers will come.
		if err := experiment.CheckJobsRunnable(sweep.Plain(jobs)); err != nil {
			return fmt.Errorf("%w\nthis sweep's workers are this process's: build stackel with -tags mujoco, or give --workers 0 and start workers built with it (stackel worker --nats URL)", err)
		}
	}
	// The name is a token of the sweep's NATS subjects and keys: refused
	// before a server starts.
	if err := natsq.CheckName(name); err != nil {
		return err
	}
	m := sweep.Manifest{Name: name, Jobs: jobs}
	// Written only once the jobs are queued (Submitted): its size is
	// checked before a server is opened, so that a manifest too large to
	// be read back queues nothing.
	if err := sweep.CheckManifestSize(filepath.Join(out, sweep.ManifestFile), m); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	s, err := openSession(ctx, w, out, f.run, "stackel sweep "+name)
	if err != nil {
		return err
	}
	defer s.close()
	stop, submitted := func() {}, false
	exec := natsq.Executor{Conn: s.conn, Name: name, Manifest: m, Log: w, Replace: f.run.replace, DeclinedTimeout: f.run.declinedTimeout,
		Submitted: func() error {
			// Written once the session holds the store (an embedded
			// server's lock on DIR/.nats) and the server took the sweep
			// as the name's: a second sweep refused by either (the same
			// --out, or another grid under the name) leaves the running
			// sweep's manifest as it is, and starts no workers.
			if err := sweep.WriteManifest(filepath.Join(out, sweep.ManifestFile), m); err != nil {
				return err
			}
			submitted = true
			if slots <= 0 && nothingToRun(ctx, s.conn, name, out, sweep.Plain(jobs)) {
				// Every job finished: no worker is waited for, and
				// "waiting for workers to join" would say otherwise.
				return nil
			}
			stop = s.startWorkers(ctx, w, slots, filepath.Join(out, ".work"))
			return nil
		}}
	err = exec.Execute(ctx, out, sweep.Plain(jobs), nil)
	stop()
	if afterSweepExecute != nil {
		afterSweepExecute()
	}
	if err != nil && (ctx.Err() != nil || !submitted) {
		// Stopped, or refused by the server before the sweep was stored
		// there: no report. (A Ctrl-C just after Execute returned nil,
		// every job ended, still gets the report: it returned without
		// writing one, and the caller read a missing or stale sweep.json.)
		return err
	}
	states, serr := s.conn.States(context.Background(), name, sweep.Plain(jobs))
	if serr != nil {
		return errors.Join(err, serr)
	}
	// A job done on the server whose outputs could not be downloaded is
	// failed here: not counted done over outputs that are not on disk.
	ids := natsq.FetchFailed(states, sweep.Plain(jobs), err)
	release, lerr := lockSweepReport(out, w)
	if lerr != nil {
		return errors.Join(err, lerr)
	}
	rerr := sweep.WriteReport(out, name, jobs, natsq.Records(out, jobs, states), w)
	release()
	if rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		if rerr == nil && declinedTimedOut(err) {
			// The wait ended on jobs no live worker can run, or with no
			// worker live (its declined timeout): the report of the
			// others is written.
			fmt.Fprintf(w, "wrote %s (sweep.json, report.md, runs/, curves/)\n", textcut.Line(out))
		}
		return fetchFailedError(sweep.Manifest{Name: name}, out, ids, err)
	}
	fmt.Fprintf(w, "wrote %s (sweep.json, report.md, runs/, curves/)\n", textcut.Line(out))
	return nil
}

func collectNATS(cmd *cobra.Command, n natsClient, name, out string) error {
	ctx := cmd.Context()
	c, err := n.connect(ctx, "stackel sweep collect")
	if err != nil {
		return err
	}
	defer c.Close()
	// A collect meeting a server that does not answer waits for it,
	// saying so (natsq.Conn.Collect; without a log it would end at once).
	c.Log = cmd.OutOrStdout()
	m, err := c.CollectManifest(ctx, name)
	if err != nil {
		return err
	}
	if err := checkCollectOut(m, out); err != nil {
		return err
	}
	if _, err := makeOutDir(out); err != nil {
		return err
	}
	if err := sweep.WriteManifest(filepath.Join(out, sweep.ManifestFile), m); err != nil {
		return err
	}
	states, ferr := c.Collect(ctx, name, sweep.Plain(m.Jobs), out)
	if states == nil {
		return ferr // stopped, or the server did not answer: nothing fetched
	}
	// The other jobs' outputs are on disk: the report is written from
	// them, with each job whose outputs could not be downloaded failed
	// (not done over outputs that are not there), and the exit says so.
	ids := natsq.FetchFailed(states, sweep.Plain(m.Jobs), ferr)
	if m.Reproduce != nil {
		if err := reproduceReport(cmd, out, m, natsCollectWords("sweep collect --nats", n.url, name, out, c.AdviceFlags())); err != nil {
			return errors.Join(err, fetchFailedError(m, out, ids, ferr))
		}
		return fetchFailedError(m, out, ids, ferr)
	}
	release, err := lockSweepReport(out, cmd.OutOrStdout())
	if err != nil {
		return errors.Join(err, fetchFailedError(m, out, ids, ferr))
	}
	err = sweep.WriteReport(out, name, m.Jobs, natsq.Records(out, m.Jobs, states), cmd.OutOrStdout())
	release()
	if err != nil {
		return errors.Join(err, fetchFailedError(m, out, ids, ferr))
	}
	fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", textcut.Line(out))
	return fetchFailedError(m, out, ids, ferr)
}

// fetchFailedError is err (nil for none) of a sweep whose jobs ids (from
// natsq.FetchFailed) finished on the server but could not have their
// outputs downloaded into out: it names them and says where the report
// records them (a sweep's report.md, as failed; a reproduction's report
// covers the runs on disk, and theirs are not).
func fetchFailedError(m sweep.Manifest, out string, ids []string, err error) error {
	if err == nil || len(ids) == 0 {
		return err
	}
	where := "recorded as failed in " + filepath.Join(out, "report.md")
	if m.Reproduce != nil {
		where = "their runs are not in " + out + ", nor in the reproduction's report"
	}
	return fmt.Errorf("sweep %s: the outputs of %s could not be downloaded: %s (%s): %w",
		m.Name, experiment.CountOf(len(ids), "finished job"), strings.Join(ids, ", "), where, err)
}

// checkCollectOut refuses, before anything is written, an output
// directory whose manifest.json and report.md collecting the sweep m
// would write over another kind's: a sweep's into a reproduction's
// directory (checkSweepOut), a reproduction's into a sweep's
// (checkReproduceOut) or into another reproduction's (its report would
// refuse it after the outputs were downloaded).
func checkCollectOut(m sweep.Manifest, out string) error {
	if _, err := missingDirs(out); err != nil {
		return err
	}
	if m.Reproduce == nil {
		return checkSweepOut(out)
	}
	r, err := repro.Lookup(m.Reproduce.Name)
	if err != nil {
		return err
	}
	if err := checkReproduceOut(out, r.Name); err != nil {
		return err
	}
	if err := r.CheckOut(out); err != nil {
		return reproError(r.Name, err)
	}
	return nil
}

// natsClient is what a command that talks to a NATS server as a client
// takes: --nats URL and the connection flags (credentials, TLS, --token).
type natsClient struct {
	url  string
	conn connFlags
}

// add adds the flags to cmd, --nats required.
func (n *natsClient) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&n.url, "nats", "", "NATS server URL (required)")
	cmd.MarkFlagRequired("nats")
	n.conn.add(cmd)
	n.conn.addToken(cmd)
}

// connect connects to the server, naming the client who.
func (n *natsClient) connect(ctx context.Context, who string) (*natsq.Conn, error) {
	return natsq.Connect(ctx, n.conn.options(n.url, who))
}

// newSweepClientCmd is a `sweep` subcommand on one sweep NAME at a NATS
// server: it connects as "stackel sweep <verb>" and calls run with the
// connection (closed after) and the name.
func newSweepClientCmd(verb, short string, run func(cmd *cobra.Command, c *natsq.Conn, name string) error) *cobra.Command {
	var n natsClient
	cmd := &cobra.Command{
		Use:   verb + " --nats URL NAME",
		Short: short,
		Args:  oneArg("NAME, the sweep's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := n.connect(cmd.Context(), "stackel sweep "+verb)
			if err != nil {
				return err
			}
			defer c.Close()
			// A cancel waiting for the sweep's name lock says so.
			c.Log = cmd.OutOrStdout()
			return run(cmd, c, args[0])
		},
	}
	n.add(cmd)
	return cmd
}

func newSweepStatusCmd() *cobra.Command {
	var asJSON bool
	cmd := newSweepClientCmd("status", "Print a sweep's progress", func(cmd *cobra.Command, c *natsq.Conn, name string) error {
		ctx := cmd.Context()
		m, err := c.Manifest(ctx, name)
		if err != nil {
			return err
		}
		states, err := c.StatusStates(ctx, name, sweep.Plain(m.Jobs))
		if err != nil {
			return err
		}
		w := cmd.OutOrStdout()
		if asJSON {
			return writeStatusJSON(w, name, m.Jobs, states)
		}
		fmt.Fprintf(w, "sweep %s: %s\n", name, natsq.Summarise(states))
		for i, j := range m.Jobs {
			fmt.Fprintln(w, statusLine(j, states[i]))
		}
		return nil
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the status as one JSON object (for scripts): the summary, each status's count, whether every remaining job is declined by every live worker, and each job's state with the workers that declined it")
	return cmd
}

// statusLine is stackel sweep status's line for job j in state s (a
// queued job that every live worker has handed back says so, by whom and
// why: declinedNote), with
// every character a terminal would not show as written escaped
// (textcut.Printable): a job's error, as a worker on another machine
// stored it, can name a path or a value no one quoted, and the label
// writes the grid's values. Before review 49 an ESC in them reached the
// terminal raw.
func statusLine(j sweep.Job, s natsq.State) string {
	line := fmt.Sprintf("%4d %s %-9s attempts %d", j.Index, j.ID, s.Status, s.Attempts)
	if s.Worker != "" {
		line += " worker " + s.Worker
	}
	if s.FinishedAttempt > 0 && s.FinishedAttempt != s.Attempts {
		// A redelivery started while that attempt finished, and stopped.
		line += fmt.Sprintf(" (its run: attempt %d)", s.FinishedAttempt)
	}
	if s.WallSeconds > 0 {
		line += " " + wallDuration(s.WallSeconds)
	}
	line += fmt.Sprintf("  %s seed %d", j.Label(), j.Seed)
	if s.Error != "" {
		line += "  error: " + s.Error
	}
	if s.Waiting != "" && s.Status == sweep.StatusQueued {
		line += "  waiting: " + s.Waiting
	}
	if d := declinedNote(s); d != "" {
		line += d
	}
	return textcut.Printable(line)
}

// declinedNote is what statusLine adds for a queued job that every live
// worker has handed back (s.DeclinedByAll): after its waiting note (the
// first hand-back's), "; declined by every live worker (2: w1, w2)", with
// their reasons (natsq.DeclineText) unless the note gives each already;
// "" for any other job.
func declinedNote(s natsq.State) string {
	d := natsq.DeclineText(s)
	if d == "" {
		return ""
	}
	if s.Waiting == "" {
		return "  " + d
	}
	for _, dc := range s.DeclinedByAll {
		if !strings.HasSuffix(s.Waiting, ": "+dc.Why) {
			return "; " + d
		}
	}
	return fmt.Sprintf("; declined by every live worker (%s)", natsq.DeclinedNames(s.DeclinedByAll))
}

func newSweepCancelCmd() *cobra.Command {
	return newSweepClientCmd("cancel", "Stop a sweep: drop its queued jobs and stop its running ones (finished outputs stay)", func(cmd *cobra.Command, c *natsq.Conn, name string) error {
		n, err := c.Cancel(cmd.Context(), name)
		if err != nil {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "sweep %s cancelled: %s stopped\n", name, experiment.CountOf(n, "queued or running job"))
		return nil
	})
}

func newWorkerCmd() *cobra.Command {
	var (
		n           natsClient
		concurrency int
		workDir     string
	)
	cmd := &cobra.Command{
		Use:   "worker --nats URL [--concurrency N]",
		Short: "Run sweep jobs from a NATS JetStream work queue",
		Long: `worker pulls jobs from the work queue of the NATS server at URL, runs each
(resuming from the job's stored checkpoint when it was started elsewhere),
reports progress while it runs, stores checkpoints and outputs in the
server's object store, and acknowledges a job only once its outputs are
stored. Ctrl-C or SIGTERM hands running jobs back to the queue and removes
the worker from the live workers (bucket stackel_workers) before it exits. A
second Ctrl-C or SIGTERM ends it at once (a stop that hangs), but a repeat of
the first signal less than 1 s after it is taken as the same one: GNU timeout
sends SIGTERM to the worker and then to its process group. A job this
build cannot run (a MuJoCo task, without -tags mujoco) is handed back for a
worker that can, without using one of its attempts. A worker started
before its server waits for it.`,
		Args: noArgs("give the server's URL as --nats URL"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkCounts(cmd, atLeast{"concurrency", 0}); err != nil {
				return err
			}
			// Before waiting for the server: a file given as the work
			// directory would otherwise have every job handed back, for
			// ever, each time it is delivered.
			if err := checkDirFlag(cmd, "work-dir"); err != nil {
				return err
			}
			ctx := cmd.Context()
			// A worker may start before its server (the sweep that embeds
			// it, on another machine): it waits for one.
			c, err := natsq.ConnectWait(ctx, n.conn.options(n.url, "stackel worker"), cmd.OutOrStdout())
			if err != nil {
				if ctx.Err() != nil {
					return nil // stopped while waiting
				}
				return err
			}
			defer c.Close()
			if concurrency <= 0 {
				concurrency = runtime.GOMAXPROCS(0)
			}
			w := &natsq.Worker{Conn: c, Concurrency: concurrency, WorkDir: workDir, Log: cmd.OutOrStdout()}
			return w.Run(ctx)
		},
	}
	n.add(cmd)
	cmd.Flags().IntVar(&concurrency, "concurrency", 1, "jobs run at once (0: the number of cores)")
	cmd.Flags().StringVar(&workDir, "work-dir", "", "local directory for running jobs (default a temporary one)")
	return cmd
}

func newServerCmd() *cobra.Command {
	var (
		listen, store, token, user, password string
		tlsCert, tlsKey, tlsCA               string
	)
	cmd := &cobra.Command{
		Use:   "server [--listen ADDR] [--store DIR]",
		Short: "Run the embedded NATS JetStream server alone, for sweeps and reproductions with --nats",
		Long: `server runs the NATS server with JetStream that stackel sweep embeds, until
Ctrl-C or SIGTERM, so that sweeps (stackel sweep SPEC --nats URL),
reproductions (stackel reproduce NAME --nats URL) and workers (stackel worker
--nats URL) can share it. It listens on loopback unless told otherwise; any
other address needs --token or --user/--password.`,
		Args: noArgs("give the address as --listen ADDR and the store as --store DIR"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkDirFlag(cmd, "store"); err != nil {
				return err
			}
			if err := checkServerTLS(tlsCert, tlsKey, tlsCA); err != nil {
				return err
			}
			// Log: a store whose disk fills takes no more writes until the
			// server restarts, and its clients see only timeouts; the
			// server says why, once, on stderr.
			srv, err := natsq.StartServer(natsq.ServerOptions{Listen: listen, StoreDir: store, Token: token, User: user, Password: password,
				TLSCert: tlsCert, TLSKey: tlsKey, TLSCA: tlsCA, Log: cmd.ErrOrStderr()})
			if err != nil {
				return err
			}
			defer srv.Shutdown()
			fmt.Fprintf(cmd.OutOrStdout(), "NATS server (JetStream in %s) listening at %s\n", textcut.Line(store), srv.URL)
			<-cmd.Context().Done()
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&listen, "listen", "127.0.0.1:4222", "address to listen on (a non-loopback one needs --token or --user/--password)")
	fl.StringVar(&store, "store", filepath.Join("out", ".nats"), "JetStream's directory (a restarted server continues from it)")
	secretVar(fl, &token, "token", "STACKEL_NATS_TOKEN", "clients must give this token (default $STACKEL_NATS_TOKEN)")
	fl.StringVar(&user, "user", "", "clients must give this user…")
	secretVar(fl, &password, "password", "STACKEL_NATS_PASSWORD", "…and password (default $STACKEL_NATS_PASSWORD)")
	fl.StringVar(&tlsCert, "tls-cert", "", "server certificate (TLS)")
	fl.StringVar(&tlsKey, "tls-key", "", "key of --tls-cert")
	fl.StringVar(&tlsCA, "tls-ca", "", "CA that signs client certificates (then required)")
	return cmd
}

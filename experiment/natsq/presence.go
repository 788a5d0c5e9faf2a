package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/textcut"
)

// This file holds what the queue knows of its live workers and of the
// jobs they hand back (decline): a job that every live worker has handed
// back waits until a worker that can run it joins, and the sweep's wait
// and status say so (State.DeclinedByAll), distinct from a job no worker
// has looked at yet. Before session 53 nothing said it: a job whose
// submitter's stackel gives it other defaults than every worker's waited
// for ever, its sweep's wait printing one "waits for another worker" line.

// WorkersBucket is the key-value bucket of the live workers: one entry
// per running Worker (its Presence, under its instance ID), put when it
// starts and again every third of PresenceTTL, removed when it stops, and
// expired by the server PresenceTTL after its last put (a worker killed,
// or cut off from the server). Memory storage: presence is not kept over
// a server restart, and workers put theirs again.
const WorkersBucket = "stackel_workers"

// PresenceTTL is how long a worker counts as live after its last put in
// WorkersBucket: a worker killed without stopping counts for up to that
// long.
const PresenceTTL = 15 * time.Second

// presenceEvery is how often a worker puts its presence again: a third of
// PresenceTTL (tests shorten it).
var presenceEvery = PresenceTTL / 3

// maxDeclines bounds State.Declines: a job handed back by more worker
// instances than that keeps the latest (the others, if alive, then count
// as not having handed it back: the job is not said declined by every
// live worker).
const maxDeclines = 64

// Presence is a live worker's entry in WorkersBucket.
type Presence struct {
	// ID is the worker's instance: another for each Run (a worker of the
	// same Name started again, of another build maybe, is another).
	ID string `json:"id"`
	// Name is the worker's Name.
	Name string `json:"name"`
	// Started is when its Run began.
	Started time.Time `json:"started"`
}

// Decline is a worker's hand-back of a job it cannot run (State.Declines).
type Decline struct {
	// ID is the worker's instance (Presence.ID).
	ID string `json:"id"`
	// Worker is the worker's Name.
	Worker string `json:"worker"`
	// Why is why it cannot run the job ("its submitter's stackel gives it
	// other effective settings than this build (ActorLR 0.001 here, 0.5
	// at the submitter): …").
	Why string `json:"why"`
	// At is when it first handed the job back for that reason.
	At time.Time `json:"at"`
}

// workersKV opens WorkersBucket, creating it when create is set; without
// create, a bucket not there is (nil, nil).
func (c *Conn) workersKV(ctx context.Context, create bool) (jetstream.KeyValue, error) {
	if create {
		return c.JS.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: WorkersBucket, TTL: PresenceTTL, History: 1, Storage: jetstream.MemoryStorage})
	}
	kv, err := c.JS.KeyValue(ctx, WorkersBucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, nil
	}
	return kv, err
}

// LiveWorkers returns the workers live now (their entries in
// WorkersBucket), sorted by name and instance; none without the bucket
// (no worker that records its presence has run on the server). Workers of
// stackel versions before main at 53c4b20 put no entry, and are not among
// them. The bucket is read in one listing of its entries with their
// values (one watch), not a read of each entry, within requestTimeout.
func (c *Conn) LiveWorkers(ctx context.Context) ([]Presence, error) {
	// Bounded by requestTimeout whatever the caller's deadline: the watch
	// below waits for its end marker, which a server restarted during the
	// listing never sends, and a sweep's wait (the CLI's context has no
	// deadline) must go on polling to notice the outage.
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	kv, err := c.workersKV(ctx, false)
	if kv == nil || err != nil {
		return nil, err
	}
	wa, err := kv.WatchAll(ctx, jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("NATS: listing the live workers (bucket %s): %w", WorkersBucket, err)
	}
	defer wa.Stop()
	var live []Presence
	ended := false
	for e := range wa.Updates() {
		if e == nil { // the entries there when the listing began: all read
			ended = true
			break
		}
		var p Presence
		if json.Unmarshal(e.Value(), &p) != nil || p.ID != e.Key() {
			continue // not a worker's entry
		}
		live = append(live, p)
	}
	if !ended {
		err := ctx.Err()
		if err == nil {
			err = errors.New("the listing ended before its last entry")
		}
		return nil, fmt.Errorf("NATS: listing the live workers (bucket %s): %w", WorkersBucket, err)
	}
	slices.SortFunc(live, func(a, b Presence) int {
		return cmp2(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	return slices.CompactFunc(live, func(a, b Presence) bool { return a.ID == b.ID }), nil
}

// liveView is the live workers as a sweep's wait last listed them
// (Conn.LiveWorkers), listed again once they are presenceEvery old:
// workers put their presence that often, and a wait that lasts as long
// as a job declined by every live worker waits (hours, maybe) lists the
// bucket every presenceEvery, not at each poll of its jobs' states. A
// worker that joins, or dies, is seen up to presenceEvery later.
type liveView struct {
	c    *Conn
	at   time.Time // when live was listed
	live []Presence
	err  error // the listing's error
	read bool  // live was listed
}

// liveClock is liveView's clock (a test stops it).
var liveClock = time.Now

// liveListings counts liveView's listings of WorkersBucket: a test's
// measure of a wait's load on the server.
var liveListings atomic.Int64

// get returns the live workers, listed again when the last listing is
// presenceEvery old (or its time is ahead of the clock's). A listing
// that fails is kept as well, its error returned until the next listing:
// a bucket the wait cannot read (credentials that may not read it) is not
// tried at each poll.
func (v *liveView) get(ctx context.Context) ([]Presence, error) {
	now := liveClock()
	if v.read && !now.Before(v.at) && now.Sub(v.at) < presenceEvery {
		return v.live, v.err
	}
	liveListings.Add(1)
	v.live, v.err = v.c.LiveWorkers(ctx)
	v.at, v.read = now, true
	return v.live, v.err
}

// fresh lists the live workers now, whatever the age of the last
// listing (kept for get): a wait about to end on jobs declined by every
// live worker (its declined timeout) does not end on a listing made
// before a worker joined.
func (v *liveView) fresh(ctx context.Context) ([]Presence, error) {
	v.read = false
	return v.get(ctx)
}

// cmp2 is a, or b when a is 0.
func cmp2(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// announce puts w's presence in WorkersBucket now and then every
// presenceEvery until ctx ends, and then removes it. A put that fails
// (the server away, the bucket gone: created again at the next put) is
// tried again at the next; the first failure is logged, once, and so is
// the put that works again after it.
func (w *Worker) announce(ctx context.Context) (stop func()) {
	p := Presence{ID: w.id, Name: w.Name, Started: time.Now().UTC()}
	b, _ := json.Marshal(p)
	var kv jetstream.KeyValue
	said := false
	put := func() {
		pctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		var err error
		if kv == nil {
			kv, err = w.Conn.workersKV(pctx, true)
		}
		if err == nil {
			if _, err = kv.Put(pctx, p.ID, b); err != nil {
				kv = nil // the bucket may be gone (a server restarted): created again
			}
		}
		switch {
		case err != nil && !said:
			said = true
			w.logf("worker %s: recording its presence (bucket %s): %v; trying again every %s (until it works, sweeps cannot tell that every live worker has handed back a job)", w.Name, WorkersBucket, err, presenceEvery)
		case err == nil && said:
			// Said, so that the failure above (a server's restart, say)
			// is not read as lasting, and a later one is said again.
			said = false
			w.logf("worker %s: its presence is recorded again (bucket %s)", w.Name, WorkersBucket)
		}
	}
	put()
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		t := time.NewTicker(presenceEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				return
			case <-t.C:
				put()
			}
		}
	}()
	return func() {
		close(done)
		<-ended
		if kv != nil {
			dctx, cancel := context.WithTimeout(context.Background(), time.Second)
			kv.Purge(dctx, p.ID)
			cancel()
		}
	}
}

// newInstanceID returns a new worker instance ID (a NATS key token).
func newInstanceID() string { return nuid.Next() }

// noteDecline records, in the state of queued job id of sweep name, that
// worker instance d.ID hands it back (State.Declines: added, or its
// reason replaced), and notes why it waits (State.Waiting) when it has no
// note yet; a state that says so already is not written again.
func (c *Conn) noteDecline(ctx context.Context, name, id string, d Decline) error {
	return c.updateState(ctx, name, id, func(s *State) bool {
		if s.Status != sweep.StatusQueued {
			return false
		}
		changed := false
		if s.Waiting == "" {
			s.Waiting = fmt.Sprintf("worker %s cannot run it: %s", d.Worker, d.Why)
			changed = true
		}
		i := slices.IndexFunc(s.Declines, func(o Decline) bool { return o.ID == d.ID })
		switch {
		case i < 0:
			s.Declines = append(s.Declines, d)
			if n := len(s.Declines); n > maxDeclines {
				slices.SortStableFunc(s.Declines, func(a, b Decline) int { return a.At.Compare(b.At) })
				s.Declines = slices.Delete(s.Declines, 0, n-maxDeclines)
			}
			changed = true
		case s.Declines[i].Why != d.Why || s.Declines[i].Worker != d.Worker:
			s.Declines[i] = d
			changed = true
		}
		return changed
	})
}

// declinedByAll returns the declines of s, a queued job's state, by each
// of the live workers, when every one of them has handed it back; nil
// when none is live, or one has not (it has not been delivered the job
// yet, or is busy with another: it may run this one).
func declinedByAll(s State, live []Presence) []Decline {
	if s.Status != sweep.StatusQueued || len(live) == 0 || len(s.Declines) == 0 {
		return nil
	}
	out := make([]Decline, 0, len(live))
	for _, p := range live {
		i := slices.IndexFunc(s.Declines, func(d Decline) bool { return d.ID == p.ID })
		if i < 0 {
			return nil
		}
		out = append(out, s.Declines[i])
	}
	return out
}

// markDeclined sets DeclinedByAll in states from the live workers that
// list returns (Conn.LiveWorkers, or a wait's liveView); it lists them
// only when a queued job has been handed back.
func markDeclined(ctx context.Context, states []State, list func(context.Context) ([]Presence, error)) error {
	if !slices.ContainsFunc(states, func(s State) bool { return s.Status == sweep.StatusQueued && len(s.Declines) > 0 }) {
		return nil
	}
	live, err := list(ctx)
	if err != nil {
		return err
	}
	for i := range states {
		states[i].DeclinedByAll = declinedByAll(states[i], live)
	}
	return nil
}

// DeclineText says who declined a job and why, from s.DeclinedByAll:
// "declined by every live worker (2: w1, w2): WHY" when they give one
// reason, "declined by every live worker (2): w1: WHY1; w2: WHY2" when
// not; "" for a job some live worker has not handed back.
func DeclineText(s State) string {
	ds := s.DeclinedByAll
	if len(ds) == 0 {
		return ""
	}
	same := true
	for _, d := range ds {
		same = same && d.Why == ds[0].Why
	}
	if same {
		return fmt.Sprintf("declined by every live worker (%s): %s", DeclinedNames(ds), ds[0].Why)
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Worker + ": " + d.Why
	}
	return fmt.Sprintf("declined by every live worker (%d): %s", len(ds), strings.Join(parts, "; "))
}

// DeclinedNames names the workers of declines ds as DeclineText does
// when they give one reason: their count, then the first ten names and
// how many more there are ("12: w01, w02, …, w10 and 2 more").
func DeclinedNames(ds []Decline) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Worker
	}
	return fmt.Sprintf("%d: %s", len(ds), listNames(names))
}

// listNames joins the first ten names, and says how many more there are.
func listNames(names []string) string {
	const most = 10
	list := strings.Join(names[:min(len(names), most)], ", ")
	if len(names) > most {
		list += fmt.Sprintf(" and %d more", len(names)-most)
	}
	return list
}

// declinedLines are the lines of a sweep's wait about its jobs that every
// live worker has handed back: one for each distinct DeclineText, naming
// its jobs (the first ten) and saying what the wait does.
func declinedLines(name string, jobs []experiment.Job, states []State, worker string) []string {
	groups := declinedGroups(jobs, states)
	lines := make([]string, len(groups))
	for i, g := range groups {
		what, it := g.what()
		lines[i] = textcut.Printable(fmt.Sprintf("%s: %s %s; the sweep waits for a worker that can run %s to join (%s)", name, what, g.text, it, workerOr(worker)))
	}
	return lines
}

// workerPlaceholder is the command that starts a worker, as the advice of
// a sweep's wait gives it when the server's URL is not known.
const workerPlaceholder = "stackel worker --nats URL"

// workerOr is the command worker, or workerPlaceholder when it is empty.
func workerOr(worker string) string {
	if worker == "" {
		return workerPlaceholder
	}
	return worker
}

// workerCommand is the command that starts a worker on c's server, for
// the advice of a sweep's wait: "stackel worker --nats URL" with the URL
// the user gave the connection (--nats: givenURL, a comma-separated list
// as given), any user:password@ or token@ in it replaced by *** (redact:
// the credentials are the user's to give, not the log's to show) — not
// the URL of the server the connection is on at the moment, which after
// a reconnect in a cluster is one the client learnt from the servers'
// gossip, an address (often internal) the user never gave. For a Conn
// connected in process it is the embedded server's URL as the sweep's
// first line gives it (Server.URL: the host name when it listens on all
// interfaces, where other machines' workers reach it, not the loopback
// address of ClientURL), with ***@ when the connection gives credentials
// (a token, or a user and password), which a worker needs too, followed
// by the TLS flags a worker needs to reach it (Server.WorkerFlags). For a
// server given with --nats, the URL is followed by the credential and TLS
// flags the connection was given (credentialFlags: "--token '***'",
// "--creds FILE", "--tls-ca FILE", …), without which the worker would be
// refused. Empty when the URL is not known: c nil, or its connection
// closed.
func (c *Conn) workerCommand() string {
	if c == nil {
		return ""
	}
	var u string
	switch {
	case c.srv != nil:
		u = c.srv.URL
		if c.NC != nil && inProcessCredentials(c.NC.Opts) {
			u = strings.Replace(u, "://", "://***@", 1)
		}
		return WorkerCommand(u) + c.srv.workerFlags
	case c.NC != nil && !c.NC.IsClosed():
		if u = c.givenURL(); u != "" {
			return WorkerCommand(u) + c.adviceFlags
		}
	}
	return WorkerCommand(u)
}

// givenURL is the URL, or the comma-separated list of URLs, that c's
// connection was given (Connect's ConnOptions.URL, as the client split
// it: blanks around the commas and empty entries dropped), credentials
// included; the servers the client discovered later are not among them.
func (c *Conn) givenURL() string {
	o := c.NC.Opts
	urls := o.Servers
	if o.Url != "" {
		urls = append([]string{o.Url}, urls...)
	}
	return strings.Join(urls, ",")
}

// workerCommandAtEnd is workerCommand for the advice a sweep's wait ends
// with ("start a worker (…), then give the same command again"): when c's
// server is the sweep's embedded one on a port picked at random, that
// server stops with the sweep and the same command given again listens
// on another port, so the advice asks for a fixed --listen port first.
func (c *Conn) workerCommandAtEnd() string {
	cmd := c.workerCommand()
	if cmd == "" || c.srv == nil || !c.srv.RandomPort {
		return cmd
	}
	return cmd + " after giving the sweep a fixed port with --listen HOST:PORT: this server's port was picked at random (--listen " + listenText(c.srv.listen) + ") and the same command picks another"
}

// WorkerCommandAtEnd is WorkerCommand for advice given as the sweep's
// process ends: an embedded server on a port picked at random stops with
// it and listens on another when the same command is given again, so the
// command then also says to give the sweep a fixed --listen port.
// "stackel worker --nats URL", the word URL, when the URL is not known.
func (c *Conn) WorkerCommandAtEnd() string { return workerOr(c.workerCommandAtEnd()) }

// WorkerCommand is the command that starts a worker on c's server, for
// a caller's advice: "stackel worker --nats URL" with the URL (or list)
// the user gave, credentials shown as ***@, as a sweep's wait gives it;
// the word URL when the URL is not known (c nil, or its connection
// closed).
func (c *Conn) WorkerCommand() string { return workerOr(c.workerCommand()) }

// inProcessCredentials reports whether a connection with options o gives
// the server credentials: a token, a user, or user information in one of
// its URLs.
func inProcessCredentials(o nats.Options) bool {
	if o.Token != "" || o.User != "" {
		return true
	}
	for _, u := range append([]string{o.Url}, o.Servers...) {
		if _, at := credentialsAt(u); at >= 0 {
			return true
		}
	}
	return false
}

// WorkerCommand is the command that starts a worker on the NATS server
// at url (a --nats URL), "stackel worker --nats URL" with any
// user:password@ or token@ in url shown as *** (the credentials are the
// user's to give, not a log's to show). Empty when url is.
func WorkerCommand(url string) string {
	if url == "" {
		return ""
	}
	return "stackel worker --nats " + redact(url)
}

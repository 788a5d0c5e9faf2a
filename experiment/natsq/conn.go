package natsq

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/internal/shellquote"
	"github.com/stackel/stackel/internal/textcut"
)

// ConnOptions say how a client (worker, sweep, status) reaches the server.
type ConnOptions struct {
	// URL is nats://[user:password@ or token@]host:port (comma-separated
	// for a cluster); tls:// for TLS.
	URL string
	// Creds is a NATS credentials file (JWT and NKey seed).
	Creds string
	// Token is an authentication token (besides one in the URL).
	Token string
	// TLSCA verifies the server's certificate; TLSCert and TLSKey are a
	// client certificate.
	TLSCA, TLSCert, TLSKey string
	// Name is the connection's name on the server.
	Name string
	// InProcess, when set, connects to this embedded server in memory (no
	// socket, no TLS): the local clients of `stackel sweep`. Credentials
	// still apply.
	InProcess *Server
}

// Conn is a connection with JetStream and the sweep's buckets.
type Conn struct {
	// NC is the NATS connection; Close closes it.
	NC *nats.Conn
	// JS is the JetStream context on NC: the jobs stream StreamName and
	// its consumer ConsumerName.
	JS jetstream.JetStream
	// KV is the key-value bucket KVBucket: each job's State and each
	// cancelled sweep's mark.
	KV jetstream.KeyValue
	// Obj is the object store ObjectBucket: each job's checkpoint, outputs
	// and final record under <job-id>/, each sweep's manifest under
	// <sweep>/.
	Obj jetstream.ObjectStore
	// Log, when not nil, is told when Submit, Cancel or CancelOthers waits
	// for the sweep's name lock, held by another submission or
	// cancellation (or by a process killed while it held it, whose lock
	// is taken over after 20 s): without it they wait silently. Collect
	// tells it that it waits for a server that does not answer; without
	// it Collect does not wait but ends with an error saying so. An
	// Executor's own Log is used for its submissions.
	Log io.Writer
	// lastOutage is when outage last found the server or its JetStream
	// not answering (Unix nanoseconds; 0: never), shared by the copies of
	// the Conn that Connect made (nil in a Conn made otherwise: no grace).
	lastOutage *atomic.Int64
	// srv is the embedded server of a Conn connected in process
	// (ConnOptions.InProcess), nil otherwise.
	srv *Server
	// adviceFlags are the flags besides --nats URL that a worker on c's
	// server needs, as the advice gives them (credentialFlags of the
	// ConnOptions Connect was given): "" for none.
	adviceFlags string
	// beforeRefusedRead, when not nil, runs before storedRefused reads a
	// job's final.json (a test's hook: the object broken between two
	// reads).
	beforeRefusedRead func()
}

// storeFull returns err, or, if c's embedded server found its store's
// disk full (Server.StoreFull), that error instead: the one that says
// why err came (a request that timed out, a stream that could not be
// created), where a client on the network sees err alone.
func (c *Conn) storeFull(err error) error {
	if c.srv == nil {
		return err
	}
	if full := c.srv.StoreFull(); full != nil {
		return full
	}
	return err
}

// Names of the JetStream resources (see the package documentation).
const (
	StreamName    = "STACKEL_JOBS"
	SubjectPrefix = "stackel.jobs."
	ConsumerName  = "workers"
	KVBucket      = "stackel_sweeps"
	ObjectBucket  = "stackel_runs"
)

// Connect connects and opens (creating if needed) the key-value bucket and
// object store; it fails clearly on refused credentials.
func Connect(ctx context.Context, opt ConnOptions) (*Conn, error) {
	if opt.URL == "" && opt.InProcess == nil {
		return nil, fmt.Errorf("no NATS URL (--nats)")
	}
	if noURL(opt.URL) && opt.InProcess == nil {
		// Only commas and blanks ("," or " , ", "\r"): the client would
		// dial no server and a worker wait for one for ever.
		return nil, fmt.Errorf("NATS URL list %s holds no URL; give nats://HOST:PORT (tls://… with TLS), e.g. nats://127.0.0.1:4222", textcut.Quoted(opt.URL, 40))
	}
	opts := []nats.Option{nats.Name(opt.Name), nats.Timeout(5 * time.Second),
		nats.MaxReconnects(-1), nats.ReconnectWait(500 * time.Millisecond)}
	if opt.Creds != "" {
		if err := checkCreds(opt.Creds); err != nil {
			return nil, err
		}
		opts = append(opts, nats.UserCredentials(opt.Creds))
	}
	if opt.InProcess != nil {
		opts = append(opts, nats.InProcessServer(opt.InProcess.s))
		if opt.URL == "" {
			opt.URL = opt.InProcess.ClientURL()
		}
		// In memory there is no TLS to speak.
		if strings.HasPrefix(opt.URL, "tls://") {
			opt.URL = "nats://" + strings.TrimPrefix(opt.URL, "tls://")
		}
	}
	if opt.Token != "" {
		opts = append(opts, nats.Token(opt.Token))
	}
	if opt.TLSCA != "" {
		opts = append(opts, nats.RootCAs(opt.TLSCA))
	}
	if opt.TLSCert != "" || opt.TLSKey != "" {
		opts = append(opts, nats.ClientCert(opt.TLSCert, opt.TLSKey))
	}
	if err := checkUserinfo(opt.URL); err != nil {
		return nil, err
	}
	if err := checkListCommas(opt.URL); err != nil {
		return nil, err
	}
	if err := checkServerURLs(opt.URL); err != nil {
		return nil, err
	}
	nc, err := nats.Connect(opt.URL, opts...)
	if err != nil {
		// The client's own error may quote the URL whole (a URL it
		// cannot parse: `parse "nats://alice:pw@…": invalid URL escape`).
		err = hideCredentials(err, opt.URL)
		if errors.Is(err, nats.ErrAuthorization) || errors.Is(err, nats.ErrAuthExpired) {
			if opt.Token == "" && opt.Creds == "" && !strings.Contains(opt.URL, "@") {
				return nil, fmt.Errorf("NATS server %s requires credentials, and none were given: a token (--token, STACKEL_NATS_TOKEN, or nats://TOKEN@host:port), a user and password (nats://USER:PASSWORD@host:port), or --creds FILE: %w", redact(opt.URL), err)
			}
			if opt.Creds != "" {
				// The file whose user the server refused, to check.
				return nil, fmt.Errorf("NATS server %s refused the credentials of --creds %s: %w", redact(opt.URL), shellPath(opt.Creds), err)
			}
			return nil, fmt.Errorf("NATS server %s refused the credentials: %w", redact(opt.URL), err)
		}
		if errors.Is(err, nats.ErrNoServers) {
			// The client's text alone ("nats: no servers available for
			// connection") said neither where it looked nor what to check.
			return nil, fmt.Errorf("connecting to NATS at %s: no NATS server answers there (%w); check that one runs on that host and port — a `stackel server`, or the embedded server of a `stackel sweep` (which stops with it) — and that the URL is the one its first line gives (host, port, and tls:// for a server with TLS)", redact(opt.URL), err)
		}
		return nil, fmt.Errorf("connecting to NATS at %s: %w", redact(opt.URL), err)
	}
	js, err := jetstream.New(nc, jetstream.WithDefaultTimeout(requestTimeout))
	if err != nil {
		nc.Close()
		return nil, err
	}
	c := &Conn{NC: nc, JS: js, lastOutage: new(atomic.Int64), srv: opt.InProcess, adviceFlags: credentialFlags(opt)}
	if c.KV, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: KVBucket, Storage: jetstream.FileStorage, History: 1}); err != nil {
		nc.Close()
		if full := c.storeFull(nil); full != nil {
			return nil, full
		}
		return nil, fmt.Errorf("NATS %s: key-value bucket %s: %w (is JetStream enabled?)", redact(opt.URL), KVBucket, err)
	}
	if c.Obj, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: ObjectBucket, Storage: jetstream.FileStorage}); err != nil {
		nc.Close()
		if full := c.storeFull(nil); full != nil {
			return nil, full
		}
		return nil, fmt.Errorf("NATS %s: object store %s: %w", redact(opt.URL), ObjectBucket, err)
	}
	return c, nil
}

// requestTimeout is how long a JetStream request made without a deadline
// waits for its answer: 5 s, JetStream's default (tests that stop their
// server shorten it, so that requests meet the outage sooner).
var requestTimeout = 5 * time.Second

// ConnectWait is Connect for a client that may start before its server (a
// worker started before the sweep whose server it joins, or while the
// server restarts): while no server answers at the URL, or JetStream on
// it does not answer (its requests time out, or get no responders, as
// while a restarted server loads its streams; a server without JetStream
// looks the same, and is waited for too), it tries again every second,
// telling log once, until one does or ctx is cancelled (then it returns
// ctx's error). Refused credentials and every other error end it at
// once; no responders does not.
func ConnectWait(ctx context.Context, opt ConnOptions, log io.Writer) (*Conn, error) {
	for said := false; ; said = true {
		c, err := Connect(ctx, opt)
		if err == nil || ctx.Err() != nil || !unreachable(err) && !noResponders(err) {
			return c, err
		}
		if !said && log != nil {
			if errors.Is(err, nats.ErrNoServers) {
				fmt.Fprintf(log, "%s no NATS server answers at %s yet (%v); waiting for one\n", time.Now().Format("15:04:05"), redact(opt.URL), nats.ErrNoServers)
			} else {
				fmt.Fprintf(log, "%s JetStream on the NATS server at %s does not answer yet (%v); waiting for it\n", time.Now().Format("15:04:05"), redact(opt.URL), err)
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(retryEvery):
		}
	}
}

// unreachable reports whether err says that no server answered (none
// listening at the address, or a request that timed out), which a server
// that starts or comes back mends.
func unreachable(err error) bool {
	return errors.Is(err, nats.ErrNoServers) || errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, nats.ErrConnectionReconnecting) || errors.Is(err, nats.ErrDisconnected)
}

// unreachable reports whether err, from a request on c, means that the
// server does not answer for now: c is reconnecting, or the request timed
// out.
func (c *Conn) unreachable(err error) bool {
	return unreachable(err) || c.NC.IsReconnecting()
}

// outage reports whether err, from a request on c, means that the server
// or its JetStream does not answer for now, which the caller waits out:
// c.unreachable; a published chunk whose ack never came; or no responders
// (to a request, a direct get or a published chunk), as for a while after
// a server restarts, before it has loaded its streams. No responders while
// one of streams, which the call needs, is not found on a server that
// answers (deleted, or the server restarted on another store) is no
// outage, waiting would not mend it: gone is then err with the missing
// stream named — except within reloadGrace of an outage the same Conn
// saw: JetStream switched on again answers before it has loaded its
// streams from its store (a worker's upload of a finished run failed so,
// once the tests retried ten times a second). A lookup that fails
// otherwise counts as an outage. An err that is such a gone error already
// is returned as gone, unchanged.
func (c *Conn) outage(err error, streams ...string) (wait bool, gone error) {
	if errors.As(err, new(streamGone)) {
		return false, err // classified before
	}
	if c.unreachable(err) || errors.Is(err, jetstream.ErrAsyncPublishTimeout) {
		c.sawOutage()
		return true, nil
	}
	if !noResponders(err) {
		return false, nil
	}
	for _, s := range streams {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, serr := c.JS.Stream(ctx, s)
		cancel()
		if errors.Is(serr, jetstream.ErrStreamNotFound) {
			if c.lastOutage != nil && c.lastOutage.Load() != 0 && time.Since(time.Unix(0, c.lastOutage.Load())) < reloadGrace() {
				return true, nil
			}
			return false, streamGone{fmt.Errorf("the %s (stream %s) is gone from the NATS server, which answers: %w", streamRole(s), s, err)}
		}
	}
	c.sawOutage()
	return true, nil
}

// sawOutage records the time of an outage for outage's reloadGrace.
func (c *Conn) sawOutage() {
	if c.lastOutage != nil {
		c.lastOutage.Store(time.Now().UnixNano())
	}
}

// reloadGrace is how long after an outage outage takes a stream not found
// for one not loaded yet: ten retries (retryEvery), ten seconds outside
// tests.
func reloadGrace() time.Duration { return 10 * retryEvery }

// streamGone is outage's gone error: an error that names a stream gone
// from a server that answers. Classified again (a caller's caller),
// it stays gone, not wrapped a second time.
type streamGone struct{ error }

// Unwrap returns the error.
func (g streamGone) Unwrap() error { return g.error }

// noResponders reports whether err says that nothing on the server
// answered a JetStream request, a direct get or a published chunk: no
// responders, or the client's and the server's "JetStream not enabled"
// for it (a server that accepts clients before JetStream is ready; or one
// without JetStream, which the callers cannot tell from it).
func noResponders(err error) bool {
	return errors.Is(err, nats.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse) ||
		errors.Is(err, jetstream.ErrJetStreamNotEnabled)
}

// Streams of the buckets (see the package documentation).
const (
	kvStream  = "KV_" + KVBucket
	objStream = "OBJ_" + ObjectBucket
)

// streamRole names what stream s holds, for errors.
func streamRole(s string) string {
	switch s {
	case kvStream:
		return "key-value bucket " + KVBucket
	case objStream:
		return "object store " + ObjectBucket
	case StreamName:
		return "work queue"
	}
	return "stream"
}

// urlForAdvice is the URL of c's server as a command that a message
// advises gives it ("stackel sweep cancel --nats URL NAME"): the one the
// advice of a sweep's wait gives (workerCommand): the URL, or the
// comma-separated list, that the user gave the connection (givenURL), not
// the server the client is on at the moment (after a reconnect in a
// cluster, one learnt from the servers' gossip), or, for a connection in
// process, the embedded server's URL as the sweep's first line gives it;
// any credentials as ***, followed by the credential and TLS flags the
// connection was given (credentialFlags: "--token '***'", "--creds FILE",
// …), which that command needs as well. It is the word URL when that is
// not known (c nil, or its connection closed) — or when c's server is this process's
// own on a port picked at random, which stops with it and listens on
// another port the next time.
func (c *Conn) urlForAdvice() string {
	if c != nil && c.srv != nil && c.srv.RandomPort {
		return "URL"
	}
	if u := strings.TrimPrefix(c.workerCommand(), "stackel worker --nats "); u != "" {
		return u
	}
	return "URL"
}

// AdviceFlags are the flags besides --nats URL that another client of
// c's server needs, as advice gives them: the credential and TLS flags
// c's connection was given (" --token '***'", " --creds FILE",
// " --tls-ca FILE", …, each with a leading space), "" for none or for a
// connection in process (whose advice is Server.URL's).
func (c *Conn) AdviceFlags() string { return c.adviceFlags }

// Close closes the connection.
func (c *Conn) Close() { c.NC.Close() }

// RedactURL is u, a NATS URL or a comma-separated list of them, with the
// credentials (user:password@ or token@) of each replaced by ***@, for
// messages and files that name the server.
func RedactURL(u string) string { return redact(u) }

// credentialsHidden is an error whose text has had the credentials of a
// URL taken out; it unwraps to the original, for errors.Is.
type credentialsHidden struct {
	msg string
	err error
}

func (e *credentialsHidden) Error() string { return e.msg }
func (e *credentialsHidden) Unwrap() error { return e.err }

// hideCredentials returns err with the user information of each URL of
// urls (comma-separated) replaced by *** where the URL appears in its
// text, as written or as Go quotes it (a url.Error's `parse "…"`); err
// itself when its text holds none.
func hideCredentials(err error, urls string) error {
	msg := err.Error()
	for _, one := range strings.Split(urls, ",") {
		// The client reads a list written with spaces after its commas
		// (nats://a:4222, nats://b:4222), and quotes each URL without them.
		one = strings.TrimSpace(one)
		start, at := credentialsAt(one)
		if at <= 0 {
			continue
		}
		// scheme://user:password@ (up to the host), as written and as
		// quoted: the host that follows is kept.
		head, hidden := one[:start+at+1], one[:start]+"***@"
		quoted := strconv.Quote(head)
		msg = strings.ReplaceAll(msg, quoted[1:len(quoted)-1], hidden)
		msg = strings.ReplaceAll(msg, head, hidden)
		// url.Parse quotes a bad escape after the URL (invalid URL escape
		// "%zz"): within the credentials it is three bytes of them.
		if m := badEscape.FindStringSubmatch(msg); m != nil {
			if esc, err := strconv.Unquote(m[1]); err == nil && strings.Contains(head, esc) {
				msg = strings.Replace(msg, m[0], "invalid URL escape in the user name, password or token", 1)
			}
		}
	}
	if msg == err.Error() {
		return err
	}
	return &credentialsHidden{msg: msg, err: err}
}

// badEscape matches url.Parse's error about a % not followed by two hex
// digits, with the escape it quotes.
var badEscape = regexp.MustCompile(`invalid URL escape ("(?:[^"\\]|\\.)*")`)

// noURL reports whether the list urls (comma-separated) holds no URL:
// every entry blank as the client trims it (strings.TrimSpace: a
// newline, a carriage return, a no-break space as well as spaces and
// tabs), so that the client would dial no server.
func noURL(urls string) bool {
	for _, one := range strings.Split(urls, ",") {
		if strings.TrimSpace(one) != "" {
			return false
		}
	}
	return true
}

// checkListCommas refuses a list (urls, comma-separated) whose URL after
// the first holds user information but no scheme: that is what a comma in
// a user name, password or token makes (the client, and redact, split the
// list at every comma), and the text before such a comma is no URL's user
// information to redact. Before review 49 --nats "nats://alice:pa,ss@host"
// was written "connecting to NATS at nats://alice:pa,***@host: parse
// "nats://alice:pa": invalid port ":pa" after host", and checkServerURLs
// named "nats://alice:p\x01a" of a password with a control character.
// The error names that URL without its credentials, and nothing before it.
func checkListCommas(urls string) error {
	for i, one := range strings.Split(urls, ",") {
		one = strings.TrimSpace(one)
		if _, at := credentialsAt(one); i > 0 && at >= 0 && !strings.Contains(one, "://") {
			return fmt.Errorf("NATS URL %s follows a comma that may be part of a user name, password or token (the list is split at each comma): write such a comma %%2C, and each URL of a list with its scheme (nats://TOKEN@host:port)", textcut.Word(redact(one), 120))
		}
	}
	return nil
}

// checkUserinfo refuses a URL of urls (comma-separated) whose user
// information holds a /, ? or #: url.Parse ends the host there, and what
// comes before it became the server's address (nats://tok#x@host dialled
// "tok", and the DNS error named it) or a port it quoted. Checked before
// the client reads the URL, the error names it without its credentials.
// Such a URL reads as well as a host followed by a path, query or
// fragment holding an @ (nats://host:4222/p@q), which no text can tell
// from credentials holding a / (nats://alice:se/cret@q): all before the
// last @ is hidden as ***, and the error says so and how to mend either
// (before, "NATS URL nats://***@q: a /, ? or # in the user name, password
// or token ends the host there" named q as if it were the host given).
func checkUserinfo(urls string) error {
	for _, one := range strings.Split(urls, ",") {
		one = strings.TrimSpace(one)
		if start, at := credentialsAt(one); at > 0 && strings.ContainsAny(one[start:start+at], "/?#") {
			path := "a nats:// or tls:// URL has no path, query or fragment"
			if webSocket(one[:start]) {
				path = "in a ws:// URL's path or query write an @ as %40"
			}
			return fmt.Errorf("NATS URL %s: *** is all before its last @, which holds a /, ? or #: in a user name, password or token write them %%2F, %%3F, %%23 (there they end the host); %s", redact(one), path)
		}
	}
	return nil
}

// webSocket reports whether scheme, a URL's up to and with its "://"
// ("" for none: nats://), is ws:// or wss://, whose path and query the
// client sends in its HTTP request; a nats:// or tls:// URL has none.
func webSocket(scheme string) bool {
	scheme = strings.ToLower(scheme)
	return scheme == "ws://" || scheme == "wss://"
}

// checkServerURLs refuses a URL of urls (comma-separated) whose host is
// neither an IP address nor a host name, whose port is not a number up to
// 65535, a nats:// or tls:// one (or one without a scheme) with a path
// (but a lone /), a query or a fragment, which the client would ignore
// (a ws:// URL's are its HTTP request's), or, when long or not
// printable, that cannot be read as a URL at all, naming it without its
// credentials and cut: the client's own errors repeat the URL or its host
// whole (a 3000-character --nats value made a 6 KB message, and a control
// character reached the terminal as is). Empty hosts and ports are left to
// the client, as before.
func checkServerURLs(urls string) error {
	for _, one := range strings.Split(urls, ",") {
		one = strings.TrimSpace(one)
		if one == "" {
			// An empty entry (a trailing comma), which the client drops:
			// not a URL that is "not printable" (textcut.Word quotes an
			// empty word).
			continue
		}
		start, at := credentialsAt(one)
		rest := one[start:]
		if at >= 0 {
			rest = rest[at+1:] // the credentials: checkUserinfo's and the client's
		}
		scheme := "nats://"
		if start > 0 {
			scheme = one[:start]
		}
		reason := ""
		shown := redact(one)
		u, err := url.Parse(scheme + rest)
		switch {
		case err != nil:
			// The client's parse error, whose text hideCredentials keeps
			// (`parse "nats://***@[::1": missing ']' in host`), where the
			// URL is short and printable.
			if textcut.Word(shown, 120) != shown {
				reason = "it cannot be read as a URL"
			}
		case !listenHost(u.Hostname()):
			reason = "the host is neither an IP address nor a host name (letters, digits, '-', '.' and '_', at most 253 of them)"
		case u.Port() != "" && !validPort(u.Port()):
			reason = "bad port"
		case !webSocket(scheme) && (u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.ForceQuery || u.Fragment != ""):
			// The client dials the host and port alone: before,
			// nats://host:4222/path was dialled as nats://host:4222, and
			// the messages named the path as part of the server's URL.
			reason = "a nats:// or tls:// URL has no path, query or fragment (the client would ignore it)"
		case textcut.Word(shown, maxURLText) != shown:
			// A path, query or fragment (a ws:// URL's) the client and
			// the messages below write whole: before review 49 a
			// 3000-character path made a 3 KB message, once a second
			// while a worker waited, and a U+202E reached the terminal.
			reason = fmt.Sprintf("it is not printable, or longer than %d characters without its credentials", maxURLText)
		}
		if reason != "" {
			return fmt.Errorf("NATS URL %s: %s; give nats://HOST:PORT (tls://… with TLS), e.g. nats://127.0.0.1:4222", textcut.Word(shown, 120), reason)
		}
	}
	return nil
}

// credentialFlags is what a client of the server of opt, other than this
// one, needs besides its --nats URL, as the advice to start a worker
// gives it: the credentials and TLS files given as flags, which a URL
// whose credentials are shown as ***@ does not show either. Before, a
// sweep with --nats URL --token T advised "stackel worker --nats URL",
// which that server refuses. The token is shown as *** (like a URL's
// credentials: the user's to give, not a log's to show), and only when a
// URL of the list has no user information of its own (the client gives
// a URL's own instead of --token). The files (--creds, --tls-ca,
// --tls-cert, --tls-key) are named by the paths given made absolute
// (the worker or collect advised may start in another directory), quoted
// for the shell: a path is no secret (a process listing shows it) and names the
// file the worker needs a copy of, whereas its contents, which would be,
// are never read here. "" for a connection in process: the embedded
// server's URL then carries ***@ for its credentials (workerCommand),
// and its TLS files are the server's own.
func credentialFlags(opt ConnOptions) string {
	if opt.InProcess != nil {
		return ""
	}
	var b strings.Builder
	if opt.Token != "" {
		for _, one := range strings.Split(opt.URL, ",") {
			if one = strings.TrimSpace(one); one == "" {
				continue
			}
			if _, at := credentialsAt(one); at < 0 {
				b.WriteString(" --token '***'") // quoted: a shell expands a bare *** to file names
				break
			}
		}
	}
	for _, f := range []struct{ flag, path string }{
		{"creds", opt.Creds}, {"tls-ca", opt.TLSCA}, {"tls-cert", opt.TLSCert}, {"tls-key", opt.TLSKey},
	} {
		if f.path != "" {
			b.WriteString(" --" + f.flag + " " + shellPath(absPath(f.path)))
		}
	}
	return b.String()
}

// shellPath is the path p as a shell word (shellquote.Word: as it is
// when it holds only letters, digits and -_./:,+=@%, else in single
// quotes, or in bash's $'…' with a character a terminal would not show
// escaped), the one form of cmd/stackel's commands too.
func shellPath(p string) string { return shellquote.Word(p) }

// absPath is p made absolute (filepath.Abs) for advice that another
// process, started in another directory, follows; p as given when that
// fails or p is "".
func absPath(p string) string {
	if p == "" {
		return p
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// validPort reports whether p, a URL's port, is a number up to 65535.
func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n <= 65535
}

// maxURLText is the length of the longest NATS URL, without its
// credentials, that checkServerURLs passes: a host name's 253 characters
// with a scheme, a port and a short path.
const maxURLText = 300

// credentialsAt returns where one URL of a --nats list goes on after its
// scheme (the index after "://", 0 without one) and the index, from
// there, of its last @ (-1 without one), which ends the user information:
// a NATS URL has no path, and a password may hold an @ or a /.
func credentialsAt(one string) (start, at int) {
	if k := strings.Index(one, "://"); k >= 0 {
		start = k + 3
	}
	return start, strings.LastIndexByte(one[start:], '@')
}

// redact removes credentials from a URL, or from each URL of a
// comma-separated list (a cluster's, each with its own credentials), for
// messages: the user information before the last @ of each URL becomes
// ***.
func redact(u string) string {
	urls := strings.Split(u, ",")
	for i, one := range urls {
		if start, at := credentialsAt(one); at >= 0 {
			urls[i] = one[:start] + "***" + one[start+at:]
		}
	}
	return strings.Join(urls, ",")
}

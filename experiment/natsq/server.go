package natsq

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/stackel/stackel/internal/textcut"
)

// ServerOptions configure the embedded NATS server.
type ServerOptions struct {
	// Listen is host:port (default 127.0.0.1:4222; port 0 picks a free
	// one). Any host but a loopback one needs Token or User/Password.
	Listen string
	// StoreDir holds JetStream's files (a restarted server continues from
	// them).
	StoreDir string
	// Token, or User and Password, are required from clients when set.
	Token          string
	User, Password string
	// TLSCert and TLSKey enable TLS; TLSCA verifies client certificates
	// (then required).
	TLSCert, TLSKey, TLSCA string
	// Log, when not nil, is told once, with the time, when a write to
	// the store finds its disk full (Server.StoreFull's error): the
	// server's clients on the network see only requests that time out.
	Log io.Writer
}

// IsLoopback reports whether host (a name or address) is a loopback one.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// listenText is a --listen value as an error writes it: as given when short
// and printable, else quoted and cut.
func listenText(s string) string { return textcut.Word(s, 80) }

// listenHost reports whether host, of a --listen address or a --nats URL,
// can be one a server listens on: an IP address (an IPv6 one with a zone
// that is a name, as an interface's, or a number) or a host name of at
// most 253 letters, digits, '-', '.' and '_'. netip takes any text for a
// zone: before review 49 "[fe80::1%\x1b]:1" passed, and its ESC, or a
// 3000-character zone, reached the messages that write the address.
func listenHost(host string) bool {
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Zone() == "" || hostName(a.Zone())
	}
	return hostName(host)
}

// hostName reports whether s is at most 253 letters, digits, '-', '.' and
// '_'.
func hostName(s string) bool {
	if len(s) > 253 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

// Server is a running embedded NATS server with JetStream.
type Server struct {
	s      *server.Server
	lock   io.Closer // the store's lock (lockStore)
	scheme string
	log    *storeLog // the server's logger: a store write that found the disk full
	// URL is the client URL (nats:// or tls://host:port, without
	// credentials).
	URL string
	// RandomPort reports that the port was picked at random (a Listen
	// port of 0): a server started again on the same options listens on
	// another, so URL holds only while this one runs.
	RandomPort bool
	// listen is the Listen the server was started with, for advice.
	listen string
	// workerFlags are the TLS flags that a worker on another process
	// needs to connect (tlsWorkerFlags), "" without TLS.
	workerFlags string
	// tlsNotes are what WorkerNote says of the server's certificate
	// besides the client certificate (tlsWorkerFlags).
	tlsNotes []string
	// clientCA is the ServerOptions.TLSCA that signs the certificates the
	// server requires of its clients, "" when it requires none.
	clientCA string
}

// StartServer starts an embedded NATS server with JetStream file storage
// in opt.StoreDir. It refuses to listen on a non-loopback address without
// authentication.
func StartServer(opt ServerOptions) (*Server, error) {
	listen := opt.Listen
	if listen == "" {
		listen = "127.0.0.1:4222"
	}
	host, portStr, err := net.SplitHostPort(listen)
	if err != nil {
		// net's error repeats the address whole (a 3000-character value
		// made a 6 KB message, and a control character went to the
		// terminal as is): its reason only, after the value cut.
		reason := err.Error()
		var ae *net.AddrError
		if errors.As(err, &ae) {
			reason = ae.Err
		}
		return nil, fmt.Errorf("--listen %s: %s; give HOST:PORT, e.g. 127.0.0.1:4222 (port 0 picks a free one)", listenText(listen), reason)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("--listen %s: bad port; give HOST:PORT with a port from 0 to 65535 (0 picks a free one)", listenText(listen))
	}
	if host == "" {
		host = "0.0.0.0"
	} else if !listenHost(host) {
		// Checked before the messages below write the address as given,
		// and before the resolver or the server quotes the host.
		return nil, fmt.Errorf("--listen %s: the host is neither an IP address nor a host name (letters, digits, '-', '.' and '_', at most 253 of them); give HOST:PORT, e.g. 127.0.0.1:4222", listenText(listen))
	}
	hasAuth := opt.Token != "" || (opt.User != "" && opt.Password != "")
	if !IsLoopback(host) && !hasAuth {
		return nil, fmt.Errorf("refusing to listen on %s without authentication: give a token (--token or STACKEL_NATS_TOKEN) or --user and --password, or listen on loopback (127.0.0.1)", listenText(listen))
	}
	if (opt.User == "") != (opt.Password == "") {
		return nil, fmt.Errorf("give both --user and --password")
	}
	if opt.Token != "" && opt.User != "" {
		return nil, fmt.Errorf("give a token or a user and password, not both")
	}
	if opt.StoreDir == "" {
		return nil, fmt.Errorf("natsq: no JetStream store directory")
	}
	// The address, the TLS files and the server's options are checked
	// before the store is made or locked: a server refused for them
	// leaves no directory or lock file (in a sweep's --out, or its parent
	// made for it) behind.
	if port == 0 {
		port = server.RANDOM_PORT
	} else {
		// The server would only say it did not start; say why, at once.
		l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err != nil {
			return nil, fmt.Errorf("--listen %s: %w (another stackel sweep or server? choose another address with --listen, or port 0 for a free one)", listenText(listen), err)
		}
		l.Close()
	}
	so := &server.Options{
		ServerName:    "stackel",
		Host:          host,
		Port:          port,
		JetStream:     true,
		StoreDir:      opt.StoreDir,
		Authorization: opt.Token,
		Username:      opt.User,
		Password:      opt.Password,
		NoSigs:        true,
		NoLog:         true,
		MaxPayload:    8 << 20,
	}
	scheme := "nats"
	if opt.TLSCert != "" || opt.TLSKey != "" {
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: opt.TLSCert, KeyFile: opt.TLSKey, CaFile: opt.TLSCA, Verify: opt.TLSCA != ""})
		if err != nil {
			return nil, fmt.Errorf("TLS: %w", err)
		}
		so.TLSConfig, so.TLS, so.TLSVerify = tc, true, opt.TLSCA != ""
		scheme = "tls"
	}
	s, err := server.NewServer(so) // touches no file: JetStream starts in Start
	if err != nil {
		return nil, err
	}
	log := &storeLog{dir: opt.StoreDir, w: opt.Log}
	s.SetLogger(log, false, false)
	if err := os.MkdirAll(opt.StoreDir, 0o700); err != nil {
		s.Shutdown()
		return nil, storeDirError(opt.StoreDir, err)
	}
	// Two servers on one store (the same sweep started twice, or stackel
	// server on a sweep's --out/.nats) would each take the other's files
	// for their own, run the same jobs twice in one work directory and
	// corrupt the store.
	lock, err := lockStore(opt.StoreDir)
	if err != nil {
		s.Shutdown()
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			lock.Close()
		}
	}()
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("the embedded NATS server did not start within 10 s on %s (is the port in use? choose another with --listen)", listenText(listen))
	}
	addr := s.Addr().(*net.TCPAddr)
	h := host
	if h == "0.0.0.0" || h == "::" {
		h, _ = os.Hostname()
	}
	ok = true
	srv := &Server{s: s, lock: lock, scheme: scheme, log: log, URL: fmt.Sprintf("%s://%s", scheme, net.JoinHostPort(h, strconv.Itoa(addr.Port))),
		RandomPort: port == server.RANDOM_PORT, listen: listen}
	if scheme == "tls" {
		// Absolute: the worker advised may start in another directory.
		srv.clientCA = absPath(opt.TLSCA)
		srv.workerFlags, srv.tlsNotes = tlsWorkerFlags(absPath(opt.TLSCert), srv.clientCA, h)
	}
	return srv, nil
}

// storeDirError is the error of a JetStream store directory dir that
// could not be made (err, MkdirAll's), naming the flag that gives it: a
// file on its path (stackel server --store afile/sub, afile a file) is
// named as such. Before, the error was MkdirAll's alone ("mkdir afile: not
// a directory"), naming neither the store nor --store.
func storeDirError(dir string, err error) error {
	what := fmt.Sprintf("JetStream store %s (stackel server's --store, or .nats in a sweep's --out)", textcut.Line(dir))
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		if fi, serr := os.Stat(p); serr == nil {
			if !fi.IsDir() {
				return fmt.Errorf("%s: %s is a file, not a directory", what, textcut.Line(p))
			}
			break
		}
		if filepath.Dir(p) == p {
			break
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// StoreFull returns nil until a write to the server's JetStream store
// found its disk full; then an error naming the file and saying so. From
// then on JetStream on the server takes no more writes (nats-server keeps
// the write error of the stream, or switches JetStream off) until it is
// restarted on its store: no job is marked done and none is lost, and the
// same command run again, with space freed, continues the sweep.
func (s *Server) StoreFull() error {
	return s.log.err()
}

// storeLog is the embedded server's logger: it prints nothing (as the
// server's NoLog), and keeps the first error of a write to the store that
// found the disk full, which the server otherwise only logs while its
// clients' requests time out.
type storeLog struct {
	full atomic.Pointer[string]
	dir  string    // the store
	w    io.Writer // ServerOptions.Log
}

// err is Server.StoreFull.
func (l *storeLog) err() error {
	p := l.full.Load()
	if p == nil {
		return nil
	}
	return fmt.Errorf("the NATS server's JetStream store in %s is full: %s; it takes no more writes until it restarts: free space and run the same command again (finished jobs are kept)", l.dir, *p)
}

// note keeps the message (format with v) if it is the first to say that the
// disk is full: the failed write's own error (naming the file) where the
// message quotes one, else the message.
func (l *storeLog) note(format string, v []any) {
	msg := fmt.Sprintf(format, v...)
	if !strings.Contains(msg, "no space left on device") {
		return
	}
	if m := fullWrite.FindString(msg); m != "" {
		msg = m
	}
	if l.full.CompareAndSwap(nil, &msg) && l.w != nil {
		fmt.Fprintf(l.w, "%s %v\n", time.Now().Format("15:04:05"), l.err())
	}
}

// fullWrite is an os.PathError of a write that found the disk full.
var fullWrite = regexp.MustCompile(`[a-z]+ \S+: no space left on device`)

// Noticef, Warnf, Fatalf and Errorf (server.Logger) note a full disk;
// Debugf and Tracef, never asked for, do nothing.
func (l *storeLog) Noticef(format string, v ...any) { l.note(format, v) }
func (l *storeLog) Warnf(format string, v ...any)   { l.note(format, v) }
func (l *storeLog) Fatalf(format string, v ...any)  { l.note(format, v) }
func (l *storeLog) Errorf(format string, v ...any)  { l.note(format, v) }
func (l *storeLog) Debugf(format string, v ...any)  {}
func (l *storeLog) Tracef(format string, v ...any)  {}

// ClientURL is a URL for a client on this machine (the loopback address
// when the server listens on all interfaces).
func (s *Server) ClientURL() string {
	addr := s.s.Addr().(*net.TCPAddr)
	scheme := s.scheme
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return fmt.Sprintf("%s://%s", scheme, net.JoinHostPort(host, strconv.Itoa(addr.Port)))
}

// Shutdown stops the server (JetStream's files stay) and releases its
// store.
func (s *Server) Shutdown() {
	s.s.Shutdown()
	s.s.WaitForShutdown()
	s.lock.Close()
}

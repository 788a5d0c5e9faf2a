package natsq

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
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
}

// IsLoopback reports whether host (a name or address) is a loopback one.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Server is a running embedded NATS server with JetStream.
type Server struct {
	s      *server.Server
	lock   io.Closer // the store's lock (lockStore)
	scheme string
	// URL is the client URL (nats:// or tls://host:port, without
	// credentials).
	URL string
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
		return nil, fmt.Errorf("--listen %q: %w", listen, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("--listen %q: bad port", listen)
	}
	if host == "" {
		host = "0.0.0.0"
	}
	hasAuth := opt.Token != "" || (opt.User != "" && opt.Password != "")
	if !IsLoopback(host) && !hasAuth {
		return nil, fmt.Errorf("refusing to listen on %s without authentication: give a token (--token or STACKEL_NATS_TOKEN) or --user and --password, or listen on loopback (127.0.0.1)", listen)
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
			return nil, fmt.Errorf("--listen %s: %w (another stackel sweep or server? choose another address with --listen, or port 0 for a free one)", listen, err)
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
	if err := os.MkdirAll(opt.StoreDir, 0o700); err != nil {
		s.Shutdown()
		return nil, err
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
		return nil, fmt.Errorf("the embedded NATS server did not start within 10 s on %s (is the port in use? choose another with --listen)", listen)
	}
	addr := s.Addr().(*net.TCPAddr)
	h := host
	if h == "0.0.0.0" || h == "::" {
		h, _ = os.Hostname()
	}
	ok = true
	return &Server{s: s, lock: lock, scheme: scheme, URL: fmt.Sprintf("%s://%s", scheme, net.JoinHostPort(h, strconv.Itoa(addr.Port)))}, nil
}

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

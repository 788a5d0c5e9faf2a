package natsq

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"slices"
	"strings"
	"time"
)

// ClientCertWord and ClientKeyWord stand, in the command that the advice
// of an embedded server requiring client certificates gives, for the
// files a worker needs and the server does not know: a client
// certificate signed by the server's --tls-ca, and its key ("stackel
// worker --nats tls://h:4222 --tls-ca ca.pem --tls-cert CLIENT-CERT
// --tls-key CLIENT-KEY").
const (
	ClientCertWord = "CLIENT-CERT"
	ClientKeyWord  = "CLIENT-KEY"
)

// ServerCertWord stands, in the advice of an embedded server whose
// --tls-cert file holds its private key too, for the certificate alone
// that workers give as --tls-ca: naming the file would have users copy
// the server's key to every worker.
const ServerCertWord = "SERVER-CERT"

// CACertWord stands, in the advice of an embedded server whose --tls-ca
// file holds the CA's private key too, for the CA's certificate alone
// that workers give as --tls-ca: naming the file would have users copy
// the CA's key, with which anyone can sign client certificates, to
// every worker.
const CACertWord = "CA-CERT"

// tlsWorkerFlags are the flags that a worker needs to connect to an
// embedded server with TLS whose certificate file is cert and which
// requires client certificates signed by clientCA ("" for none), at the
// advised URL's host: --tls-ca with the file that verifies the server's
// certificate (serverCAFile), none when the system's roots do; and,
// when client certificates are required, --tls-cert ClientCertWord
// --tls-key ClientKeyWord. Before, the advice of such a server was
// "stackel worker --nats tls://HOST:PORT" alone, which the worker's TLS
// refused (a certificate signed by an unknown authority) or the server
// did (no client certificate). notes say what the worker's TLS will
// refuse of the certificate (certNotes) and what ServerCertWord or
// CACertWord stands for when it is advised in place of a file that
// holds a private key (the server's, or the CA's).
func tlsWorkerFlags(cert, clientCA, host string) (flags string, notes []string) {
	ca, chain, hasKey := serverCAFile(cert, clientCA)
	switch {
	case ca != "" && hasKey:
		word := ServerCertWord
		if ca != cert {
			word = CACertWord
		}
		flags = " --tls-ca " + word
		notes = append(notes, word+": the certificate of "+shellPath(ca)+" without its key")
	case ca != "":
		flags = " --tls-ca " + shellPath(ca)
	}
	if clientCA != "" {
		flags += " --tls-cert " + ClientCertWord + " --tls-key " + ClientKeyWord
	}
	if len(chain) > 0 {
		notes = append(notes, certNotes(cert, chain[0], host, time.Now())...)
	}
	return flags, notes
}

// certNotes are what a worker's TLS will refuse of leaf, the server's
// certificate read from file, when it dials host at time now: a host
// the certificate does not name ("the certificate of FILE names
// localhost, 127.0.0.1, not vm: give workers a host it names"); a time
// outside its validity (expired, or not yet valid); an extended key
// usage without server authentication. Before, the advice said nothing
// of them, and the worker advised failed.
func certNotes(file string, leaf *x509.Certificate, host string, now time.Time) []string {
	var notes []string
	what := "the certificate of " + shellPath(file)
	if host != "" && leaf.VerifyHostname(host) != nil {
		var names []string
		names = append(names, leaf.DNSNames...)
		for _, ip := range leaf.IPAddresses {
			names = append(names, ip.String())
		}
		named := "names no host"
		if len(names) > 0 {
			named = "names " + strings.Join(names, ", ")
		}
		notes = append(notes, what+" "+named+", not "+host+": give workers a host it names")
	}
	const stamp = "2006-01-02 15:04 UTC"
	switch {
	case now.After(leaf.NotAfter):
		notes = append(notes, what+" expired on "+leaf.NotAfter.UTC().Format(stamp)+": workers refuse it")
	case now.Before(leaf.NotBefore):
		notes = append(notes, what+" is not valid before "+leaf.NotBefore.UTC().Format(stamp)+": workers refuse it until then")
	}
	if len(leaf.ExtKeyUsage) > 0 && !slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageServerAuth) && !slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageAny) {
		notes = append(notes, what+" is not for server authentication (extended key usage): workers refuse it")
	}
	return notes
}

// serverCAFile is the file a worker gives as --tls-ca to verify the
// server's certificate, read from cert (a PEM file: the server's
// certificate, then any intermediate ones), with the certificates read
// and whether the file returned, cert or clientCA, holds a private key
// too: "" when the system's
// roots verify it (a public CA's); clientCA, the server's --tls-ca, when
// that does (one CA signing the server's and the clients' certificates);
// else cert itself, whose certificate a client that takes it as its
// root trusts as such (Go's x509 accepts a leaf found among the roots),
// which is all the server knows of a private CA. The signature is
// checked at a time within the certificate's validity and for any
// usage: an expired certificate, or one without server authentication,
// is signed by the same CA (certNotes says what is wrong with it);
// before, either had the certificate file advised instead of the CA.
// The host name is checked by certNotes.
func serverCAFile(cert, clientCA string) (ca string, chain []*x509.Certificate, hasKey bool) {
	data, err := os.ReadFile(cert)
	if err != nil {
		return cert, nil, false // the server read it: not expected
	}
	hasKey = pemHasKey(data)
	for b, rest := pem.Decode(data); b != nil; b, rest = pem.Decode(rest) {
		if b.Type != "CERTIFICATE" {
			continue
		}
		if c, err := x509.ParseCertificate(b.Bytes); err == nil {
			chain = append(chain, c)
		}
	}
	clear(data)
	if len(chain) == 0 {
		return cert, nil, hasKey
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	at := time.Now()
	if leaf := chain[0]; at.Before(leaf.NotBefore) || at.After(leaf.NotAfter) {
		at = leaf.NotBefore.Add(leaf.NotAfter.Sub(leaf.NotBefore) / 2)
	}
	verifies := func(roots *x509.CertPool) bool {
		_, err := chain[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
		return err == nil
	}
	if verifies(nil) {
		return "", chain, hasKey
	}
	if clientCA != "" {
		if b, err := os.ReadFile(clientCA); err == nil {
			pool := x509.NewCertPool()
			ok := pool.AppendCertsFromPEM(b) && verifies(pool)
			caKey := pemHasKey(b)
			clear(b)
			if ok {
				return clientCA, chain, caKey
			}
		}
	}
	return cert, chain, hasKey
}

// pemHasKey is whether the PEM data holds a private key block ("PRIVATE
// KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY").
func pemHasKey(data []byte) bool {
	for b, rest := pem.Decode(data); b != nil; b, rest = pem.Decode(rest) {
		if strings.HasSuffix(b.Type, "PRIVATE KEY") {
			return true
		}
	}
	return false
}

// WorkerFlags are the flags besides --nats URL (Server.URL) that a
// worker in another process needs to connect to s: for a server with TLS
// the --tls-ca that verifies its certificate, unless the system's roots
// do, and, when it requires client certificates, "--tls-cert
// CLIENT-CERT --tls-key CLIENT-KEY" (WorkerNote says what they stand
// for); "" without TLS. Credentials (a token, a user and password) are
// not among them: a caller gives them as its advice's ***@.
func (s *Server) WorkerFlags() string { return s.workerFlags }

// WorkerNote says what the words of WorkerFlags stand for and what a
// worker's TLS will refuse of the server's certificate, joined by "; ":
// "CLIENT-CERT and CLIENT-KEY: a client certificate signed by ca.pem,
// and its key" when s requires client certificates; "SERVER-CERT: the
// certificate of FILE without its key" when its --tls-cert file holds
// its key, and "CA-CERT: …" likewise when the --tls-ca file advised
// holds the CA's key; a certificate that does not name the advised URL's host,
// that has expired or is not yet valid, or is not for server
// authentication (certNotes). "" when there is nothing to say.
func (s *Server) WorkerNote() string {
	var notes []string
	if s.clientCA != "" {
		notes = append(notes, ClientCertWord+" and "+ClientKeyWord+": a client certificate signed by "+shellPath(s.clientCA)+", and its key")
	}
	return strings.Join(append(notes, s.tlsNotes...), "; ")
}

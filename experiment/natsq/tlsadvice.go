package natsq

import (
	"crypto/x509"
	"encoding/pem"
	"os"
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

// tlsWorkerFlags are the flags that a worker needs to connect to an
// embedded server with TLS whose certificate file is cert and which
// requires client certificates signed by clientCA ("" for none):
// --tls-ca with the file that verifies the server's certificate
// (serverCAFile), none when the system's roots do; and, when client
// certificates are required, --tls-cert ClientCertWord --tls-key
// ClientKeyWord. Before, the advice of such a server was "stackel worker
// --nats tls://HOST:PORT" alone, which the worker's TLS refused (a
// certificate signed by an unknown authority) or the server did (no
// client certificate).
func tlsWorkerFlags(cert, clientCA string) string {
	flags := ""
	if ca := serverCAFile(cert, clientCA); ca != "" {
		flags = " --tls-ca " + shellPath(ca)
	}
	if clientCA != "" {
		flags += " --tls-cert " + ClientCertWord + " --tls-key " + ClientKeyWord
	}
	return flags
}

// serverCAFile is the file a worker gives as --tls-ca to verify the
// server's certificate, read from cert (a PEM file: the server's
// certificate, then any intermediate ones): "" when the system's roots
// verify it (a public CA's); clientCA, the server's --tls-ca, when that
// does (one CA signing the server's and the clients' certificates); else
// cert itself, whose certificate a client that takes it as its root
// trusts as such (Go's x509 accepts a leaf found among the roots), which
// is all the server knows of a private CA. The host name is not checked:
// the worker's own TLS says when the certificate does not name the host
// of the URL it dials.
func serverCAFile(cert, clientCA string) string {
	data, err := os.ReadFile(cert)
	if err != nil {
		return cert // the server read it: not expected
	}
	var chain []*x509.Certificate
	for b, rest := pem.Decode(data); b != nil; b, rest = pem.Decode(rest) {
		if b.Type != "CERTIFICATE" {
			continue
		}
		if c, err := x509.ParseCertificate(b.Bytes); err == nil {
			chain = append(chain, c)
		}
	}
	if len(chain) == 0 {
		return cert
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	verifies := func(roots *x509.CertPool) bool {
		_, err := chain[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter})
		return err == nil
	}
	if verifies(nil) {
		return ""
	}
	if clientCA != "" {
		if b, err := os.ReadFile(clientCA); err == nil {
			pool := x509.NewCertPool()
			if pool.AppendCertsFromPEM(b) && verifies(pool) {
				return clientCA
			}
		}
	}
	return cert
}

// WorkerFlags are the flags besides --nats URL (Server.URL) that a
// worker in another process needs to connect to s: for a server with TLS
// the --tls-ca that verifies its certificate, unless the system's roots
// do, and, when it requires client certificates, "--tls-cert
// CLIENT-CERT --tls-key CLIENT-KEY" (WorkerNote says what they stand
// for); "" without TLS. Credentials (a token, a user and password) are
// not among them: a caller gives them as its advice's ***@.
func (s *Server) WorkerFlags() string { return s.workerFlags }

// WorkerNote says what the words CLIENT-CERT and CLIENT-KEY of
// WorkerFlags stand for, "CLIENT-CERT and CLIENT-KEY: a client
// certificate signed by ca.pem, and its key", when s requires client
// certificates; "" otherwise.
func (s *Server) WorkerNote() string {
	if s.clientCA == "" {
		return ""
	}
	return ClientCertWord + " and " + ClientKeyWord + ": a client certificate signed by " + shellPath(s.clientCA) + ", and its key"
}

package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tlsFile is a certificate (and its key) written by writeTestCert.
type tlsFile struct {
	cert     *x509.Certificate
	key      *ecdsa.PrivateKey
	certPath string
	keyPath  string
}

// writeTestCert writes a certificate for 127.0.0.1 named name into dir,
// with its key: a CA's (self-signed) when ca is nil, else one signed by
// ca for usage (server or client authentication).
func writeTestCert(t *testing.T, dir, name string, ca *tlsFile, usage x509.ExtKeyUsage) *tlsFile {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
	}
	parent, signer := tmpl, key
	if ca == nil {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage |= x509.KeyUsageCertSign
		tmpl.ExtKeyUsage = nil
	} else {
		parent, signer = ca.cert, ca.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	f := &tlsFile{cert: cert, key: key, certPath: filepath.Join(dir, name+".pem"), keyPath: filepath.Join(dir, name+"-key.pem")}
	if err := os.WriteFile(f.certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// adviceWords returns the words of the command that the line of out
// holding marker advises, from "stackel worker" up to the first " (" (a
// note) or the line's end, failing when there is none; the paths of
// these tests hold no character a shell would need quoted.
func adviceWords(t *testing.T, out, marker string) []string {
	t.Helper()
	i := strings.Index(out, marker)
	if i < 0 {
		t.Fatalf("no %q in:\n%s", marker, out)
	}
	line := out[i+len(marker):]
	line, _, _ = strings.Cut(line, "\n")
	line, _, _ = strings.Cut(line, " (")
	line = strings.TrimSuffix(line, ")")
	words := strings.Fields(line)
	if len(words) < 4 || words[0] != "stackel" || words[1] != "worker" {
		t.Fatalf("advice %q is not a stackel worker command", line)
	}
	for _, w := range words {
		if strings.ContainsAny(w, `'"\`) {
			t.Fatalf("advice %q holds a quoted word", line)
		}
	}
	return words
}

// TestNATSEmbeddedTLSAdvice: a sweep whose embedded server has TLS
// (--tls-cert, --tls-key, and --tls-ca to require client certificates)
// advised "more workers: stackel worker --nats tls://127.0.0.1:PORT"
// alone, and a worker started so could not connect (its TLS does not
// know the server's CA; without a client certificate the server refuses
// it). The advice names --tls-ca (the file that verifies the server's
// certificate: the CA when --tls-ca names it, else the server's own
// certificate) and, when client certificates are required, --tls-cert
// CLIENT-CERT --tls-key CLIENT-KEY, saying what they stand for. Each
// case runs the sweep (one 20-iteration job, no local workers) and a
// worker with exactly the advised flags (the placeholders replaced by
// the test's client certificate), which runs the job, the sweep ending
// with its report. Bounded: each process within 30 s.
func TestNATSEmbeddedTLSAdvice(t *testing.T) {
	dir := t.TempDir()
	ca := writeTestCert(t, dir, "ca", nil, 0)
	srv := writeTestCert(t, dir, "server", ca, x509.ExtKeyUsageServerAuth)
	cli := writeTestCert(t, dir, "client", ca, x509.ExtKeyUsageClientAuth)
	for _, tc := range []struct {
		name      string
		flags     []string // the sweep's TLS flags
		wantFlags []string // the advice's after --nats URL
		wantNote  string
	}{
		{"server certificate", []string{"--tls-cert", srv.certPath, "--tls-key", srv.keyPath},
			[]string{"--tls-ca", srv.certPath}, ""},
		{"client certificates required", []string{"--tls-cert", srv.certPath, "--tls-key", srv.keyPath, "--tls-ca", ca.certPath},
			[]string{"--tls-ca", ca.certPath, "--tls-cert", "CLIENT-CERT", "--tls-key", "CLIENT-KEY"},
			"(CLIENT-CERT and CLIENT-KEY: a client certificate signed by " + ca.certPath + ", and its key)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			work := t.TempDir()
			spec := writeFile(t, work, "s.yaml", sgaSpec("tlsadvice"))
			sw := startStackel(t, append([]string{"sweep", spec, "--listen", "127.0.0.1:0", "--workers", "0", "--out", filepath.Join(work, "out")}, tc.flags...)...)
			waitUntil(t, 30*time.Second, "the sweep to wait for workers", func() bool {
				return strings.Contains(sw.output(), "waiting for workers to join")
			})
			out := sw.output()
			words := adviceWords(t, out, "more workers: ")
			if !strings.HasPrefix(words[3], "tls://127.0.0.1:") || words[2] != "--nats" {
				t.Fatalf("advice %q: want --nats tls://127.0.0.1:PORT", words)
			}
			if got := strings.Join(words[4:], " "); got != strings.Join(tc.wantFlags, " ") {
				t.Errorf("advised flags %q, want %q", got, strings.Join(tc.wantFlags, " "))
			}
			if tc.wantNote != "" && !strings.Contains(out, tc.wantNote) {
				t.Errorf("no note %q in:\n%s", tc.wantNote, out)
			}
			// The wait's own advice names the same command.
			if waiting := adviceWords(t, out, "waiting for workers to join ("); strings.Join(waiting, " ") != strings.Join(words, " ") {
				t.Errorf("the wait advises %q, the first line %q", waiting, words)
			}
			args := []string{}
			for _, w := range words[2:] {
				switch w {
				case "CLIENT-CERT":
					w = cli.certPath
				case "CLIENT-KEY":
					w = cli.keyPath
				}
				args = append(args, w)
			}
			wk := startStackel(t, append([]string{"worker"}, append(args, "--work-dir", t.TempDir())...)...)
			waitUntil(t, 30*time.Second, "the sweep to end or the worker to fail", func() bool { return ended(sw) || ended(wk) })
			if !ended(sw) {
				t.Fatalf("the worker ended before the sweep:\n%s", wk.output())
			}
			if err := sw.wait(t, time.Second); err != nil {
				t.Fatalf("sweep: %v\n%s\nworker:\n%s", err, sw.output(), wk.output())
			}
			if !strings.Contains(wk.output(), "completed tlsadvice ") {
				t.Errorf("the worker ran no job:\n%s", wk.output())
			}
			if !strings.Contains(sw.output(), "wrote ") {
				t.Errorf("the sweep wrote no report:\n%s", sw.output())
			}
		})
	}
}

// ended reports whether p has exited, without waiting.
func ended(p *proc) bool {
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup and wait
		return true
	default:
		return false
	}
}

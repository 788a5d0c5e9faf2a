package natsq

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

// leafSpec is a server certificate signed by a CA that writeLeaf writes.
type leafSpec struct {
	dns       []string
	ips       []string
	notBefore time.Time
	notAfter  time.Time
	usage     []x509.ExtKeyUsage
	combined  bool // the key in the certificate's file too
}

// writeLeaf writes the certificate of spec, signed by ca, and its key
// into dir as name.pem and name-key.pem (the key also at the end of
// name.pem when spec.combined), returning both paths.
func writeLeaf(t *testing.T, dir, name string, ca *x509.Certificate, caKey *ecdsa.PrivateKey, spec leafSpec) (string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: spec.notBefore, NotAfter: spec.notAfter, DNSNames: spec.dns,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: spec.usage}
	for _, ip := range spec.ips {
		tmpl.IPAddresses = append(tmpl.IPAddresses, net.ParseIP(ip))
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if spec.combined {
		certPEM = append(certPEM, keyPEM...)
	}
	cp, kp := filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
	if err := os.WriteFile(cp, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kp, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return cp, kp
}

// TestTLSAdviceNotes: what an embedded server with TLS on 127.0.0.1
// advises workers (WorkerFlags, WorkerNote) for certificates that the
// advice got wrong: a --tls-cert file holding the server's private key
// too was advised as the workers' --tls-ca (copying the key to every
// worker): a placeholder SERVER-CERT stands for it, with a note saying
// it is the certificate without its key; a certificate that does not
// name the host of the advised URL, expired, or without server
// authentication usage, was advised without a word (and an expired one
// signed by the server's --tls-ca had the certificate file advised
// instead of that CA): each gets a note, and the CA that signs it is
// still advised. Each server on loopback.
func TestTLSAdviceNotes(t *testing.T) {
	dir := t.TempDir()
	ca, caKey, caPath, _ := writeCert(t, dir, "ca", true, nil, nil)
	now := time.Now()
	ok := leafSpec{ips: []string{"127.0.0.1"}, dns: []string{"localhost"}, notBefore: now.Add(-time.Hour), notAfter: now.Add(time.Hour),
		usage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	combined, expired, local, client := ok, ok, ok, ok
	combined.combined = true
	expired.notBefore, expired.notAfter = now.Add(-50*time.Minute), now.Add(-10*time.Minute) // within the CA's validity
	local.ips = nil
	client.usage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	for _, tc := range []struct {
		name      string
		spec      leafSpec
		clientCA  bool
		wantFlags string   // {cert} for the certificate's path, {ca} for the CA's
		wantNotes []string // likewise
		noNote    string
	}{
		{"good", ok, false, " --tls-ca {cert}", nil, "certificate of"},
		{"key in the certificate's file", combined, false, " --tls-ca SERVER-CERT",
			[]string{"SERVER-CERT: the certificate of {cert} without its key"}, ""},
		{"key in the file, CA given", combined, true, " --tls-ca {ca} --tls-cert CLIENT-CERT --tls-key CLIENT-KEY", nil, "SERVER-CERT"},
		{"host not named", local, false, " --tls-ca {cert}",
			[]string{"the certificate of {cert} names localhost, not 127.0.0.1: give workers a host it names"}, ""},
		{"expired", expired, true, " --tls-ca {ca} --tls-cert CLIENT-CERT --tls-key CLIENT-KEY",
			[]string{"the certificate of {cert} expired on " + expired.notAfter.UTC().Format("2006-01-02 15:04 UTC") + ": workers refuse it"}, ""},
		{"no server authentication", client, true, " --tls-ca {ca} --tls-cert CLIENT-CERT --tls-key CLIENT-KEY",
			[]string{"the certificate of {cert} is not for server authentication (extended key usage): workers refuse it"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub := t.TempDir()
			cert, key := writeLeaf(t, sub, "server", ca, caKey, tc.spec)
			opt := ServerOptions{Listen: "127.0.0.1:0", StoreDir: filepath.Join(sub, "store"), TLSCert: cert, TLSKey: key}
			if tc.clientCA {
				opt.TLSCA = caPath
			}
			srv, err := StartServer(opt)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Shutdown()
			fill := strings.NewReplacer("{cert}", cert, "{ca}", caPath).Replace
			if got, want := srv.WorkerFlags(), fill(tc.wantFlags); got != want {
				t.Errorf("WorkerFlags() = %q, want %q", got, want)
			}
			note := srv.WorkerNote()
			for _, w := range tc.wantNotes {
				if !strings.Contains(note, fill(w)) {
					t.Errorf("WorkerNote() = %q, want it to hold %q", note, fill(w))
				}
			}
			if tc.noNote != "" && strings.Contains(note, tc.noNote) {
				t.Errorf("WorkerNote() = %q, want no %q", note, tc.noNote)
			}
		})
	}
}

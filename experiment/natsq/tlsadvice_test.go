package natsq

import (
	"os"
	"path/filepath"
	"testing"
)

// TestTLSWorkerFlags: the flags an embedded server with TLS advises a
// worker to give (before, none: the worker's TLS refused the server's
// certificate). --tls-ca is the server's --tls-ca when that CA signs the
// server's certificate, else the server's certificate file itself (a
// CA's signature the server does not know of, or another CA given to
// verify clients); a path with a space is quoted for the shell; with
// client certificates required, the placeholders CLIENT-CERT and
// CLIENT-KEY follow.
func TestTLSWorkerFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls files")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ca, caKey, caPath, _ := writeCert(t, dir, "ca", true, nil, nil)
	_, _, otherCA, _ := writeCert(t, dir, "other", true, nil, nil)
	_, _, srvCert, _ := writeCert(t, dir, "server", false, ca, caKey)
	q := func(p string) string { return "'" + p + "'" }
	for _, tc := range []struct {
		name, cert, clientCA, want string
	}{
		{"CA signs the server's certificate", srvCert, caPath, " --tls-ca " + q(caPath) + " --tls-cert CLIENT-CERT --tls-key CLIENT-KEY"},
		{"no CA given", srvCert, "", " --tls-ca " + q(srvCert)},
		{"another CA verifies clients", srvCert, otherCA, " --tls-ca " + q(srvCert) + " --tls-cert CLIENT-CERT --tls-key CLIENT-KEY"},
	} {
		if got, _ := tlsWorkerFlags(tc.cert, tc.clientCA, "127.0.0.1"); got != tc.want {
			t.Errorf("%s: tlsWorkerFlags = %q, want %q", tc.name, got, tc.want)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestServerTLSFlagsRefused: a server's --tls-ca without --tls-cert and
// --tls-key (stackel server, or the embedded server of stackel sweep) was
// ignored: the server ran without TLS and admitted any client, though
// the flag's help says client certificates are "then required". A
// certificate without its key, or a key without its certificate, was
// "TLS: missing 'key_file' in TLS configuration". Each is refused naming
// the flags, before the server starts (the deadline only ends a server
// that started).
func TestServerTLSFlagsRefused(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "s.yaml", sgaSpec("tls"))
	out := filepath.Join(dir, "out")
	const ca = "/nonexistent/ca.pem"
	wantCA := "--tls-ca " + ca + ": the server requires certificates signed by it only with TLS, which needs --tls-cert and --tls-key (the server's certificate and key); without them it would run without TLS and admit any client"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"server", "--listen", "127.0.0.1:0", "--store", filepath.Join(dir, "st"), "--tls-ca", ca}, wantCA},
		{[]string{"server", "--listen", "127.0.0.1:0", "--store", filepath.Join(dir, "st"), "--tls-cert", "c.pem"}, "--tls-cert c.pem needs --tls-key, the certificate's key"},
		{[]string{"server", "--listen", "127.0.0.1:0", "--store", filepath.Join(dir, "st"), "--tls-key", "k.pem"}, "--tls-key k.pem needs --tls-cert, the server's certificate"},
		{[]string{"sweep", spec, "--listen", "127.0.0.1:0", "--workers", "1", "--out", out, "--tls-ca", ca}, wantCA},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		cmd := newRootCmd()
		var buf bytes.Buffer
		cmd.SetOut(&buf)
		cmd.SetErr(&buf)
		cmd.SetArgs(c.args)
		err := cmd.ExecuteContext(ctx)
		cancel()
		if err == nil || err.Error() != c.want {
			t.Errorf("%v: error %v, want %q\n%s", c.args, err, c.want, buf.String())
		}
		for _, p := range []string{out, filepath.Join(dir, "st")} {
			if _, err := os.Stat(p); err == nil {
				t.Errorf("%v: left %s behind", c.args, p)
				os.RemoveAll(p)
			}
		}
	}
}

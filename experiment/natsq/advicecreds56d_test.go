package natsq

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWorkerCommandCredentialFlags56d: the worker command a sweep's wait
// advises for a server given with --nats named the URL alone when the
// credentials came from flags (--token, --tls-ca/--tls-cert/--tls-key):
// "stackel worker --nats tls://127.0.0.1:P", which that server refuses.
// It names the flags too, the token as *** and the files as given (a
// path with a space quoted for the shell); the cancel advice
// (urlForAdvice) likewise. A server on loopback requiring a token and a
// client certificate; each connection bounded by a context.
func TestWorkerCommandCredentialFlags56d(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const tok = "tok56d"
	dir := filepath.Join(t.TempDir(), "my certs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ca, caKey, caPath, _ := writeCert(t, dir, "ca", true, nil, nil)
	_, _, srvCert, srvKey := writeCert(t, dir, "server", false, ca, caKey)
	_, _, cliCert, cliKey := writeCert(t, dir, "client", false, ca, caKey)
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Token: tok,
		TLSCert: srvCert, TLSKey: srvKey, TLSCA: caPath})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	url := srv.ClientURL()
	if !strings.HasPrefix(url, "tls://127.0.0.1:") {
		t.Fatalf("server URL %s", url)
	}
	// The URL alone, as the advice gave it, is refused.
	if _, err := Connect(ctx, ConnOptions{URL: url, TLSCA: caPath, TLSCert: cliCert, TLSKey: cliKey}); err == nil || !strings.Contains(err.Error(), "requires credentials, and none were given") {
		t.Fatalf("without the token: %v, want the server to require credentials", err)
	}
	c, err := Connect(ctx, ConnOptions{URL: url, Token: tok, TLSCA: caPath, TLSCert: cliCert, TLSKey: cliKey})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	q := func(p string) string { return "'" + p + "'" }
	flags := " --token '***' --tls-ca " + q(caPath) + " --tls-cert " + q(cliCert) + " --tls-key " + q(cliKey)
	if got, want := c.WorkerCommand(), "stackel worker --nats "+url+flags; got != want {
		t.Errorf("WorkerCommand() = %q, want %q", got, want)
	}
	if got, want := c.urlForAdvice(), url+flags; got != want {
		t.Errorf("urlForAdvice() = %q, want %q", got, want)
	}
	if got := c.WorkerCommand(); strings.Contains(got, tok) {
		t.Errorf("WorkerCommand() = %q shows the token", got)
	}

	// The token in the URL: the client gives that one and ignores
	// --token, so the advice shows the URL's ***@ and no --token.
	c2, err := Connect(ctx, ConnOptions{URL: strings.Replace(url, "://", "://"+tok+"@", 1), Token: "unused", TLSCA: caPath, TLSCert: cliCert, TLSKey: cliKey})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if got, want := c2.WorkerCommand(), "stackel worker --nats "+strings.Replace(url, "://", "://***@", 1)+" --tls-ca "+q(caPath)+" --tls-cert "+q(cliCert)+" --tls-key "+q(cliKey); got != want {
		t.Errorf("token in the URL: WorkerCommand() = %q, want %q", got, want)
	}
}

// TestCredentialFlags56d: the flags credentialFlags adds to the advice
// for each ConnOptions (a creds file, which needs a server with JWT
// authentication to connect, is checked here, with the others): the
// token as *** when a URL of the list has no user information of its
// own, each file as given (absolute paths here: relative ones are made
// absolute, TestAdvicePathsAbsolute), quoted for the shell when it holds more than
// letters, digits and -_./:,+=@%; nothing for an in-process connection,
// whose advice is the embedded server's URL with ***@.
func TestCredentialFlags56d(t *testing.T) {
	for _, tc := range []struct {
		opt  ConnOptions
		want string
	}{
		{ConnOptions{URL: "nats://h:4222"}, ""},
		{ConnOptions{URL: "nats://h:4222", Token: "s"}, " --token '***'"},
		{ConnOptions{URL: "nats://a:pw@h:4222", Token: "s"}, ""},
		{ConnOptions{URL: "nats://a:pw@h:4222, nats://g:4222", Token: "s"}, " --token '***'"},
		{ConnOptions{URL: "nats://h:4222", Creds: "/home/al/.nkeys/user.creds"}, " --creds /home/al/.nkeys/user.creds"},
		{ConnOptions{URL: "nats://h:4222", Creds: "/srv/C:\\creds\\u.creds"}, ` --creds '/srv/C:\creds\u.creds'`},
		{ConnOptions{URL: "nats://h:4222", Creds: "/srv/it's.creds", Token: "s"}, ` --token '***' --creds '/srv/it'\''s.creds'`},
		{ConnOptions{URL: "tls://h:4222", TLSCA: "/etc/ca.pem"}, " --tls-ca /etc/ca.pem"},
		{ConnOptions{URL: "tls://h:4222", TLSCert: "/etc/c.pem", TLSKey: "/etc/k.pem"}, " --tls-cert /etc/c.pem --tls-key /etc/k.pem"},
		{ConnOptions{InProcess: &Server{}, Token: "s"}, ""},
	} {
		if got := credentialFlags(tc.opt); got != tc.want {
			t.Errorf("credentialFlags(%+v) = %q, want %q", tc.opt, got, tc.want)
		}
	}
}

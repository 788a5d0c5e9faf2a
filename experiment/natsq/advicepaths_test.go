package natsq

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAdvicePathsAbsolute: the files the advice names (credentialFlags'
// --creds and --tls-*, an embedded server's --tls-ca and the CA of its
// note) were named as given, relative to the directory of the process
// advising, where a worker or a collect started elsewhere finds no such
// file. They are named by absolute paths. A path with a newline is
// written in bash's $'…' quotes (before, as a literal backslash-n
// between '…', which bash reads as another path). A server on loopback.
func TestAdvicePathsAbsolute(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	ca, caKey, _, _ := writeCert(t, ".", "ca", true, nil, nil)
	writeCert(t, ".", "server", false, ca, caKey)
	abs := func(p string) string { return filepath.Join(dir, p) }
	for _, tc := range []struct {
		opt  ConnOptions
		want string
	}{
		{ConnOptions{URL: "tls://h:4222", TLSCA: "ca.pem", Creds: "u.creds"}, " --creds " + abs("u.creds") + " --tls-ca " + abs("ca.pem")},
		{ConnOptions{URL: "tls://h:4222", TLSCert: "sub/c.pem", TLSKey: "../k.pem"}, " --tls-cert " + abs("sub/c.pem") + " --tls-key " + filepath.Join(filepath.Dir(dir), "k.pem")},
		{ConnOptions{URL: "tls://h:4222", TLSCA: "/x/a\nb.pem"}, ` --tls-ca $'/x/a\nb.pem'`},
	} {
		if got := credentialFlags(tc.opt); got != tc.want {
			t.Errorf("credentialFlags(%+v) = %q, want %q", tc.opt, got, tc.want)
		}
	}

	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: filepath.Join(dir, "store"),
		TLSCert: "server.pem", TLSKey: "server-key.pem", TLSCA: "ca.pem"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	if got, want := srv.WorkerFlags(), " --tls-ca "+abs("ca.pem")+" --tls-cert CLIENT-CERT --tls-key CLIENT-KEY"; got != want {
		t.Errorf("WorkerFlags() = %q, want %q", got, want)
	}
	if got, want := srv.WorkerNote(), "signed by "+abs("ca.pem")+","; !strings.Contains(got, want) {
		t.Errorf("WorkerNote() = %q, want it to hold %q", got, want)
	}
	if _, err := os.Stat(abs("ca.pem")); err != nil {
		t.Fatal(err)
	}
}

package natsq

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestTLSWorkerFlagsCAWithKey: a server --tls-ca file holding the CA's
// private key too (GenTLSConfig accepts it) was named in the worker
// advice as the workers' --tls-ca, so users copied the CA's key, with
// which anyone can sign client certificates, to every worker. The
// placeholder CA-CERT stands for it, with the note "CA-CERT: the
// certificate of FILE without its key"; a CA file without its key is
// still named.
func TestTLSWorkerFlagsCAWithKey(t *testing.T) {
	dir := t.TempDir()
	ca, caKey, caPath, caKeyPath := writeCert(t, dir, "ca", true, nil, nil)
	_, _, srvCert, _ := writeCert(t, dir, "server", false, ca, caKey)
	cb, err := os.ReadFile(caPath)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := os.ReadFile(caKeyPath)
	if err != nil {
		t.Fatal(err)
	}
	withKey := filepath.Join(dir, "ca-with-key.pem")
	if err := os.WriteFile(withKey, append(cb, kb...), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, clientCA, flags, note string
	}{
		{"CA file with its key", withKey, " --tls-ca " + CACertWord + " --tls-cert CLIENT-CERT --tls-key CLIENT-KEY",
			CACertWord + ": the certificate of " + withKey + " without its key"},
		{"CA file alone", caPath, " --tls-ca " + caPath + " --tls-cert CLIENT-CERT --tls-key CLIENT-KEY", ""},
	} {
		flags, notes := tlsWorkerFlags(srvCert, tc.clientCA, "127.0.0.1")
		if flags != tc.flags {
			t.Errorf("%s: flags %q, want %q", tc.name, flags, tc.flags)
		}
		if tc.note != "" && !slices.Contains(notes, tc.note) {
			t.Errorf("%s: notes %q, want them to hold %q", tc.name, notes, tc.note)
		}
		for _, n := range notes {
			if tc.note == "" && len(n) > len(CACertWord) && n[:len(CACertWord)] == CACertWord {
				t.Errorf("%s: note %q, want none for %s", tc.name, n, CACertWord)
			}
		}
	}
}

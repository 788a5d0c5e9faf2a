package natsq

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/stackel/stackel/internal/fifotest"
)

// testCreds returns a user's seed, its JWT (signed by a new account),
// the JWT of another user of that account, and the credentials file
// nsc would write for the first.
func testCreds(t *testing.T) (seed []byte, userJWT, otherJWT string, creds []byte) {
	t.Helper()
	acc, err := nkeys.CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	claims := func(kp nkeys.KeyPair) string {
		pub, err := kp.PublicKey()
		if err != nil {
			t.Fatal(err)
		}
		j, err := jwt.NewUserClaims(pub).Encode(acc)
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	other, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	seed, err = user.Seed()
	if err != nil {
		t.Fatal(err)
	}
	userJWT, otherJWT = claims(user), claims(other)
	creds, err = jwt.FormatUserConfig(userJWT, seed)
	if err != nil {
		t.Fatal(err)
	}
	return seed, userJWT, otherJWT, creds
}

// TestCheckCredsContents: a --creds file holding a user's nkey seed but
// no user JWT (the seed alone, bare or between nsc's markers) passed the
// check, and the client then sent the whole file, seed included, as its
// JWT in CONNECT, where the server's trace and its advisories show it.
// Such a file is refused before any connection with "--creds FILE: holds
// no user JWT", as is one whose JWT is another user's than the seed's;
// the message holds no part of the seed. A file as nsc writes it passes.
func TestCheckCredsContents(t *testing.T) {
	seed, userJWT, otherJWT, creds := testCreds(t)
	decorated := "-----BEGIN USER NKEY SEED-----\n" + string(seed) + "\n------END USER NKEY SEED------\n"
	// FormatUserConfig refuses a seed of another user than the JWT's.
	otherCreds := "-----BEGIN NATS USER JWT-----\n" + otherJWT + "\n------END NATS USER JWT------\n\n" + decorated
	_ = userJWT
	dir := t.TempDir()
	for _, tc := range []struct {
		name, contents, want string
	}{
		{"credentials file", string(creds), ""},
		{"seed alone", string(seed) + "\n", ": holds no user JWT"},
		{"seed between markers", decorated, ": holds no user JWT"},
		{"another user's JWT", otherCreds, ": its user JWT is not the seed's user"},
	} {
		p := filepath.Join(dir, strings.NewReplacer(" ", "-", "'", "").Replace(tc.name)+".creds")
		if err := os.WriteFile(p, []byte(tc.contents), 0o600); err != nil {
			t.Fatal(err)
		}
		err := checkCreds(p)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v, want no error", tc.name, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), "--creds "+p+tc.want)):
			t.Errorf("%s: error %v, want it to begin %q", tc.name, err, "--creds "+p+tc.want)
		case err != nil && strings.Contains(err.Error(), string(seed[2:12])):
			t.Errorf("%s: the error shows the seed: %v", tc.name, err)
		}
	}
}

// TestCheckCredsNotRegular: a --creds naming a FIFO, a device such as
// /dev/zero or a directory was read without bound (a FIFO with no
// writer, or /dev/zero, blocked the check, and the process, for ever).
// Each is refused at once with "--creds FILE: not a regular file", and
// a regular file larger than 64 KiB (no credentials file is) with
// "--creds FILE: larger than 64 KiB". Bounded: each check within 10 s.
func TestCheckCredsNotRegular(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.creds")
	if err := os.WriteFile(big, make([]byte, 64<<10+1), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ path, want string }{
		{dir, ": not a regular file"},
		{big, ": larger than 64 KiB"},
	}
	fifo := filepath.Join(dir, "fifo.creds")
	if err := fifotest.Mkfifo(fifo); err == nil {
		cases = append(cases, struct{ path, want string }{fifo, ": not a regular file"})
	} else {
		t.Logf("no FIFO here: %v", err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases = append(cases, struct{ path, want string }{"/dev/zero", ": not a regular file"})
	}
	for _, tc := range cases {
		done := make(chan error, 1)
		go func() { done <- checkCreds(tc.path) }()
		select {
		case err := <-done:
			if err == nil || !strings.HasPrefix(err.Error(), "--creds "+tc.path+tc.want) {
				t.Errorf("%s: error %v, want it to begin %q", tc.path, err, "--creds "+tc.path+tc.want)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("%s: the check did not return within 10 s", tc.path)
		}
	}
}

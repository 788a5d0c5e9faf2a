package natsq

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

// TestCheckCredsValidity: a --creds file whose user JWT has expired, or
// is not yet valid, passed the check, and the server then refused it
// with no reason ("Authorization Violation"). Each is refused before
// any connection, naming the time in UTC (to the minute); a JWT that
// expires in an hour passes.
func TestCheckCredsValidity(t *testing.T) {
	acc, err := nkeys.CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	upub, err := user.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	seed, err := user.Seed()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Truncate(time.Second)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	const stamp = "2006-01-02 15:04 UTC"
	dir := t.TempDir()
	for i, tc := range []struct {
		name              string
		expires, notBefor int64
		want              string
	}{
		{"expires in an hour", future.Unix(), 0, ""},
		{"expired an hour ago", past.Unix(), 0, ": its user JWT expired on " + past.UTC().Format(stamp) + "; issue a new one (nsc)"},
		{"valid in an hour", 0, future.Unix(), ": its user JWT is not valid before " + future.UTC().Format(stamp)},
	} {
		uc := jwt.NewUserClaims(upub)
		uc.Expires, uc.NotBefore = tc.expires, tc.notBefor
		j, err := uc.Encode(acc)
		if err != nil {
			t.Fatal(err)
		}
		b, err := jwt.FormatUserConfig(j, seed)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, string(rune('a'+i))+".creds")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		err = checkCreds(p)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v, want no error", tc.name, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), "--creds "+p+tc.want)):
			t.Errorf("%s: error %v, want it to begin %q", tc.name, err, "--creds "+p+tc.want)
		}
	}
}

// TestCheckCredsSubjectShown: a user JWT whose subject is another user's
// key is refused naming that key; one whose subject is no user key (here
// terminal escapes and a line break) was printed raw, escapes and all.
// It is refused saying the JWT names no user key, with none of the
// subject in the message.
func TestCheckCredsSubjectShown(t *testing.T) {
	acc, err := nkeys.CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	apub, err := acc.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	seed, err := user.Seed()
	if err != nil {
		t.Fatal(err)
	}
	other, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	opub, err := other.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	signed := func(sub string) string {
		h := enc([]byte(`{"typ":"JWT","alg":"ed25519-nkey"}`))
		p := enc([]byte(`{"jti":"X","iat":1,"iss":"` + apub + `","sub":` + sub + `,"nats":{"type":"user","version":2}}`))
		sig, err := acc.Sign([]byte(h + "." + p))
		if err != nil {
			t.Fatal(err)
		}
		return h + "." + p + "." + enc(sig)
	}
	dir := t.TempDir()
	for i, tc := range []struct {
		name, sub, want string
	}{
		{"another user's key", `"` + opub + `"`, ": its user JWT is not the seed's user (the JWT names user " + opub + ")"},
		{"escapes", `"UEVIL\u001b[2J\u001b[31mRED\nsecond line"`, ": its user JWT is not the seed's user (the JWT names no user key)"},
	} {
		b := "-----BEGIN NATS USER JWT-----\n" + signed(tc.sub) + "\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n" + string(seed) + "\n------END USER NKEY SEED------\n"
		p := filepath.Join(dir, string(rune('a'+i))+".creds")
		if err := os.WriteFile(p, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
		err := checkCreds(p)
		if err == nil || err.Error() != "--creds "+p+tc.want {
			t.Errorf("%s: error %q, want %q", tc.name, err, "--creds "+p+tc.want)
		}
	}
}

package natsq

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A /, ? or # in a password or token ends the host for url.Parse, which
// then quoted what it read as the port (invalid port ":pa" after host)
// and, at a #, the URL cut there ("nats://alice:pa"): both are the
// credentials' text. Such a URL is refused before the client reads it
// (session 46 R), hiding them and saying what to write. A
// cluster list written with spaces after its commas had every parse
// error quote the credentials whole.
func TestConnectPortErrorHidesCredentials46j(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const hint = "*** is all before its last @, which holds a /, ? or #: in a user name, password or token write them %2F, %3F, %23 (there they end the host); a nats:// or tls:// URL has no path, query or fragment"
	for _, tc := range []struct{ url, want string }{
		{"nats://alice:pa/ss@127.0.0.1:1", `NATS URL nats://***@127.0.0.1:1: ` + hint},
		{"nats://alice:pa?ss@127.0.0.1:1", `NATS URL nats://***@127.0.0.1:1: ` + hint},
		{"nats://alice:pa#ss@127.0.0.1:1", `NATS URL nats://***@127.0.0.1:1: ` + hint},
		{"nats://127.0.0.1:2,tls://tok:pa/x@127.0.0.1:1", `NATS URL tls://***@127.0.0.1:1: ` + hint},
		// Without a scheme, and in a cluster list with a space after a
		// comma (which quoted the credentials whole in any parse error).
		{"alice:pa#ss@127.0.0.1:1", `NATS URL ***@127.0.0.1:1: ` + hint},
		{"nats://127.0.0.1:2, nats://alice:pa/ss@127.0.0.1:1", `NATS URL nats://***@127.0.0.1:1: ` + hint},
		{"nats://127.0.0.1:2,  nats://alice:pw@[::1", `parse "nats://***@[::1": missing ']' in host`},
		{"nats://127.0.0.1:2, nats://alice:p%zzss@127.0.0.1:1", `parse "nats://***@127.0.0.1:1": invalid URL escape in the user name, password or token`},
		// A port of the host's own is quoted as before.
		{"nats://alice:pass@127.0.0.1:1x", `parse "nats://***@127.0.0.1:1x": invalid port ":1x" after host`},
	} {
		_, err := Connect(ctx, ConnOptions{URL: tc.url})
		if err == nil {
			t.Fatalf("%s: connected", tc.url)
		}
		msg := err.Error()
		for _, secret := range []string{"alice", ":pa", "tok:", "pw@", "%zz"} {
			if strings.Contains(msg, secret) {
				t.Errorf("%s: error shows %q: %s", tc.url, secret, msg)
			}
		}
		if !strings.HasSuffix(msg, tc.want) {
			t.Errorf("%s: error %s\nwant it to end %s", tc.url, msg, tc.want)
		}
	}
}

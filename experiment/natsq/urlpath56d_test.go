package natsq

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestConnectURLPathRefused56d: a nats:// or tls:// URL has no path,
// query or fragment (the client dials the host and port and ignores the
// rest), so --nats nats://host:4222/path is refused before the client
// reads it, where before it was dialled as nats://host:4222. With an @
// after the path (nats://host:4222/p@q) the URL reads as well as
// credentials holding a / (nats://alice:se/cret@q): all before the last
// @ is hidden as *** (showing "host:4222" would show "alice:se" in the
// other), and the error, which before read "NATS URL nats://***@q: a /,
// ? or # in the user name, password or token ends the host there", as if
// q were the host the user gave, says what *** stands for and both ways
// to mend it. A ws:// URL's path and query are the client's (its HTTP
// request), and pass. No server listens at 127.0.0.1:1.
func TestConnectURLPathRefused56d(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const hint = "; give nats://HOST:PORT (tls://… with TLS), e.g. nats://127.0.0.1:4222"
	const noPath = ": a nats:// or tls:// URL has no path, query or fragment (the client would ignore it)" + hint
	const beforeAt = ": *** is all before its last @, which holds a /, ? or #: in a user name, password or token write them %2F, %3F, %23 (there they end the host); "
	const natsAt = beforeAt + "a nats:// or tls:// URL has no path, query or fragment"
	for _, tc := range []struct{ url, want string }{
		{"nats://127.0.0.1:1/path", "NATS URL nats://127.0.0.1:1/path" + noPath},
		{"tls://127.0.0.1:1?x=1", "NATS URL tls://127.0.0.1:1?x=1" + noPath},
		{"127.0.0.1:1#f", "NATS URL 127.0.0.1:1#f" + noPath},
		{"nats://u:pw@127.0.0.1:1/x", "NATS URL nats://***@127.0.0.1:1/x" + noPath},
		{"nats://127.0.0.1:2, nats://127.0.0.1:1//", "NATS URL nats://127.0.0.1:1//" + noPath},
		{"nats://127.0.0.1:1/p@q", "NATS URL nats://***@q" + natsAt},
		{"nats://127.0.0.1:1/?x=a@b", "NATS URL nats://***@b" + natsAt},
		{"nats://alice:se/cret@127.0.0.1:1", "NATS URL nats://***@127.0.0.1:1" + natsAt},
		{"ws://127.0.0.1:1/p@q", "NATS URL ws://***@q" + beforeAt + "in a ws:// URL's path or query write an @ as %40"},
	} {
		_, err := Connect(ctx, ConnOptions{URL: tc.url})
		if err == nil {
			t.Fatalf("%s: connected", tc.url)
		}
		if msg := err.Error(); msg != tc.want {
			t.Errorf("%s: error\n%s\nwant\n%s", tc.url, msg, tc.want)
		}
		if strings.Contains(err.Error(), "alice") || strings.Contains(err.Error(), "pw") {
			t.Errorf("%s: error shows the credentials: %v", tc.url, err)
		}
	}
	for _, u := range []string{"ws://127.0.0.1:8080/nats?x=1", "wss://u:p@h:443/path", "nats://h:4222/", "nats://h:4222"} {
		if err := checkServerURLs(u); err != nil {
			t.Errorf("checkServerURLs(%q): %v", u, err)
		}
	}
}

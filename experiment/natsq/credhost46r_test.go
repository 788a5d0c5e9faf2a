package natsq

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A /, ? or # in a user name, password or token ends the host there;
// where what comes before it reads as a host (nats://tokensecret#x@h,
// nats://alice:1234/5678@h), url.Parse takes it for the server's
// address and the client's DNS error named it: the token, the user
// name. Such a URL is refused before the client reads it, naming the
// URL without its credentials.
func TestConnectCredentialsAsHostRefused46r(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const hint = ": *** is all before its last @, which holds a /, ? or #: in a user name, password or token write them %2F, %3F, %23 (there they end the host); a nats:// or tls:// URL has no path, query or fragment"
	for _, tc := range []struct{ url, want string }{
		{"nats://tokensecret#x@127.0.0.1:1", "NATS URL nats://***@127.0.0.1:1" + hint},
		{"nats://Zm9vc2VjcmV0/YmFy@127.0.0.1:1", "NATS URL nats://***@127.0.0.1:1" + hint},
		{"nats://alice:1234/5678@127.0.0.1:1", "NATS URL nats://***@127.0.0.1:1" + hint},
		{"nats://alice:1234?5678@127.0.0.1:1", "NATS URL nats://***@127.0.0.1:1" + hint},
		{"nats://127.0.0.1:2, alice:1234#5678@127.0.0.1:1", "NATS URL ***@127.0.0.1:1" + hint},
	} {
		_, err := Connect(ctx, ConnOptions{URL: tc.url})
		if err == nil {
			t.Fatalf("%s: connected", tc.url)
		}
		msg := err.Error()
		for _, secret := range []string{"tokensecret", "Zm9v", "alice", "1234", "5678"} {
			if strings.Contains(msg, secret) {
				t.Errorf("%s: error shows %q: %s", tc.url, secret, msg)
			}
		}
		if msg != tc.want {
			t.Errorf("%s: error %s\nwant %s", tc.url, msg, tc.want)
		}
	}
}

package natsq

import (
	"context"
	"strings"
	"testing"
)

// A comma in a --nats URL's user name, password or token splits the list
// there (the client's reading): the URL after it, credentials without a
// scheme, is refused, named without them, and nothing before the comma is
// written. Before review 49 the part before the comma, no URL's user
// information to redact, was written whole: "connecting to NATS at
// nats://alice:q9,***@127.0.0.1:1: parse "nats://alice:q9": invalid port
// ":q9" after host", and for a token "nats://t0k,***@127.0.0.1:1".
func TestConnectCommaInCredentialsNotWritten(t *testing.T) {
	const rest = " follows a comma that may be part of a user name, password or token (the list is split at each comma): write such a comma %2C, and each URL of a list with its scheme (nats://TOKEN@host:port)"
	for _, tc := range []struct{ url, secret, want string }{
		{"nats://alice:q9,ss@127.0.0.1:1", "q9", "NATS URL ***@127.0.0.1:1" + rest},
		{"nats://t0k,en@127.0.0.1:1", "t0k", "NATS URL ***@127.0.0.1:1" + rest},
		{"nats://alice:p\x01a,ss@127.0.0.1:1", "alice", "NATS URL ***@127.0.0.1:1" + rest},
		{"nats://alice:" + strings.Repeat("S", 200) + ",x@127.0.0.1:1", "SSS", "NATS URL ***@127.0.0.1:1" + rest},
		{"nats://a:1, nats://alice:p,a,ss@127.0.0.1:1", "alice", "NATS URL ***@127.0.0.1:1" + rest},
		{"alice:pa,ss@127.0.0.1:1", "alice", "NATS URL ***@127.0.0.1:1" + rest},
	} {
		_, err := Connect(context.Background(), ConnOptions{URL: tc.url})
		if err == nil || err.Error() != tc.want || strings.Contains(err.Error(), tc.secret) {
			t.Errorf("URL %.40q: got\n%.300v\nwant\n%s", tc.url, err, tc.want)
		}
	}
	// Lists of URLs with their schemes, a comma written %2C, a list
	// without credentials or with them on its first URL only pass.
	for _, u := range []string{"nats://a:4222, nats://tok@b:4222", "nats://alice:pa%2Css@h:1", "a:4222,b:4222", "tok@a:4222,b:4222", "nats://u:p@a:1,nats://u:p@b:1"} {
		if err := checkListCommas(u); err != nil {
			t.Errorf("checkListCommas(%q): %v", u, err)
		}
	}
}

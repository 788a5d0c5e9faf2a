package natsq

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// A cluster's URL list names each server with its own credentials, and a
// password may hold an @: the error of a connection that fails shows the
// servers, never a password or token. No server listens at the addresses
// (ports just closed on loopback), so Connect fails at once.
func TestConnectErrorHidesEveryCredential(t *testing.T) {
	var ports []string
	for range 2 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports = append(ports, l.Addr().String())
		l.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, tc := range []struct{ url, want string }{
		{"nats://alice:pw1@" + ports[0] + ",nats://bob:pw2@" + ports[1],
			"nats://***@" + ports[0] + ",nats://***@" + ports[1]},
		{"nats://alice:p@ss/1@" + ports[0], "nats://***@" + ports[0]},
		{"nats://" + ports[0] + ",nats://tok3n@" + ports[1], "nats://" + ports[0] + ",nats://***@" + ports[1]},
	} {
		_, err := Connect(ctx, ConnOptions{URL: tc.url})
		if err == nil {
			t.Fatalf("%s: connected", tc.want)
		}
		msg := err.Error()
		for _, secret := range []string{"pw1", "pw2", "ss/1", "tok3n", "alice", "bob"} {
			if strings.Contains(msg, secret) {
				t.Errorf("error shows %q: %s", secret, msg)
			}
		}
		if !strings.Contains(msg, tc.want) {
			t.Errorf("error does not name the servers as %s: %s", tc.want, msg)
		}
	}
}

// A URL the NATS client cannot parse (a password or token with a % not
// followed by two hex digits, a host with an open bracket) made its error,
// which Connect wraps, quote the URL whole: the password or token was
// printed after the redacted name of the server.
func TestConnectParseErrorHidesCredentials(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, tc := range []struct{ url, secret, want string }{
		{"nats://alice:p%zzw@127.0.0.1:1", "p%zzw", `parse "nats://***@127.0.0.1:1": invalid URL escape`},
		{"nats://s3cr%tok@127.0.0.1:1", "s3cr", `parse "nats://***@127.0.0.1:1": invalid URL escape`},
		{"nats://alice:pw\"q@[::1", "pw", `parse "nats://***@[::1": missing ']'`},
	} {
		_, err := Connect(ctx, ConnOptions{URL: tc.url})
		if err == nil {
			t.Fatalf("%s: connected", tc.want)
		}
		msg := err.Error()
		// Nor a piece of it: url.Parse quotes a bad escape ("%zz", "%to"),
		// which was left in the message before session 46.
		if strings.Contains(msg, tc.secret) || strings.Contains(msg, "alice") || strings.Contains(msg, "%zz") || strings.Contains(msg, "%to") {
			t.Errorf("error shows the credentials: %s", msg)
		}
		if !strings.Contains(msg, tc.want) {
			t.Errorf("error does not say %s: %s", tc.want, msg)
		}
	}
}

// RedactURL, for the commands that write a server's URL into a report or
// a log, keeps the host and hides the credentials.
func TestRedactURLKeepsHost(t *testing.T) {
	if got, want := RedactURL("nats://alice:pw@h1:4222,tls://tok@h2:4223,nats://h3:4222"), "nats://***@h1:4222,tls://***@h2:4223,nats://h3:4222"; got != want {
		t.Errorf("RedactURL = %s, want %s", got, want)
	}
}

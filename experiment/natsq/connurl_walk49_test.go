package natsq

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A --nats URL whose host or port no server can have, or that is no URL,
// is named once, without its credentials and cut, before the client reads
// it (a short printable one that is no URL keeps the client's parse error,
// as TestConnectParseErrorHidesCredentials checks): before session 49 the client's error repeated the URL or its host
// whole (a 3000-character value made a 6 KB message) and a control
// character reached the terminal as is. ConnectWait ends at once on it.
func TestConnectBadURLNamedOnceCut(t *testing.T) {
	const hint = "; give nats://HOST:PORT (tls://… with TLS), e.g. nats://127.0.0.1:4222"
	const notHost = ": the host is neither an IP address nor a host name (letters, digits, '-', '.' and '_', at most 253 of them)" + hint
	nines := strings.Repeat("9", 3000)
	for _, tc := range []struct{ url, want string }{
		{"nats://127.0.0.1:" + nines, `NATS URL "nats://127.0.0.1:` + strings.Repeat("9", 102) + "…: bad port" + hint},
		{"nats://127.0.0.1:70000", "NATS URL nats://127.0.0.1:70000: bad port" + hint},
		{strings.Repeat("n", 3000), `NATS URL "` + strings.Repeat("n", 119) + "…" + notHost},
		{"nats://secret:pw@" + strings.Repeat("h", 254) + ":4222", `NATS URL "nats://***@` + strings.Repeat("h", 108) + "…" + notHost},
		{"nats://a\x1b[31mb:1", `NATS URL "nats://a\x1b[31mb:1": it cannot be read as a URL` + hint},
		{"nats://tok\x07en@a\tb:1", `NATS URL "nats://***@a\tb:1": it cannot be read as a URL` + hint},
		{"nats://ok:4222, nats://u:pw@bad\x1bhost:4222", `NATS URL "nats://***@bad\x1bhost:4222": it cannot be read as a URL` + hint},
	} {
		_, err := ConnectWait(context.Background(), ConnOptions{URL: tc.url}, nil)
		if err == nil || err.Error() != tc.want {
			t.Errorf("URL %.40q: got\n%v\nwant\n%s", tc.url, err, tc.want)
		}
	}
}

// URLs a client is given in practice pass the check, to the client.
func TestCheckServerURLsAcceptsURLs(t *testing.T) {
	for _, u := range []string{
		"nats://127.0.0.1:4222", "localhost:4222", "nats://host", "nats://u:p@node-1.example.org:4222",
		"tls://[::1]:4222", "nats://[fe80::1%25eth0]:4222", "nats://a:4222, nats://tok@b:4222",
		"nats://tok%2Fx@h:1", "nats://user:p%zz@h:1", "ws://h:8080", "nats://h:4222/",
	} {
		if err := checkServerURLs(u); err != nil {
			t.Errorf("checkServerURLs(%q): %v", u, err)
		}
	}
}

// TestConnectEmptyURLListRefused50: a --nats list of commas and blanks
// names no server; it is refused at once, where before session 50 a
// worker given --nats "," waited for ever ("no NATS server answers at ,
// yet").
func TestConnectEmptyURLListRefused50(t *testing.T) {
	const want = "holds no URL; give nats://HOST:PORT (tls://… with TLS), e.g. nats://127.0.0.1:4222"
	for _, u := range []string{",", " , ", ",,\t"} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := ConnectWait(ctx, ConnOptions{URL: u}, nil)
		cancel()
		if err == nil || !strings.HasPrefix(err.Error(), "NATS URL list "+strconv.Quote(u)+" ") || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("URL %q: got %v, want NATS URL list %q %s", u, err, u, want)
		}
	}
}

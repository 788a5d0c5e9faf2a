package natsq

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestConnectBlankURLListRefused50: the client drops every entry of the
// list that strings.TrimSpace leaves empty, not only those of spaces and
// tabs: a list of a newline, a carriage return (--nats "$(cat url.txt)"
// of a file of CRLF lines holding no URL), a vertical tab or a
// no-break space named no server, passed the check for a list of commas
// and blanks, and a worker waited for one for ever. Each is refused at
// once with that check's message.
func TestConnectBlankURLListRefused50(t *testing.T) {
	const want = "holds no URL; give nats://HOST:PORT (tls://… with TLS), e.g. nats://127.0.0.1:4222"
	for _, u := range []string{"\n", "\r", " ,\r\n", "\v,", "\u00a0", ",\u2003,"} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err := ConnectWait(ctx, ConnOptions{URL: u}, nil)
		cancel()
		if err == nil || !strings.HasPrefix(err.Error(), "NATS URL list "+strconv.Quote(u)+" ") || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("URL %q: got %v, want NATS URL list %q %s", u, err, u, want)
		}
	}
}

// TestServerURLsEmptyEntryAllowed50: an empty entry of a list of URLs (a
// trailing comma, ", ,"), which the client drops, is no URL to check:
// since textcut.Word quoted an empty word (session 50), checkServerURLs
// refused "nats://127.0.0.1:4222," as `NATS URL "": it is not printable,
// or longer than 300 characters …`, where before it was accepted; a bad
// URL beside an empty entry is still named.
func TestServerURLsEmptyEntryAllowed50(t *testing.T) {
	for _, c := range []struct{ urls, want string }{
		{"nats://127.0.0.1:4222,", ""},
		{"nats://127.0.0.1:4222, ,tls://127.0.0.1:4223", ""},
		{",nats://a:1,,nats://b:2,\r", ""},
		{"nats://127.0.0.1:4222,,nats://h:99999", `NATS URL nats://h:99999: bad port; give nats://HOST:PORT (tls://… with TLS), e.g. nats://127.0.0.1:4222`},
	} {
		got := ""
		if err := checkServerURLs(c.urls); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("checkServerURLs(%q) = %q, want %q", c.urls, got, c.want)
		}
	}
}

package natsq

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An IPv6 --listen host's zone is checked as a name: netip takes any text
// for one, so before review 49 "[fe80::1%\x1b]:1" passed the host check
// and "refusing to listen on …" wrote its ESC raw, and a 3000-character
// zone whole; a port of 3000 zeros then 80 (a number strconv reads) made
// that message 3 KB. Nothing is made in the store directory.
func TestListenZoneAndLongPortCut(t *testing.T) {
	const notHost = ": the host is neither an IP address nor a host name (letters, digits, '-', '.' and '_', at most 253 of them); give HOST:PORT, e.g. 127.0.0.1:4222"
	zone := strings.Repeat("z", 3000)
	zeros := strings.Repeat("0", 3000)
	for _, tc := range []struct{ listen, want string }{
		{"[fe80::1%\x1b]:1", `--listen "[fe80::1%\x1b]:1"` + notHost},
		{"[fe80::1%\u202e]:1", `--listen "[fe80::1%\u202e]:1"` + notHost},
		{"[fe80::1%" + zone + "]:1", `--listen "[fe80::1%` + strings.Repeat("z", 70) + "…" + notHost},
		{"10.0.0.1:" + zeros + "80", `refusing to listen on "10.0.0.1:` + strings.Repeat("0", 70) + "… without authentication: give a token (--token or STACKEL_NATS_TOKEN) or --user and --password, or listen on loopback (127.0.0.1)"},
	} {
		store := filepath.Join(t.TempDir(), "store")
		_, err := StartServer(ServerOptions{Listen: tc.listen, StoreDir: store})
		if err == nil || err.Error() != tc.want {
			t.Errorf("listen %.40q: got error\n%v\nwant\n%s", tc.listen, err, tc.want)
		}
		if _, serr := os.Stat(store); !os.IsNotExist(serr) {
			t.Errorf("listen %.40q: the store directory was made (%v)", tc.listen, serr)
		}
	}
	// Zones an interface has pass: a name, a number (Windows').
	for _, h := range []string{"fe80::1%eth0", "fe80::1%12", "fe80::1%br-lan.100"} {
		if !listenHost(h) {
			t.Errorf("listenHost(%q) = false, want true", h)
		}
	}
}

// A --nats URL whose zone (after %25) is not a name, or
// that the client reads but that is long or not printable (a path, a
// query), is refused before the client reads it, cut and without its
// credentials: before review 49 it went to the client, and "connecting to
// NATS at …" (once a second in a waiting worker's log, "no NATS server
// answers at …") wrote it whole, its U+202E or its 3000-character path.
func TestConnectURLZoneAndLongPathCut(t *testing.T) {
	const hint = "; give nats://HOST:PORT (tls://… with TLS), e.g. nats://127.0.0.1:4222"
	const notHost = ": the host is neither an IP address nor a host name (letters, digits, '-', '.' and '_', at most 253 of them)" + hint
	const notShown = ": it is not printable, or longer than 300 characters without its credentials" + hint
	for _, tc := range []struct{ url, want string }{
		{"nats://[fe80::1%25a%20b]:4222", "NATS URL nats://[fe80::1%25a%20b]:4222" + notHost},
		{"nats://tok@[fe80::1%25" + strings.Repeat("z", 3000) + "]:4222", `NATS URL "nats://***@[fe80::1%25` + strings.Repeat("z", 97) + "…" + notHost},
		// A nats:// URL has no path at all (TestConnectURLPathRefused56d).
		{"nats://user:pw@127.0.0.1:1/" + strings.Repeat("p", 3000), `NATS URL "nats://***@127.0.0.1:1/` + strings.Repeat("p", 96) + "…: a nats:// or tls:// URL has no path, query or fragment (the client would ignore it)" + hint},
		{"ws://user:pw@127.0.0.1:1/" + strings.Repeat("p", 3000), `NATS URL "ws://***@127.0.0.1:1/` + strings.Repeat("p", 98) + "…" + notShown},
		{"ws://127.0.0.1:1/\u202e", `NATS URL "ws://127.0.0.1:1/\u202e"` + notShown},
		{"nats://127.0.0.1:1, ws://127.0.0.1:1/?q=" + strings.Repeat("q", 400), `NATS URL "ws://127.0.0.1:1/?q=` + strings.Repeat("q", 99) + "…" + notShown},
	} {
		_, err := Connect(context.Background(), ConnOptions{URL: tc.url})
		if err == nil || err.Error() != tc.want {
			t.Errorf("URL %.40q: got\n%.400v\nwant\n%s", tc.url, err, tc.want)
		}
	}
	// The longest a host name can be, with credentials of any length and
	// a ws:// path, still passes.
	long := "nats://" + strings.Repeat("t", 5000) + "@" + strings.Repeat("h", 253) + ":4222, ws://h:8080/nats/ws?x=1"
	if err := checkServerURLs(long); err != nil {
		t.Errorf("checkServerURLs(a 253-character host): %v", err)
	}
}

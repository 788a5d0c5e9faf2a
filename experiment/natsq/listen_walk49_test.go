package natsq

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --listen value the server cannot take is named once, as given when
// short and printable, else quoted and cut, with the reason and the form
// to give: before session 49 net's error repeated the value whole (a
// 3000-character one made a 6 KB message) and a control character reached
// the terminal as is. Nothing is made in the store directory.
func TestListenErrorsCutTheValue(t *testing.T) {
	long := strings.Repeat("a", 3000)
	cut := `"` + strings.Repeat("a", 79) + "…"
	for _, tc := range []struct {
		listen, token, want string
	}{
		{"a\x1b[31mb:1", "", `--listen "a\x1b[31mb:1": unexpected '[' in address; give HOST:PORT, e.g. 127.0.0.1:4222 (port 0 picks a free one)`},
		{long, "", "--listen " + cut + ": missing port in address; give HOST:PORT, e.g. 127.0.0.1:4222 (port 0 picks a free one)"},
		{"127.0.0.1:" + long, "", "--listen " + `"127.0.0.1:` + strings.Repeat("a", 69) + "…" + ": bad port; give HOST:PORT with a port from 0 to 65535 (0 picks a free one)"},
		{"127.0.0.1:70000", "", "--listen 127.0.0.1:70000: bad port; give HOST:PORT with a port from 0 to 65535 (0 picks a free one)"},
		// The host was written raw into "refusing to listen on …", and
		// with a token given the resolver's error quoted it again.
		{"a\x1bb:1", "", `--listen "a\x1bb:1": the host is neither an IP address nor a host name (letters, digits, '-', '.' and '_', at most 253 of them); give HOST:PORT, e.g. 127.0.0.1:4222`},
		{long + ":1", "tok", "--listen " + cut + ": the host is neither an IP address nor a host name (letters, digits, '-', '.' and '_', at most 253 of them); give HOST:PORT, e.g. 127.0.0.1:4222"},
	} {
		store := filepath.Join(t.TempDir(), "store")
		_, err := StartServer(ServerOptions{Listen: tc.listen, StoreDir: store, Token: tc.token})
		if err == nil || err.Error() != tc.want {
			t.Errorf("listen %.40q: got error\n%v\nwant\n%s", tc.listen, err, tc.want)
		}
		if _, serr := os.Stat(store); !os.IsNotExist(serr) {
			t.Errorf("listen %.40q: the store directory was made (%v)", tc.listen, serr)
		}
	}
}

// The addresses a server is given in practice pass the host check: IPv4,
// IPv6 (with a zone), host names.
func TestListenHostAcceptsAddresses(t *testing.T) {
	for _, h := range []string{"127.0.0.1", "::1", "fe80::1%eth0", "0.0.0.0", "localhost", "node-7.cluster_a.example.org"} {
		if !listenHost(h) {
			t.Errorf("listenHost(%q) = false, want true", h)
		}
	}
	for _, h := range []string{"a b", "a\x1bb", strings.Repeat("a", 254), "host/x"} {
		if listenHost(h) {
			t.Errorf("listenHost(%q) = true, want false", h)
		}
	}
}

package natsq

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/nats-io/nats.go"
)

// TestUnreachableURLSaysWhatToCheck55n: a URL where no server listens
// (a loopback port just closed) is refused with the URL, its token as
// ***, and what to check; the client's own text ("nats: no servers
// available for connection") was all a worker or sweep said.
func TestUnreachableURLSaysWhatToCheck55n(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = Connect(context.Background(), ConnOptions{URL: "nats://s3cret@" + addr})
	want := "connecting to NATS at nats://***@" + addr + ": no NATS server answers there (nats: no servers available for connection); check that one runs on that host and port — a `stackel server`, or the embedded server of a `stackel sweep` (which stops with it) — and that the URL is the one its first line gives (host, port, and tls:// for a server with TLS)"
	if err == nil || err.Error() != want || !errors.Is(err, nats.ErrNoServers) {
		t.Errorf("error:\n%v\nwant\n%s", err, want)
	}
}

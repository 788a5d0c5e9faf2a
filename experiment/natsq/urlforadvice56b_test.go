package natsq

import (
	"net"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
)

// TestURLForAdviceGivenList56b: the URL the advice to cancel a sweep
// gives (urlForAdvice, "stackel sweep cancel --nats URL NAME") is the
// list the user gave the connection, each URL's credentials as ***@ and
// the blanks after the commas dropped, not the one server of it the
// client is connected to (ConnectedUrl); the word URL once the connection
// is closed and for a nil Conn. The list's second entry is a loopback
// port with nothing listening.
func TestURLForAdviceGivenList56b(t *testing.T) {
	s := clusterServer56(t, "alice", "pw56b")
	defer s.Shutdown()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "nats://" + l.Addr().String()
	l.Close()
	live := s.ClientURL()
	cred := func(u string) string { return strings.Replace(u, "://", "://alice:pw56b@", 1) }
	masked := func(u string) string { return strings.Replace(u, "://", "://***@", 1) }
	nc, err := nats.Connect(cred(live) + ", " + cred(dead))
	if err != nil {
		t.Fatal(err)
	}
	c := &Conn{NC: nc}
	if got := nc.ConnectedUrl(); !strings.HasSuffix(got, strings.TrimPrefix(live, "nats://")) {
		t.Fatalf("connected to %q, want %s", got, live)
	}
	if got, want := c.urlForAdvice(), masked(live)+","+masked(dead); got != want {
		t.Errorf("urlForAdvice() = %q, want the list given, %q", got, want)
	}
	nc.Close()
	if got := c.urlForAdvice(); got != "URL" {
		t.Errorf("closed: urlForAdvice() = %q, want URL", got)
	}
	if got := (*Conn)(nil).urlForAdvice(); got != "URL" {
		t.Errorf("nil Conn: urlForAdvice() = %q, want URL", got)
	}
}

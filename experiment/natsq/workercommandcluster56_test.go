package natsq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// clusterServer56 starts a NATS server on loopback ports picked at random,
// with a cluster listener, routed to the servers at routes; user and
// password are required from clients when not empty.
func clusterServer56(t *testing.T, user, password string, routes ...string) *server.Server {
	t.Helper()
	opts := &server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true,
		Username: user, Password: password,
		Cluster: server.ClusterOpts{Name: "c56", Host: "127.0.0.1", Port: -1}}
	for _, r := range routes {
		opts.Routes = append(opts.Routes, server.RoutesFromStr(r)...)
	}
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("the server did not start")
	}
	return s
}

// TestWorkerCommandAfterReconnect56: the worker command a sweep's wait
// advises gave the URL of the server the connection happens to be on
// (nats.Conn.ConnectedUrl): after a reconnect in a cluster that is a
// server the client discovered from the cluster's gossip, an address the
// user never gave (here the second server's loopback port; on a real
// cluster often an internal one). It gives the URL (or list) the user
// gave, its credentials as ***@, as before the reconnect. Two embedded
// servers on loopback, routed together; the first is shut down and the
// client reconnects to the second; every wait is bounded by a context.
func TestWorkerCommandAfterReconnect56(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const user, password = "alice", "pw56"
	b := clusterServer56(t, user, password)
	defer b.Shutdown()
	a := clusterServer56(t, user, password, "nats://"+b.ClusterAddr().String())
	defer a.Shutdown()
	given := strings.Replace(a.ClientURL(), "://", "://"+user+":"+password+"@", 1)
	want := "stackel worker --nats " + strings.Replace(a.ClientURL(), "://", "://***@", 1)
	reconnected := make(chan struct{}, 1)
	nc, err := nats.Connect(given, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond),
		nats.ReconnectHandler(func(*nats.Conn) {
			select {
			case reconnected <- struct{}{}:
			default:
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	c := &Conn{NC: nc}
	if got := c.workerCommand(); got != want {
		t.Errorf("connected to the server given: workerCommand() = %q, want %q", got, want)
	}
	// The client learns the second server's URL from the first's INFO
	// once the route is up.
	for len(nc.DiscoveredServers()) == 0 {
		select {
		case <-ctx.Done():
			t.Fatal("the client never learnt of the second server")
		case <-time.After(10 * time.Millisecond):
		}
	}
	a.Shutdown()
	select {
	case <-reconnected:
	case <-ctx.Done():
		t.Fatal("the client did not reconnect to the second server")
	}
	if got, other := nc.ConnectedUrl(), b.ClientURL(); !strings.HasSuffix(got, strings.TrimPrefix(other, "nats://")) {
		t.Fatalf("reconnected to %q, want the second server %s", got, other)
	}
	got := c.workerCommand()
	if got != want {
		t.Errorf("after the reconnect: workerCommand() = %q, want the URL given, %q", got, want)
	}
	if strings.Contains(got, password) {
		t.Errorf("workerCommand() = %q shows the password", got)
	}
	// A list given is given back whole, each URL's credentials masked,
	// as the client split it (blanks after the commas dropped).
	bURL := strings.Replace(b.ClientURL(), "://", "://"+user+":"+password+"@", 1)
	nc2, err := nats.Connect(bURL + ", " + given)
	if err != nil {
		t.Fatal(err)
	}
	defer nc2.Close()
	want2 := "stackel worker --nats " + strings.Replace(b.ClientURL(), "://", "://***@", 1) + "," + strings.Replace(a.ClientURL(), "://", "://***@", 1)
	if got := (&Conn{NC: nc2}).workerCommand(); got != want2 {
		t.Errorf("a list given: workerCommand() = %q, want %q", got, want2)
	}
}

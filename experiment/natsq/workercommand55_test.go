package natsq

import (
	"context"
	"strings"
	"testing"
	"time"
)

// workerCommand55 is the command a sweep's wait on c's server gives to
// start a worker: the server's address as c's connection sees it.
func workerCommand55(c *Conn) string {
	return "stackel worker --nats nats://" + c.NC.ConnectedAddr()
}

// TestWorkerCommand55: the advice of a sweep's wait printed "stackel
// worker --nats URL" literally, the word URL where the server's URL was
// known. It gives the URL now, with a user:password@ or token@ in it
// shown as ***@ (never the secret), the embedded server's client URL for
// a connection in process, and the placeholder URL when no URL is known
// (no connection, or one closed to a server not in process).
func TestWorkerCommand55(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name   string
		srv    ServerOptions
		conn   func(url string, srv *Server) ConnOptions
		want   func(url string) string
		secret string
	}{
		{"plain", ServerOptions{}, func(url string, _ *Server) ConnOptions { return ConnOptions{URL: url} },
			func(url string) string { return "stackel worker --nats " + url }, ""},
		{"user and password", ServerOptions{User: "alice", Password: "pw55"},
			func(url string, _ *Server) ConnOptions {
				return ConnOptions{URL: strings.Replace(url, "://", "://alice:pw55@", 1)}
			},
			func(url string) string { return "stackel worker --nats " + strings.Replace(url, "://", "://***@", 1) }, "pw55"},
		{"token in the URL", ServerOptions{Token: "tok55"},
			func(url string, _ *Server) ConnOptions {
				return ConnOptions{URL: strings.Replace(url, "://", "://tok55@", 1)}
			},
			func(url string) string { return "stackel worker --nats " + strings.Replace(url, "://", "://***@", 1) }, "tok55"},
		{"in process", ServerOptions{}, func(_ string, srv *Server) ConnOptions { return ConnOptions{InProcess: srv} },
			func(url string) string { return "stackel worker --nats " + url }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.srv.Listen, tc.srv.StoreDir = "127.0.0.1:0", t.TempDir()
			srv, err := StartServer(tc.srv)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Shutdown()
			url := srv.ClientURL()
			c, err := Connect(ctx, tc.conn(url, srv))
			if err != nil {
				t.Fatal(err)
			}
			got := c.workerCommand()
			if want := tc.want(url); got != want {
				t.Errorf("workerCommand() = %q, want %q", got, want)
			}
			if tc.secret != "" && strings.Contains(got, tc.secret) {
				t.Errorf("workerCommand() = %q shows the credentials", got)
			}
			e := &NoWorkerError{Name: "s", After: time.Second, IDs: []string{"a"}, Worker: got}
			if !strings.Contains(e.Error(), "start a worker ("+tc.want(url)+"), then") {
				t.Errorf("NoWorkerError: %q", e.Error())
			}
			c.Close()
			if tc.name == "in process" {
				return // the embedded server's URL is known without a connection
			}
			if got := c.workerCommand(); got != "" {
				t.Errorf("closed: workerCommand() = %q, want empty", got)
			}
		})
	}
	for url, want := range map[string]string{
		"":              "",
		"nats://h:4222": "stackel worker --nats nats://h:4222",
		"nats://alice:pw55@h:4222,nats://h2:4222": "stackel worker --nats nats://***@h:4222,nats://h2:4222",
		"tls://tok55@h:4222":                      "stackel worker --nats tls://***@h:4222",
	} {
		if got := WorkerCommand(url); got != want {
			t.Errorf("WorkerCommand(%q) = %q, want %q", url, got, want)
		}
	}
	var none *Conn
	if got := none.workerCommand(); got != "" {
		t.Errorf("nil Conn: workerCommand() = %q", got)
	}
	e := &DeclinedError{Name: "s", After: time.Second, IDs: []string{"a"}, Declines: []string{"job a declined by every live worker (1: w1): why"}}
	if want := "start a worker that can run it (stackel worker --nats URL), then"; !strings.Contains(e.Error(), want) {
		t.Errorf("no URL known: %q lacks %q", e.Error(), want)
	}
}

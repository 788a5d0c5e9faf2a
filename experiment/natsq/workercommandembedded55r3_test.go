package natsq

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TestWorkerCommandEmbedded55r3: a sweep on its embedded server advised
// "stackel worker --nats" with the server's ClientURL, the loopback
// address when it listens on all interfaces (nats://127.0.0.1:PORT for
// --listen 0.0.0.0:PORT, where the sweep's first line had given the host
// name, which other machines' workers can reach), and without a sign of
// the credentials its token or user and password require. The advice
// gives the server's URL (Server.URL) and ***@ when the connection
// gives credentials; a loopback server without credentials is unchanged.
func TestWorkerCommandEmbedded55r3(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	host, err := os.Hostname()
	if err != nil {
		t.Skip("no host name:", err)
	}
	for _, tc := range []struct {
		name   string
		srv    ServerOptions
		conn   func(srv *Server) ConnOptions
		want   func(srv *Server) string
		secret string
	}{
		{"all interfaces, token", ServerOptions{Listen: "0.0.0.0:0", Token: "tok55r3"},
			func(srv *Server) ConnOptions { return ConnOptions{InProcess: srv, Token: "tok55r3"} },
			func(srv *Server) string {
				return "stackel worker --nats nats://***@" + host + ":" + srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]
			}, "tok55r3"},
		{"loopback, user and password", ServerOptions{Listen: "127.0.0.1:0", User: "alice", Password: "pw55r3"},
			func(srv *Server) ConnOptions {
				// As the sweep connects (cmd/stackel's openSession).
				return ConnOptions{InProcess: srv, URL: strings.Replace(srv.ClientURL(), "://", "://alice:pw55r3@", 1)}
			},
			func(srv *Server) string {
				return "stackel worker --nats " + strings.Replace(srv.ClientURL(), "://", "://***@", 1)
			}, "pw55r3"},
		{"loopback, no credentials", ServerOptions{Listen: "127.0.0.1:0"},
			func(srv *Server) ConnOptions { return ConnOptions{InProcess: srv} },
			func(srv *Server) string { return "stackel worker --nats " + srv.ClientURL() }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.srv.StoreDir = t.TempDir()
			srv, err := StartServer(tc.srv)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Shutdown()
			c, err := Connect(ctx, tc.conn(srv))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			got := c.workerCommand()
			if want := tc.want(srv); got != want {
				t.Errorf("workerCommand() = %q, want %q", got, want)
			}
			if tc.secret != "" && strings.Contains(got, tc.secret) {
				t.Errorf("workerCommand() = %q shows the credentials", got)
			}
		})
	}
}

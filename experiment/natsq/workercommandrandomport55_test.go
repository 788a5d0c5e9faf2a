package natsq

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestWorkerCommandRandomPort55: the advice a sweep's wait ends with
// ("start a worker (stackel worker --nats URL), then give the same command
// again") gave its embedded server's URL also when that server's port was
// picked at random (--listen HOST:0): the server stops as the sweep ends
// and the same command given again picks another port, on which a worker
// started as advised never finds it. At the end the advice says so and
// asks for a fixed port; while the sweep runs (the worker can join at
// once) it is the URL alone, as for a fixed port.
func TestWorkerCommandRandomPort55(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tc := range []struct {
		listen string
		random bool
	}{{"127.0.0.1:0", true}, {"127.0.0.1:" + freePort55(t), false}} {
		srv, err := StartServer(ServerOptions{Listen: tc.listen, StoreDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		c, err := Connect(ctx, ConnOptions{InProcess: srv})
		if err != nil {
			srv.Shutdown()
			t.Fatal(err)
		}
		running := "stackel worker --nats " + srv.ClientURL()
		if got := c.workerCommand(); got != running {
			t.Errorf("--listen %s: workerCommand() = %q, want %q", tc.listen, got, running)
		}
		atEnd := c.workerCommandAtEnd()
		if tc.random {
			want := running + " after giving the sweep a fixed port with --listen HOST:PORT: this server's port was picked at random (--listen 127.0.0.1:0) and the same command picks another"
			if atEnd != want {
				t.Errorf("--listen %s: workerCommandAtEnd() = %q, want %q", tc.listen, atEnd, want)
			}
		} else if atEnd != running {
			t.Errorf("--listen %s: workerCommandAtEnd() = %q, want %q", tc.listen, atEnd, running)
		}
		if strings.Count(atEnd, "stackel worker") != 1 {
			t.Errorf("%q", atEnd)
		}
		c.Close()
		srv.Shutdown()
	}
}

// freePort55 is a TCP port free on the loopback interface a moment ago.
func freePort55(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

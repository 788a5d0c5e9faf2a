package natsq

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A non-loopback listen address without authentication is refused before
// anything listens; a client with wrong credentials is refused by a server
// that requires them, and one with the right ones is let in. Loopback only.
func TestAuth(t *testing.T) {
	for _, listen := range []string{"0.0.0.0:0", "192.0.2.1:4222", ":4222"} {
		_, err := StartServer(ServerOptions{Listen: listen, StoreDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "refusing to listen") {
			t.Errorf("listen %s without auth: %v", listen, err)
		}
	}
	if _, err := StartServer(ServerOptions{Listen: "0.0.0.0:0", StoreDir: t.TempDir(), User: "u"}); err == nil {
		t.Error("a user without a password was accepted")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name         string
		srv          ServerOptions
		good, bad    ConnOptions
		badUserInURL bool
	}{
		{"token", ServerOptions{Token: "s3cret"}, ConnOptions{Token: "s3cret"}, ConnOptions{Token: "guess"}, false},
		{"user/password", ServerOptions{User: "alice", Password: "pw1"}, ConnOptions{}, ConnOptions{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.srv.Listen, tc.srv.StoreDir = "127.0.0.1:0", t.TempDir()
			srv, err := StartServer(tc.srv)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Shutdown()
			url := srv.ClientURL()
			good, bad := tc.good, tc.bad
			good.URL, bad.URL = url, url
			if tc.badUserInURL {
				good.URL = strings.Replace(url, "://", "://alice:pw1@", 1)
				bad.URL = strings.Replace(url, "://", "://alice:wrong@", 1)
			}
			if _, err := Connect(ctx, bad); err == nil || !strings.Contains(err.Error(), "refused the credentials") {
				t.Errorf("wrong credentials: %v", err)
			} else if strings.Contains(err.Error(), "wrong") {
				t.Errorf("the error shows the password: %v", err)
			}
			if _, err := Connect(ctx, ConnOptions{URL: url}); err == nil {
				t.Error("no credentials: connected")
			}
			c, err := Connect(ctx, good)
			if err != nil {
				t.Fatalf("right credentials: %v", err)
			}
			c.Close()
		})
	}
}

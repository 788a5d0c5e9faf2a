package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

// jwtServer is a NATS server with JetStream on loopback that admits
// clients by JWT (operator, account, user): the user of creds, a
// credentials file of an account with JetStream, is admitted; that of
// stranger, a credentials file of an account the server does not know,
// is refused.
type jwtServer struct {
	url             string
	creds, stranger string
}

// startJWTServer starts a jwtServer, shut down when the test ends, its
// files in the test's directories.
func startJWTServer(t *testing.T) *jwtServer {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	op, err := nkeys.CreateOperator()
	must(err)
	opPub, err := op.PublicKey()
	must(err)
	opJWT, err := jwt.NewOperatorClaims(opPub).Encode(op)
	must(err)
	opClaims, err := jwt.DecodeOperatorClaims(opJWT)
	must(err)
	resolver := &server.MemAccResolver{}
	// account signs a new account (with JetStream when js) by op, stored
	// in the resolver when known, and returns its public key and a
	// credentials file of a user of it.
	account := func(name string, js, known bool) (string, string) {
		acc, err := nkeys.CreateAccount()
		must(err)
		accPub, err := acc.PublicKey()
		must(err)
		ac := jwt.NewAccountClaims(accPub)
		ac.Name = name
		if js {
			ac.Limits.JetStreamLimits = jwt.JetStreamLimits{MemoryStorage: -1, DiskStorage: -1, Streams: -1, Consumer: -1}
		}
		accJWT, err := ac.Encode(op)
		must(err)
		if known {
			must(resolver.Store(accPub, accJWT))
		}
		user, err := nkeys.CreateUser()
		must(err)
		userPub, err := user.PublicKey()
		must(err)
		uc := jwt.NewUserClaims(userPub)
		uc.Name = name + "-user"
		userJWT, err := uc.Encode(acc)
		must(err)
		seed, err := user.Seed()
		must(err)
		creds, err := jwt.FormatUserConfig(userJWT, seed)
		must(err)
		p := filepath.Join(t.TempDir(), name+".creds")
		must(os.WriteFile(p, creds, 0o600))
		return accPub, p
	}
	js := &jwtServer{}
	_, js.creds = account("sweeps", true, true)
	_, js.stranger = account("stranger", true, false)
	// JetStream in operator mode needs a system account.
	sys, _ := account("SYS", false, true)
	srv, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true, StoreDir: t.TempDir(),
		TrustedOperators: []*jwt.OperatorClaims{opClaims}, AccountResolver: resolver, SystemAccount: sys,
		NoSigs: true, NoLog: true, MaxPayload: 8 << 20,
	})
	must(err)
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		t.Fatal("the JWT server did not start within 10 s")
	}
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	js.url = srv.ClientURL()
	return js
}

// TestNATSCredsAdvice: a sweep on a server that admits clients by JWT,
// given --creds FILE, advises "stackel worker --nats URL --creds FILE"
// (before, only a table checked the flag): a worker started with
// exactly the advised flags connects and runs the sweep's job (one
// 20-iteration job, no local workers), and the sweep ends with its
// report. A worker given a credentials file the server refuses (a user of
// an account it does not know), or one that is no credentials file,
// ends with an error naming the file, as does one holding a seed and no
// JWT. Bounded: each process within 30
// seconds.
func TestNATSCredsAdvice(t *testing.T) {
	js := startJWTServer(t)
	work := t.TempDir()
	spec := writeFile(t, work, "s.yaml", sgaSpec("credsadvice"))
	sw := startStackel(t, "sweep", spec, "--nats", js.url, "--creds", js.creds, "--workers", "0", "--out", filepath.Join(work, "out"))
	waitUntil(t, 30*time.Second, "the sweep to wait for workers", func() bool {
		return strings.Contains(sw.output(), "waiting for workers to join") || ended(sw)
	})
	words := adviceWords(t, sw.output(), "waiting for workers to join (")
	if got, want := strings.Join(words, " "), "stackel worker --nats "+js.url+" --creds "+js.creds; got != want {
		t.Errorf("advice %q, want %q", got, want)
	}
	wk := startStackel(t, append(append([]string{"worker"}, words[2:]...), "--work-dir", t.TempDir())...)
	waitUntil(t, 30*time.Second, "the sweep to end or the worker to fail", func() bool { return ended(sw) || ended(wk) })
	if !ended(sw) {
		t.Fatalf("the worker ended before the sweep:\n%s", wk.output())
	}
	if err := sw.wait(t, time.Second); err != nil {
		t.Fatalf("sweep: %v\n%s\nworker:\n%s", err, sw.output(), wk.output())
	}
	if !strings.Contains(wk.output(), "completed credsadvice ") {
		t.Errorf("the worker ran no job:\n%s", wk.output())
	}

	garbage := writeFile(t, work, "garbage.creds", "not a credentials file\n")
	// The seed alone, which the client sent as its JWT.
	seedOnly := writeFile(t, work, "seed.creds", "-----BEGIN USER NKEY SEED-----\n"+credsSeed(t, js.creds)+"\n------END USER NKEY SEED------\n")
	for _, tc := range []struct {
		name, creds, want string
	}{
		{"refused", js.stranger, "NATS server " + js.url + " refused the credentials of --creds " + js.stranger + ": "},
		{"not a credentials file", garbage, "--creds " + garbage + ": "},
		{"seed alone", seedOnly, "--creds " + seedOnly + ": holds no user JWT"},
	} {
		out, err := executeWithin(t, 30*time.Second, "worker", "--nats", js.url, "--creds", tc.creds, "--work-dir", t.TempDir())
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to begin %q\n%s", tc.name, err, tc.want, out)
		}
	}
}

// credsSeed returns the user nkey seed of the credentials file path.
func credsSeed(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.ParseDecoratedUserNKey(b)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := kp.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return string(seed)
}

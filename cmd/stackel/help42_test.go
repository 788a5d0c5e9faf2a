package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// flagUsage returns the usage text of the flag name of the command at path.
func flagUsage(t *testing.T, path []string, name string) string {
	t.Helper()
	cmd, _, err := newRootCmd().Find(path)
	if err != nil {
		t.Fatal(err)
	}
	f := cmd.Flags().Lookup(name)
	if f == nil {
		t.Fatalf("stackel %s has no --%s", strings.Join(path, " "), name)
	}
	return f.Usage
}

// `stackel sweep` without --nats gives --tls-ca, --tls-cert and --tls-key
// to its embedded server, and with --nats --token to the server it
// connects to (as the README's Security section says): its --help
// described --tls-ca only as a client's ("CA certificate that signs the
// NATS server's"; the embedded server requires client certificates
// signed by it), --tls-cert as the server's "with --listen" (without
// --listen too), and --token only as the embedded server's.
func TestSweepHelpSaysWhatConnectionFlagsDo(t *testing.T) {
	sweep := []string{"sweep"}
	for _, c := range []struct{ flag, want string }{
		{"tls-ca", "without --nats, the CA that signs the clients' certificates, which the embedded server then requires"},
		{"tls-cert", "without --nats, the embedded server's certificate"},
		{"token", "with --nats, the token this sweep gives that server"},
	} {
		if u := flagUsage(t, sweep, c.flag); !strings.Contains(u, c.want) {
			t.Errorf("sweep --%s: usage %q; want it to say %q", c.flag, u, c.want)
		}
	}
	// The clients' own descriptions stay as they were.
	for _, path := range [][]string{{"worker"}, {"reproduce"}, {"sweep", "status"}} {
		if u := flagUsage(t, path, "tls-ca"); u != "CA certificate that signs the NATS server's (TLS)" {
			t.Errorf("%s --tls-ca: usage %q", strings.Join(path, " "), u)
		}
		if u := flagUsage(t, path, "tls-cert"); u != "client certificate (TLS)" {
			t.Errorf("%s --tls-cert: usage %q", strings.Join(path, " "), u)
		}
	}
}

// `run --seed 1e3` (or 0x10) is refused, as the README says (the flag
// takes decimal digits), but the error said "a seed is a whole number from
// 0 to 18446744073709551615, as a config's seed": 1e3 is a whole number,
// and a config's seed takes 1e3 and 0x10.
func TestSeedFlagErrorSaysDecimal(t *testing.T) {
	for _, v := range []string{"1e3", "0x10", "-1", "18446744073709551616"} {
		_, err := execute(t, "run", "c.yaml", "--seed", v)
		want := "a seed is a whole number from 0 to 18446744073709551615 written in decimal digits"
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `"--seed"`) {
			t.Errorf("run --seed %s: error %v; want the flag named and %q", v, err, want)
		}
	}
}

// analyze --starts N runs N Newton solves per vector field (ω and ω_S),
// as the README says; its help said "Newton starts".
func TestAnalyzeStartsHelpPerVectorField(t *testing.T) {
	if u := flagUsage(t, []string{"analyze"}, "starts"); !strings.Contains(u, "per vector field") || !strings.Contains(u, "default 200") {
		t.Errorf("analyze --starts: usage %q; want it per vector field, default 200", u)
	}
}

// A smooth, Hi-C or Markov run with record: {tensorboard: true} writes
// DIR/tb/ too (as the README's Configuration section says); run --help
// named DIR/tb/ as an RL run's only.
func TestRunHelpNamesTensorBoardOfEveryKind(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "name: c\ngame: {sense: cost, dims: [1, 1], f1: \"x[0]*x[0]\", f2: \"y[0]*y[0]\"}\n"+
		"dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\niterations: 10\nrecord: {tensorboard: true}\n")
	out := filepath.Join(dir, "out")
	if _, err := execute(t, "run", cfg, "--out", out, "--quiet"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "tb")); err != nil {
		t.Fatalf("a smooth run with record.tensorboard: %v", err)
	}
	cmd, _, err := newRootCmd().Find([]string{"run"})
	if err != nil {
		t.Fatal(err)
	}
	if long := strings.Join(strings.Fields(cmd.Long), " "); !strings.Contains(long, "any other run with record: {tensorboard: true} writes DIR/tb/ too") {
		t.Errorf("run --help does not say that a non-RL run with record.tensorboard writes DIR/tb/:\n%s", cmd.Long)
	}
}

// reproduce --workers bounds the runs (jobs: a seed of one variant or
// dynamics) run at once, as experiment.Local's Workers does: its help
// said "seeds run at once", and stddpg-pendulum --workers 2 runs two of
// its 30 runs at once, not two seeds' three variants.
func TestReproduceWorkersHelpCountsRuns(t *testing.T) {
	if u := flagUsage(t, []string{"reproduce"}, "workers"); !strings.HasPrefix(u, "runs at once") {
		t.Errorf("reproduce --workers: usage %q; want it to count runs", u)
	}
}

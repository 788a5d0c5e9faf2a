package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reproduce's connection flags (--token, --creds, --tls-ca, --tls-cert,
// --tls-key) act only with --nats: given without it (in-process, or with
// --emit slurm) they are refused, naming them, before anything is
// written, as the README says of a flag given where it has no effect
// (and as sweep collect DIR refuses them). Before, `stackel reproduce
// fiez-duopoly --quick --token abc` ran the reproduction without a word.
// $STACKEL_NATS_TOKEN, --token's default, is not a flag given.
func TestReproduceConnFlagsNeedNATS(t *testing.T) {
	dir := t.TempDir()
	for _, c := range [][]string{
		{"--token", "abc"},
		{"--creds", "x.creds"},
		{"--tls-ca", "ca.pem"},
		{"--tls-cert", "c.pem", "--tls-key", "k.pem"},
		{"--emit", "slurm", "--token", "abc"},
	} {
		out := filepath.Join(dir, "out")
		args := append([]string{"reproduce", "fiez-duopoly", "--quick", "--quiet", "--out", out}, c...)
		_, err := execute(t, args...)
		flags := []string{}
		for _, a := range c {
			if strings.HasPrefix(a, "--") && a != "--emit" {
				flags = append(flags, a)
			}
		}
		want := strings.Join(flags, ", ") + ": no effect without --nats"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("reproduce %s: error %v; want %q", strings.Join(c, " "), err, want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("reproduce %s: the refused reproduction left %s", strings.Join(c, " "), out)
			os.RemoveAll(out)
		}
	}
	t.Setenv("STACKEL_NATS_TOKEN", "from-the-environment")
	if _, err := execute(t, "reproduce", "stackelberg-oligopoly", "--quick", "--quiet", "--out", filepath.Join(dir, "env")); err != nil {
		t.Errorf("reproduce with STACKEL_NATS_TOKEN set and no --nats: %v", err)
	}
}

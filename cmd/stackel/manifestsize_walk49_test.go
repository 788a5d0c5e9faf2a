package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A sweep or a reproduction on NATS whose manifest.json would be larger
// than STACKEL_MAX_MANIFEST_BYTES is refused before the server is opened,
// as the README's limits table says ("a sweep whose manifest would be
// larger is refused before anything is written"): no job is queued and
// the --out it created is removed. Before session 49 the manifest was
// checked only when written, after the jobs were queued: the embedded
// server's store (DIR/.nats, the jobs queued in it) stayed in DIR, and an
// external server kept the sweep's jobs, which its workers then ran.
func TestManifestTooLargeQueuesNothing49(t *testing.T) {
	t.Setenv("STACKEL_MAX_MANIFEST_BYTES", "200")
	url := startLoopbackServer(t)
	dir := t.TempDir()
	spec := writeFile(t, dir, "s.yaml", strings.Replace(replaceSpec, "%s", "[1, 2]", 1))
	cases := []struct {
		name, out string
		args      []string
		sweep     string // the name the server must not hold
	}{
		{"embedded", "emb", []string{"sweep", spec, "--workers", "0", "--listen", "127.0.0.1:0"}, ""},
		{"nats", "ext", []string{"sweep", spec, "--workers", "0", "--nats", url}, "grid"},
		{"reproduce", "rep", []string{"reproduce", "stackelberg-oligopoly", "--quick", "--quiet", "--nats", url}, "stackelberg-oligopoly"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, c.out, "sub")
			_, err := execute(t, append(c.args, "--out", out)...)
			want := "manifest.json: the manifest of 2 jobs would be"
			if c.sweep == "stackelberg-oligopoly" {
				want = "manifest.json: the manifest of 8 jobs would be"
			}
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "(limit 200; set STACKEL_MAX_MANIFEST_BYTES to raise it)") {
				t.Fatalf("error %v; want one containing %q and the limit", err, want)
			}
			if _, err := os.Stat(filepath.Join(dir, c.out)); err == nil {
				t.Errorf("the refused run left %s (and what is in it)", filepath.Join(dir, c.out))
			}
			if c.sweep != "" {
				ctx, conn := dialNATS(t, url)
				if m, err := conn.Manifest(ctx, c.sweep); err == nil {
					t.Errorf("the server holds the refused %s with %d jobs", c.sweep, len(m.Jobs))
				}
			}
		})
	}
}

package experiment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJobRecordsBinaryDigest51: job.json's build names the binary that ran
// the job by the first 16 hex digits of its SHA-256 ("binary"), and
// Build.String prints them: a binary built without VCS information
// (GOFLAGS=-buildvcs=false, as on the machines that made the committed
// sets) records version "(devel)" and no revision, so that before, runs
// of different commits recorded equal builds and a report of a set
// extended by a newer commit named one build for all its runs
// (results/stac-walker2d-1m: seeds 1–2 and session 50's seed 3, "9 of 9
// runs").
func TestJobRecordsBinaryDigest51(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip("no executable path:", err)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Skip("executable does not read:", err)
	}
	sum := sha256.Sum256(b)
	want := hex.EncodeToString(sum[:])[:16]

	dir := t.TempDir()
	j := mustJob(t, jobTestConfig, 3, "a")
	if _, err := RunJob(context.Background(), j, filepath.Join(dir, "a"), nil); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "a", JobFile))
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Builds []map[string]any `json:"builds"`
	}
	if err := json.Unmarshal(raw, &rec); err != nil || len(rec.Builds) != 1 {
		t.Fatalf("job.json builds: %v, %s", err, raw)
	}
	if got := rec.Builds[0]["binary"]; got != want {
		t.Errorf("job.json build's binary = %v, want %s (SHA-256 of %s)", got, want, exe)
	}
	if s := CurrentBuild().String(); !strings.Contains(s, " binary "+want+",") {
		t.Errorf("CurrentBuild().String() = %q, want it to contain %q", s, " binary "+want+",")
	}
}

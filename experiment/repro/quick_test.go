package repro

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// runQuick runs the reproduction called name with --quick on two workers
// into a temporary directory, which it returns (a copy of the one run the
// tests share: executeShared).
func runQuick(t *testing.T, name string) string {
	t.Helper()
	_, opt := executeShared(t, name, Options{Quick: true, Workers: 2})
	return opt.Out
}

// readResults decodes dir/results.json into v.
func readResults(t *testing.T, dir string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

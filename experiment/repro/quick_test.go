package repro

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// runQuick runs the reproduction called name with --quick on two workers
// into a temporary directory, which it returns.
func runQuick(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	r, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Execute(context.Background(), Options{Out: dir, Quick: true, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	return dir
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

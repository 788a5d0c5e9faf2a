package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A sweep manifest, or one entry of its jobs saved as a file, given where a
// job is read says what it is and how to run it. Before, both were refused
// with JSON's own `unknown field "sweep"` (or "name"), which says neither.
func TestReadJobManifestOrEntry(t *testing.T) {
	dir := t.TempDir()
	entry := `{"id": "j0", "config": "seed: 1\n", "seed": 1, "out": "runs/j0", "sweep": "s", "index": 3, "point": 0, "grid": []}`
	manifest := `{"name": "s", "jobs": [` + entry + `]}`
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"entry.json", entry, []string{"an entry of a sweep manifest's jobs", "run --manifest FILE --index 3"}},
		{"manifest.json", manifest, []string{"a sweep manifest", "run --manifest " + filepath.Join(dir, "manifest.json") + " --index I"}},
	} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, []byte(tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadJob(p)
		if err == nil {
			t.Fatalf("%s: no error", tc.name)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", tc.name, err, w)
			}
		}
		if strings.Contains(err.Error(), "unknown field") {
			t.Errorf("%s: error %q still JSON's", tc.name, err)
		}
	}
	// Another unknown key is still JSON's error.
	p := filepath.Join(dir, "other.json")
	os.WriteFile(p, []byte(`{"id": "j0", "config": "seed: 1\n", "seed": 1, "sweeep": 1}`), 0o644)
	if _, err := ReadJob(p); err == nil || !strings.Contains(err.Error(), `unknown field "sweeep"`) {
		t.Errorf("misspelt key: error %v", err)
	}
}

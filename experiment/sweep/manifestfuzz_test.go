package sweep

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadManifest reads arbitrary bytes as a manifest.json. Properties:
// no panic; an error names the file; a manifest that ReadManifest accepts
// has jobs whose outputs are distinct directories strictly inside the
// sweep directory, none within another's, and whose IDs are distinct valid
// names (checked here independently of CheckJobs, on the joined paths an
// executor writes to); and it survives WriteManifest and ReadManifest
// unchanged.
func FuzzReadManifest(f *testing.F) {
	f.Add([]byte(`{"name":"s","jobs":[{"id":"a","out":"runs/a","index":0},{"id":"b","out":"runs/b","index":1}]}`))
	f.Add([]byte(`{"name":"s","jobs":[{"id":"a","out":"x/./y/","index":0},{"id":"b","out":"x/y/z/../w","index":1}]}`))
	f.Add([]byte(`{"name":"s","jobs":[{"id":"a","out":"../a","index":0}]}`))
	f.Add([]byte(`{"name":"s","reproduce":{"name":"r"},"jobs":[{"id":"a","out":"a","index":0,"grid":[{"key":"k","value":1.5}],"labels":{"variant":"v"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, ManifestFile)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := ReadManifest(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("an error not naming the file: %v", err)
			}
			return
		}
		root := filepath.Clean(dir) + string(filepath.Separator)
		ids := map[string]bool{}
		for i, j := range m.Jobs {
			if !ValidName(j.ID) || ids[j.ID] {
				t.Fatalf("job %d: id %q accepted (invalid or repeated)", i, j.ID)
			}
			ids[j.ID] = true
			oi := j.OutDir(dir) + string(filepath.Separator)
			if !strings.HasPrefix(oi, root) || oi == root {
				t.Fatalf("job %d: out %q is %s, not inside %s", i, j.Out, oi, root)
			}
			for k, o := range m.Jobs[:i] {
				ok := o.OutDir(dir) + string(filepath.Separator)
				if strings.HasPrefix(oi, ok) || strings.HasPrefix(ok, oi) {
					t.Fatalf("jobs %d (%q) and %d (%q): one directory within the other", k, o.Out, i, j.Out)
				}
			}
		}
		again := filepath.Join(dir, "again", ManifestFile)
		if err := WriteManifest(again, m); err != nil {
			t.Fatalf("accepted manifest not written: %v", err)
		}
		m2, err := ReadManifest(again)
		if err != nil {
			b, _ := json.Marshal(m)
			t.Fatalf("accepted manifest, written, not read back: %v\n%s", err, b)
		}
		b1, _ := json.Marshal(m)
		b2, _ := json.Marshal(m2)
		if string(b1) != string(b2) {
			t.Fatalf("manifest changed in a round trip:\n%s\n%s", b1, b2)
		}
	})
}

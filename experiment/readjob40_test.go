package experiment

import (
	"fmt"
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

// A job file with a stray closing bracket or brace after the job is
// refused like one with a second value after it. Before, json.Decoder.More
// (false before a ']' or '}') let `{"id": …}}` and `{"id": …}]` through as
// the job alone.
func TestReadJobTextAfterJob(t *testing.T) {
	dir := t.TempDir()
	job := `{"id": "j0", "config": "seed: 1\n", "seed": 1}`
	for i, tail := range []string{"}", "]", " \n]]]", "\n}\n", ` {"id": "j1"}`, " x", "\x00"} {
		p := filepath.Join(dir, fmt.Sprintf("j%d.json", i))
		if err := os.WriteFile(p, []byte(job+tail), 0o644); err != nil {
			t.Fatal(err)
		}
		j, err := ReadJob(p)
		if err == nil || !strings.Contains(err.Error(), p+": more than one JSON value (text after the job's: ") {
			t.Errorf("%q after a job: %+v, error %v", tail, j, err)
		}
	}
	// Whitespace after the job is not text.
	p := filepath.Join(dir, "ws.json")
	if err := os.WriteFile(p, []byte(job+" \r\n\t\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if j, err := ReadJob(p); err != nil || j.ID != "j0" {
		t.Errorf("whitespace after a job: %+v, %v", j, err)
	}
}

// A manifest entry whose index is not a count from 0 is still named an
// entry, with the placeholder I in the command it suggests: before, the
// raw JSON value was pasted there (`--index "3\n; x"`, a list of any
// length, `--index -1`).
func TestReadJobEntryOddIndex(t *testing.T) {
	dir := t.TempDir()
	for i, idx := range []string{`"3\n; x"`, `[1, 1, 1]`, `-1`, `3e0`, `null`, `{"a": 1}`} {
		p := filepath.Join(dir, fmt.Sprintf("e%d.json", i))
		if err := os.WriteFile(p, []byte(`{"id": "j0", "sweep": "s", "index": `+idx+`}`), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadJob(p)
		want := p + `: an entry of a sweep manifest's jobs (it has "sweep" and "index"), not a job: run it from its manifest with stackel run --manifest FILE --index I`
		if err == nil || err.Error() != want {
			t.Errorf("index %s: error %v, want %s", idx, err, want)
		}
	}
}

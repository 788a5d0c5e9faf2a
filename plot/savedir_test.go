package plot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSaveDirectoryBase: Save(p, "figs/") wrote the hidden files
// figs/.png and figs/.svg and returned no error; a base naming a
// directory ("figs/", ".", "figs/..") is now refused before anything is
// written.
func TestSaveDirectoryBase(t *testing.T) {
	p, err := Lines(LinesFigure{Series: []Series{{Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, base := range []string{dir + "/", filepath.Join(dir, "figs") + "/", dir + "/.", dir + "/figs/.."} {
		paths, err := Save(p, base, Size{}, "png")
		if err == nil || !strings.Contains(err.Error(), "names a directory, not a file") {
			t.Errorf("Save(%q) = %q, %v; want error naming a directory", base, paths, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("left %s in the directory", e.Name())
	}
	// A name that merely starts with a dot is a file.
	if _, err := Save(p, filepath.Join(dir, ".hidden"), Size{}, "png"); err != nil {
		t.Errorf("Save(.hidden): %v", err)
	}
}

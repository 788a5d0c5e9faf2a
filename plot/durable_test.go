package plot

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSaveSyncsFileAndDirectory: Save renamed its temporary file over the
// figure without syncing the file or the directory, so a power cut could
// leave an empty or cut figure under the final name. The file is now
// synced before the rename (a failed sync is an error that leaves the old
// figure and no temporary file) and the directory after it.
func TestSaveSyncsFileAndDirectory(t *testing.T) {
	p, err := Lines(LinesFigure{Series: []Series{{Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	base := filepath.Join(dir, "fig")

	var synced []string
	var dirs []string
	oldFile, oldDir := syncFile, syncDir
	defer func() { syncFile, syncDir = oldFile, oldDir }()
	syncFile = func(f *os.File) error { synced = append(synced, filepath.Base(f.Name())); return f.Sync() }
	syncDir = func(d string) { dirs = append(dirs, d) }

	if _, err := Save(p, base, Size{}, "png", "svg"); err != nil {
		t.Fatal(err)
	}
	if len(synced) != 2 || !strings.HasPrefix(synced[0], ".fig.png.") || !strings.HasPrefix(synced[1], ".fig.svg.") {
		t.Errorf("synced files %q, want the temporary files of fig.png and fig.svg", synced)
	}
	if len(dirs) != 2 || dirs[0] != dir || dirs[1] != dir {
		t.Errorf("synced directories %q, want %q twice", dirs, dir)
	}

	// A failed sync: an error naming the figure, the old figure kept,
	// no temporary file left.
	old, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	syncFile = func(*os.File) error { return errors.New("disk on fire") }
	_, err = Save(p, base, Size{Width: 3}, "svg")
	if err == nil || !strings.Contains(err.Error(), "fig.svg") || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Save with a failing sync: %v, want an error naming fig.svg and the cause", err)
	}
	now, _ := os.ReadFile(base + ".svg")
	if !bytes.Equal(old, now) {
		t.Error("a failed sync replaced the figure")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left temporary file %s", e.Name())
		}
	}
}

// TestWriteFileRemovesTempOnPanic: a writer that panics leaves no
// temporary file beside the figure.
func TestWriteFileRemovesTempOnPanic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fig.png")
	func() {
		defer func() { recover() }()
		writeFile(path, panicking{})
	}()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("left %s", e.Name())
	}
}

// panicking is an io.WriterTo that writes a little, then panics.
type panicking struct{}

func (panicking) WriteTo(w io.Writer) (int64, error) {
	w.Write([]byte("half"))
	panic("boom")
}

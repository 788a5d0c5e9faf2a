package plot

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSaveOverDirectory50: where a directory stands at one of the
// figure's names (figs/f.svg made by mistake, or a run named like the
// figure), Save wrote f.png and then failed on f.svg with "rename
// figs/.f.svg.123.7.tmp figs/f.svg: file exists", leaving a figure of
// the new data beside none. It now refuses before writing anything, with
// an error naming the directory, and leaves the old figure and the
// directory as they were (also through a symbolic link to a directory).
func TestSaveOverDirectory50(t *testing.T) {
	p, err := Lines(LinesFigure{Series: []Series{{Y: []float64{1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, link := range []bool{false, true} {
		dir := t.TempDir()
		base := filepath.Join(dir, "f")
		if err := os.WriteFile(base+".png", []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		target := base + ".svg"
		if link {
			target = filepath.Join(dir, "elsewhere")
			if err := os.Symlink("elsewhere", base+".svg"); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Mkdir(target, 0o755); err != nil {
			t.Fatal(err)
		}
		paths, err := Save(p, base, Size{}, "png", "svg")
		what := target
		if link {
			what += " (which " + base + ".svg links to)"
		}
		want := "plot: Save: " + what + " is a directory, not a figure file: remove it or save under another name"
		if err == nil || err.Error() != want || len(paths) != 0 {
			t.Errorf("link %v: Save = %q, %v; want no paths and %q", link, paths, err, want)
		}
		if b, _ := os.ReadFile(base + ".png"); string(b) != "old" {
			t.Errorf("link %v: f.png holds %d bytes, want the old 3", link, len(b))
		}
		if fi, err := os.Stat(target); err != nil || !fi.IsDir() {
			t.Errorf("link %v: %s is no longer a directory (%v)", link, target, err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 2+btoi(link) {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("link %v: the directory holds %q", link, names)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

package layers

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/stackel/stackel/"

// TestImportsGoDown parses the imports of every non-test Go file of the
// module (whatever its build tags) and fails on an import of a package of
// the same or a higher layer, or of a package missing from Rank.
func TestImportsGoDown(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "bench" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		from, ok := RankOf(rel)
		if !ok {
			t.Errorf("package %s has no layer in layers.Rank", rel)
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if !strings.HasPrefix(p, module) {
				continue
			}
			dep := strings.TrimPrefix(p, module)
			to, ok := RankOf(dep)
			switch {
			case !ok:
				t.Errorf("%s imports %s, which has no layer in layers.Rank", rel, dep)
			case to >= from:
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must go down", rel, from, dep, to)
			}
			checked++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d project imports checked: the walk missed the tree", checked)
	}
	t.Logf("%d project imports checked", checked)
}

// TestRankOf: the most specific entry wins.
func TestRankOf(t *testing.T) {
	for pkg, want := range map[string]int{"learn": 6, "learn/uncoupled": 7, "experiment/repro": 10, "experiment/other": 12, "ad/internal/openblas": 0, "cmd/stackel": 13} {
		if got, ok := RankOf(pkg); !ok || got != want {
			t.Errorf("RankOf(%s) = %d, %v; want %d", pkg, got, ok, want)
		}
	}
	if _, ok := RankOf("nowhere"); ok {
		t.Error("RankOf(nowhere) found a layer")
	}
}

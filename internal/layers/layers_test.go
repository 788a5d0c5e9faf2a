package layers

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/stackel/stackel/"

// skippedDir reports whether the walk leaves out a directory of this name
// below the module root: hidden ones, testdata and bench (benchmark peers
// in other languages).
func skippedDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "testdata" || name == "bench"
}

// walkImports calls visit with the directory (relative to root, with
// slashes) and the module imports (relative to the module path) of every
// non-test Go file under root, whatever its build tags. The root itself is
// walked whatever its name (a checkout in a directory called bench or
// .work); below it, skippedDir directories are left out.
func walkImports(root string, visit func(dir string, imports []string)) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && skippedDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		var deps []string
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(p, module) {
				deps = append(deps, strings.TrimPrefix(p, module))
			}
		}
		visit(filepath.ToSlash(rel), deps)
		return nil
	})
}

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
	err = walkImports(root, func(rel string, deps []string) {
		from, ok := RankOf(rel)
		if !ok {
			t.Errorf("package %s has no layer in layers.Rank", rel)
			return
		}
		for _, dep := range deps {
			to, ok := RankOf(dep)
			switch {
			case !ok:
				t.Errorf("%s imports %s, which has no layer in layers.Rank", rel, dep)
			case to >= from:
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must go down", rel, from, dep, to)
			}
			checked++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d project imports checked: the walk missed the tree", checked)
	}
	t.Logf("%d project imports checked", checked)
}

// TestWalkRootNamedLikeSkipped: a module root named bench, testdata or
// .work (a checkout there) is walked; below it, hidden, testdata and bench
// directories and test files are left out. The walk skipped the root
// itself, so TestImportsGoDown failed with "only 0 project imports
// checked" in such a checkout.
func TestWalkRootNamedLikeSkipped(t *testing.T) {
	files := map[string]string{
		"go.mod":             "module github.com/stackel/stackel\n",
		"a/a.go":             "package a\n\nimport (\n\t\"fmt\"\n\t\"github.com/stackel/stackel/b\"\n)\n",
		"a/a_test.go":        "package a\n\nimport _ \"github.com/stackel/stackel/t\"\n",
		"b/b.go":             "package b\n",
		"bench/c.go":         "package c\n\nimport _ \"github.com/stackel/stackel/x\"\n",
		"a/testdata/d.go":    "package d\n\nimport _ \"github.com/stackel/stackel/y\"\n",
		".hidden/e.go":       "package e\n\nimport _ \"github.com/stackel/stackel/z\"\n",
		"a/bench/f/f.go":     "package f\n",
		"a/.cache/g/g.go":    "package g\n",
		"b/internal/h/h.go":  "package h\n\nimport \"github.com/stackel/stackel/b\"\n",
		"b/internal/h/notgo": "x",
	}
	for _, name := range []string{"bench", "testdata", ".work", "plain"} {
		root := filepath.Join(t.TempDir(), name)
		for p, src := range files {
			full := filepath.Join(root, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		err := walkImports(root, func(dir string, deps []string) {
			got = append(got, fmt.Sprintf("%s%v", dir, deps))
		})
		sort.Strings(got)
		if want := "a[b] b/internal/h[b] b[]"; err != nil || strings.Join(got, " ") != want {
			t.Errorf("root %s: walked %q, %v; want %s", name, got, err, want)
		}
	}
}

// TestRankOf: the most specific entry wins.
func TestRankOf(t *testing.T) {
	for pkg, want := range map[string]int{"learn": 6, "learn/uncoupled": 7, "experiment/repro": 10, "experiment/other": 12, "ad/internal/openblas": 0, "experiment/runeval": 13, "cmd/stackel": 14} {
		if got, ok := RankOf(pkg); !ok || got != want {
			t.Errorf("RankOf(%s) = %d, %v; want %d", pkg, got, ok, want)
		}
	}
	if _, ok := RankOf("nowhere"); ok {
		t.Error("RankOf(nowhere) found a layer")
	}
}

package experiment

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// writeRunWithOwnTB writes into dir a run's config.yaml and metrics.csv
// and a tb/ holding an event file beside a file and a directory of the
// user's.
func writeRunWithOwnTB(t *testing.T, dir string) {
	t.Helper()
	for name, text := range map[string]string{
		ConfigFile:  "name: a\n",
		MetricsFile: "step\n",
		filepath.Join(TensorBoardDir, "events.out.tfevents.1.host"):          "x",
		filepath.Join(TensorBoardDir, "notes.txt"):                           "mine",
		filepath.Join(TensorBoardDir, "other", "events.out.tfevents.2.host"): "mine too",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// listTree returns the files under dir, relative and slash-separated.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var got []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(got)
	return got
}

// TestForceKeepsOwnTBFiles: --force (PrepareRunDir with force) deletes
// the run's files and the event files stackel writes into tb/, not the
// files the user keeps in tb/ (it deleted the whole directory); an
// emptied tb/ is removed. A job clearing another run's outputs
// (clearRunFiles) does the same.
func TestForceKeepsOwnTBFiles(t *testing.T) {
	want := []string{"tb/notes.txt", "tb/other/events.out.tfevents.2.host"}
	t.Run("force", func(t *testing.T) {
		dir := t.TempDir()
		writeRunWithOwnTB(t, dir)
		c, err := PrepareRunDir(dir, true)
		if err != nil {
			t.Fatal(err)
		}
		c.Release()
		if got := listTree(t, dir); !slices.Equal(got, want) {
			t.Errorf("after --force: %q, want %q", got, want)
		}
	})
	t.Run("job", func(t *testing.T) {
		dir := t.TempDir()
		writeRunWithOwnTB(t, dir)
		if err := clearRunFiles(dir, Job{ID: "j"}); err != nil {
			t.Fatal(err)
		}
		if got := listTree(t, dir); !slices.Equal(got, want) {
			t.Errorf("after clearRunFiles: %q, want %q", got, want)
		}
	})
	t.Run("emptied tb removed", func(t *testing.T) {
		dir := t.TempDir()
		writeRunWithOwnTB(t, dir)
		for _, name := range []string{"notes.txt", "other"} {
			os.RemoveAll(filepath.Join(dir, TensorBoardDir, name))
		}
		c, err := PrepareRunDir(dir, true)
		if err != nil {
			t.Fatal(err)
		}
		c.Release()
		if _, err := os.Lstat(filepath.Join(dir, TensorBoardDir)); !os.IsNotExist(err) {
			t.Errorf("tb/ after --force: %v, want it removed", err)
		}
	})
	// A tb/ that holds the user's files alone holds no run: it was
	// refused as "another run", "delete it with --force", which then
	// deleted nothing.
	t.Run("own files alone are no run", func(t *testing.T) {
		dir := t.TempDir()
		writeRunWithOwnTB(t, dir)
		for _, name := range []string{ConfigFile, MetricsFile, filepath.Join(TensorBoardDir, "events.out.tfevents.1.host")} {
			os.Remove(filepath.Join(dir, name))
		}
		c, err := PrepareRunDir(dir, false)
		if err != nil {
			t.Fatalf("a directory whose tb/ holds the user's files alone: %v", err)
		}
		c.Release()
		if got := listTree(t, dir); !slices.Equal(got, want) {
			t.Errorf("after PrepareRunDir: %q, want %q", got, want)
		}
	})
}

package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Several goroutines writing one file at once (as two processes in one
// directory did): every write succeeds, the file is at every moment one
// writer's whole data — never missing, cut or mixed — and no temporary
// file is left. With one fixed temporary name, a writer renamed another's
// half-written file into place, or found its own renamed away ("rename
// config.yaml.tmp config.yaml: no such file or directory").
func TestWriteFileAtomicConcurrent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	const (
		writers = 6
		writes  = 25
		size    = 48 << 10
	)
	// content(w, k) is writer w's k-th file: size bytes of one letter
	// with its header and end line, so that a cut or mixed file shows.
	content := func(w, k int) []byte {
		head := fmt.Sprintf("writer %d write %d\n", w, k)
		body := bytes.Repeat([]byte{byte('a' + w)}, size)
		return append(append([]byte(head), body...), "\nend\n"...)
	}
	whole := func(b []byte) error {
		var w, k int
		if _, err := fmt.Sscanf(string(b), "writer %d write %d\n", &w, &k); err != nil {
			return fmt.Errorf("no header: %q", b[:min(len(b), 40)])
		}
		if w < 0 || w >= writers || !bytes.Equal(b, content(w, k)) {
			return fmt.Errorf("cut or mixed (%d bytes, header writer %d write %d)", len(b), w, k)
		}
		return nil
	}
	if err := writeFileAtomic(path, content(0, -1), ""); err != nil {
		t.Fatal(err)
	}
	var (
		wg      sync.WaitGroup
		errs    = make([]error, writers)
		stop    = make(chan struct{})
		readErr error
		reads   int
		readWG  sync.WaitGroup
	)
	readWG.Add(1)
	go func() {
		defer readWG.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(path)
			reads++
			if err == nil {
				err = whole(b)
			}
			if err != nil {
				readErr = fmt.Errorf("read %d: %w", reads, err)
				return
			}
		}
	}()
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range writes {
				if err := writeFileAtomic(path, content(w, k), ""); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readWG.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Errorf("concurrent writes failed: %v", err)
	}
	if readErr != nil {
		t.Errorf("a reader during the writes saw a bad file: %v", readErr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := whole(b); err != nil {
		t.Errorf("the file after the writes: %v", err)
	}
	if got := dirNames(t, dir); got != "config.yaml" {
		t.Errorf("the directory holds %q after the writes, want only config.yaml (no temporary files)", got)
	}
}

// A write that fails (here the rename: the path is a directory) returns an
// error naming the file, leaves what was there, and removes its temporary
// file. Before, the fixed-name temporary file stayed behind.
func TestWriteFileAtomicCleansUp(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "summary.json")
	if err := os.MkdirAll(filepath.Join(target, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := writeFileAtomic(target, []byte("{}\n"), "")
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("writing "+target)) {
		t.Errorf("error %v; want one naming %s", err, target)
	}
	if got := dirNames(t, dir); got != "summary.json" {
		t.Errorf("after the failed write the directory holds %q, want only summary.json (its temporary file removed)", got)
	}
	if fi, err := os.Stat(target); err != nil || !fi.IsDir() {
		t.Errorf("the failed write changed %s: %v", target, err)
	}
	// A directory that cannot be written: an error, nothing created.
	if err := writeFileAtomic(filepath.Join(dir, "missing", "config.yaml"), []byte("x"), ""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a write into a missing directory: %v; want fs.ErrNotExist", err)
	}
}

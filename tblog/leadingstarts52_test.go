package tblog

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestLeadingStarts52 counts the SessionLog STARTs right after a file's
// version event, as a rewritten log holds them, and only those: a START
// after a scalar is not one of them, a file without any has none, and a
// file cut inside a record is an error as for Records.
func TestLeadingStarts52(t *testing.T) {
	for _, c := range []struct {
		name            string
		write           func(w *Writer) error
		records, starts int
	}{
		{"none", func(w *Writer) error { return w.Scalar("x", 1, 2) }, 2, 0},
		{"two", func(w *Writer) error {
			if err := w.SessionStart(math.MinInt64); err != nil {
				return err
			}
			if err := w.SessionStart(math.MinInt64); err != nil {
				return err
			}
			return w.Scalar("x", 1, 2)
		}, 4, 2},
		{"one after a scalar", func(w *Writer) error {
			if err := w.Scalar("x", 1, 2); err != nil {
				return err
			}
			return w.SessionStart(5)
		}, 3, 0},
	} {
		w, err := Create(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.write(w); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		n, starts, err := LeadingStarts(w.Path())
		if err != nil || n != c.records || starts != c.starts {
			t.Errorf("%s: %d records, %d leading starts, %v; want %d, %d", c.name, n, starts, err, c.records, c.starts)
		}
		if c.starts == 2 {
			b, err := os.ReadFile(w.Path())
			if err != nil {
				t.Fatal(err)
			}
			cut := filepath.Join(t.TempDir(), FilePrefix+"cut")
			if err := os.WriteFile(cut, b[:len(b)-3], 0o644); err != nil {
				t.Fatal(err)
			}
			if _, _, err := LeadingStarts(cut); err == nil {
				t.Errorf("a file cut inside its last record: no error")
			}
		}
	}
}

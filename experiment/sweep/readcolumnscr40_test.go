package sweep

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadColumnsBareCR: a metrics.csv whose lines end in a bare \r (an
// old Mac editor) read as one header line, "steps,return\r100,1.5\r…",
// with no rows and no error: the report silently left the run out of
// the over-the-run means and the curves. It must read as the same file
// with \n, a trailing \r and a byte-order mark included.
func TestReadColumnsBareCR(t *testing.T) {
	dir := t.TempDir()
	for i, body := range []string{
		"steps,return\r100,1.5\r200,NaN\r300,2\r",
		"\ufeffsteps,return\r100,1.5\r200,NaN\r300,2",
	} {
		p := filepath.Join(dir, "m.csv")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := ReadColumns(p)
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		ret, ok := c.Get("return")
		if !ok || len(c.Header) != 2 || len(c.Step) != 3 || c.Step[2] != 300 || len(ret) != 3 || ret[1] != 1.5 || ret[2] != 2 {
			t.Errorf("file %d: header %q steps %v return %v; want steps (100, 200, 300), return (1.5, 1.5, 2)", i, c.Header, c.Step, ret)
		}
	}
}

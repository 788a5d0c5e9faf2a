package sweep

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadColumns reads arbitrary bytes as a metrics.csv. Properties: no
// panic; an error names the file; an accepted file has one column per
// header name, all of the same length, the step column among them, and a
// NaN only before a column's first number (ReadColumns carries a value
// forward over later NaNs).
func FuzzReadColumns(f *testing.F) {
	f.Add([]byte("steps,return\n100,1.5\n200,NaN\n300,2\n"))
	f.Add([]byte("epoch,loss\nNaN,NaN\n1,2\n"))
	f.Add([]byte(""))
	f.Add([]byte("a\n\n1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "metrics.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := ReadColumns(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("an error not naming the file: %v", err)
			}
			return
		}
		if len(c.Data) != len(c.Header) {
			t.Fatalf("%d columns for %d names", len(c.Data), len(c.Header))
		}
		for i, col := range c.Data {
			if len(col) != len(c.Step) {
				t.Fatalf("column %q has %d values, the steps %d", c.Header[i], len(col), len(c.Step))
			}
			seen := false
			for k, v := range col {
				if math.IsNaN(v) && seen {
					t.Fatalf("column %q row %d is NaN after a number", c.Header[i], k)
				}
				seen = seen || !math.IsNaN(v)
			}
		}
	})
}

package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReadCSVRows54: readCSVRows counts the rows after the header and
// hashes the lines as written ("\n" ends): for a file of "\n" line ends
// and no blank lines, the SHA-256 of its bytes (computed here), also with
// a line three times longer than its read buffer; CRLF line ends and
// blank lines at the end give the same rows and digest, and a blank line
// in the middle and a last line without its newline are hashed as they
// are (other digests).
func TestReadCSVRows54(t *testing.T) {
	long := strings.Repeat("7", 3*csvEndsChunk+5)
	text := "iter,x\n0,1\n" + long + ",2\n10,3\n"
	sum := sha256.Sum256([]byte(text))
	want := hex.EncodeToString(sum[:])
	dir := t.TempDir()
	for _, c := range []struct {
		name, data string
		rows       int
		same       bool // the digest of text
	}{
		{"as written", text, 3, true},
		{"CRLF", strings.ReplaceAll(text, "\n", "\r\n"), 3, true},
		{"blank lines at the end", text + "\n\r\n\n", 3, true},
		{"a blank line in the middle", strings.Replace(text, "0,1\n", "0,1\n\n", 1), 4, false},
		{"no newline at the end", strings.TrimSuffix(text, "\n"), 3, false},
		{"header only", "iter,x\n", 0, false},
		{"empty", "", 0, false},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_"))
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readCSVRows(path)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got.Rows != c.rows || (got.SHA256 == want) != c.same {
			t.Errorf("%s: %d rows, digest %s; want %d rows, digest of the text written %v (%s)", c.name, got.Rows, got.SHA256, c.rows, c.same, want)
		}
	}
	if _, err := readCSVRows(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a directory: %v; want not a regular file", err)
	}
}

// BenchmarkReadCSVRows54 reads a metrics.csv of 10⁵ smooth-game rows
// (≈ 6 MB) as the check of a finished run does when its summary.json
// records the digest (readCSVRows), against readCSVEnds, which the
// check reads in any case.
func BenchmarkReadCSVRows54(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("iter,x0,y0,f1,f2\n")
	for i := range 100000 {
		sb.WriteString(strings.Join([]string{strconv.Itoa(i), "45.78108120690574", "26.09164599443829", "1058.791554089531", "681.7035526626485"}, ","))
		sb.WriteString("\n")
	}
	path := filepath.Join(b.TempDir(), MetricsFile)
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.Run("rows", func(b *testing.B) {
		b.SetBytes(int64(sb.Len()))
		for b.Loop() {
			if _, err := readCSVRows(path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ends", func(b *testing.B) {
		for b.Loop() {
			if _, err := readCSVEnds(path); err != nil {
				b.Fatal(err)
			}
		}
	})
}

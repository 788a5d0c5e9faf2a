package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadCSVRowsTrailingWhiteSpace54r1: lines at the end of metrics.csv
// that hold only white space (an editor's "  " or "\t" line) are not rows,
// as the report's readers, which trim the file's ends, do not read them
// (readRLRun, the RL check's strings.TrimSpace): the same rows and digest
// as the file the run wrote. They were hashed as rows, and the run's
// done-check refused it ("holds 4 rows after its header, and summary.json
// records 3"). Such a line in the middle is still a row.
func TestReadCSVRowsTrailingWhiteSpace54r1(t *testing.T) {
	text := "iter,x\n0,1\n5,2\n10,3\n"
	sum := sha256.Sum256([]byte(text))
	want := hex.EncodeToString(sum[:])
	dir := t.TempDir()
	for _, c := range []struct {
		name, data string
		rows       int
		same       bool
	}{
		{"spaces at the end", text + "  \n", 3, true},
		{"tab and CR at the end", text + "\t\r\n \n\n", 3, true},
		{"spaces without a newline at the end", text + "   ", 3, true},
		{"spaces in the middle", strings.Replace(text, "0,1\n", "0,1\n  \n", 1), 4, false},
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
			t.Errorf("%s: %d rows, digest %.16s…; want %d rows, digest of the text written %v", c.name, got.Rows, got.SHA256, c.rows, c.same)
		}
	}
}

// TestDoneSmoothRunTrailingWhiteSpace54r1: a finished smooth-game run
// whose metrics.csv gained a last line of spaces (an editor's) is reused
// as finished, as one that gained an empty last line is; it was refused
// as "rows lost or added".
func TestDoneSmoothRunTrailingWhiteSpace54r1(t *testing.T) {
	j, root, path, orig := doneSmoothRun54(t)
	if err := os.WriteFile(path, append(append([]byte(nil), orig...), "   \n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, finished, err := Pending(root, []Job{j}); err != nil || len(finished) != 1 {
		t.Errorf("finished %d, %v; want the run reused as finished", len(finished), err)
	}
}

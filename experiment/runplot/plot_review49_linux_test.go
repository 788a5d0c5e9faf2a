//go:build linux

package runplot

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReview49HugeMetricsLeftOut: a metrics.csv past MaxMetricsBytes (a
// sparse file, no disk taken) is left out with a note giving its size,
// the other run drawn; it was read whole into memory (a sparse file of
// 20 GB ended the process out of memory). Alone, it is an error saying
// why there is no run.
func TestReview49HugeMetricsLeftOut(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"big", "ok"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, d, "metrics.csv"), []byte("steps,x\n1,2\n2,3\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	big := filepath.Join(root, "big", "metrics.csv")
	const size = MaxMetricsBytes + 1
	if err := os.Truncate(big, size); err != nil {
		t.Fatal(err)
	}
	panels, notes, err := Build(Options{Dirs: []string{root}, Y: []string{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	note := big + ": " + strconv.Itoa(size) + " bytes, more than the 1073741824 read; left out"
	if len(notes) != 1 || notes[0] != note {
		t.Errorf("notes %q, want %q", notes, note)
	}
	if len(panels) != 1 || len(panels[0].Series) != 1 || panels[0].Series[0].Y[1] != 3 {
		t.Errorf("panels %+v, want the run ok (x 2, 3)", panels)
	}
	_, _, err = Build(Options{Dirs: []string{filepath.Dir(big)}, Y: []string{"x"}})
	if err == nil || !strings.HasSuffix(err.Error(), ": no run there to read ("+note+")") {
		t.Errorf("alone: %v, want no run there to read (%s)", err, note)
	}
}

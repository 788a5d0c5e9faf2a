package runplot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCopyTrainedFurthestKept52: of a run and a copy of it taken while it
// trained (the same configuration and seed, fewer rows), the series keeps
// the run trained furthest, wherever it is found, and the note says both
// lengths; before session 52 the first found was kept, so a snapshot in a
// directory sorted first stood for the whole run.
func TestCopyTrainedFurthestKept52(t *testing.T) {
	root := twoSeeds(t)
	full := filepath.Join(root, "duo", "seed1")
	early := filepath.Join(root, "a-snapshot", "seed1") // found before full
	copyDir(t, full, early)
	b, err := os.ReadFile(filepath.Join(full, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(filepath.Join(early, MetricsFile), []byte(strings.Join(lines[:2], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	runs, _, err := FindRuns([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	gs, notes := DropCopies(Groups(runs, false))
	if len(gs) != 1 || len(gs[0].Runs) != 2 || gs[0].Runs[0].Dir != full && gs[0].Runs[1].Dir != full {
		t.Fatalf("groups %+v; want one of two runs, %s among them", gs, full)
	}
	for _, r := range gs[0].Runs {
		if r.Dir == early {
			t.Errorf("the early copy %s was kept", early)
		}
	}
	want := early + " left out: the same configuration and seed (1) as " + full + ", a copy of that run at fewer steps ("
	if len(notes) != 1 || !strings.HasPrefix(notes[0], want) {
		t.Errorf("notes %q, want one starting %q", notes, want)
	}
}

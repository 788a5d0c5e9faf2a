package repro

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --quick report says what that reproduction shortens: the duopoly's
// iterations and seeds, not "iterations, seeds and networks" (it has no
// networks), and without the seeds when --seeds sets them.
func TestQuickNoteSaysWhatIsShortened(t *testing.T) {
	t.Parallel()
	r, err := Lookup("fiez-duopoly")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		seeds int
		want  string
	}{
		{0, "> **Quick run (`--quick`)**: 5000 iterations instead of 50000, 4 seeds instead of 16, for a smoke test."},
		{1, "> **Quick run (`--quick`)**: 5000 iterations instead of 50000, for a smoke test."},
	} {
		out := t.TempDir()
		if err := r.Execute(t.Context(), Options{Out: out, Quick: true, Seeds: c.seeds, Workers: 1}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), c.want) {
			t.Errorf("--seeds %d: report.md starts %q, want %q", c.seeds, b[:min(len(b), 160)], c.want)
		}
	}
	// An RL comparison's: the seeds, the steps against the algorithm's
	// default length (not 0, the variant's unset field) and the networks.
	rl, err := Lookup("stac-cartpole")
	if err != nil {
		t.Fatal(err)
	}
	if note, want := rl.quickNote(Options{Quick: true}), "**: 2 seeds instead of 5, 1000 steps per run instead of 300000, 16×16 networks instead of "; !strings.Contains(note, want) {
		t.Errorf("stac-cartpole: %q, want %q", note, want)
	}
	// Networks are named by the RL reproductions only, and every
	// reproduction names what it shortens.
	for _, r := range All() {
		note := r.quickNote(Options{Quick: true})
		if strings.Contains(note, "networks") != r.Resumable {
			t.Errorf("%s (RL: %v): %q", r.Name, r.Resumable, note)
		}
		if strings.Contains(note, "shortened settings") {
			t.Errorf("%s: the note does not say what --quick shortens: %q", r.Name, note)
		}
	}
}

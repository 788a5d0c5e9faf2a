package repro

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestQuickNoteNotOnOthersReport51: a --quick reproduction that stops
// with an error before it writes a report (its jobs refused) must leave
// report.md as it finds it at its end. It marked report.md "quick" when
// it differed from what it held when the reproduction started, so a
// report written in between by another process (a --report-only of the
// full runs, finishing while the quick one was being refused) had the
// quick note put at its top, though no quick run wrote it. Here the
// other report is written by the reproduction's own Jobs (the moment the
// other process finishes), which then fails: report.md must hold the
// other report byte for byte. A quick reproduction that writes its
// report still heads it with the note.
func TestQuickNoteNotOnOthersReport51(t *testing.T) {
	dir := t.TempDir()
	const other = "# full report\n\nwritten by another process\n"
	refused := errors.New("quick jobs refused")
	r := Reproduction{Name: "test-quick-note",
		Jobs: func(opt Options) ([]experiment.Job, error) {
			if err := os.WriteFile(filepath.Join(opt.Out, "report.md"), []byte(other), 0o644); err != nil {
				return nil, err
			}
			return nil, refused
		},
		Report:        func(context.Context, Options, []experiment.Job) error { return nil },
		QuickSettings: func(Options) string { return "5 iterations instead of 50" },
	}
	err := r.Execute(context.Background(), Options{Out: dir, Quick: true})
	if !errors.Is(err, refused) {
		t.Fatalf("Execute: %v, want the refusal", err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != other {
		t.Errorf("report.md of another process after a refused --quick reproduction:\n%q\nwant it unchanged:\n%q", got, other)
	}

	// A quick reproduction that writes its report marks it.
	out := t.TempDir()
	w := Reproduction{Name: "test-quick-note-writes",
		Jobs: func(Options) ([]experiment.Job, error) { return nil, nil },
		Report: func(_ context.Context, opt Options, _ []experiment.Job) error {
			resetReport(opt.Out)
			return experiment.WriteFile(opt.Out, "report.md", []byte(reportIncomplete+"# quick report\n"))
		},
		QuickSettings: func(Options) string { return "5 iterations instead of 50" },
	}
	if err := w.Execute(context.Background(), Options{Out: out, Quick: true}); err != nil {
		t.Fatal(err)
	}
	got, err = os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := quickNoteFor("5 iterations instead of 50") + "# quick report\n"; string(got) != want {
		t.Errorf("a quick reproduction's own report.md:\n%q\nwant\n%q", got, want)
	}
}

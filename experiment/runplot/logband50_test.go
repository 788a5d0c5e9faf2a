package runplot

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLogAxisKeepsMeanWithoutBand50: on a log axis a series whose mean is
// positive but whose mean − sd reaches zero is drawn without its band,
// said in a note (before session 50 the whole series was left out, so a
// noisy but positive loss vanished from --log-y figures); a series whose
// mean reaches zero is still left out.
func TestLogAxisKeepsMeanWithoutBand50(t *testing.T) {
	root := twoSeeds(t)
	// The two seeds' configurations make one series; their metrics are
	// replaced by chosen ones: loss's mean (1, 5) with sd (0, 4√2), gap's
	// mean (1, 0).
	writeMetrics(t, root, filepath.Join("duo", "seed1"), "iter,loss,gap\n0,1,1\n1,1,-1\n")
	writeMetrics(t, root, filepath.Join("duo", "seed2"), "iter,loss,gap\n0,1,1\n1,9,1\n")
	panels, notes, err := Build(Options{Dirs: []string{root}, Y: []string{"loss", "gap"}, LogY: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`panel loss: series "duo" drawn without its band on the log axis: its mean − sd reaches zero or below`,
		`panel gap: series "duo" left out of the log axis: its mean reaches zero or below`,
		`panel gap: no series left to draw; left out`,
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
	if len(panels) != 1 || len(panels[0].Series) != 1 {
		t.Fatalf("panels %+v, want loss alone with one series", panels)
	}
	s := panels[0].Series[0]
	if len(s.Y) != 2 || s.Y[0] != 1 || s.Y[1] != 5 || s.Lo != nil || s.Hi != nil {
		t.Errorf("loss series Y %v Lo %v Hi %v, want Y [1 5] without a band", s.Y, s.Lo, s.Hi)
	}
}

// TestShortRunNoted50: a series one of whose runs ends early (still
// running, or stopped) is drawn with that run's last value carried to the
// series' last x, as a sweep's figures draw it, and a note says so: before
// session 50 the figure's mean and band there silently mixed the carried
// value with the other runs'.
func TestShortRunNoted50(t *testing.T) {
	root := twoSeeds(t)
	writeMetrics(t, root, filepath.Join("duo", "seed1"), "iter,loss\n0,1\n1,2\n2,3\n")
	writeMetrics(t, root, filepath.Join("duo", "seed2"), "iter,loss\n0,3\n")
	panels, notes, err := Build(Options{Dirs: []string{root}, Y: []string{"loss"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `panel loss: series "duo": 1 of its 2 runs ends before its last x (2), drawn on to it at its last value, so the mean and band there are not of 2 runs' values`
	if strings.Join(notes, "\n") != want {
		t.Errorf("notes\n%s\nwant\n%s", strings.Join(notes, "\n"), want)
	}
	if len(panels) != 1 || len(panels[0].Series) != 1 || len(panels[0].Series[0].Y) != 3 || panels[0].Series[0].Y[2] != 3 {
		t.Errorf("panels %+v, want one series of 3 points ending at the mean 3", panels)
	}
}

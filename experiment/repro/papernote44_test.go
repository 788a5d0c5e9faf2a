package repro

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/rl/agent"
)

// paperNoteFor is r's paper note (paperSettingsNote) for options opt.
func paperNoteFor(t *testing.T, opt Options, r rlRepro) string {
	t.Helper()
	variants, seeds, err := rlPlan(opt, r)
	if err != nil {
		t.Fatal(err)
	}
	th, _ := experiment.ThresholdFor(r.Env, agent.Algo(variants[0].RL.Algo))
	n, err := paperSettingsNote(r, variants, seeds, seeds, th)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRLPaperNoteAuthorsCodeSettings44: stac-cartpole-authors listed its
// task CartPole-v0 and the steps 0.1 / 0.01 under "Not stated by the paper
// (the reproduction's own settings)", though they are the authors' code's
// (issue 16), as are stac-cartpole-v0's task and the steps of
// stac-cartpole-ablations' "steps 0.1 / 0.01" variant. Exact strings.
func TestRLPaperNoteAuthorsCodeSettings44(t *testing.T) {
	const own = " Not stated by the paper (the reproduction's own settings): "
	const from = " From the authors' code (not stated by the paper; the README's CartPole as in the authors' code (issue 16)): "
	for _, c := range []struct {
		r            rlRepro
		own, authors string // "" authors: no such clause
	}{
		{stacCartPoleAuthors,
			own + "γ = 0.99 and GAE's λ = 0.97 (Spinning Up's defaults); 10 conjugate-gradient iterations; 10 seeds; 300 000 steps per run; the threshold 195; ",
			from + "the task's version (CartPole-v0); the actor's step 0.1; the critic's step 0.01."},
		{stacCartPoleV0,
			own + "γ = 0.99 and GAE's λ = 0.97 (Spinning Up's defaults); the actor's steps 0.03 (STAC (m = 1), paper's settings), 2 (AC (m = 80), paper's settings); the critic's step 0.01; 10 conjugate",
			from + "the task's version (CartPole-v0)."},
		{stacCartPoleAblations,
			own + "γ = 0.99 and GAE's λ = 0.97 (Spinning Up's defaults); the task's version (CartPole-v1); " +
				"the actor's steps 0.03 (STAC (m = 1), paper's settings, STAC (m = 1), authors' mixed term, STAC (m = 1), gradient noise 0.05), 2 (AC (m = 80), paper's settings); the critic's step 0.01; 10 conjugate",
			from + "the actor's step 0.1 (STAC (m = 1), steps 0.1 / 0.01); the critic's step 0.01 (STAC (m = 1), steps 0.1 / 0.01)."},
		{stacCartPole,
			own + "γ = 0.99 and GAE's λ = 0.97 (Spinning Up's defaults); the task's version (CartPole-v1); the actor's steps 0.03 (STAC (m = 1), STAC (m = 80)), 2 (AC (m = 80)); the critic's step 0.01; ",
			""},
	} {
		n := paperNoteFor(t, Options{}, c.r)
		if !strings.Contains(n, c.own) {
			t.Errorf("%s: note lacks %q:\n%s", c.r.Name, c.own, n)
		}
		if c.authors == "" {
			if strings.Contains(n, "From the authors' code") {
				t.Errorf("%s: note has a clause from the authors' code:\n%s", c.r.Name, n)
			}
		} else if !strings.HasSuffix(n, c.authors) {
			t.Errorf("%s: note does not end with %q:\n%s", c.r.Name, c.authors, n)
		}
	}
}

// TestRLPaperNoteOptimizerCased44: an optimizer other than the paper's was
// written as its key's value, "optimizer adam (the paper: plain gradient
// steps)" and "sgd on mini-batches of 100 (the paper: Adam, 100)", where
// the rest of the note says Adam and plain gradient steps. Exact strings.
func TestRLPaperNoteOptimizerCased44(t *testing.T) {
	with := func(r rlRepro, opt string) rlRepro {
		r.Variants = append([]rlVariant(nil), r.Variants...)
		for i := range r.Variants {
			r.Variants[i].RL.Extra = map[string]any{"optimizer": opt}
		}
		return r
	}
	for _, c := range []struct {
		r          rlRepro
		want, lose string
	}{
		{with(stacCartPole, "adam"), " Unlike the paper: optimizer Adam (the paper: plain gradient steps); ", "adam"},
		{with(stddpgPendulum, "sgd"), " Unlike the paper: plain gradient steps on mini-batches of 100 (the paper: Adam on mini-batches of 100); ", "sgd"},
	} {
		n := paperNoteFor(t, Options{}, c.r)
		if !strings.Contains(n, c.want) || strings.Contains(n, c.lose) {
			t.Errorf("%s: note lacks %q or has %q:\n%s", c.r.Name, c.want, c.lose, n)
		}
	}
}

// TestRLOneSeedSaysNoBand44: with one seed the curves have no band (their
// lo and hi columns are the mean: MeanBand's sd of one run is 0, a
// band of no width), but the report said "mean ± one standard deviation
// over seeds" beside the table, in the paper note and under the suite's
// figure. Written from the committed runs' first seed (--report-only).
func TestRLOneSeedSaysNoBand44(t *testing.T) {
	dir := t.TempDir()
	if err := copyTree(filepath.Join("..", "..", "results", "stddpg-pendulum"), dir); err != nil {
		t.Fatal(err)
	}
	r, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Execute(context.Background(), Options{Out: dir, Seeds: 1, ReportOnly: true}); err != nil {
		t.Fatal(err)
	}
	checkNoBand44(t, dir)
	md := readReport(t, dir)
	for _, want := range []string{
		"\nCurves: each variant's one run, no band (one run has no standard deviation) (curves.csv, learning_curves.png/svg).\n",
		"; 1 seed; 50 000 steps per run; the threshold −200; no band about the curves (one seed; the paper does not say what its shaded regions show).\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "standard deviation here") || strings.Contains(md, "mean ± one standard deviation") {
		t.Errorf("report.md, one seed, speaks of a band of one standard deviation:\n%s", md)
	}

	suite := t.TempDir()
	if err := copyTree(filepath.Join("..", "..", "results", "stddpg-hopper-100k", "Hopper-v4"), filepath.Join(suite, "Hopper-v4")); err != nil {
		t.Fatal(err)
	}
	s, err := Lookup("stddpg-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Execute(context.Background(), Options{Out: suite, Seeds: 1, Steps: 100000, Envs: []string{"Hopper-v4"}, ReportOnly: true}); err != nil {
		t.Fatal(err)
	}
	checkNoBand44(t, filepath.Join(suite, "Hopper-v4"))
	md = readReport(t, suite)
	if want := "\nFigure: learning_curves.png/svg, one panel per task (each variant's one run of the test return; one seed, no band).\n"; !strings.Contains(md, want) {
		t.Errorf("suite report.md lacks %q:\n%s", want, md)
	}
	if strings.Contains(md, "standard deviation here") || strings.Contains(md, "mean ± one standard deviation") {
		t.Errorf("suite report.md, one seed, speaks of a band of one standard deviation:\n%s", md)
	}
}

// checkNoBand44 requires every curve's lo and hi columns in dir's
// curves.csv to equal its mean: what the figure draws is no band.
func checkNoBand44(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "curves.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		for j := 1; j+2 < len(row); j += 3 {
			if row[j] != row[j+1] || row[j] != row[j+2] {
				t.Fatalf("%s: %s: mean %s, band [%s, %s]: not of no width", dir, rows[0][j], row[j], row[j+1], row[j+2])
			}
		}
	}
}

// TestBandNoteOneRunVariants44: a variant with one finished run among
// others with more (failed or unfinished seeds) has no band, and the note
// names it; with one run for every variant there is no band at all.
func TestBandNoteOneRunVariants44(t *testing.T) {
	for _, c := range []struct {
		oneRun []string
		series int
		want   string
	}{
		{[]string{"AC (m = 80)"}, 3, "Curves: mean ± one standard deviation over seeds, the band clipped to the returns CartPole-v1 can give, [0, 500]; no band for AC (m = 80) (one finished run) (curves.csv, learning_curves.png/svg)."},
		{[]string{"STAC (m = 1)", "AC (m = 80)"}, 2, "Curves: each variant's one run, no band (one run has no standard deviation) (curves.csv, learning_curves.png/svg)."},
	} {
		if got := bandNote("CartPole-v1", c.oneRun, c.series); got != c.want {
			t.Errorf("bandNote(%v, %d) = %q, want %q", c.oneRun, c.series, got, c.want)
		}
	}
}

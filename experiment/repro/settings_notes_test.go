package repro

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readReport returns dir/report.md.
func readReport(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNegotiationReportNamesFigures: each game's table says what its
// figure draws — the mean over seeds ± one standard error, what
// negotiationFigure draws (plot.StdErr) — and what its CSV holds. The
// report used to name neither, and negotiationFigure's comment spoke of a
// min–max band.
func TestNegotiationReportNamesFigures(t *testing.T) {
	t.Parallel()
	md := readReport(t, runQuick(t, "negotiation"))
	for _, name := range []string{"cournot", "cooperative", "same-leader"} {
		want := "Figure negotiation_" + name + ".png/svg: both lead probabilities sin²w against the meta-interval, the mean over seeds " +
			"± one standard error (clipped to [0, 1]); metrics_" + name + ".csv holds per meta-interval their mean, min and max over seeds."
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
}

// TestHiCReportBaselineOfThePaper: Loftin et al. do state a baseline, as
// an option, after Eq. 6 ("To reduce variance we can optionally use
// f1(x_t, ỹ_{n−1}) as a baseline value"); what they do not say is which
// their experiment used. The report used to say "The paper does not state
// the baseline".
func TestHiCReportBaselineOfThePaper(t *testing.T) {
	md := readReport(t, runQuick(t, "hic-cournot"))
	if strings.Contains(md, "The paper does not state the baseline") {
		t.Errorf("report.md says the paper states no baseline, which it does after Eq. 6:\n%s", md)
	}
	if want := "The paper offers an optional baseline, f1(x_t, ỹ_{n−1}) after its Eq. 6"; !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
}

// TestSmoothReportsStateUnstatedSettings: the duopoly and torus reports say
// how they read the paper's noise N(0, σ²) (a variance: σ = √10 and 0.1)
// and which settings are stackel's because the paper gives none
// (iterations, starts), as the README's table does; the reports used to
// print "noise N(0, 10)" alone.
func TestSmoothReportsStateUnstatedSettings(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"fiez-duopoly": "noise w ~ N(0, 10), read as variance 10 (standard deviation √10 per player and update). " +
			"The paper gives no iteration count, seeds or starts: 5000 iterations from quantities uniform on [0, 50]², the same start " +
			"for both dynamics of a seed.",
		"fiez-torus": "noise w ~ N(0, 0.01), read as variance 0.01 (standard deviation 0.1). The paper " +
			"gives no iteration count or starts: 4000 iterations from starts uniform on the torus, the same start for both dynamics of a seed.",
	} {
		if md := readReport(t, runQuick(t, name)); !strings.Contains(md, want) {
			t.Errorf("%s: report.md lacks %q:\n%s", name, want, md)
		}
	}
}

// TestNegotiationSchedulesSharedNote: the note naming the runs that
// negotiation-schedules shares with `negotiation` follows the seeds asked
// for, and with --quick (4 meta-intervals against `negotiation --quick`'s
// 30) says they are not shared. It used to say "its seeds 0–7" whatever
// the seeds and the length.
func TestNegotiationSchedulesSharedNote(t *testing.T) {
	scheds, _ := negotiationSchedulePlan(Options{})
	for _, c := range []struct {
		opt  Options
		want string
	}{
		{Options{}, "Schedule beta1-meta200 is the `negotiation` reproduction (its seeds 0–7: the same runs)."},
		{Options{Seeds: 12}, "Schedule beta1-meta200 is the `negotiation` reproduction (its seeds 0–11: the same runs)."},
		{Options{Seeds: 1}, "Schedule beta1-meta200 is the `negotiation` reproduction (its seed 0: the same runs)."},
		{Options{Quick: true}, "Schedule beta1-meta200 runs 4 meta-intervals here (quick), not the 30 of `negotiation` with the same options: " +
			"its runs are not that reproduction's."},
		{Options{Variants: []string{"beta3-meta1000"}}, ""},
	} {
		sc, seeds := negotiationSchedulePlan(c.opt)
		if len(c.opt.Variants) == 0 && len(sc) != len(scheds) {
			t.Fatalf("%+v: %d schedules", c.opt, len(sc))
		}
		if got := sharedScheduleNote(c.opt, sc, seeds); got != c.want {
			t.Errorf("%+v: note %q, want %q", c.opt, got, c.want)
		}
	}
	// The note is in the report of a quick run (2 seeds, 4 meta-intervals).
	md := readReport(t, runQuickVariants(t, "negotiation-schedules", "beta1-meta200"))
	if want := "Schedule beta1-meta200 runs 4 meta-intervals here (quick)"; !strings.Contains(md, want) || strings.Contains(md, "its seeds 0–7") {
		t.Errorf("report.md lacks %q or still says \"its seeds 0–7\":\n%s", want, md)
	}
}

// runQuickVariants runs the quick reproduction name restricted to variants
// in a temporary directory, which it returns.
func runQuickVariants(t *testing.T, name string, variants ...string) string {
	t.Helper()
	dir := t.TempDir()
	r, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Execute(context.Background(), Options{Out: dir, Quick: true, Workers: 2, Variants: variants}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOligopolyReportSaysSettingsAreStackels: Appendix C of Fiez et al.
// has no numerical example, and the report says that its game, rates and
// starts are stackel's (the README's table says so; the report did not).
func TestOligopolyReportSaysSettingsAreStackels(t *testing.T) {
	md := readReport(t, runQuick(t, "stackelberg-oligopoly"))
	want := "Fiez et al. App. C gives no example or numbers: the oligopoly, its closed forms, the constant rates (leader 0.05, " +
		"followers 0.2; chain 0.05, 0.1, 0.3, each level slower than the one below it) and the starts (quantities uniform on [0, A]) are stackel's."
	if !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
}

// TestReportsSayThePaperHasNoExperiment: Loftin et al. §4 (role
// negotiation) and Das et al. run no experiment; the negotiation and
// Markov reports say that their settings are stackel's, as the README's
// table says for the Markov games. Neither report said it.
func TestReportsSayThePaperHasNoExperiment(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"negotiation":   "Loftin et al. §4 reports no experiment with Algorithm 2: the cooperative and same-leader games, ",
		"markov-patrol": "Das et al. report no numerical experiment: the game and its λ (markov.Builtin), the steps and the number of iterations (markov.DefaultConfig) are stackel's",
	} {
		md := readReport(t, runQuick(t, name))
		if r, _ := Lookup(name); name == "negotiation" && !strings.Contains(r.Description, "(the paper runs no such experiment: games and schedules are stackel's)") {
			t.Errorf("%s: description %q does not say the paper runs no such experiment", name, r.Description)
		}
		if n := strings.Count(md, want); n != 1 {
			t.Errorf("%s: report.md has %q %d times, want once:\n%s", name, want, n, md)
		}
	}
}

// TestHiCLengthNotThePapers: Loftin et al. give Fig. 1's 32 runs but no
// number of stages; the description (`reproduce --list`) and the report
// say the 10⁶ stages are stackel's. The description used to read "32 seeds
// × 10⁶ stages" after "Loftin et al. §3.3, Fig. 1", as if both were the
// paper's.
func TestHiCLengthNotThePapers(t *testing.T) {
	r, err := Lookup("hic-cournot")
	if err != nil {
		t.Fatal(err)
	}
	if want := "32 seeds (the paper's 32 runs) × 10⁶ stages (the paper gives no length)"; !strings.Contains(r.Description, want) {
		t.Errorf("description %q lacks %q", r.Description, want)
	}
	md := readReport(t, runQuick(t, "hic-cournot"))
	if want := "Fig. 1 averages 32 runs (the default seeds here); the paper gives no number of stages (10⁶ by default here)."; !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
}

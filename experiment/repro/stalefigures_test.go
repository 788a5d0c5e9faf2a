package repro

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// figuresIn lists the .png and .svg files of dir (not of its
// subdirectories), without their extensions.
func figuresIn(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".png" || ext == ".svg") {
			names = append(names, strings.TrimSuffix(e.Name(), ext))
		}
	}
	return names
}

// A rewritten report removes the figures the previous report drew and
// this one does not: with every seed of one game of a schedule failed,
// negotiation-schedules draws no figure of it, and the complete run's
// beta1-meta200_cournot.png/svg must not stay beside the new report as if
// it were its result. The figures it still draws are there, and a file of
// the user's in the directory (notes.png) is left alone. Before, resetReport
// removed only report.md and results.json. Also: every figure the
// complete run draws is among negotiationScheduleFigureNames, the names
// resetReport removes.
func TestRewrittenReportDropsStaleFigures(t *testing.T) {
	t.Parallel()
	base := Options{Quick: true, Workers: 1, Seeds: 2, Variants: []string{"beta1-meta200", "beta10-meta200"}}
	r, full := executeOnce(t, "negotiation-schedules", base)
	known := negotiationScheduleFigureNames()
	drawn := figuresIn(t, full.Out)
	if len(drawn) == 0 {
		t.Fatal("the complete run drew no figure")
	}
	for _, name := range drawn {
		if !slices.Contains(known, name) {
			t.Errorf("figure %s is not among the names resetReport removes", name)
		}
	}
	jobs, err := r.Jobs(full)
	if err != nil {
		t.Fatal(err)
	}
	opt := full
	opt.Out = copyDir(t, full.Out)
	user := filepath.Join(opt.Out, "notes.png")
	if err := os.WriteFile(user, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 3} { // seeds 0 and 1 of cournot under beta1-meta200
		if jobs[i].Out != "beta1-meta200/cournot/seed0" && jobs[i].Out != "beta1-meta200/cournot/seed1" {
			t.Fatalf("job %d is %s", i, jobs[i].Out)
		}
		failJob(t, opt.Out, jobs[i], "boom")
	}
	if err := r.Execute(context.Background(), opt); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Execute: %v; want the error naming the failed runs", err)
	}
	if row, _ := reportRow(t, opt.Out, "beta1-meta200 | 1 | 4 | cournot"); !strings.Contains(row, "0/0") {
		t.Fatalf("cournot's row %q does not report the game without seeds", row)
	}
	for _, ext := range []string{".png", ".svg"} {
		if _, err := os.Stat(filepath.Join(opt.Out, "beta1-meta200_cournot"+ext)); err == nil {
			t.Errorf("beta1-meta200_cournot%s of the earlier report is still there", ext)
		}
		for _, kept := range []string{"beta1-meta200_cooperative", "beta10-meta200_cournot"} {
			if _, err := os.Stat(filepath.Join(opt.Out, kept+ext)); err != nil {
				t.Errorf("figure the report draws: %v", err)
			}
		}
	}
	if b, err := os.ReadFile(user); err != nil || string(b) != "mine" {
		t.Errorf("the user's notes.png: %q, %v; want it left alone", b, err)
	}
}

// Every figure a reproduction that draws figures into its directory draws
// (--quick) is among the names its report removes before it is rewritten
// (resetReport): a figure missing from them would outlive a report that
// no longer draws it.
func TestFigureNamesCoverDrawnFigures(t *testing.T) {
	t.Parallel()
	for name, known := range map[string][]string{
		"stac-toy":      stacToyFigureNames(),
		"negotiation":   negotiationFigureNames(),
		"fiez-duopoly":  duopolyFigureNames,
		"fiez-torus":    torusFigureNames,
		"hic-cournot":   hicFigureNames,
		"markov-patrol": markovFigureNames,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, opt := executeOnce(t, name, Options{Quick: true, Workers: 1})
			drawn := figuresIn(t, opt.Out)
			if len(drawn) == 0 {
				t.Fatal("no figure drawn")
			}
			for _, f := range drawn {
				if !slices.Contains(known, f) {
					t.Errorf("figure %s is not among the names resetReport removes", f)
				}
			}
		})
	}
}

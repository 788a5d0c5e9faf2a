package repro

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// committedReport57 writes the committed set dir's report again
// (--report-only) with the reproduction name and options of
// committedSets and returns the report.md of its task env ("" for the
// set's own).
func committedReport57(t *testing.T, dir, env string) string {
	t.Helper()
	for _, set := range committedSets {
		if set.dir != dir {
			continue
		}
		out := t.TempDir()
		if err := copyTree(filepath.Join("..", "..", "results", dir), out); err != nil {
			t.Fatal(err)
		}
		r, err := Lookup(set.name)
		if err != nil {
			t.Fatal(err)
		}
		opt := set.opt
		opt.Out, opt.ReportOnly = out, true
		if err := r.Execute(context.Background(), opt); err != nil {
			t.Fatal(err)
		}
		return readReport(t, filepath.Join(out, env))
	}
	t.Fatalf("no committed set %s", dir)
	return ""
}

// TestNotTestedNoteCount57: the note on "not tested" rows said "they are
// left out of the count of tests" also where the table states no count
// (no row significant, so no Bonferroni sentence: stddpg-hopper-100k); it
// says so only beside the count (stddpg-ant-100k: the table's 4 tests).
func TestNotTestedNoteCount57(t *testing.T) {
	const clause = "they are left out of the count of tests"
	md := committedReport57(t, "stddpg-hopper-100k", "Hopper-v4")
	if !strings.Contains(md, "a p of those ties would read as a test (results.json keeps its U and p).") {
		t.Errorf("Hopper's report lacks the not-tested note:\n%s", md)
	}
	if strings.Contains(md, "Bonferroni") || strings.Contains(md, clause) {
		t.Errorf("Hopper's report (no significant row) speaks of a count of tests:\n%s", md)
	}
	md = committedReport57(t, "stddpg-ant-100k", "Ant-v4")
	for _, want := range []string{"not corrected for the table's 4 tests", "(results.json keeps its U and p); " + clause + "."} {
		if !strings.Contains(md, want) {
			t.Errorf("Ant's report lacks %q:\n%s", want, md)
		}
	}
}

// TestClipNoteBeforeSecondTable57: the note that the first table's
// intervals were clipped came after "The second table tests each
// algorithm against …", so it read as one on the second table's; it now
// comes before that sentence (stac-cartpole, intervals clipped to
// [0, 500]).
func TestClipNoteBeforeSecondTable57(t *testing.T) {
	md := committedReport57(t, "stac-cartpole", "")
	clip := strings.Index(md, "Intervals clipped to [0, 500], the returns CartPole-v1 can give")
	second := strings.Index(md, "The second table tests each algorithm against")
	if clip < 0 || second < 0 || clip > second {
		t.Errorf("the clip note (at %d) is not before the second table's sentence (at %d):\n%s", clip, second, md)
	}
}

// TestSpreadRuleIntervalOnlyWithCI57: a table without intervals
// (oligopoly) said that each mean "(and its interval)" is rounded.
func TestSpreadRuleIntervalOnlyWithCI57(t *testing.T) {
	md := readReport(t, runQuick(t, "stackelberg-oligopoly"))
	if !strings.Contains(md, "two significant digits and the mean to the same decimal place") || strings.Contains(md, "interval") {
		t.Errorf("oligopoly's report (no intervals) has the wrong rounding note:\n%s", md)
	}
	if strings.Contains(spreadRule, "interval") || !strings.Contains(spreadRuleCI, "the mean and its interval") {
		t.Errorf("spreadRule = %q, spreadRuleCI = %q", spreadRule, spreadRuleCI)
	}
}

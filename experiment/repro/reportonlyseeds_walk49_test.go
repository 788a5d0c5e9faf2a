package repro

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestReportOnlyFindsCompleteSeedsInFewListings49: --report-only of a
// reproduction with seeds whose runs are not all finished reports the
// largest number of seeds whose runs have all finished. It used to list the
// reproduction's jobs for every number of seeds below the total (Jobs with
// Seeds = 1, 2, …, each listing parsing every configuration), time
// quadratic in the seeds: 200 seeds of fiez-duopoly --quick took over
// three minutes with one run missing, against three seconds with none. Here
// 40 seeds of stackelberg-oligopoly --quick with one run of seed 29
// removed: the report covers the first 29 seeds — the number found by
// trying every n, as before — with at most 12 listings (a binary search
// over 40 seeds needs about 6; trying every n took 40).
func TestReportOnlyFindsCompleteSeedsInFewListings49(t *testing.T) {
	t.Parallel()
	rep, err := Lookup("stackelberg-oligopoly")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Quick: true, Seeds: 40, Workers: 2, Out: dir}
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	jobs, err := rep.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	// The jobs of seed 29 (the 30th): those of 30 seeds not among 29's.
	o29 := opt
	o29.Seeds = 29
	first29, err := rep.Jobs(o29)
	if err != nil {
		t.Fatal(err)
	}
	in29 := map[string]bool{}
	for _, j := range first29 {
		in29[j.ID] = true
	}
	o30 := opt
	o30.Seeds = 30
	first30, err := rep.Jobs(o30)
	if err != nil {
		t.Fatal(err)
	}
	var removed string
	for _, j := range first30 {
		if !in29[j.ID] {
			removed = j.Out
			break
		}
	}
	if removed == "" {
		t.Fatal("no job of the 30th seed")
	}
	if err := os.RemoveAll(filepath.Join(dir, removed)); err != nil {
		t.Fatal(err)
	}

	// The oracle: the largest n < 40 whose jobs are all finished on disk,
	// trying every n.
	want := 0
	for n := 1; n < 40; n++ {
		o := opt
		o.Seeds = n
		sub, err := rep.Jobs(o)
		if err != nil {
			t.Fatal(err)
		}
		if p, _, err := experiment.Pending(dir, sub); err == nil && len(p) == 0 {
			want = n
		}
	}
	if want != 29 {
		t.Fatalf("oracle: %d complete seeds, want 29 (removed %s of %d jobs)", want, removed, len(jobs))
	}

	listings := 0
	counted := rep
	counted.Jobs = func(o Options) ([]experiment.Job, error) {
		listings++
		return rep.Jobs(o)
	}
	again := opt
	again.ReportOnly = true
	again.Progress = func(done, total int) { t.Errorf("report-only ran jobs (%d of %d)", done, total) }
	if err := counted.Execute(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{fmt.Sprintf("covering the first %d seed(s)", want), removed} {
		if !strings.Contains(string(md), w) {
			t.Errorf("report.md lacks %q:\n%s", w, md)
		}
	}
	if listings > 12 {
		t.Errorf("report-only listed the jobs %d times for 40 seeds; want at most 12", listings)
	}
}

// TestJobsOfFewerSeedsAreAmongMore49 checks what the report from disk's
// search for complete seeds relies on (completeSeeds): for every
// reproduction, with and without --quick, the jobs of n seeds are among
// those of n + 1 seeds, in the same directories.
func TestJobsOfFewerSeedsAreAmongMore49(t *testing.T) {
	t.Parallel()
	for _, r := range All() {
		for _, quick := range []bool{false, true} {
			var prev map[string]string
			for n := 1; n <= 3; n++ {
				sub, err := r.Jobs(Options{Quick: quick, Seeds: n, Out: "x"})
				if err != nil {
					t.Fatalf("%s (quick %v), %d seeds: %v", r.Name, quick, n, err)
				}
				now := make(map[string]string, len(sub))
				for _, j := range sub {
					now[j.ID] = j.Out
				}
				for id, out := range prev {
					if now[id] != out {
						t.Errorf("%s (quick %v): job %s (%s) of %d seeds is not among those of %d", r.Name, quick, id, out, n-1, n)
					}
				}
				prev = now
			}
		}
	}
}

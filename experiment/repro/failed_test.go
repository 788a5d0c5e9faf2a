package repro

import (
	"context"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestReproductionWithFailedRunFails runs a job-based reproduction one of
// whose two runs diverges (its objective is NaN): the report is written
// from the other, and Execute returns an error naming the failed run, so
// that `stackel reproduce` exits non-zero.
func TestReproductionWithFailedRunFails(t *testing.T) {
	good := "name: g\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n"
	bad := "name: b\ngame:\n  sense: cost\n  dims: [1, 1]\n  f1: \"log(-1 - x[0]*x[0])\"\n  f2: \"y[0]*y[0]\"\ndynamics: {kind: sga}\niterations: 20\n"
	reported := 0
	r := Reproduction{
		Name: "test-failing",
		Jobs: func(opt Options) ([]experiment.Job, error) {
			var jobs []experiment.Job
			for i, body := range []string{good, bad} {
				cfg, err := experiment.ParseConfig([]byte(body))
				if err != nil {
					return nil, err
				}
				j, err := experiment.NewJob(cfg, 1, []string{"good", "bad"}[i])
				if err != nil {
					return nil, err
				}
				jobs = append(jobs, j)
			}
			return jobs, nil
		},
		Report: func(ctx context.Context, opt Options, jobs []experiment.Job) error {
			reported++
			return nil
		},
	}
	err := r.Execute(context.Background(), Options{Out: t.TempDir(), Workers: 1})
	if err == nil || !strings.Contains(err.Error(), "1 of 2 runs failed") || !strings.Contains(err.Error(), "bad") || !strings.Contains(err.Error(), "f1") {
		t.Errorf("Execute: %v; want 1 of 2 runs failed naming bad and its error", err)
	}
	if reported != 1 {
		t.Errorf("the report was written %d times, want 1", reported)
	}
}

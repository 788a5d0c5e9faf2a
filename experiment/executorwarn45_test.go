package experiment

import (
	"context"
	"strings"
	"testing"
)

// TestLocalWarnsCapped: a job run by the Local executor (a reproduction's
// jobs) whose CG solves stop at their cap (cappedYAML with solver.iters
// 1: all 40 steps, relative residual 1/2) hands the run's warning to
// Local.Warnings, as `stackel run` prints it, begun with the job's ID and
// directory; a job without one writes nothing.
func TestLocalWarnsCapped(t *testing.T) {
	_, capped := loadConfigText(t, strings.Replace(cappedYAML, "SOLVER", "{kind: cg, iters: 1}", 1))
	_, fine := loadConfigText(t, strings.Replace(cappedYAML, "SOLVER", "{kind: cg}", 1))
	j1, err := NewJob(capped, 1, "capped")
	if err != nil {
		t.Fatal(err)
	}
	j2, err := NewJob(fine, 1, "fine")
	if err != nil {
		t.Fatal(err)
	}
	var w strings.Builder
	if err := (Local{Workers: 2, Warnings: &w}).Execute(context.Background(), t.TempDir(), []Job{j1, j2}, nil); err != nil {
		t.Fatal(err)
	}
	want := "job " + j1.ID + " (capped): warning: in 40 steps the leader's CG solve stopped at its cap dynamics.solver.iters = 1 above its tolerance dynamics.solver.tol unset (1e-10) (largest relative residual ‖r‖/‖∇y f1‖ 0.5): those steps followed an inexact Stackelberg gradient (summary.json: cg_capped_steps); raise dynamics.solver.iters, loosen dynamics.solver.tol or raise dynamics.solver.lambda (now 0)\n"
	if w.String() != want {
		t.Errorf("Local.Warnings:\n got %q\nwant %q", w.String(), want)
	}
}

package repro

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/learn/uncoupled"
)

// The schedule search's β × 1 over 200 meta-intervals is the `negotiation`
// reproduction: its tasks for seeds 0–7 have the same job IDs, so they are
// the same runs (a job ID hashes the task's kind, parameters and seed).
func TestNegotiationSchedulesShareDefaultRuns(t *testing.T) {
	def, err := negotiationJobs(Options{})
	if err != nil {
		t.Fatal(err)
	}
	sched, err := negotiationScheduleJobs(Options{Variants: []string{"beta1-meta200"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sched) != 8*3 {
		t.Fatalf("%d jobs for β × 1, want 8 seeds × 3 games", len(sched))
	}
	for i, j := range sched {
		if j.ID != def[i].ID {
			t.Errorf("job %d (%s): ID %s, the negotiation reproduction's %s is %s", i, j.Out, j.ID, def[i].Out, def[i].ID)
		}
	}
	all, err := negotiationScheduleJobs(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, j := range all {
		if o, dup := ids[j.ID]; dup {
			t.Errorf("%s and %s share job ID %s", o, j.Out, j.ID)
		}
		ids[j.ID] = j.Out
	}
	if len(all) != 6*8*3 {
		t.Errorf("%d jobs, want 6 schedules × 8 seeds × 3 games", len(all))
	}
}

// beta_scale multiplies the meta step: the first meta-interval is played
// identically under every β (the same w₀ = π/4 and random draws), so the
// first update w₁ − w₀ = β (a₁ − b)/(κΔ) (Alg. 2, line 14) scales exactly
// with β. Cournot, seed 0, one interval, scales 1 (omitted) and 10;
// relative tolerance 1e-12.
func TestNegotiationTaskBetaScale(t *testing.T) {
	var w1 [2][2]float64
	for k, scale := range []float64{0, 10} {
		dir := t.TempDir()
		if err := negotiationTaskFunc(context.Background(), negotiationTask{Game: "cournot", Meta: 1, BetaScale: scale}, 0, dir, nil); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, experiment.SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		var res uncoupled.NegotiationResult
		if err := json.Unmarshal(b, &res); err != nil {
			t.Fatal(err)
		}
		w1[k] = res.Steps[0].W
	}
	for i := range 2 {
		d1, d10 := w1[0][i]-math.Pi/4, w1[1][i]-math.Pi/4
		if d1 == 0 || math.Abs(d10-10*d1) > 1e-12*math.Abs(d10) {
			t.Errorf("player %d: w₁ − w₀ = %g at β × 1 and %g at β × 10, want a nonzero step scaled by 10", i+1, d1, d10)
		}
	}
	if err := negotiationTaskFunc(context.Background(), negotiationTask{Game: "cournot", Meta: 1, BetaScale: -1}, 0, t.TempDir(), nil); err == nil {
		t.Error("a negative beta_scale was accepted")
	}
}

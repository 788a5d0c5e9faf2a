package uncoupled

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// tauCounter is a τ schedule of a type MetaConfig.ValidateFor does not
// know, which keeps the largest n read: 5 stages, except unusable at bad.
type tauCounter struct {
	bad     int
	maxRead *int
}

func (s tauCounter) At(k int) float64 {
	*s.maxRead = max(*s.maxRead, k)
	if k == s.bad {
		return 1e300
	}
	return 5
}

// TestNegotiationTauOverTheRun: MetaConfig.ValidateFor checks τ_m at the
// meta-intervals m = 1 … N the run has, not at m = 1, 2, 10 and 1000
// whatever N is: a τ unusable (over 2^40 stages, or not finite) only past
// the run's end is accepted, one unusable within it is refused naming
// the first such m; Validate, which knows no N, checks τ_1 only.
func TestNegotiationTauOverTheRun(t *testing.T) {
	base := MetaConfig{Beta: loop.Constant(0.1), Kappa: loop.Constant(0.3)}
	// A list of 600 entries of 5 stages with τ_500 unusable (1e300), and
	// one of 1000 with τ_1000 unusable.
	list500 := make(loop.List, 600)
	for i := range list500 {
		list500[i] = 5
	}
	list500[499] = 1e300
	list1000 := make(loop.List, 1000)
	for i := range list1000 {
		list1000[i] = 5
	}
	list1000[999] = 1e300
	// τ_m = 1e6·m grows past maxStages at m = maxStages/1e6 + 1 (1099512
	// where int has 64 bits), found without reading every τ_m.
	grow := loop.Power{A: 1e6, B: 0, P: -1}
	growFail := maxStages/1_000_000 + 1
	tauErr := func(m int, v string) string {
		return fmt.Sprintf("meta.tau: τ_%d = %s at meta-interval n = %d is not a usable number of stages (a finite number up to %s)", m, v, m, maxStagesText)
	}
	for _, tc := range []struct {
		name string
		tau  loop.Schedule
		n    int
		want string
	}{
		{"τ_1000 bad, run of 200", list1000, 200, ""},
		{"τ_1000 bad, run of 999", list1000, 999, ""},
		{"τ_1000 bad, run of 1000", list1000, 1000, tauErr(1000, "1e+300")},
		{"τ_500 bad, run of 499", list500, 499, ""},
		{"τ_500 bad, run of 800", list500, 800, tauErr(500, "1e+300")},
		{"growing, run ends before", grow, growFail - 1, ""},
		{"growing, run passes it", grow, 1 << 30, tauErr(growFail, fmt.Sprintf("%g", grow.At(growFail)))},
		{"growing, huge run", grow, maxStages, tauErr(growFail, fmt.Sprintf("%g", grow.At(growFail)))},
		{"constant over 2^40", loop.Constant(1e300), 1, tauErr(1, "1e+300")},
		{"log, any run", loop.Log{A: 100, B: 20000}, maxStages, ""},
		{"decaying power", loop.Power{A: 1e5, B: 1, P: 0.5}, maxStages, ""},
	} {
		c := base
		c.Tau = tc.tau
		err := c.ValidateFor(tc.n)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s: ValidateFor(%d) = %q, want %q", tc.name, tc.n, got, tc.want)
		}
		if tc.n >= 1000 || strings.Contains(tc.want, "τ_1 ") {
			continue
		}
		// Validate knows no run: τ_1 only.
		if err := c.Validate(); err != nil {
			t.Errorf("%s: Validate: %v, want nil (τ_1 is usable)", tc.name, err)
		}
	}

	// A schedule of another type is read at every m up to the run's
	// end (within the budget), and not past it.
	maxRead := 0
	c := base
	c.Tau = tauCounter{bad: 3000, maxRead: &maxRead}
	if err := c.ValidateFor(2999); err != nil {
		t.Errorf("counter τ, run of 2999: %v", err)
	}
	if maxRead != 2999 {
		t.Errorf("counter τ, run of 2999: read up to n = %d, want 2999", maxRead)
	}
	if err := c.ValidateFor(5000); err == nil || err.Error() != tauErr(3000, "1e+300") {
		t.Errorf("counter τ, run of 5000: %v, want %q", err, tauErr(3000, "1e+300"))
	}
}

// TestNegotiationStreamKeepsNoSteps: NegotiateStream is NegotiateRecorded
// keeping no steps: the same records, bit for bit, handed to record, the
// same stages, and Completed and Last saying how far it got.
func TestNegotiationStreamKeepsNoSteps(t *testing.T) {
	dom := game.Domain{Kind: game.Box, Lo: []float64{-10}, Hi: []float64{10}}
	nc := NegotiatorConfig{
		Meta:     MetaConfig{Beta: loop.Constant(0.01), Kappa: loop.Constant(0.3), Tau: loop.Constant(40), W0: 0.7},
		Leader:   HiCConfig{Alpha: loop.Constant(0.01), Delta: loop.Constant(0.5), Commitment: loop.Constant(5), BurnIn: 1},
		Follower: GradientConfig{LR: loop.Constant(0.1)},
		Domain:   dom,
	}
	v1 := View{Payoff: func(x, y []float64) float64 { return -x[0]*x[0]/2 + 4*x[0] + 4*y[0] },
		Gradient: func(dst, x, y []float64) { dst[0] = -x[0] + 4 }}
	v2 := View{Payoff: func(y, x []float64) float64 { return -y[0]*y[0]/2 + x[0]*y[0]/2 + y[0] + x[0] },
		Gradient: func(dst, y, x []float64) { dst[0] = -y[0] + x[0]/2 + 1 }}
	ref := func(x, y []float64) (float64, float64) { return v1.Payoff(x, y), v2.Payoff(y, x) }
	run := func(stream bool) ([]MetaStep, NegotiationResult, error) {
		p1, err := NewNegotiator(v1, []float64{1}, nc, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		p2, err := NewNegotiator(v2, []float64{-1}, nc, rand.New(rand.NewPCG(3, 4)))
		if err != nil {
			t.Fatal(err)
		}
		var got []MetaStep
		rec := func(st MetaStep) error { got = append(got, st); return nil }
		if stream {
			res, err := NegotiateStream(context.Background(), p1, p2, ref, 30, rec)
			return got, res, err
		}
		res, err := NegotiateRecorded(context.Background(), p1, p2, ref, 30, rec)
		return got, res, err
	}
	want, full, err := run(false)
	if err != nil {
		t.Fatal(err)
	}
	got, res, err := run(true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != nil || res.Completed != 30 || res.Stages != full.Stages || res.Stages != 30*40 || full.Completed != 30 {
		t.Fatalf("stream: %d steps kept, completed %d, %d stages; recorded: completed %d, %d stages; want none kept, 30, 1200",
			len(res.Steps), res.Completed, res.Stages, full.Completed, full.Stages)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(res.Last) != fmt.Sprint(full.Steps[29]) || fmt.Sprint(full.Last) != fmt.Sprint(full.Steps[29]) {
		t.Errorf("stream records or Last differ from NegotiateRecorded's:\n%v\n%v", res.Last, full.Steps[29])
	}
	if res.Last.N != 30 || res.Last.Tau != 40 {
		t.Errorf("Last = %v, want meta-interval 30", res.Last)
	}
}

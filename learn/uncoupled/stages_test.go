package uncoupled

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/stackel/stackel/loop"
)

// countingAgent plays a fixed strategy and counts the stages it has
// observed; its Observe fails at the failAt-th observation (counted from
// 1; 0 never).
type countingAgent struct {
	x        []float64
	observed int
	failAt   int
}

func (a *countingAgent) Strategy() []float64 { return a.x }

func (a *countingAgent) Observe([]float64) error {
	if a.observed+1 == a.failAt {
		return errors.New("scripted failure")
	}
	a.observed++
	return nil
}

// stageRecorder calls at(stage) for every sample; an error it returns
// stops the play.
type stageRecorder func(stage int) error

func (r stageRecorder) Record(s Sample) error { return r(s.Stage) }

// TestPlayStages: Outcome.Stages is the number of stages played, counted
// independently by the agents' completed observations, and the stage the
// error names: all of them for a play that ran to its end, and where the
// play stopped for one cancelled from its recorder (at its next poll of
// the context), one stopped by a recorder's error, and one stopped by an
// agent's failed update — not the stages configured.
func TestPlayStages(t *testing.T) {
	const stages = 10000
	stageIn := regexp.MustCompile(`stage (\d+)`)
	cases := []struct {
		name    string
		failAt  int                                           // the first agent fails at this observation
		rec     func(cancel context.CancelFunc) stageRecorder // nil: no recorder
		canc    bool                                          // the error is a cancellation
		want    int                                           // Stages
		atLeast bool                                          // Stages ≥ want (< stages), at the next poll
	}{
		{name: "to the end", want: stages},
		{name: "cancelled from the recorder at stage 3000", canc: true, want: 3000, atLeast: true,
			rec: func(cancel context.CancelFunc) stageRecorder {
				return func(s int) error {
					if s >= 3000 {
						cancel()
					}
					return nil
				}
			}},
		{name: "recorder error at stage 500", want: 500,
			rec: func(context.CancelFunc) stageRecorder {
				return func(s int) error {
					if s == 500 {
						return fmt.Errorf("scripted at %d", s)
					}
					return nil
				}
			}},
		{name: "agent fails at its 49th update (stage 48)", failAt: 49, want: 48},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			a := &countingAgent{x: []float64{1}, failAt: c.failAt}
			b := &countingAgent{x: []float64{2}}
			opt := PlayOptions{Settings: loop.Settings{Iterations: stages, RecordEvery: 100}}
			if c.rec != nil {
				opt.Recorder = c.rec(cancel)
			}
			out, err := Play(ctx, a, b, func(x, y []float64) (float64, float64) { return x[0], y[0] }, opt)
			if out.Stages != a.observed {
				t.Errorf("Stages %d; the leader observed %d stages", out.Stages, a.observed)
			}
			if out.Stages != c.want && !(c.atLeast && out.Stages > c.want && out.Stages < stages) {
				t.Errorf("Stages %d, want %d (or more: %v)", out.Stages, c.want, c.atLeast)
			}
			if c.want == stages {
				if err != nil || out.Stages != stages {
					t.Errorf("full play: %d stages, error %v", out.Stages, err)
				}
				return
			}
			if err == nil || errors.Is(err, context.Canceled) != c.canc {
				t.Fatalf("error %v; want a cancellation: %v", err, c.canc)
			}
			m := stageIn.FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("error %q names no stage", err)
			}
			if n, _ := strconv.Atoi(m[1]); n != out.Stages {
				t.Errorf("error %q names stage %d, Outcome.Stages is %d", err, n, out.Stages)
			}
		})
	}
}

package uncoupled

import (
	"context"
	"fmt"
	"math"
	"reflect"

	"github.com/stackel/stackel/internal/poll"
	"github.com/stackel/stackel/loop"
)

// Referee evaluates both players' payoffs at a played profile (x is the
// first player's strategy, y the second's). Only the driver uses it, to
// record what happened; agents never see it.
type Referee func(x, y []float64) (f1, f2 float64)

// Sample is the profile at one recorded stage. X and Y alias the driver's
// buffers: a Recorder must copy what it keeps.
type Sample struct {
	// Stage is the number of stages played before this profile.
	Stage int
	// X and Y are the strategies played by the first and second agent.
	X, Y []float64
	// F1 and F2 are the two payoffs at (X, Y).
	F1, F2 float64
	// Mean and Delta are, when the first agent is a Hi-C leader (a
	// Perturber), its mean strategy x_n and perturbation size δ_n in the
	// interval in progress, of which X is the perturbed x̃_n = x_n + δ_n Δ_n
	// (Algorithm 1, line 5; projected onto the domain): Theorem 3.6 is
	// about x_n. Mean aliases the agent's buffer, as X and Y the
	// driver's. Nil and 0 for another first agent.
	Mean  []float64
	Delta float64
}

// Perturber is an agent that plays a perturbation of a mean strategy, as
// the Hi-C leader plays x̃_n = x_n + δ_n Δ_n: Play records its Mean and
// Perturbation in each Sample.
type Perturber interface {
	Agent
	// Mean returns the mean strategy x_n of the interval in progress.
	Mean() []float64
	// Perturbation returns the perturbation size δ_n of that interval.
	Perturbation() float64
}

// Recorder receives samples as a run goes; an error stops the run.
type Recorder = loop.Recorder[Sample]

// PlayOptions configures Play.
type PlayOptions struct {
	// Settings: Iterations is the number of stages to play, at least 1
	// (a play has no default length: 0 is an error naming
	// settings.iterations, not a play of no stage returned as success);
	// RecordEvery records the profile at stage 0, every RecordEvery stages
	// and after the last stage (0: only the first and the final profile).
	// A play has no step-norm test: StepTol must be 0 (another value is
	// an error, not silently ignored).
	loop.Settings
	// Recorder, when not nil, receives the samples.
	Recorder Recorder
}

// checkStages refuses a play of 0 stages (Settings.Iterations = 0), with
// an error prefixed by who: learn.Run and markov.Run give 0 a default,
// but a play's length has none (it sets the Hi-C schedule's intervals and
// burn-in), and a play of no stage returned its start as a success.
// Negative counts are refused by loop.Settings.Check.
func checkStages(who string, stages int) error {
	if stages == 0 {
		return fmt.Errorf("%s: settings.iterations = 0: a play has no default number of stages; set Iterations to the stages to play (>= 1)", who)
	}
	return nil
}

// Outcome is the profile after the last stage, and how many stages were
// played.
type Outcome struct {
	// X and Y are the strategies the agents play after the last stage.
	// A play that stops with an error (a cancelled context, a value that
	// is not finite, a recorder's error) keeps them too: they are then
	// the strategies reached after Stages stages — bit for bit the
	// outcome of a play of Stages stages that runs to its end — which an
	// agent that fails at stage Stages has not moved. (The package's
	// agents stop with an error rather than play a strategy that is not
	// finite.) Nil only for a play refused before its first stage (bad
	// options, nil agents).
	X, Y []float64
	// F1 and F2 are the referee's payoffs at (X, Y); after an error they
	// may be NaN or ±Inf (the error then says so).
	F1, F2 float64
	// Mean and Delta are, when the first agent is a Perturber (a Hi-C
	// leader), its mean strategy x_n (a copy) and perturbation size δ_n
	// at Stages, beside X, the perturbed strategy it plays there (as in
	// Sample); nil and 0 otherwise.
	Mean  []float64
	Delta float64
	// Stages is the number of stages played: PlayOptions.Iterations when
	// the play ran to its end, else the stage at which it stopped (the
	// one its error names: the stages before it were played). It is set
	// also when Play returns an error.
	Stages int
	// BestResponseCapped counts, in a Hi-C run (RunHiC) whose follower is
	// a numerical best responder (HiCRun.BestResponse), the stages whose
	// best response stopped at BestResponseConfig.MaxIter inner steps
	// without meeting its Tol (BestResponder.Capped): the follower then
	// played no best response, and the leader's estimate used it.
	// BestResponseCappedStep is the largest last inner step among them
	// (max_i |Δy_i|). Both 0 when there were none, and for other
	// followers; set also when the run returns an error.
	BestResponseCapped     int
	BestResponseCappedStep float64
	// Status says why the play stopped (loop.IterationLimit when every
	// stage was played).
	Status loop.Status `json:"-"`
}

// Play runs two uncoupled agents against each other for opt.Iterations
// stages (at least 1: Iterations = 0 is refused, with an error naming
// settings.iterations, as are the Settings loop.Settings.Check refuses).
// At each stage both play their current strategies, then each observes the
// strategy the other played (the first agent observes first; both see the
// profile as played, before either update). ref is used only for
// recording and the outcome; nil agents, one agent (pointer) given as
// both, or a nil ref are an error before any stage. The run stops at the
// first error (non-finite values, a recorder's error), naming the stage,
// or when ctx is done (polled before the first stage and then about
// every millisecond of stages, at most every 256: poll.Poller). A
// strategy or payoff
// of the agents' that is NaN or ±Inf is a loop.DivergedError naming it
// (Outcome.Status loop.Diverged), and so is a payoff of the referee's
// that is not finite (at a recorded stage or after the last), naming the
// stage, the player and the value: the recorder still receives that
// sample, and its own error, if it returns one, is the play's. A schedule
// value that is out of range is an ordinary error (loop.Failed) naming
// the schedule and its index. However it stops, a play that began keeps
// the profile it reached: Outcome.X and Y, at Outcome.Stages.
func Play(ctx context.Context, a, b Agent, ref Referee, opt PlayOptions) (out Outcome, err error) {
	defer func() { out.Status = loop.StatusOf(err, false) }()
	if ctx == nil {
		// Refused, as learn.Run does: ctx.Err() panicked at stage 0.
		return Outcome{}, fmt.Errorf("play: nil context (use context.Background())")
	}
	if err := opt.Check(); err != nil {
		return Outcome{}, fmt.Errorf("play: %w", err) // no stage played
	}
	if err := checkStages("play", opt.Iterations); err != nil {
		return Outcome{}, err
	}
	if opt.StepTol != 0 {
		// Refused, not ignored: a caller asking for a convergence stop
		// got every stage played.
		return Outcome{}, fmt.Errorf("play: settings.step_tol = %g: a play of uncoupled agents has no step-norm test (give 0)", opt.StepTol)
	}
	// Refused up front: a nil agent panicked at once, a nil referee only
	// after the last stage had been played.
	if a == nil || b == nil {
		return Outcome{}, fmt.Errorf("play: the first or the second agent is nil")
	}
	if ref == nil {
		return Outcome{}, fmt.Errorf("play: no referee")
	}
	if t := reflect.TypeOf(a); t == reflect.TypeOf(b) && t.Kind() == reflect.Pointer && a == b {
		// Refused, as Negotiate refuses one negotiator as both players:
		// the agent played against its own strategy, updating twice a
		// stage. (Only pointers: two equal values of a value type are
		// two agents.)
		return Outcome{}, fmt.Errorf("play: the first and the second agent are the same agent")
	}
	stages := opt.Iterations
	px := append([]float64(nil), a.Strategy()...)
	py := append([]float64(nil), b.Strategy()...)
	pa, _ := a.(Perturber)
	record := func(t int) error {
		if opt.Recorder == nil {
			return nil
		}
		f1, f2 := ref(px, py)
		s := Sample{Stage: t, X: px, Y: py, F1: f1, F2: f2}
		if pa != nil {
			s.Mean, s.Delta = pa.Mean(), pa.Perturbation()
		}
		if err := opt.Recorder.Record(s); err != nil {
			return fmt.Errorf("play: stage %d: recorder: %w", t, err)
		}
		// After the recorder, which sees the sample that is not finite
		// (to record where the play went wrong, or to refuse it with its
		// own error, which then wins).
		return checkPayoffs(t, px, py, f1, f2)
	}
	// The stages recorded are those of opt.Due; a counter instead of a
	// division per stage keeps the hot loop cheap.
	every := opt.RecordEvery
	if every == 0 {
		every = stages + 1
	}
	next := 0 // the next stage to record
	// The context is polled before the first stage and then about every
	// millisecond of stages (poll.Poller, as learn.Run): every stage when
	// one takes milliseconds (a numerical best responder's up to
	// max_iter inner steps), every 256th when it takes nanoseconds.
	var poller poll.Poller
	for t := 0; t < stages; t++ {
		if err := poller.Err(ctx); err != nil {
			// The strategies reached after stage t − 1's updates.
			copyVec(px, a.Strategy())
			copyVec(py, b.Strategy())
			return stopped(ref, pa, px, py, t), fmt.Errorf("play: stopped at stage %d: %w", t, err)
		}
		sa, sb := a.Strategy(), b.Strategy()
		copyVec(px, sa)
		copyVec(py, sb)
		if t == next {
			if err := record(t); err != nil {
				return stopped(ref, pa, px, py, t), err
			}
			next += every
		}
		if err := a.Observe(py); err != nil {
			return stopped(ref, pa, px, py, t), newProfileError(1, px, py, fmt.Errorf("stage %d: first agent: %w", t, err))
		}
		if err := b.Observe(px); err != nil {
			return stopped(ref, pa, px, py, t), newProfileError(2, px, py, fmt.Errorf("stage %d: second agent: %w", t, err))
		}
	}
	copyVec(px, a.Strategy())
	copyVec(py, b.Strategy())
	if err := record(stages); err != nil {
		return stopped(ref, pa, px, py, stages), err
	}
	out = stopped(ref, pa, px, py, stages)
	return out, checkPayoffs(stages, px, py, out.F1, out.F2)
}

// stopped is the outcome of a play at stage t, where the profile (x, y)
// is played: the profile, the referee's payoffs there, t and, when the
// first agent is a Perturber (pa not nil), its mean and perturbation. It
// runs once a play, at its end or where an error stops it.
func stopped(ref Referee, pa Perturber, x, y []float64, t int) Outcome {
	f1, f2 := ref(x, y)
	out := Outcome{X: x, Y: y, F1: f1, F2: f2, Stages: t}
	if pa != nil {
		out.Mean, out.Delta = append([]float64(nil), pa.Mean()...), pa.Perturbation()
	}
	return out
}

// checkPayoffs returns a *loop.DivergedError when a payoff the referee
// gives at the profile (x, y) played at stage t is NaN or ±Inf, naming the
// stage, the player, the value and the profile, e.g. "play: stage 3:
// referee: first player's payoff f1 = NaN at x = [1], y = [2]" (quantity
// "referee payoff f1"); nil when both are finite.
func checkPayoffs(t int, x, y []float64, f1, f2 float64) error {
	for i, f := range [2]float64{f1, f2} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			who := [2]string{"first", "second"}[i]
			q := fmt.Sprintf("referee payoff f%d", i+1)
			return &loop.DivergedError{Iteration: t, Quantity: q,
				Err: fmt.Errorf("play: stage %d: referee: %s player's payoff f%d = %g at x = %v, y = %v", t, who, i+1, f, x, y)}
		}
	}
	return nil
}

// copyVec copies src into dst; a loop beats the copy builtin for the one-
// or two-element strategies of the hot path.
func copyVec(dst, src []float64) {
	for i := range dst {
		dst[i] = src[i]
	}
}

// Trace is a Recorder that keeps every sample in memory.
type Trace struct {
	// Stages lists the recorded stages.
	Stages []int
	// X and Y hold the recorded strategies, one slice per sample.
	X, Y [][]float64
	// F1 and F2 hold the recorded payoffs.
	F1, F2 []float64
}

// Record appends a copy of s.
func (tr *Trace) Record(s Sample) error {
	tr.Stages = append(tr.Stages, s.Stage)
	tr.X = append(tr.X, append([]float64(nil), s.X...))
	tr.Y = append(tr.Y, append([]float64(nil), s.Y...))
	tr.F1 = append(tr.F1, s.F1)
	tr.F2 = append(tr.F2, s.F2)
	return nil
}

// profileError is an agent's error with the agent (1: the first, whose
// objective is f1; 2: the second, f2) and the profile played at the stage
// where it failed (copies), for the caller that holds the game to say
// which part of that agent's objective was not finite there (RunHiC).
// Its message is err's.
type profileError struct {
	agent int
	x, y  []float64
	err   error
}

// newProfileError copies the played profile (x, y) beside err and the
// agent (1 or 2) that failed; it runs only on the error path.
func newProfileError(agent int, x, y []float64, err error) error {
	return &profileError{agent: agent, x: append([]float64(nil), x...), y: append([]float64(nil), y...), err: err}
}

func (e *profileError) Error() string { return e.err.Error() }

func (e *profileError) Unwrap() error { return e.err }

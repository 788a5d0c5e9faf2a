package loop

import (
	"fmt"
	"math"
)

// Settings are the settings every learning loop shares. A loop's own
// configuration embeds it.
type Settings struct {
	// Iterations is the number of iterations (steps, stages, updates).
	// 0 selects the loop's documented default (learn.Run: 1000,
	// markov.Run: 2000); uncoupled.Play and RunHiC have none and refuse 0
	// with an error naming settings.iterations; hierarchy.Run has none
	// and does 0 updates. Negative is an error.
	Iterations int
	// RecordEvery is the recording period: a loop records its starting
	// point (iteration 0), every RecordEvery-th iteration and the last
	// iteration. 0 records only the start and the last iteration.
	// Negative is an error. It matters with or without a recorder:
	//   - learn.Run checks the objectives for finiteness at these
	//     iterations only, so RecordEvery changes where a diverging run
	//     stops and which last good point it returns (with 0, possibly
	//     the start);
	//   - hierarchy.Run likewise checks the objectives at these steps
	//     only, and keeps the profiles recorded in Result.Trace;
	//   - markov.Run keeps the statistics recorded in Result.History; a
	//     V1 or V2λ that is not finite stops it at its update whatever
	//     RecordEvery;
	//   - uncoupled.Play checks the referee's payoffs at these stages
	//     only when it has a Recorder; without one, after the last stage
	//     only, and RecordEvery changes nothing.
	RecordEvery int
	// StepTol stops a run as Converged when the norm of a whole step is at
	// most StepTol; 0 disables the test. Loops without a step-norm test
	// refuse any other value (uncoupled.Play and hierarchy.Run return an
	// error naming settings.step_tol) or ignore it (markov.Run).
	StepTol float64
}

// Check validates the settings; the errors name the field as
// settings.iterations (Iterations), settings.record_every (RecordEvery)
// or settings.step_tol (StepTol), with its value.
func (s Settings) Check() error {
	switch {
	case s.Iterations < 0:
		return fmt.Errorf("settings.iterations: %d is negative", s.Iterations)
	case s.RecordEvery < 0:
		return fmt.Errorf("settings.record_every: %d is negative", s.RecordEvery)
	case !(s.StepTol >= 0) || math.IsInf(s.StepTol, 0):
		return fmt.Errorf("settings.step_tol: %g is not a finite non-negative number", s.StepTol)
	}
	return nil
}

// Due reports whether iteration k of a run of n iterations is recorded:
// k = 0, k = n, or k a multiple of RecordEvery > 0.
func (s Settings) Due(k, n int) bool {
	return k == 0 || k == n || (s.RecordEvery > 0 && k%s.RecordEvery == 0)
}

// Converged reports whether a step of norm stepNorm ends the run.
func (s Settings) Converged(stepNorm float64) bool {
	return s.StepTol > 0 && stepNorm <= s.StepTol
}

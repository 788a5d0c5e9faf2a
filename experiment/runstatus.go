package experiment

import "github.com/stackel/stackel/loop"

// Run statuses: the values of the "run_status" key of the summary.json
// of a smooth-game, Hi-C and Markov run, a published interface (scripts
// compare them). They are loop.Status's names (loop.Status.String), fixed
// here so that they stay what they are:
//
//   - "iteration limit": every configured iteration (stage) was done;
//   - "converged": a step was at most dynamics.step_tol long (smooth runs
//     only: Hi-C and Markov runs have no step test; a Markov run's verdict
//     is its "converged" and "status" keys);
//   - "cancelled": Ctrl-C, SIGTERM or a deadline stopped the run (its
//     summary also has "interrupted": true);
//   - "diverged": a quantity became NaN or ±Inf, or a matrix to be
//     inverted was singular; "diverged_quantity" names it;
//   - "failed": any other error (a schedule value out of range, a failed
//     write), which "error" states.
const (
	RunIterationLimit = "iteration limit"
	RunConverged      = "converged"
	RunCancelled      = "cancelled"
	RunDiverged       = "diverged"
	RunFailed         = "failed"
)

// runStatusNames maps each status a finished loop reports to its
// "run_status" value.
var runStatusNames = map[loop.Status]string{
	loop.IterationLimit: RunIterationLimit,
	loop.Converged:      RunConverged,
	loop.Cancelled:      RunCancelled,
	loop.Diverged:       RunDiverged,
	loop.Failed:         RunFailed,
}

// RunEnd says how a run ended: the "run_status" and "diverged_quantity"
// keys of a smooth-game, Hi-C and Markov run's summary.json. (A Markov
// summary's "status" key, which predates it, is the verdict on the last
// iterate, markov.Verdict; hence the name run_status.)
type RunEnd struct {
	// RunStatus is one of RunIterationLimit, RunConverged, RunCancelled,
	// RunDiverged and RunFailed.
	RunStatus string `json:"run_status"`
	// DivergedQuantity names the quantity that was not finite or the
	// matrix that was singular when RunStatus is RunDiverged, e.g.
	// "leader total derivative" or "leader objective f1"
	// (loop.QuantityOf); absent otherwise.
	DivergedQuantity string `json:"diverged_quantity,omitempty"`
}

// runEndOf classifies the error that ended a run (nil: it ran to its end,
// or converged) as loop.StatusOf does.
func runEndOf(err error, converged bool) RunEnd {
	s := loop.StatusOf(err, converged)
	end := RunEnd{RunStatus: runStatusNames[s]}
	if s == loop.Diverged {
		end.DivergedQuantity = loop.QuantityOf(err)
	}
	return end
}

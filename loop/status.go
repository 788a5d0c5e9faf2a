package loop

import (
	"context"
	"errors"
	"fmt"
)

// Status says why a run stopped.
type Status int

const (
	// Running is the zero value: the run has not stopped.
	Running Status = iota
	// IterationLimit: all Settings.Iterations iterations were done.
	IterationLimit
	// Converged: a step was at most Settings.StepTol long.
	Converged
	// Cancelled: the context was cancelled or its deadline passed.
	Cancelled
	// Diverged: a quantity became non-finite (NaN, ±Inf) or a matrix that
	// must be inverted was singular; DivergedError names it.
	Diverged
	// Failed: any other error, e.g. from a recorder.
	Failed
)

var statusNames = [...]string{"running", "iteration limit", "converged", "cancelled", "diverged", "failed"}

// String names the status.
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// DivergedError reports the quantity that stopped a run: it became NaN or
// infinite, or a matrix to be inverted was singular.
type DivergedError struct {
	// Iteration is the iteration (counting from 1) that failed; 0 when
	// unknown.
	Iteration int
	// Quantity names what failed, e.g. "leader total derivative".
	Quantity string
	// Err is the cause; its message is the error's message.
	Err error
}

// Error returns the cause's message (the loops prefix the iteration), or
// without a cause "<Quantity> diverged" ("diverged" if Quantity is "" or
// e is a nil *DivergedError).
func (e *DivergedError) Error() string {
	switch {
	case e == nil:
		return "diverged"
	case e.Err != nil:
		return e.Err.Error()
	case e.Quantity != "":
		return e.Quantity + " diverged"
	}
	return "diverged"
}

// Unwrap returns the cause (nil for a nil *DivergedError).
func (e *DivergedError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// DivergedQuantity returns e.Quantity ("" for a nil *DivergedError, which
// errors.As finds in a chain that wraps one, so that QuantityOf does not
// dereference it).
func (e *DivergedError) DivergedQuantity() string {
	if e == nil {
		return ""
	}
	return e.Quantity
}

// Divergence is implemented by errors that report a diverged quantity
// (*DivergedError, markov.RunError); StatusOf classifies them as Diverged.
type Divergence interface {
	error
	// DivergedQuantity names the quantity that became non-finite or
	// singular, e.g. "leader total derivative" (what QuantityOf returns).
	DivergedQuantity() string
}

// Diverge returns a *DivergedError for quantity with the given message.
func Diverge(quantity string, format string, args ...any) error {
	return &DivergedError{Quantity: quantity, Err: fmt.Errorf(format, args...)}
}

// StatusOf classifies the error a loop returned: nil is IterationLimit
// unless converged, a context error is Cancelled, an error in whose chain
// is a Divergence (a *DivergedError, markov.RunError, …) is Diverged,
// anything else Failed.
func StatusOf(err error, converged bool) Status {
	var d Divergence
	switch {
	case err == nil && converged:
		return Converged
	case err == nil:
		return IterationLimit
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return Cancelled
	case errors.As(err, &d):
		return Diverged
	}
	return Failed
}

// QuantityOf returns the quantity named by a Divergence in err's chain,
// or "".
func QuantityOf(err error) string {
	var d Divergence
	if errors.As(err, &d) {
		return d.DivergedQuantity()
	}
	return ""
}

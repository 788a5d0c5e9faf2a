package loop

// Recorder receives the records R of a run as it goes. An error returned
// by Record stops the run; the loop returns it (wrapped with the
// iteration) together with everything computed so far.
type Recorder[R any] interface {
	// Record receives the next record, in iteration order. r may alias the
	// loop's buffers, valid only during the call (see the loop's record
	// type): copy what must outlive it. A non-nil error stops the run.
	Record(r R) error
}

// RecorderFunc adapts a function to a Recorder.
type RecorderFunc[R any] func(r R) error

// Record calls f(r).
func (f RecorderFunc[R]) Record(r R) error { return f(r) }

// Records is a Recorder that keeps every record in memory. Records that
// alias a loop's buffers must be copied first (the loops' own Trace types
// do that).
type Records[R any] []R

// Record appends r.
func (rs *Records[R]) Record(r R) error {
	*rs = append(*rs, r)
	return nil
}

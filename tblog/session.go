package tblog

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of TensorFlow's event.proto for SessionLog.
const (
	eventSessionLog  = 7 // SessionLog session_log (in Event's oneof what)
	sessionLogStatus = 1 // SessionStatus status
	sessionStart     = 1 // SessionLog.START
)

// SessionStart appends an event holding SessionLog{status: START} at step:
// TensorBoard's mark of a restarted run. TensorBoard's Python event
// loader, for files of version brain.Event:2, drops the values it has
// already read for the run at steps ≥ step when it meets a START after
// the run's first one (its purge of orphaned data); without it, values
// written again for steps it holds are shown twice (its out-of-order-step
// purge applies only to files without a version). The data server of
// TensorBoard ≥ 2.5 (--load_fast) ignores the event and drops the later
// steps of a tag by itself when a step comes again.
//
// A file that rewrites a run's whole log (a resume replaying its kept
// rows) should start with SessionStart(math.MinInt64) (or the lowest step
// it will hold) twice, so that a TensorBoard that read the run's older
// file keeps only the rewrite: the loader takes the first START of a run
// for the session's start and drops nothing at it, and an older file
// written without one leaves the rewrite's first START the run's first.
// Each event counts as a record (Records).
func (w *Writer) SessionStart(step int64) error {
	if w.closed {
		return errAfterClose(w, "SessionStart")
	}
	log := protowire.AppendTag(nil, sessionLogStatus, protowire.VarintType)
	log = protowire.AppendVarint(log, sessionStart)
	ev := protowire.AppendTag(w.rec[:0], eventWallTime, protowire.Fixed64Type)
	ev = protowire.AppendFixed64(ev, math.Float64bits(unixSeconds(w.clock())))
	ev = protowire.AppendTag(ev, eventStep, protowire.VarintType)
	ev = protowire.AppendVarint(ev, uint64(step))
	ev = protowire.AppendTag(ev, eventSessionLog, protowire.BytesType)
	ev = protowire.AppendBytes(ev, log)
	w.rec = ev
	return w.record(ev)
}

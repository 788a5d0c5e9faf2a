// Package poll decides when a loop of steps polls its context: before the
// first step, then about every Work of steps, at most every MaxPeriod
// steps. A loop of cheap steps (microseconds) then pays for a poll only
// every few hundred steps, and one of expensive steps (milliseconds)
// polls before each, so that a cancellation is seen within about Work of
// a step's end whatever the steps cost. learn.Run, hierarchy.Run and
// uncoupled's stage loops (Play, Negotiate) share it.
package poll

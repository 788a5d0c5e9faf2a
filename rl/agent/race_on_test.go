//go:build race

package agent

// raceDetector is true in a build with the race detector, whose tenfold
// slowdown the single-goroutine oracle tests skip (their arithmetic is
// what they check; the threaded paths have their own race-tested tests).
const raceDetector = true

//go:build race

package ad

// raceDetector is true in a build with the race detector, whose tenfold
// slowdown the widest thread-independence test answers by running fewer
// shapes and thread counts, and the single-goroutine kernel tests
// (products on one thread) by skipping: CI runs them whole in its plain
// pass (go test ./...), and the race pass is for the data the split
// goroutines share.
const raceDetector = true

//go:build race

package ad

// raceDetector is true in a build with the race detector, whose tenfold
// slowdown the widest thread-independence test answers by running fewer
// shapes and thread counts: CI runs it whole in its plain pass (go test
// ./...), and the race pass is for the data the split goroutines share.
const raceDetector = true

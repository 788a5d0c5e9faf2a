//go:build race

package experiment

// raceDetector is true in a build with the race detector, whose tenfold
// slowdown the single-goroutine arithmetic tests skip: CI runs them in
// its plain pass (go test ./...), and the race pass is for the code whose
// goroutines share data.
const raceDetector = true

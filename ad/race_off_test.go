//go:build !race

package ad

// raceDetector is false without the race detector (race_on_test.go).
const raceDetector = false

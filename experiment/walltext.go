package experiment

import (
	"math"
	"time"
)

// wallText writes a run's wall time in seconds for its summary line, as
// Go writes durations and readable at every length: three significant
// figures below a minute ("32.1µs", "1.23s", "12.3s"), to the second below
// an hour ("20m34s") and to the minute from then on ("2h1m0s"), where
// %.3gs would write 1234 s as "1.23e+03s".
func wallText(sec float64) string {
	if math.IsNaN(sec) || sec < 0 {
		return "?"
	}
	if sec >= float64(math.MaxInt64)/float64(time.Second) {
		return "∞"
	}
	d := time.Duration(sec * float64(time.Second))
	switch {
	case d >= time.Hour:
		return d.Round(time.Minute).String()
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d < 100:
		return d.String() // whole nanoseconds already
	}
	// Three significant figures: round to a tenth of the unit the value's
	// hundreds lie in.
	unit := time.Duration(1)
	for d/unit >= 1000 {
		unit *= 10
	}
	return d.Round(unit).String()
}

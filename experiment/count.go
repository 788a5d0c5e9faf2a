package experiment

import "strconv"

// CountOf writes n and noun for a message: "1 run", "0 runs", "3 runs".
// The plural is noun with "s" added, so noun must be one whose plural is
// regular ("run", "job", "seed", "interval"); a multi-word noun is
// pluralized at its end ("Newton end point").
func CountOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

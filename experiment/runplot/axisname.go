package runplot

import (
	"slices"
	"strings"
)

// countNames name the step columns of stackel's metrics.csv files by what
// they count, as the reproductions' figures label their x axes: an RL
// run's steps are environment steps, a smooth-game or Markov-game
// learner's iter its iterations (a Hi-C run's iter, which counts stages,
// is named by Run.StepLabel), a negotiation run's n its meta-intervals.
var countNames = map[string]string{
	"steps":         "environment steps",
	"iter":          "iteration",
	"n":             "meta-interval",
	"meta_interval": "meta-interval",
	"stage":         "stage",
	"epoch":         "epoch",
	"episodes":      "episodes",
}

// AxisName is the x axis' name for the column col of runs whose step
// column it is or not: what the column counts (countNames: "environment
// steps" for steps, "iteration" for iter, "meta-interval" for a
// negotiation run's n), else the column's own name. hic says the runs are
// Hi-C runs, whose iter counts stages ("stage").
func AxisName(col string, hic bool) string {
	if col == "iter" && hic {
		return "stage"
	}
	if n, ok := countNames[col]; ok {
		return n
	}
	return col
}

// axisNames joins the distinct axis names of runs drawn on one axis:
// the name when they agree, else each, sorted, joined by " or "
// ("iteration or stage"): the axis then counts different things for
// different runs, and says so.
func axisNames(names []string) string {
	names = slices.Clone(names)
	slices.Sort(names)
	return strings.Join(slices.Compact(names), " or ")
}

package plot

import (
	"math"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
)

// niceTicks marks a linear axis with four to seven labelled ticks at multiples
// of 1, 2, 2.5 or 5 times a power of ten, and unlabelled ticks between them.
// gonum's default ticker often labels only two or three values, with
// needless decimals ("250.00").
type niceTicks struct {
	// integers restricts the ticks, labelled or not, to whole numbers
	// (an axis of counts: Frame.XIntegers): steps of 1, 2, 5, 10, 20,
	// 25, 50, … with minor ticks only where they fall on integers. A
	// range that holds no integer (a Phase figure's, which is not
	// widened as a Lines figure's is) is ticked as without it, rather
	// than not at all.
	integers bool
}

// Ticks implements gplot.Ticker.
//
// A range too narrow for its magnitude to be split so (its ends a few
// float64 steps apart, e.g. 0.3 and 0.1+0.2) is marked at its two ends,
// labelled in full.
func (nt niceTicks) Ticks(min, max float64) []gplot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) || math.IsInf(max-min, 0) {
		return []gplot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'g', -1, 64)}}
	}
	step, minors := niceStep((max - min) / 7)
	if nt.integers && math.Ceil(min) <= math.Floor(max) {
		step, minors = integerStep(step, minors)
	}
	var ticks []gplot.Tick
	sub := step / float64(minors)
	// Work in integer multiples of sub so that values do not drift. Past
	// 2^52 consecutive multiples are no longer distinct float64 values
	// (k++ would not move k).
	first := math.Ceil(min/sub - 1e-9)
	if !(math.Abs(first) < 1<<52 && math.Abs(max/sub) < 1<<52) {
		return []gplot.Tick{
			{Value: min, Label: strconv.FormatFloat(min, 'g', -1, 64)},
			{Value: max, Label: strconv.FormatFloat(max, 'g', -1, 64)},
		}
	}
	// One notation for the whole axis: "8e5" next to "1e6", not "800000"
	// next to "1e+06".
	big := math.Max(math.Abs(min), math.Abs(max))
	sci := big >= 1e6 || big < 1e-4
	// The last tick may lie a rounding error past max; near the largest
	// float64 that slack overflows to +Inf, and k*sub, once it overflows
	// too, stayed below it for ever (an axis ending at MaxFloat64 hung
	// Save, appending ticks until memory ran out).
	end := max + 1e-9*sub
	if math.IsInf(end, 1) {
		end = max
	}
	for k := first; k*sub <= end; k++ {
		v := k * sub
		t := gplot.Tick{Value: v}
		if math.Mod(k, float64(minors)) == 0 {
			t.Label = formatTick(v, step, sci)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// log10 is math.Log10, right for subnormal x too: on amd64 math.Log (and
// so math.Log10) treats a subnormal as if it were about 2.2e-308
// (golang/go#56600), which put 1e-320 at 1e-308 on a LogY axis and made
// ticks of a range of subnormals 100 times too coarse. Subnormals are
// scaled by 2^64 into the normal range first.
func log10(x float64) float64 {
	if x > 0 && x < 0x1p-1022 {
		return math.Log10(x*0x1p64) - 64*math.Log10(2)
	}
	return math.Log10(x)
}

// niceStep returns the smallest step of the form {1, 2, 2.5, 5}·10^e at
// least raw, and the number of minor intervals to split it into.
func niceStep(raw float64) (step float64, minors int) {
	e := math.Floor(log10(raw))
	p := math.Pow(10, e)
	for _, m := range []struct {
		mult   float64
		minors int
	}{{1, 5}, {2, 4}, {2.5, 5}, {5, 5}, {10, 5}} {
		if m.mult*p >= raw*(1-1e-9) {
			return m.mult * p, m.minors
		}
	}
	return 10 * p, 5
}

// integerStep returns the step and minor intervals of niceStep made
// whole: a step below 1 becomes 1 (no minor ticks), 2.5 becomes 5, and 2
// is split in two, so that every tick falls on an integer.
func integerStep(step float64, minors int) (float64, int) {
	switch {
	case step <= 1:
		return 1, 1
	case step == 2:
		return 2, 2
	case step == 2.5:
		return 5, 5
	}
	return step, minors
}

// integerRange widens ax to the integers around its range if it spans
// fewer than two (one point, or values between two integers): an axis of
// counts (Frame.XIntegers) then has at least two integer ticks. Ranges
// that are not finite, or past 2^52 (where every float64 is an integer),
// are left alone.
func integerRange(ax *gplot.Axis) {
	if !(math.Abs(ax.Min) < 1<<52 && math.Abs(ax.Max) < 1<<52) || ax.Min > ax.Max {
		return
	}
	if math.Floor(ax.Max)-math.Ceil(ax.Min) >= 1 {
		return
	}
	ax.Min, ax.Max = math.Floor(ax.Min), math.Ceil(ax.Max)
	if ax.Min == ax.Max {
		ax.Max++
	}
}

// formatTick formats v with as many decimals as step needs, without
// trailing noise: 0.30000000000000004 with step 0.1 gives "0.3". With sci
// (an axis reaching 1e6, or staying below 1e-4) it writes "me±e" as the log
// axes do ("2.5e5", "1e6", "-5e7", "3e-5"), with the digits step needs.
func formatTick(v, step float64, sci bool) string {
	if v == 0 || math.Abs(v) < step*1e-9 {
		return "0"
	}
	if sci {
		// Significant digits: from v's leading digit down to step's last.
		ev, es := math.Floor(log10(math.Abs(v))), math.Floor(log10(step))
		digits := int(ev - es)
		if m := step / math.Pow(10, es); math.Abs(m-math.Round(m)) > 1e-9 {
			digits++ // 2.5·10^e
		}
		mant, exp, _ := strings.Cut(strconv.FormatFloat(v, 'e', max(0, digits), 64), "e")
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		e, _ := strconv.Atoi(exp)
		return mant + "e" + strconv.Itoa(e)
	}
	// The decimals of step: s = step·10^decimals is whole to 1e-9 of
	// itself. (Compared with 1e-9 of step, the rounding error that s
	// gathers on the way never was: a step of 2e-11 wrote
	// "1.000000000020000", and the cap of 15 decimals gave two ticks
	// 5e-16 apart the same label "0.001000000000001". Steps reach about
	// 1e-17 before a range is drawn flat, see padAxis.)
	decimals := 0
	for s := step; decimals < 20 && math.Abs(s-math.Round(s)) > 1e-9*s; s *= 10 {
		decimals++
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// log10Ticks marks an axis whose values are log10 of the data (Lines with
// LogY): labelled ticks at the powers of ten, written as the data values
// (decimals from 0.0001 to 10000; on an axis with a label outside them,
// every label but 1 as "1e-8", "1e4", …, one notation as niceTicks'), and
// unlabelled ones at their multiples 2…9. If only one power of ten lies
// in range it also labels the multiples 2 and 5, and if none, every
// multiple. Over more than eight decades only every second (or third, …)
// power is labelled, and the others get the unlabelled ticks — at most
// about 40 of them: over more decades only some of the powers between
// the labelled ones are marked. A range too
// narrow for two of those labels (a curve that stays between 2.3 and 2.7,
// or is constant) is marked instead like a linear axis over the data values
// (niceTicks), placed at their log10.
type log10Ticks struct{}

// Ticks implements gplot.Ticker; min and max are log10 values.
func (log10Ticks) Ticks(min, max float64) []gplot.Tick {
	lo, hi := int(math.Floor(min)), int(math.Ceil(max))
	decades := int(math.Floor(max+1e-9)) - int(math.Ceil(min-1e-9)) + 1
	every := 1 + (decades-1)/8
	labelled := func(m, e int) bool {
		switch {
		case decades >= 2:
			return m == 1 && e%every == 0
		case decades == 1:
			return m == 1 || m == 2 || m == 5
		default:
			return true
		}
	}
	// The unlabelled powers: every one, unless that makes more than 40
	// ticks (hundreds of decades drew a solid black bar along the axis);
	// then those at the multiples of the smallest divisor of every that
	// keeps them to 40, so that the labelled powers stay among them.
	minorEvery := 1
	for decades/minorEvery > 40 && minorEvery < every {
		minorEvery++
		for every%minorEvery != 0 {
			minorEvery++
		}
	}
	var ticks []gplot.Tick
	var me [][2]int // m and e of each labelled tick
	for e := lo; e <= hi; e++ {
		if e%minorEvery != 0 {
			continue
		}
		for m := 1; m <= 9; m++ {
			if m > 1 && every > 1 {
				break // too crowded for minor ticks
			}
			v := float64(m) * math.Pow10(e)
			lv := log10(v)
			if lv < min-1e-9 || lv > max+1e-9 {
				continue
			}
			t := gplot.Tick{Value: lv}
			if labelled(m, e) {
				t.Label = "-" // written below, in one notation
				me = append(me, [2]int{m, e})
			}
			ticks = append(ticks, t)
		}
	}
	// One notation for the whole axis, as niceTicks: "1e-8" beside "1e-4",
	// not beside "0.0001" (and "1e8" not beside "10000").
	sci := false
	for _, v := range me {
		sci = sci || v[1] < -4 || v[1] > 4
	}
	k := 0
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = powerLabel(me[k][0], me[k][1], sci)
			k++
		}
	}
	labels := 0
	for _, t := range ticks {
		if t.Label != "" {
			labels++
		}
	}
	if labels >= 2 {
		return ticks
	}
	lo10, hi10 := math.Pow(10, min), math.Pow(10, max)
	if !(hi10 > lo10) || math.IsInf(hi10, 0) {
		return ticks
	}
	var lin []gplot.Tick
	for _, t := range (niceTicks{}).Ticks(lo10, hi10) {
		if t.Value > 0 {
			lin = append(lin, gplot.Tick{Value: log10(t.Value), Label: t.Label})
		}
	}
	return lin
}

// powerLabel writes m·10^e as a decimal between 0.0001 and 10000, else, or
// with sci for any e but 0, as "me±e" ("1e-5", "2e6"). (Liberation Sans
// has no superscript minus, and gonum's TeX text handler no superscripts.)
func powerLabel(m, e int, sci bool) string {
	if e == 0 || !sci && e >= -4 && e <= 4 {
		return strconv.FormatFloat(float64(m)*math.Pow10(e), 'f', max(0, -e), 64)
	}
	return strconv.Itoa(m) + "e" + strconv.Itoa(e)
}

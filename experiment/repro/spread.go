package repro

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The tables' rule for a mean with its spread (pm, pmCI): the sample sd
// to two significant digits, and the mean (and its interval) to the same
// decimal place; an sd of exactly 0 is written "± 0", beside the mean to
// six significant digits. An sd below 10⁻⁶ keeps its two digits
// (6.4e-14) and the mean six decimals. results.json keeps every value at
// full precision.
const spreadRule = "Each mean ± sd is written with the sd to two significant digits and the mean (and its interval) to the same decimal place (an sd of exactly 0 as ± 0); results.json has the full values."

// maxSpreadDecimals is the most decimals a mean is written with beside
// its sd.
const maxSpreadDecimals = 6

// spreadDecimals returns the decimals (negative: the power of ten) of the
// second significant digit of sd rounded to two significant digits, at
// most maxSpreadDecimals. sd must be finite and positive.
func spreadDecimals(sd float64) int {
	e := int(math.Floor(math.Log10(sd)))
	// Rounding to two digits can carry into a third (99.6 → 100): the
	// decimals are those of the rounded value.
	r, _ := strconv.ParseFloat(strconv.FormatFloat(sd, 'e', 1, 64), 64)
	if re := int(math.Floor(math.Log10(r))); re > e {
		e = re
	}
	return min(1-e, maxSpreadDecimals)
}

// atDecimals writes x rounded to dec decimals (dec < 0: to a multiple of
// 10^−dec), a value that rounds to zero without a sign.
func atDecimals(x float64, dec int) string {
	var s string
	if dec >= 0 {
		s = strconv.FormatFloat(x, 'f', dec, 64)
	} else {
		p := math.Pow(10, float64(-dec))
		s = strconv.FormatFloat(math.Round(x/p)*p, 'f', 0, 64)
	}
	if strings.TrimLeft(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// sdText writes sd at two significant digits, at dec decimals (those of
// spreadDecimals), or in %.2g where it is smaller than they show.
func sdText(sd float64, dec int) string {
	if dec == maxSpreadDecimals && sd < 0.5*math.Pow(10, -maxSpreadDecimals+1) {
		return strconv.FormatFloat(sd, 'g', 2, 64)
	}
	return atDecimals(sd, dec)
}

// formatPM writes mean ± sd by the tables' rule (spreadRule), and the
// interval lo, hi beside it at the mean's decimals when ci.
func formatPM(mean, sd float64, ci bool, lo, hi float64) string {
	var s string
	switch {
	case math.IsNaN(mean) || math.IsInf(mean, 0) || math.IsNaN(sd) || math.IsInf(sd, 0) || sd < 0:
		s = fmt.Sprintf("%.4g ± %.2g", mean, sd)
		if ci {
			s += fmt.Sprintf(" [%.4g, %.4g]", lo, hi)
		}
		return s
	case sd == 0:
		s = strconv.FormatFloat(mean, 'g', 6, 64)
		if strings.TrimLeft(s, "-0.") == "" {
			s = "0"
		}
		s += " ± 0"
		if ci {
			s += " [" + strconv.FormatFloat(lo, 'g', 6, 64) + ", " + strconv.FormatFloat(hi, 'g', 6, 64) + "]"
		}
		return s
	}
	dec := spreadDecimals(sd)
	s = atDecimals(mean, dec) + " ± " + sdText(sd, dec)
	if ci {
		s += " [" + atDecimals(lo, dec) + ", " + atDecimals(hi, dec) + "]"
	}
	return s
}

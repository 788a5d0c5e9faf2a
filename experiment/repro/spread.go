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
// six significant digits. An sd that rounds below 10⁻⁵ keeps its two
// digits in e-notation (7.0e-06, 6.4e-14) beside the mean at six
// decimals, or, where the mean is below 10⁻⁵ too, all in the sd's power
// of ten, "(-1.0 ± 1.0)e-7 [-3.0e-7, 2.0e-7]". Where the sd's second
// digit is in the thousands or coarser (an sd that rounds to 10 000 or
// more; 9949 is written 9900), the mean, the sd and the interval are
// written with the sd's power of ten, "(-1.6 ± 4.3)e7 [-5.6e7, 2.3e7]"
// (plain, "-16000000 ± 43000000", the two digits cannot be told from
// the zeros), or a power lower, the mean with a decimal more than the
// sd, where only there the mean keeps two digits, "(-4.3 ± 11)e4" (not
// "(-0.4 ± 1.1)e5"), as is a mean beside an exact 0 that rounds to 10⁶ or more
// or is below 10⁻⁴. An interval end clipped to the returns a task can
// give is written as that bound. results.json keeps every value at full
// precision.
const spreadRule = "Each mean ± sd is written with the sd to two significant digits and the mean to the same decimal place (an sd of exactly 0 as ± 0; an sd that rounds to 10 000 or more in a shared power of ten: (-1.6 ± 4.3)e7 is -16 000 000 ± 43 000 000, and a power lower where only there the mean keeps two digits, one decimal more than the sd: (-4.3 ± 11)e4 is -43 000 ± 110 000); results.json has the full values."

// spreadRuleCI is spreadRule for tables whose means have an interval
// beside them.
const spreadRuleCI = "Each mean ± sd is written with the sd to two significant digits and the mean and its interval to the same decimal place (an sd of exactly 0 as ± 0; an sd that rounds to 10 000 or more in a shared power of ten: (-1.6 ± 4.3)e7 [-5.6e7, 2.3e7] is -16 000 000 ± 43 000 000 [-56 000 000, 23 000 000], and a power lower where only there the mean keeps two digits, one decimal more than the sd: (-4.3 ± 11)e4 [-14.6e4, 6.0e4] is -43 000 ± 110 000 [-146 000, 60 000]); results.json has the full values."

// maxSpreadDecimals is the most decimals a mean is written with beside
// its sd.
const maxSpreadDecimals = 6

// minPlainDecimals is the coarsest decimal place (−2: hundreds) of an
// sd's second digit written in plain decimals; coarser ones are written
// with the sd's power of ten.
const minPlainDecimals = -2

// ciBounds is the interval written beside a mean: an end clipped to the
// returns a task can give (ReturnBounds) is written exactly, not rounded
// past the bound.
type ciBounds struct {
	lo, hi               float64
	loClipped, hiClipped bool
}

// spreadDecimals returns the decimals (negative: the power of ten) of the
// second significant digit of sd rounded to two significant digits. sd
// must be finite and positive.
func spreadDecimals(sd float64) int {
	e := int(math.Floor(math.Log10(sd)))
	// Rounding to two digits can carry into a third (99.6 → 100): the
	// decimals are those of the rounded value.
	r, _ := strconv.ParseFloat(strconv.FormatFloat(sd, 'e', 1, 64), 64)
	if re := int(math.Floor(math.Log10(r))); re > e {
		e = re
	}
	return 1 - e
}

// unsigned drops the sign of a number written as zero ("-0.0" → "0.0").
func unsigned(s string) string {
	if strings.TrimLeft(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

// atDecimals writes x rounded to dec decimals (dec < 0: to a multiple of
// 10^−dec, for dec ≥ minPlainDecimals only), a value that rounds to zero
// without a sign.
func atDecimals(x float64, dec int) string {
	if dec >= 0 {
		return unsigned(strconv.FormatFloat(x, 'f', dec, 64))
	}
	p := math.Pow(10, float64(-dec))
	return unsigned(strconv.FormatFloat(math.Round(x/p)*p, 'f', 0, 64))
}

// mantissa writes x/10^exp at dec decimals, without a sign when it rounds
// to zero.
func mantissa(x float64, exp, dec int) string {
	return unsigned(strconv.FormatFloat(x/math.Pow(10, float64(exp)), 'f', dec, 64))
}

// exactText writes a clipped interval end, a bound of the task's returns,
// as it is.
func exactText(b float64) string {
	if math.Abs(b) < 1e21 {
		return strconv.FormatFloat(b, 'f', -1, 64)
	}
	return strings.Replace(strconv.FormatFloat(b, 'g', -1, 64), "e+", "e", 1)
}

// formatPM writes mean ± sd by the tables' rule (spreadRule), and the
// interval ci beside it (nil: none).
func formatPM(mean, sd float64, ci *ciBounds) string {
	// end writes an interval end: a clipped one as it is, else by text.
	end := func(b float64, clipped bool, text func(float64) string) string {
		if clipped {
			return exactText(b)
		}
		return text(b)
	}
	interval := func(text func(float64) string) string {
		if ci == nil {
			return ""
		}
		return " [" + end(ci.lo, ci.loClipped, text) + ", " + end(ci.hi, ci.hiClipped, text) + "]"
	}
	switch {
	case math.IsNaN(mean) || math.IsInf(mean, 0) || math.IsNaN(sd) || math.IsInf(sd, 0) || sd < 0:
		return fmt.Sprintf("%.4g ± %.2g", mean, sd) + interval(func(b float64) string { return fmt.Sprintf("%.4g", b) })
	case sd == 0:
		// The bounds apply to the mean as 'g' rounds it to six digits
		// (999999.7 is 1e+06 there).
		r, _ := strconv.ParseFloat(strconv.FormatFloat(mean, 'e', 5, 64), 64)
		if a := math.Abs(r); a == 0 || (a >= 1e-4 && a < 1e6) {
			g := func(x float64) string { return unsigned(strconv.FormatFloat(x, 'g', 6, 64)) }
			return g(mean) + " ± 0" + interval(g)
		}
		// Six significant digits in 'g' would switch to its e+06 form
		// beside the plain "± 0": one power of ten for both.
		exp := int(math.Floor(math.Log10(math.Abs(mean))))
		if r, _ := strconv.ParseFloat(strconv.FormatFloat(mean, 'e', 5, 64), 64); math.Abs(r) >= math.Pow(10, float64(exp+1)) {
			exp++ // 999999.7 → 1.00000e6
		}
		m := func(x float64) string {
			return strconv.FormatFloat(x/math.Pow(10, float64(exp)), 'g', 6, 64)
		}
		return fmt.Sprintf("(%s ± 0)e%d", m(mean), exp) + interval(func(b float64) string { return fmt.Sprintf("%se%d", m(b), exp) })
	}
	dec := spreadDecimals(sd)
	switch {
	case dec > maxSpreadDecimals && math.Abs(mean) < 1e-5:
		// The sd and the mean both below 10⁻⁵: at six decimals the mean
		// and its interval would round to zero beside a non-zero sd, so
		// all are written with the sd's power of ten, as below.
		return sharedPower(mean, sd, dec, interval)
	case dec > maxSpreadDecimals:
		// The sd rounds below 10⁻⁵: its two digits in e-notation, the
		// mean at six decimals.
		at := func(x float64) string { return atDecimals(x, maxSpreadDecimals) }
		return at(mean) + " ± " + strconv.FormatFloat(sd, 'e', 1, 64) + interval(at)
	case dec < minPlainDecimals:
		return sharedPower(mean, sd, dec, interval)
	}
	at := func(x float64) string { return atDecimals(x, dec) }
	return at(mean) + " ± " + at(sd) + interval(at)
}

// sharedPower writes mean ± sd, and the interval interval writes, with
// the sd's power of ten, the sd (its second digit at dec decimals) and
// the mean at one decimal of the mantissa: "(-1.6 ± 4.3)e7". A mean that
// keeps one digit there but two at the power below ("(-0.4 ± 1.1)e5" for
// −43 200) is written at that power, the sd's two digits without a
// decimal: "(-4.3 ± 11)e4", its interval at the mean's decimal.
func sharedPower(mean, sd float64, dec int, interval func(func(float64) string) string) string {
	exp, sdDec := 1-dec, 1
	digits := func(x float64, e int) float64 {
		v, _ := strconv.ParseFloat(mantissa(x, e, 1), 64)
		return math.Abs(v)
	}
	if digits(mean, exp) < 1 && digits(mean, exp-1) >= 1 {
		exp, sdDec = exp-1, 0
	}
	at := func(x float64) string { return fmt.Sprintf("%se%d", mantissa(x, exp, 1), exp) }
	return fmt.Sprintf("(%s ± %s)e%d", mantissa(mean, exp, 1), mantissa(sd, exp, sdDec), exp) + interval(at)
}

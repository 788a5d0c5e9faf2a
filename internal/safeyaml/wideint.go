package safeyaml

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// A whole number written in hexadecimal (0x), octal (0o) or binary (0b)
// that does not fit in 64 bits is text to the YAML reader, where the same
// number written in decimal is a number: in a field of a number type (and
// below a safeyaml:"numeric" field, whose map keeps it as the word) it is
// refused by wideIntegerError, with the spellings the reader takes as
// the float nearest its value. It is refused rather than read: reading
// it would mean changing what the decoder decodes (the text the user
// wrote, which a text field holding an alias of the same anchor must
// keep as written), for a form no configuration needs.

// wideBase returns the name of the base of s ("hexadecimal", "octal",
// "binary") when s (spaces around it aside) is an integer written with
// the prefix 0x, 0o or 0b (a sign and underscores allowed, as the YAML
// reader allows them) whose value is beyond 64 bits; "" otherwise.
func wideBase(s string) string {
	s = strings.TrimSpace(s)
	digits := strings.TrimLeft(s, "+-")
	if len(s)-len(digits) > 1 || len(digits) < 3 || digits[0] != '0' {
		return ""
	}
	base := ""
	switch digits[1] {
	case 'x', 'X':
		base = "hexadecimal"
	case 'o', 'O':
		base = "octal"
	case 'b', 'B':
		base = "binary"
	default:
		return ""
	}
	if !beyond64(s) {
		return ""
	}
	return base
}

// wideIntegerError returns the error for the plain scalar s when it is
// an integer in hexadecimal, octal or binary beyond 64 bits (wideBase)
// where a number is expected: "is a hexadecimal integer beyond 64 bits,
// …; write it in decimal (18446744073709551616) or with p0 as a
// hexadecimal float (0x10000000000000000p0)", the decimal digits given
// when there are at most 40 of them; beyond the range of a float64 it
// is "not a finite number", as the same number in decimal is. nil when s
// is not such an integer.
func wideIntegerError(s string) error {
	base := wideBase(s)
	if base == "" {
		return nil
	}
	s = strings.TrimSpace(s)
	n, ok := new(big.Int).SetString(s, 0) // linear in s for these bases
	if !ok {
		return nil // not a number after all: the type's checks name it
	}
	if f, _ := new(big.Float).SetInt(n).Float64(); math.IsInf(f, 0) {
		return errors.New("is not a finite number (beyond the range of a float64, about ±1.8e308)")
	}
	decimal := "in decimal"
	if n.BitLen() <= 128 { // at most 39 digits
		decimal += " (" + n.String() + ")"
	}
	article := "a"
	if base == "octal" {
		article = "an"
	}
	msg := fmt.Sprintf("is %s %s integer beyond 64 bits, which the YAML reader does not take as a number; write it %s", article, base, decimal)
	if base == "hexadecimal" {
		msg += fmt.Sprintf(" or with p0 as a hexadecimal float (%sp0)", short(s))
	}
	return errors.New(msg)
}

package safeyaml

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// A whole number written in hexadecimal (0x), octal (0o) or binary (0b)
// that does not fit in 64 bits is text to the YAML reader, where the same
// number written in decimal is a number: in a field of a number type (and
// below a safeyaml:"numeric" field, whose map keeps it as the word) it is
// refused by wideIntegerError (wideInt says which), with the spellings the reader takes as
// the float nearest its value. It is refused rather than read: reading
// it would mean changing what the decoder decodes (the text the user
// wrote, which a text field holding an alias of the same anchor must
// keep as written), for a form no configuration needs.

// wideInt reports that s (spaces around it aside) is an integer that the
// YAML reader reads as a number in hexadecimal, octal or binary when it
// fits in 64 bits, by the reader's own rule, and is beyond 64 bits. The
// rule: s does not begin with '_' and holds at most one '.'; a leading
// '+' and then a leading '-' are dropped and every '_' deleted
// (0_x1_0_ is 0x10, 16), after which the prefix is 0x, 0o or 0b, in
// lowercase only (0X10 is text to the reader, as to YAML 1.2), and the
// sign is '-' when s began with one. It returns the base's name
// ("hexadecimal", "octal", "binary"), the value and the number in the
// reader's normal form (sign, prefix, digits): base is "" when s is not
// such an integer.
func wideInt(s string) (base string, n *big.Int, normal string) {
	s = strings.TrimSpace(s)
	if s == "" || s[0] == '_' || strings.Count(s, ".") > 1 {
		return "", nil, ""
	}
	neg := strings.HasPrefix(s, "-")
	norm := strings.ReplaceAll(strings.TrimPrefix(strings.TrimPrefix(s, "+"), "-"), "_", "")
	radix := 0
	switch {
	case strings.HasPrefix(norm, "0x"):
		base, radix = "hexadecimal", 16
	case strings.HasPrefix(norm, "0o"):
		base, radix = "octal", 8
	case strings.HasPrefix(norm, "0b"):
		base, radix = "binary", 2
	default:
		return "", nil, ""
	}
	digits := norm[2:]
	text := digits
	if neg {
		text = "-" + digits
	}
	var err error
	if neg {
		_, err = strconv.ParseInt(text, radix, 64)
	} else {
		_, err = strconv.ParseUint(text, radix, 64)
	}
	if !errors.Is(err, strconv.ErrRange) {
		return "", nil, ""
	}
	// The reader stops at the first digit past 64 bits: the rest must be
	// digits of the base for a value (the type's checks name the rest).
	n, ok := new(big.Int).SetString(text, radix) // linear in s for these bases
	if !ok {
		return "", nil, ""
	}
	normal = norm[:2] + digits
	if neg {
		normal = "-" + normal
	}
	return base, n, normal
}

// wideIntegerError returns the error for the plain scalar s when it is
// an integer in hexadecimal, octal or binary beyond 64 bits (wideInt)
// where a number is expected: "is a hexadecimal integer beyond 64 bits,
// …; write it in decimal (18446744073709551616) or with p0 as a
// hexadecimal float (0x10000000000000000p0)", the decimal digits given
// when there are at most 40 of them; beyond the range of a float64 it
// is "not a finite number", as the same number in decimal is. nil when s
// is not such an integer.
func wideIntegerError(s string) error {
	base, n, normal := wideInt(s)
	if base == "" {
		return nil
	}
	s = strings.TrimSpace(s)
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
		// As written when a float reader takes it with p0 (underscores
		// between digits only), in the reader's normal form otherwise.
		p0 := s
		if _, err := strconv.ParseFloat(s+"p0", 64); err != nil && !errors.Is(err, strconv.ErrRange) {
			p0 = normal
		}
		msg += fmt.Sprintf(" or with p0 as a hexadecimal float (%sp0)", short(p0))
	}
	return errors.New(msg)
}

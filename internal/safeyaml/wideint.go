package safeyaml

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
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
// fits in 64 bits, and is beyond 64 bits. The spelling (integerSpelling)
// is YAML 1.2's, 0x, 0o or 0b in lowercase and then digits of the base
// (0X10 is text to the reader, as to YAML 1.2), with what the reader adds:
// an optional sign before it (a '+' that a '-' may follow; the number is
// negative when s begins with '-') and underscores anywhere but first,
// which it deletes (0_x1_0_ is 0x10, 16). It returns the base's name
// ("hexadecimal", "octal", "binary"), the value and the number in the
// reader's normal form (sign, prefix, digits): base is "" when s is not
// such an integer.
func wideInt(s string) (base string, n *big.Int, normal string) {
	neg, prefix, digits, ok := integerSpelling(strings.TrimSpace(s))
	if !ok {
		return "", nil, ""
	}
	b := integerBases[prefix]
	n, ok = new(big.Int).SetString(digits, b.radix) // linear in s for these bases
	if !ok {
		return "", nil, ""
	}
	// Beyond 64 bits: past 2⁶⁴−1, or past 2⁶³ for a negative number.
	limit := new(big.Int).SetUint64(math.MaxUint64)
	if neg {
		limit.SetUint64(1 << 63)
	}
	if n.Cmp(limit) <= 0 {
		return "", nil, ""
	}
	normal = prefix + digits
	if neg {
		n.Neg(n)
		normal = "-" + normal
	}
	return b.name, n, normal
}

// integerBases are the prefixes of YAML 1.2's integers in other bases.
var integerBases = map[string]struct {
	name  string
	radix int
}{
	"0x": {"hexadecimal", 16},
	"0o": {"octal", 8},
	"0b": {"binary", 2},
}

// integerSpelling splits s, an integer in another base as the reader
// spells it (wideInt), into its sign, prefix and digits, the underscores
// deleted; ok is false when s is not so spelled or a digit is not one of
// its base.
func integerSpelling(s string) (neg bool, prefix, digits string, ok bool) {
	// The sign is the text's first character, or its second after a
	// '+' ("+-0x1" is 1); an underscore may not come first, and ends
	// the sign otherwise ("+_-0x1" is not such an integer, "-_0x1" is).
	body := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '_' && i == 0:
			return false, "", "", false
		case c == '_':
		case c == '+' && i == 0:
		case c == '-' && (i == 0 || i == 1 && s[0] == '+'):
			neg = i == 0
		default:
			body = append(body, c)
		}
	}
	if len(body) < 3 {
		return false, "", "", false
	}
	prefix, digits = string(body[:2]), string(body[2:])
	b, known := integerBases[prefix]
	if !known {
		return false, "", "", false
	}
	for _, c := range digits {
		if d := strings.IndexRune("0123456789abcdef", unicode.ToLower(c)); d < 0 || d >= b.radix {
			return false, "", "", false
		}
	}
	return neg, prefix, digits, true
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

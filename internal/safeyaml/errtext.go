package safeyaml

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"
)

// An error of the parser or the decoder is shown with the lines of the
// input around its position, as yaml.FormatError shows it. That function
// is not used: its printer joins the tokens of a line into the line's
// text one string concatenation at a time, so that it takes time
// quadratic in the length of the line. An unknown key, a duplicate key
// or a syntax error on a long line of flow style (a list of 450 KB
// written on one line, as a generated config is) took 75 s to report,
// almost all of it in printer.(*Printer).PrintTokens; errorText takes
// time linear in the input.

// Bounds of the excerpt of the input that an error message quotes.
const (
	// excerptAround is the number of lines quoted before the error's
	// line and after its last line (the decoder's printer quotes 3).
	excerptAround = 3
	// excerptLines bounds the number of lines quoted (an error at a
	// token that spans many lines: a block of text).
	excerptLines = 2*excerptAround + 12
	// excerptWidth is the most characters of a line quoted; a longer
	// line is cut, and, when the error's column is beyond excerptLead,
	// all the quoted lines begin excerptLead characters before it, so
	// that the caret below the error's line stays in view.
	excerptWidth = 120
	excerptLead  = 60
)

// errorText formats err, an error of the YAML parser or decoder, as
// yaml.FormatError(err, false, true) does: "[line:column] message", then
// the lines of the input around the position, numbered, the error's line
// marked ">" and its column "^" (at most excerptLines lines of at most
// excerptWidth characters; shorten then bounds the message). Any other
// error is its text, shortened. src is the input the error's position
// refers to (nil: the input is rebuilt from the tokens the error points
// into). It takes time linear in src, where yaml.FormatError takes time
// quadratic in the length of the error's line.
func errorText(err error, src []byte) string {
	var ye yaml.Error
	if !errors.As(err, &ye) {
		return shorten(err.Error())
	}
	msg := ye.GetMessage()
	tk := ye.GetToken()
	if tk == nil || tk.Position == nil || tk.Position.Line < 1 {
		return shorten(msg)
	}
	if src == nil {
		src = tokenSource(tk)
	}
	pos := tk.Position
	// The last line of the error's token (a quoted text or a block of
	// text may span lines), after which the caret is shown.
	last := pos.Line + lineBreaks(strings.TrimRight(strings.TrimLeft(tk.Origin, "\r\n"), " \t\r\n"))
	head := fmt.Sprintf("[%d:%d] %s", pos.Line, pos.Column, msg)
	return shorten(head + "\n" + excerpt(src, pos.Line, last, pos.Column))
}

// excerpt returns the lines of src from excerptAround before line to
// excerptAround after last (lines counted from 1, broken at \n, \r\n or
// \r as the parser breaks them), each numbered ("  3 | ", line marked
// "> 3 | "), with a caret under column col (in characters, from 1) of
// line after the line last. One pass over src, stopped after the last
// line quoted.
func excerpt(src []byte, line, last, col int) string {
	first := max(line-excerptAround, 1)
	end := min(max(last, line)+excerptAround, first+excerptLines-1)
	last = min(max(last, line), end)
	// Characters cut from the start of every quoted line, so that the
	// error's column shows.
	skip := 0
	if col-1 > excerptLead {
		skip = col - 1 - excerptLead
	}
	var b strings.Builder
	shown := false // the caret
	caret := func() {
		shown = true
		prefix := len(fmt.Sprintf("  %2d | ", line))
		lead := col - 1 - skip
		if skip > 0 {
			lead++ // the "…" of the cut
		}
		b.WriteString(strings.Repeat(" ", prefix+max(lead, 0)) + "^\n")
	}
	n := 1 // the line at src[i:]
	for i := 0; n <= end && (i < len(src) || n == 1); {
		j := i // end of the line's text
		for j < len(src) && src[j] != '\n' && src[j] != '\r' {
			j++
		}
		if n >= first {
			mark := ' '
			if n == line {
				mark = '>'
			}
			fmt.Fprintf(&b, "%c %2d | %s\n", mark, n, clip(src[i:j], skip))
			if n == last {
				caret()
			}
		}
		if j == len(src) {
			break
		}
		if src[j] == '\r' && j+1 < len(src) && src[j+1] == '\n' {
			j++
		}
		i = j + 1
		n++
	}
	if !shown { // the error is past the input's last line
		caret()
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// clip returns the characters of the line s from the skip-th on (with
// "…" before them when any were cut), at most excerptWidth of them (with
// "…" after them when the line goes on).
func clip(s []byte, skip int) string {
	var b strings.Builder
	i := 0
	for k := 0; k < skip && i < len(s); k++ {
		_, w := utf8.DecodeRune(s[i:])
		i += w
	}
	if i > 0 {
		b.WriteString("…")
	}
	for k := 0; i < len(s); k++ {
		if k == excerptWidth {
			b.WriteString("…")
			break
		}
		_, w := utf8.DecodeRune(s[i:])
		b.Write(s[i : i+w])
		i += w
	}
	return b.String()
}

// lineBreaks counts the line breaks in s (\r\n as one).
func lineBreaks(s string) int {
	return strings.Count(s, "\n") + strings.Count(s, "\r") - strings.Count(s, "\r\n")
}

// tokenSource rebuilds the input from the tokens linked to tk (each
// token holds the text it was read from; blank lines lose their spaces,
// which keeps the lines where they were).
func tokenSource(tk *token.Token) []byte {
	for tk.Prev != nil {
		tk = tk.Prev
	}
	var b []byte
	for ; tk != nil; tk = tk.Next {
		b = append(b, tk.Origin...)
	}
	return b
}

// panicText is the text of a value recovered from a panic of the parser
// or the decoder (errorText's for an error, which might be the
// decoder's).
func panicText(r any, src []byte) string {
	if err, ok := r.(error); ok {
		return errorText(err, src)
	}
	return shorten(fmt.Sprint(r))
}

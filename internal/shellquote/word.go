package shellquote

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stackel/stackel/internal/textcut"
)

// plain are the characters of a word that a shell reads as they are.
const plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,+=@%"

// Word returns s as one POSIX shell word: itself when it holds only
// letters, digits and -_./:,+=@% (and is not empty), otherwise
// single-quoted (each quote in it closed, escaped and reopened), so that
// a suggested command can be pasted. A word holding a character a terminal would not show as
// written (textcut.Line changes it: ESC, a newline, U+202E, a byte that
// is not UTF-8) or a tab goes in bash's $'…' quotes with those
// characters escaped (\x1b, \n, \t, \xff; one outside ASCII as its UTF-8
// bytes, U+202E as \xe2\x80\xae), which bash reads back as they were, a
// quote, a double quote and a backslash escaped too: between '…' they
// would reach the terminal raw, and a terminal-safe form between '…'
// ('a\nb') is another path to the shell. (Not \u202e: bash reads \u as
// the character only in a UTF-8 locale.)
func Word(s string) string {
	if s != "" && strings.Trim(s, plain) == "" {
		return s
	}
	if textcut.Line(s) != s || strings.ContainsRune(s, '\t') {
		return ansiC(s)
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ansiC returns s in bash's $'…' quotes: printable characters as they
// are (but for ', " and \, escaped), a newline, tab or carriage return
// as \n, \t, \r, and every other byte, of a control character, of a
// character outside ASCII that a terminal would not show (U+202E) or of
// invalid UTF-8, as \xHH, which bash reads as that byte in every locale.
func ansiC(s string) string {
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\'' || r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case (r != utf8.RuneError || n > 1) && strconv.IsPrint(r):
			b.WriteString(s[i : i+n])
		default:
			for k := i; k < i+n; k++ {
				fmt.Fprintf(&b, `\x%02x`, s[k])
			}
		}
		i += n
	}
	b.WriteString("'")
	return b.String()
}

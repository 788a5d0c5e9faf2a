package safeyaml

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// maxQuotedTabScan bounds the characters the parser's lexer reads again
// at tabs inside double-quoted text (doubleQuoted): at each such tab it
// reads the rest of the tab's line, so that a line of n tabs and n other
// characters costs about n² steps (28 s for 160 KB of ["<TAB>",…] on one
// line). 2²⁴ steps take the lexer about 25 ms, and each input is lexed a
// few times; no configuration comes near it.
const maxQuotedTabScan = 1 << 24

// doubleQuoted checks the double-quoted text of data for what the parser
// misreads there, and bounds the time it takes to read it, before the
// parser's lexer sees data itself. The lexer runs on a copy of data with
// every tab made a space (linear: no tab is rescanned), only to find
// where each double-quoted text begins; each is then read from the bytes
// of data as the parser's lexer reads it (quoteScan), which sees the
// hexadecimal digits of \x, \u and \U escapes that the token's text
// leaves out. It returns an error
//
//   - when the tabs inside double-quoted text would make the lexer read
//     more than maxQuotedTabScan characters again, naming the line that
//     costs most;
//   - for the first tab that the lexer misreads in a way that changes
//     what is read: at a tab that more text follows on its line, not
//     just before the closing quote, the lexer drops one character after
//     the closing quote; dropping only blanks before a comment or the
//     line's end, the \r of a \r\n, or a line break that joins a blank
//     or comment line to the quote's (harmlessDrop) changes nothing, and
//     the value is read right, so that is accepted;
//   - for double-quoted text that goes on past a \r\n line break, which
//     the lexer reads as two line breaks (YAML folds "a<CRLF>  b" to
//     "a b" and "a<CRLF><CRLF>  b" to "a\nb"; it read "a\nb" and
//     "a\n\n\nb"); so is single-quoted text, which the lexer reads the
//     same way there.
func doubleQuoted(data []byte) (err error) {
	hasTab := bytes.IndexByte(data, '\t') >= 0
	if bytes.IndexAny(data, `"'`) < 0 || !hasTab && !bytes.Contains(data, []byte("\r\n")) {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = nil // the parser reports the input
		}
	}()
	scan := data
	if hasTab {
		scan = bytes.ReplaceAll(data, []byte("\t"), []byte(" "))
	}
	tokens := lexer.Tokenize(string(scan))
	src := []rune(string(data))
	starts := lineStarts(src)
	ls := &lines{src: src, starts: starts}
	var (
		total            int // characters read again in all
		line, lineCost   int // the line being counted, and its cost
		lineTabs         int
		worst, worstTabs int // the line costing most, and its tabs
		worstCost        int
		found            = -1 // index among the double-quoted texts of the first misread one
		foundLine        int
		foundCRLF        bool
		foundSingle      bool
		k                = -1
	)
	for _, tk := range tokens {
		if tk == nil || tk.Position == nil || tk.Type != token.DoubleQuoteType && tk.Type != token.SingleQuoteType {
			continue
		}
		k++
		q := quoteStart(src, starts, tk.Position, tk.Type == token.SingleQuoteType)
		if q < 0 {
			continue
		}
		if tk.Type == token.SingleQuoteType {
			if l := singleCRLF(src, starts, q); l > 0 && found < 0 {
				found, foundLine, foundCRLF, foundSingle = k, l, true, true
			}
			continue
		}
		r := quoteScan(ls, q)
		for _, c := range r.cost {
			if c.line != line {
				line, lineCost, lineTabs = c.line, 0, 0
			}
			lineCost += c.chars
			lineTabs++
			total += c.chars
			if lineCost > worstCost {
				worst, worstCost, worstTabs = line, lineCost, lineTabs
			}
		}
		if found >= 0 || r.end < 0 {
			continue
		}
		tab := r.tabLine > 0 && !harmlessDrop(src, r.end+1, r.dropped)
		switch {
		case r.crlfLine > 0 && (!tab || r.crlfLine <= r.tabLine):
			found, foundLine, foundCRLF = k, r.crlfLine, true
		case tab:
			found, foundLine = k, r.tabLine
		}
	}
	if total > maxQuotedTabScan {
		n := 0 // the line's characters, its line break aside
		for i := starts[worst-1]; i < len(src) && src[i] != '\r' && src[i] != '\n'; i++ {
			n++
		}
		return fmt.Errorf("line %d: %d tabs inside double-quoted text on a line of %d characters, which the YAML reader here reads again from each tab to the line's end (in this input more than %d characters in all, time growing as the square of the line); write the tabs as \\t, or break the line", worst, worstTabs, n, maxQuotedTabScan)
	}
	if found < 0 {
		return nil
	}
	// The value as the parser has it, for the message: the input's own
	// tokens, which the bound above keeps linear; the double-quoted
	// texts before the misread one are the same.
	text := ""
	k = -1
	for _, tk := range lexer.Tokenize(string(data)) {
		if tk != nil && (tk.Type == token.DoubleQuoteType || tk.Type == token.SingleQuoteType) {
			if k++; k == found {
				text = ValueText(tk.Value)
				break
			}
		}
	}
	if foundCRLF {
		kind := "double"
		if foundSingle {
			kind = "single"
		}
		return fmt.Errorf("line %d: the %s-quoted text %s goes on past a line break written \\r\\n (a Windows line end), which the YAML reader here misreads (it reads each such line break as two, where YAML joins the lines with a space); write the text on one line, with \\n where a new line is meant, or save the file with \\n line ends", foundLine, kind, text)
	}
	return fmt.Errorf("line %d: a tab in the double-quoted text %s, which YAML allows but the YAML reader here misreads (it drops the character after the closing quote); write the tab as \\t", foundLine, text)
}

// lineStarts returns the index in src of the first character of each
// line, lines ending at \n, \r\n or \r as the parser's do.
func lineStarts(src []rune) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		case '\n':
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lines holds the input's characters and the start of each line
// (lineStarts), and the end of the last line asked for (lineEnd).
type lines struct {
	src             []rune
	starts          []int
	line, end, last int
}

// lineEnd returns the index of the line break ending line l (from 1)
// (len(src) on the last line) and that of the line's last character
// that is not a space or a tab (-1 if none). It keeps them for the next
// call: the lexer reads the line again at each tab, this scan once.
func (ls *lines) lineEnd(l int) (end, last int) {
	if ls.line != l {
		src, starts := ls.src, ls.starts
		end = len(src)
		if l < len(starts) {
			end = starts[l] - 1
			if src[end] == '\n' && end > starts[l-1] && src[end-1] == '\r' {
				end--
			}
		}
		last = -1
		for i := end - 1; i >= starts[l-1]; i-- {
			if src[i] != ' ' && src[i] != '\t' {
				last = i
				break
			}
		}
		ls.line, ls.end, ls.last = l, end, last
	}
	return ls.end, ls.last
}

// quoteStart returns the index in src of the opening quote (' when
// single, else ") of the quoted text that the lexer placed at pos (by
// its line and column, then by its offset), or -1.
func quoteStart(src []rune, starts []int, pos *token.Position, single bool) int {
	quote := '"'
	if single {
		quote = '\''
	}
	if pos.Line >= 1 && pos.Line <= len(starts) {
		if i := starts[pos.Line-1] + pos.Column - 1; i >= 0 && i < len(src) && src[i] == quote {
			return i
		}
	}
	if i := pos.Offset - 1; i >= 0 && i < len(src) && src[i] == quote {
		return i
	}
	return -1
}

// singleCRLF returns the line (from 1) of the first \r\n inside the
// single-quoted text whose opening quote is src[q], which the lexer
// reads as two line breaks as in double quotes; 0 if there is none.
func singleCRLF(src []rune, starts []int, q int) int {
	for i := q + 1; i < len(src); i++ {
		switch src[i] {
		case '\'':
			if i+1 < len(src) && src[i+1] == '\'' {
				i++ // an escaped quote
				continue
			}
			return 0
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				return sort.Search(len(starts), func(l int) bool { return starts[l] > i })
			}
		}
	}
	return 0
}

// tabCost is the number of characters the lexer reads again at the
// tabs of one line of double-quoted text.
type tabCost struct {
	line, chars int
}

// quotedScan is what quoteScan finds in one double-quoted text.
type quotedScan struct {
	end      int       // index of the closing quote; -1 if the lexer fails
	dropped  int       // characters the lexer drops after the closing quote
	tabLine  int       // line of the first tab that drops one; 0 if none
	crlfLine int       // line of the first \r\n inside the text; 0 if none
	cost     []tabCost // per line, in order
}

// quoteScan reads the double-quoted text whose opening quote is src[q]
// (of ls) as the parser's lexer (scanDoubleQuote of github.com/goccy/go-yaml
// v1.19.2) does, in time linear in the text: escapes are skipped with
// their digits, blanks beginning a continued line are indentation, and a
// tab that is not escaped and not such indentation makes the lexer read
// the rest of its line: when only spaces and tabs are left there it
// skips them; otherwise, unless the tab is just before the closing quote,
// it drops a character after the closing quote. Lines are numbered from 1.
func quoteScan(ls *lines, q int) quotedScan {
	src, starts := ls.src, ls.starts
	r := quotedScan{end: -1}
	line := sort.Search(len(starts), func(l int) bool { return starts[l] > q }) // q's, from 1
	n := len(src)
	addCost := func(c int) {
		if m := len(r.cost); m > 0 && r.cost[m-1].line == line {
			r.cost[m-1].chars += c
			return
		}
		r.cost = append(r.cost, tabCost{line, c})
	}
	newline := func(i int) int { // i at a line break; returns its last index
		if src[i] == '\r' && i+1 < n && src[i+1] == '\n' {
			return i + 1
		}
		return i
	}
	first := false // on a continued line, before its first character
	for i := q + 1; i < n; i++ {
		switch c := src[i]; {
		case c == '\r' || c == '\n':
			if c == '\r' && i+1 < n && src[i+1] == '\n' && r.crlfLine == 0 {
				r.crlfLine = line
			}
			i = newline(i)
			line++
			first = true
		case first && (c == ' ' || c == '\t'):
		case c == '\\':
			first = false
			if i+1 >= n {
				continue
			}
			switch src[i+1] {
			case '0', 'a', 'b', 't', 'n', 'v', 'f', 'r', 'e', ' ', '"', '/', '\\', 'N', '_', 'L', 'P', '\t':
				i++
			case 'x':
				if i+3 >= n {
					i++
				} else {
					i += 3
				}
			case 'u':
				if i+5 >= n {
					return r // the lexer fails
				}
				if h := hexValue(src[i+2 : i+6]); h >= 0xD800 && h <= 0xDBFF {
					if i+11 >= n || src[i+6] != '\\' || src[i+7] != 'u' {
						return r
					}
					if l := hexValue(src[i+8 : i+12]); l < 0xDC00 || l > 0xDFFF {
						return r
					}
					i += 6
				}
				i += 5
			case 'U':
				if i+9 >= n {
					return r
				}
				i += 9
			case '\n':
				i++
				line++
				first = true
			case '\r':
				i++
				if i+1 < n && src[i+1] == '\n' {
					i++
				}
				line++
				first = true
			default:
				return r // an unknown escape: the lexer fails
			}
		case c == '\t':
			e, last := ls.lineEnd(line)
			addCost(e - i)
			if last <= i { // only blanks after the tab
				i = e - 1 // the lexer skips them
				continue
			}
			if src[i+1] != '"' {
				r.dropped++
				if r.tabLine == 0 {
					r.tabLine = line
				}
			}
		case c == '"':
			r.end = i
			return r
		default:
			first = false
		}
	}
	return r
}

// harmlessDrop reports that dropping the n characters from src[i] on
// (just after a closing quote) changes nothing the parser reads: they
// are spaces, tabs and line breaks, and after them, past any spaces and
// tabs, come the input's end, a line break or a comment. Spaces before
// the line's end or a comment, the \r of a \r\n, and line breaks that
// join only blank or comment lines to the quote's line are so.
func harmlessDrop(src []rune, i, n int) bool {
	end := min(i+n, len(src))
	for j := i; j < end; j++ {
		switch src[j] {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	for ; end < len(src) && (src[end] == ' ' || src[end] == '\t'); end++ {
	}
	return end >= len(src) || src[end] == '\r' || src[end] == '\n' || src[end] == '#'
}

// hexValue returns the value of the hexadecimal digits h as the lexer
// computes it for a surrogate pair (hexRunesToInt: a character that is
// not a digit counts as its code minus that of '0').
func hexValue(h []rune) int {
	v := 0
	for i, c := range h {
		d := int(c) - '0'
		switch {
		case c >= 'A' && c <= 'F':
			d = int(c) - 'A' + 10
		case c >= 'a' && c <= 'f':
			d = int(c) - 'a' + 10
		}
		v += d << (uint(len(h)-i-1) * 4)
	}
	return v
}

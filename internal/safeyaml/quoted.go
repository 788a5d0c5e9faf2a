package safeyaml

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"

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
//     the closing quote; dropping only blanks before a comment, the
//     line's end, the end of a flow entry or a ':', the \r of a \r\n, or
//     a line break after which nothing but blank or comment lines and the
//     ends of flow collections come (harmlessDrop) changes nothing, and
//     the value is read right, so that is accepted; when the characters
//     dropped are blanks and line breaks otherwise, the lexer would join
//     lines (later lines' numbers one too low, or the next line read as
//     part of this one), and the text's tabs that drop a character are
//     written \t in the input returned instead (the same value, and no
//     character dropped);
//   - for the first \x, \u or \U escape that YAML refuses (digits that
//     are not hexadecimal, half of a surrogate pair, beyond U+10FFFF),
//     which the lexer reads as some other character;
//   - for a tab among the blanks that end a line of single-quoted text
//     going on to the next line, which the lexer keeps and YAML drops
//     (singleScan);
//   - for double-quoted text that goes on past a \r\n line break, which
//     the lexer reads as two line breaks (YAML folds "a<CRLF>  b" to
//     "a b" and "a<CRLF><CRLF>  b" to "a\nb"; it read "a\nb" and
//     "a\n\n\nb"); so is single-quoted text, which the lexer reads the
//     same way there.
//
// Each error is for the first such quoted text in the input. A quoted
// text that the copy finds and the input's own tokens do not (a tab
// after an anchor name, &b<TAB>"x", makes it part of the name) is left
// to misreadTabs, which names that tab.
//
// The input returned is data, or a copy of it with the tabs that drop a
// line break written \t (escapeTabs); the reader is to read that one,
// whose lines are those of data.
func doubleQuoted(data []byte) (read []byte, err error) {
	hasTab := bytes.IndexByte(data, '\t') >= 0
	if bytes.IndexAny(data, `"'`) < 0 || !hasTab && !bytes.Contains(data, []byte("\r\n")) && bytes.IndexByte(data, '\\') < 0 {
		return data, nil
	}
	defer func() {
		if r := recover(); r != nil {
			read, err = data, nil // the parser reports the input
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
		found            = -1 // index in src of the opening quote of the first misread text
		foundLine        int
		foundCRLF        bool
		foundSingle      bool
		foundSingleTab   bool
		badEscape        escapeFault
		escape           = map[int][]int{} // by opening quote, the tabs to write \t
	)
	for _, tk := range tokens {
		if tk == nil || tk.Position == nil || tk.Type != token.DoubleQuoteType && tk.Type != token.SingleQuoteType {
			continue
		}
		q := quoteStart(src, starts, tk.Position, tk.Type == token.SingleQuoteType)
		if q < 0 {
			continue
		}
		if tk.Type == token.SingleQuoteType {
			crlf, tab := singleScan(src, starts, q)
			switch {
			case found >= 0:
			case crlf > 0 && (tab == 0 || crlf <= tab):
				found, foundLine, foundCRLF, foundSingle = q, crlf, true, true
			case tab > 0:
				found, foundLine, foundSingleTab = q, tab, true
			}
			continue
		}
		r := quoteScan(ls, q)
		for _, c := range r.cost {
			if c.line != line {
				line, lineCost, lineTabs = c.line, 0, 0
			}
			lineCost += c.chars
			lineTabs += c.tabs
			total += c.chars
			if lineCost > worstCost {
				worst, worstCost, worstTabs = line, lineCost, lineTabs
			}
		}
		if found >= 0 {
			continue
		}
		if r.escape.line > 0 {
			found, badEscape = q, r.escape
			continue
		}
		if r.end < 0 {
			continue
		}
		tab := r.tabLine > 0 && !harmlessDrop(src, r.end+1, r.dropped)
		if tab && blanksOnly(src, r.end+1, r.dropped) {
			escape[q], tab = r.dropTabs, false
		}
		switch {
		case r.crlfLine > 0 && (!tab || r.crlfLine <= r.tabLine):
			found, foundLine, foundCRLF = q, r.crlfLine, true
		case tab:
			found, foundLine = q, r.tabLine
		}
	}
	if total > maxQuotedTabScan {
		n := 0 // the line's characters, its line break aside
		for i := starts[worst-1]; i < len(src) && src[i] != '\r' && src[i] != '\n'; i++ {
			n++
		}
		return data, fmt.Errorf("line %d: %d tabs inside double-quoted text on a line of %d characters, which the YAML reader here reads again from each tab to the line's end (in this input more than %d characters in all, time growing as the square of the line); write the tabs as \\t, or break the line", worst, worstTabs, n, maxQuotedTabScan)
	}
	if found < 0 {
		return escapeTabs(data, src, starts, escape), nil
	}
	if badEscape.line > 0 {
		return data, badEscape.err()
	}
	// The value as the parser has it, for the message: the input's own
	// tokens, which the bound above keeps linear. When the parser does
	// not begin quoted text at the same quote, a tab outside quoted text
	// has made it read the input otherwise; misreadTabs names that tab.
	text, ok := "", false
	for _, tk := range lexer.Tokenize(string(data)) {
		if tk != nil && tk.Position != nil && (tk.Type == token.DoubleQuoteType || tk.Type == token.SingleQuoteType) &&
			quoteStart(src, starts, tk.Position, tk.Type == token.SingleQuoteType) == found {
			text, ok = ValueText(tk.Value), true
			break
		}
	}
	if !ok {
		return escapeTabs(data, src, starts, escape), nil
	}
	if foundSingleTab {
		return data, fmt.Errorf("line %d: a tab at the end of a line of the single-quoted text %s, which YAML drops with the line break and the YAML reader here keeps; delete the tab, or write the text in double quotes with \\t where a tab is meant", foundLine, text)
	}
	if foundCRLF {
		kind := "double"
		if foundSingle {
			kind = "single"
		}
		return data, fmt.Errorf("line %d: the %s-quoted text %s goes on past a line break written \\r\\n (a Windows line end), which the YAML reader here misreads (it reads each such line break as two, where YAML joins the lines with a space); write the text on one line, with \\n where a new line is meant, or save the file with \\n line ends", foundLine, kind, text)
	}
	return data, fmt.Errorf("line %d: a tab in the double-quoted text %s, which YAML allows but the YAML reader here misreads (it drops the character after the closing quote); write the tab as \\t", foundLine, text)
}

// escapeTabs returns data with the tabs at the indices in src given in
// escape (by the index of their text's opening quote) written \t, those
// of texts that the input's own tokens begin at the same quote (a tab
// outside quoted text, &b<TAB>"x", can make the parser read the input
// otherwise; misreadTabs names that tab); data itself when there are none.
func escapeTabs(data []byte, src []rune, starts []int, escape map[int][]int) []byte {
	if len(escape) == 0 {
		return data
	}
	var at []int
	for _, tk := range lexer.Tokenize(string(data)) {
		if tk != nil && tk.Position != nil && tk.Type == token.DoubleQuoteType {
			at = append(at, escape[quoteStart(src, starts, tk.Position, false)]...)
		}
	}
	if len(at) == 0 {
		return data
	}
	sort.Ints(at)
	out := make([]rune, 0, len(src)+len(at))
	from := 0
	for _, i := range at {
		out = append(append(out, src[from:i]...), '\\', 't')
		from = i + 1
	}
	return []byte(string(append(out, src[from:]...)))
}

// blanksOnly reports that the n characters from src[i] on are spaces,
// tabs and line breaks (the input's end may come first).
func blanksOnly(src []rune, i, n int) bool {
	for j := i; j < min(i+n, len(src)); j++ {
		switch src[j] {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
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

// singleScan reads the single-quoted text whose opening quote is src[q]
// and returns the line (from 1) of its first \r\n, which the lexer
// reads as two line breaks as in double quotes, and that of its first
// line that ends in blanks holding a tab after other characters of the
// text: YAML drops the blanks ending a line that the text goes on
// past, the lexer only the spaces among them. Each is 0 if there is none.
func singleScan(src []rune, starts []int, q int) (crlf, tab int) {
	lineOf := func(i int) int { return sort.Search(len(starts), func(l int) bool { return starts[l] > i }) }
	for i := q + 1; i < len(src); i++ {
		switch src[i] {
		case '\'':
			if i+1 < len(src) && src[i+1] == '\'' {
				i++ // an escaped quote
				continue
			}
			return crlf, tab
		case '\r', '\n':
			if crlf == 0 && src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				crlf = lineOf(i)
			}
			if tab == 0 && blanksHoldTab(src, i) {
				tab = lineOf(i - 1)
			}
			if crlf > 0 && tab > 0 {
				return crlf, tab
			}
		}
	}
	return crlf, tab
}

// blanksHoldTab reports that the spaces and tabs just before src[i], a
// line break, hold a tab and follow another character of their line.
func blanksHoldTab(src []rune, i int) bool {
	seen := false
	for j := i - 1; j >= 0; j-- {
		switch src[j] {
		case '\t':
			seen = true
		case ' ':
		case '\r', '\n':
			return false
		default:
			return seen
		}
	}
	return false
}

// tabCost is the number of characters the lexer reads again at the
// tabs of one line of double-quoted text.
type tabCost struct {
	line, chars, tabs int
}

// quotedScan is what quoteScan finds in one double-quoted text.
type quotedScan struct {
	end      int         // index of the closing quote; -1 if the lexer fails
	dropped  int         // characters the lexer drops after the closing quote
	tabLine  int         // line of the first tab that drops one; 0 if none
	crlfLine int         // line of the first \r\n inside the text; 0 if none
	dropTabs []int       // index of each tab that drops a character
	cost     []tabCost   // per line, in order
	escape   escapeFault // the first escape YAML refuses; line 0 if none
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
			r.cost[m-1].tabs++
			return
		}
		r.cost = append(r.cost, tabCost{line, c, 1})
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
			switch e := src[i+1]; e {
			case '\n', '\r': // an escaped line break
				i = newline(i + 1)
				line++
				first = true
			default:
				digits, known := escapeDigits[e]
				if !known {
					return r // the lexer fails
				}
				if digits == 0 {
					i++
					continue
				}
				next, fault, fails := hexEscape(src, i, line)
				if fault.line > 0 {
					r.escape = fault
					return r
				}
				if fails {
					return r
				}
				i = next
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
				r.dropTabs = append(r.dropTabs, i)
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
// are spaces, tabs and line breaks. Blanks and the \r of a \r\n are
// harmless when past any spaces and tabs come the input's end, a line
// break, a comment, the ',', ']' or '}' of a flow collection or the ':'
// after a quoted key (the blanks before it are dropped either way). A
// dropped line break (\n, or \r alone) makes every later line one less
// in the parser's messages, so it is harmless only when nothing but
// blanks, line breaks, comments and the ends of flow collections
// follows it (closingOnly).
func harmlessDrop(src []rune, i, n int) bool {
	end := min(i+n, len(src))
	lineBreak := false
	for j := i; j < end; j++ {
		switch src[j] {
		case ' ', '\t':
		case '\r':
			lineBreak = lineBreak || j+1 >= len(src) || src[j+1] != '\n'
		case '\n':
			lineBreak = true
		default:
			return false
		}
	}
	if lineBreak {
		return closingOnly(src[end:])
	}
	for ; end < len(src) && (src[end] == ' ' || src[end] == '\t'); end++ {
	}
	if end == len(src) {
		return true
	}
	switch src[end] {
	case '\r', '\n', '#', ',', ']', '}', ':':
		return true
	}
	return false
}

// closingOnly reports that rest holds only spaces, tabs, line breaks,
// comments (a '#' at a line's start or after a blank, to the line's end)
// and the ']' and '}' that end flow collections.
func closingOnly(rest []rune) bool {
	for j := 0; j < len(rest); j++ {
		switch rest[j] {
		case ' ', '\t', '\r', '\n', ']', '}':
		case '#':
			if j > 0 && rest[j-1] != ' ' && rest[j-1] != '\t' && rest[j-1] != '\r' && rest[j-1] != '\n' {
				return false
			}
			for j < len(rest) && rest[j] != '\r' && rest[j] != '\n' {
				j++
			}
		default:
			return false
		}
	}
	return true
}

// escapeDigits holds the characters that may follow a backslash in
// double-quoted text (YAML 1.2, 5.7 escaped characters), each with the
// number of hexadecimal digits it takes after it. An escaped line break
// is handled apart.
var escapeDigits = map[rune]int{
	'0': 0, 'a': 0, 'b': 0, 't': 0, '\t': 0, 'n': 0, 'v': 0, 'f': 0, 'r': 0, 'e': 0,
	' ': 0, '"': 0, '/': 0, '\\': 0, 'N': 0, '_': 0, 'L': 0, 'P': 0,
	'x': 2, 'u': 4, 'U': 8,
}

// escapeFault is an escape in double-quoted text that YAML refuses and
// the parser reads as some other character: its line (from 1), the
// escape as written and why.
type escapeFault struct {
	line      int
	text, why string
}

func (f escapeFault) err() error {
	return fmt.Errorf("line %d: the escape %s in double-quoted text, which YAML does not allow (%s); write \\\\ for a backslash, or the character itself", f.line, f.text, f.why)
}

// hexEscape reads the escape whose backslash is src[i] and that takes
// hexadecimal digits (escapeDigits), on line. It returns the index of
// its last character, or a fault when a digit is missing or not
// hexadecimal, when the code is half of a surrogate pair (a \u of the
// first half is taken with a \u of the second half just after it, as
// the parser takes the two: the digits of both must be hexadecimal) or
// beyond U+10FFFF. fails reports an input that the parser itself refuses
// (a first half of a pair not followed by a \u of a second half).
func hexEscape(src []rune, i, line int) (last int, fault escapeFault, fails bool) {
	code, last, fault := escapeCode(src, i, line)
	if fault.line > 0 {
		return 0, fault, false
	}
	if code > unicode.MaxRune {
		return 0, escapeFault{line, string(src[i : last+1]), fmt.Sprintf("U+%04X is beyond U+10FFFF, the last character", code)}, false
	}
	r := rune(code)
	if !utf16.IsSurrogate(r) {
		return last, escapeFault{}, false
	}
	// A first half (one that some second half completes) is read with the
	// \u just after it; a second half alone, or either half written with
	// \U, is no character.
	first := src[i+1] == 'u' && utf16.DecodeRune(r, 0xDC00) != unicode.ReplacementChar
	if !first {
		return 0, escapeFault{line, string(src[i : last+1]), fmt.Sprintf("U+%04X is half of a surrogate pair, not a character", code)}, false
	}
	next := last + 1
	if next+1 >= len(src) || src[next] != '\\' || src[next+1] != 'u' {
		return 0, escapeFault{}, true
	}
	second, end, fault := escapeCode(src, next, line)
	if fault.line > 0 {
		return 0, fault, false
	}
	if utf16.DecodeRune(r, rune(second)) == unicode.ReplacementChar {
		return 0, escapeFault{}, true
	}
	return end, escapeFault{}, false
}

// escapeCode reads the digits of the escape whose backslash is src[i]
// (\x, \u or \U) on line and returns their value and the index of the
// last, or a fault naming the escape as written (up to the first
// character that ends a line or the text) when a digit is missing or is
// not hexadecimal.
func escapeCode(src []rune, i, line int) (code uint64, last int, fault escapeFault) {
	letter := src[i+1]
	want := escapeDigits[letter]
	from, to := i+2, min(i+2+want, len(src))
	for j := from; j < to; j++ {
		d := strings.IndexRune("0123456789abcdef", unicode.ToLower(src[j]))
		if d < 0 || src[j] > unicode.MaxASCII {
			to = j // not a digit: the fault below
			break
		}
		code = code<<4 | uint64(d)
	}
	if to-from < want {
		shown := from
		for end := min(i+2+want, len(src)); shown < end && src[shown] != '"' && src[shown] != '\n' && src[shown] != '\r' && src[shown] != '\t'; shown++ {
		}
		return 0, 0, escapeFault{line, string(src[i:shown]), fmt.Sprintf("\\%c takes %d hexadecimal digits", letter, want)}
	}
	return code, to - 1, escapeFault{}
}

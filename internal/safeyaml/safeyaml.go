package safeyaml

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/stackel/stackel/internal/textcut"
)

// Unmarshal decodes YAML (or JSON) data into v strictly (an unknown key is
// an error naming the key and its line), after the checks of the package
// comment with limits lim (zero fields take their defaults). Errors from
// the parser and the decoder are formatted as yaml.FormatError formats
// them, without colour (the lines around the error, cut to a bounded
// width), in time linear in the input (errorText).
func Unmarshal(data []byte, v any, lim Limits) error {
	_, err := UnmarshalKeys(data, v, lim)
	return err
}

// Keys describes the keys of a decoded input, by dotted path
// ("dynamics.unroll", "rl.options.gamma", "game.dims[1]").
type Keys struct {
	// Present holds the keys written at the levels decoded into structs
	// (paths of at most 256 bytes), so that a caller can tell a key
	// written as 0 from a missing one.
	Present map[string]bool
	// Null holds the keys written with a null value (~, null or nothing,
	// also behind an anchor, &a ~, or as an alias to one), which the
	// decoder leaves as the field's zero value: those of Present, and at
	// every other level too (a block a custom decoder reads, such as
	// "dynamics.solver.steps"; paths of at most 256 bytes).
	Null map[string]bool
	// Lines holds the line of each key and sequence element (the first
	// 4096 paths of at most 256 bytes).
	Lines map[string]int
}

// UnmarshalKeys is Unmarshal that also returns the keys of the input
// (Keys).
func UnmarshalKeys(data []byte, v any, lim Limits) (Keys, error) {
	keys, err := unmarshal(data, v, lim)
	return keys, bounded(err)
}

func unmarshal(data []byte, v any, lim Limits) (Keys, error) {
	if err := CheckEnv(); err != nil {
		return Keys{}, err
	}
	lim = lim.withDefaults()
	data = StripBOM(data) // as editors on Windows write it
	if err := Precheck(data, lim); err != nil {
		return Keys{}, err
	}
	// Before the lexer reads the input itself: tabs in double quotes can
	// make it take time quadratic in a line's length. From here on data
	// is the input as the reader is to read it, with the tabs in double
	// quotes that would make it join lines written \t.
	data, err := doubleQuoted(data)
	if err != nil {
		return Keys{}, err
	}
	if err := tokenDepth(data, lim); err != nil {
		return Keys{}, err
	}
	if err := nonBreakingSpace(data); err != nil {
		return Keys{}, err
	}
	if err := misreadTabs(data); err != nil {
		return Keys{}, err
	}
	file, err := parse(data)
	if err != nil {
		return Keys{}, err
	}
	var body ast.Node
	for _, d := range file.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		switch d.Body.(type) {
		case *ast.NullNode, *ast.DirectiveNode: // %YAML 1.2 before ---
			continue
		}
		if body != nil {
			return Keys{}, fmt.Errorf("line %d: a second YAML document (after ---) is not supported; put one document per file", line(d.Body))
		}
		body = d.Body
	}
	if body == nil {
		// The parser drops a document that follows an empty one
		// ("---" twice): the input would decode as empty.
		if l := firstContentLine(data); l > 0 {
			return Keys{}, fmt.Errorf("line %d: a second YAML document (after ---) is not supported; put one document per file", l)
		}
	}
	w := newWalker(lim)
	doc := &document{lim: lim, src: data}
	w.defs = &doc.anchors
	if body != nil {
		if _, err := w.walk(body, reflect.TypeOf(v), nil); err != nil {
			return Keys{}, err
		}
	}
	// The document goes to the decoder's context, where a NodeDecoder
	// (NewNodeDecoderContext) finds the anchors before its block.
	ctx := context.WithValue(context.Background(), docKey{}, doc)
	body, file = nil, nil // not held while the decoder builds its own tree
	return Keys{Present: w.keys, Null: w.nulls, Lines: w.lines}, decode(ctx, data, v, w.unknown)
}

// maxUnknownKeys bounds the unknown keys a walk records.
const maxUnknownKeys = 1000

// parse runs the YAML parser, turning a panic into an error.
func parse(data []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML parser failed on this input (%s)", panicText(r, data))
		}
	}()
	f, err = parser.ParseBytes(data, 0)
	if err != nil {
		return nil, errors.New(errorText(duplicateKeyError(err, data), data))
	}
	return f, nil
}

// duplicateKey matches the parser's error for a key written twice in one
// mapping, which names the key alone and the first one's [line:column].
var duplicateKey = regexp.MustCompile(`(?s)^mapping key ".*" already defined at \[(\d+):(\d+)\]$`)

// duplicateKeyError returns the parser's error err, when it is for a key
// written twice in one mapping, with the key's full path and both lines
// (`mapping key "iters" already defined at [3:5]: rl.cg.iters is written
// twice, at lines 3 and 4`; on one line, its columns: `at line 1,
// columns 2 and 19`): the parser's names the last part of the path only,
// which several mappings of a config may hold. Any other error is
// returned as it is.
func duplicateKeyError(err error, data []byte) error {
	var se *yaml.SyntaxError
	if !errors.As(err, &se) || se.Token == nil || se.Token.Position == nil {
		return err
	}
	m := duplicateKey.FindStringSubmatch(se.Message)
	if m == nil {
		return err
	}
	first, _ := strconv.Atoi(m[1])
	firstCol, _ := strconv.Atoi(m[2])
	path := duplicatePath(data, se.Token.Position)
	if path == nil {
		return err
	}
	where := fmt.Sprintf("lines %d and %d", first, se.Token.Position.Line)
	if first == se.Token.Position.Line {
		// A one-line config (JSON): "lines 1 and 1" told nothing.
		where = fmt.Sprintf("line %d, columns %d and %d", first, firstCol, se.Token.Position.Column)
	}
	msg := fmt.Sprintf("%s: %s is written twice, at %s", se.Message, strings.TrimSuffix(at(path), ": "), where)
	return &yaml.SyntaxError{Message: msg, Token: se.Token}
}

// duplicatePath returns the key path of the key at pos in data, parsed
// again with duplicate keys allowed (nil if it is not found, or the
// input does not parse so).
func duplicatePath(data []byte, pos *token.Position) (path *keyPath) {
	defer func() {
		if r := recover(); r != nil {
			path = nil
		}
	}()
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil
	}
	for _, d := range f.Docs {
		if d == nil {
			continue
		}
		if p, ok := keyPathAt(d.Body, nil, pos); ok {
			return p
		}
	}
	return nil
}

// keyPathAt finds, below n (at path), the mapping pair whose key is at
// pos, and returns the key's path.
func keyPathAt(n ast.Node, path *keyPath, pos *token.Position) (*keyPath, bool) {
	switch n := n.(type) {
	case *ast.MappingNode:
		for _, mv := range n.Values {
			if p, ok := keyPathAt(mv, path, pos); ok {
				return p, true
			}
		}
	case *ast.MappingValueNode:
		kp := path.key(Key(n))
		if tok := n.Key.GetToken(); tok != nil && tok.Position != nil && tok.Position.Line == pos.Line && tok.Position.Column == pos.Column {
			return kp, true
		}
		return keyPathAt(n.Value, kp, pos)
	case *ast.SequenceNode:
		for i, v := range n.Values {
			if p, ok := keyPathAt(v, path.index(i), pos); ok {
				return p, true
			}
		}
	case *ast.AnchorNode:
		return keyPathAt(n.Value, path, pos)
	case *ast.TagNode:
		return keyPathAt(n.Value, path, pos)
	}
	return nil, false
}

// decode runs the strict decoder with ctx, turning a panic into an error
// and its errors into decodeError's (which parses data again to find the
// key of a value of the wrong type).
func decode(ctx context.Context, data []byte, v any, unknown []unknownKey) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML decoder failed on this input (%s)", panicText(r, data))
		}
	}()
	if err := yaml.UnmarshalContext(ctx, data, v, yaml.Strict()); err != nil {
		err = firstUnknownError(err, unknown)
		return decodeError(err, data, func() ast.Node {
			f, err := parse(data)
			if err != nil {
				return nil
			}
			for _, d := range f.Docs {
				if d != nil && d.Body != nil {
					if _, null := d.Body.(*ast.NullNode); !null {
						return d.Body
					}
				}
			}
			return nil
		}, nil)
	}
	return nil
}

// Precheck applies the byte, value-count, depth, key-path and
// block-mapping-key limits with a single scan of data, before any
// parsing. The keys of a block mapping are counted as the lines at its
// indentation that hold a key (a ':' followed by a blank or the line's
// end, outside flow collections and quotes) before a line less indented;
// a line beginning with "- " begins a new mapping, its own key aside.
// Lines of a block of text ("|") that look like keys are counted too,
// which can only make the bound safer.
func Precheck(data []byte, lim Limits) error {
	lim = lim.withDefaults()
	if len(data) > lim.MaxBytes {
		return &LimitError{What: fmt.Sprintf("input of %d bytes is too large", len(data)), Limit: lim.MaxBytes, Env: EnvMaxBytes}
	}
	values := 0
	inWord := false
	var (
		flow     int
		stack    []int       // indentation of the open block levels
		mapKeys  []blockKeys // for each, the keys of its mapping so far
		keyed    bool        // a key of the line has been counted
		dashLine bool        // the line begins with "- "
		inDouble bool
		inSingle bool
		lineNo   = 1
		// For MaxPathBytes: where the current scalar began (−1: none
		// since the last structural character), the longest key and its
		// line, the deepest nesting.
		keyStart          = -1
		longestKey, keyAt int
		deepest           int
	)
	tooDeep := func(d int) error {
		return &LimitError{What: fmt.Sprintf("line %d: nesting deeper than %d levels", lineNo, lim.MaxDepth), Limit: lim.MaxDepth, Env: EnvMaxDepth}
	}
	for i := 0; i < len(data); {
		// Start of a line: block indentation (only outside flow and quotes).
		blockDepth := len(stack)
		if !inDouble && !inSingle && flow == 0 {
			indent := 0
			for i+indent < len(data) && data[i+indent] == ' ' {
				indent++
			}
			j := i + indent
			if j < len(data) && data[j] != '\n' && data[j] != '\r' && data[j] != '#' {
				keys := blockKeys{line: lineNo}
				for len(stack) > 0 && stack[len(stack)-1] >= indent {
					if stack[len(stack)-1] == indent {
						keys = mapKeys[len(mapKeys)-1] // the same mapping goes on
					}
					stack = stack[:len(stack)-1]
					mapKeys = mapKeys[:len(mapKeys)-1]
				}
				stack = append(stack, indent)
				blockDepth = len(stack)
				dashLine = j+1 < len(data) && data[j] == '-' && (data[j+1] == ' ' || data[j+1] == '\n' || data[j+1] == '\r')
				if dashLine {
					keys = blockKeys{line: lineNo}
				}
				mapKeys = append(mapKeys, keys)
				keyed = dashLine
				// Each "- " at the start of the line opens a level; "? "
				// (an explicit key) is refused here, before the parser
				// copies a long key into the path of every value below it
				// (the key-path bound sees implicit keys only).
				for j+1 < len(data) && (data[j] == '-' || data[j] == '?') && (data[j+1] == ' ' || data[j+1] == '\n' || data[j+1] == '\r') {
					if data[j] == '?' {
						return explicitKey(lineNo)
					}
					blockDepth++
					j += 2
					for j < len(data) && data[j] == ' ' {
						j++
					}
				}
			}
			if blockDepth > lim.MaxDepth {
				return tooDeep(blockDepth)
			}
		}
		deepest = max(deepest, blockDepth)
		// The rest of the line.
		prev := byte('\n')
		for ; i < len(data); i++ {
			c := data[i]
			delim := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}'
			if !delim && !inWord {
				values++
				if values > lim.MaxValues {
					return &LimitError{What: fmt.Sprintf("line %d: input has more than %d values", lineNo, lim.MaxValues), Limit: lim.MaxValues, Env: EnvMaxValues}
				}
			}
			inWord = !delim
			// A line ends at \n, \r\n or a \r alone, as the parser breaks
			// lines: an input whose lines end in \r alone was one line here,
			// and its nesting was not counted (a "- " per line nested
			// 100 000 deep took the parser 27 s to refuse).
			if c == '\n' || (c == '\r' && (i+1 == len(data) || data[i+1] != '\n')) {
				lineNo++
				i++
				if !inDouble && !inSingle { // a quoted key may span lines
					keyStart = -1
				}
				break
			}
			switch {
			case inDouble:
				if c == '\\' {
					i++
				} else if c == '"' {
					inDouble = false
				}
			case inSingle:
				if c == '\'' {
					inSingle = false
				}
			default:
				tokenStart := prev == ' ' || prev == '\t' || prev == '\n' || prev == '[' || prev == '{' || prev == ',' || prev == ':'
				// A key ends at a ':' followed by white space (or, in flow,
				// by anything after a quoted key); a scalar, which may hold
				// spaces, begins at the first other character after a
				// structural one. Over-counting a key's length ("- key")
				// only makes the bound safer.
				switch {
				case c == ':':
					if keyStart >= 0 && mappingIndicator(data, i, prev, flow > 0) {
						if n := i - keyStart; n > longestKey {
							longestKey, keyAt = n, lineNo
						}
						keyStart = -1
						if flow == 0 && !keyed && len(mapKeys) > 0 {
							keyed = true
							k := &mapKeys[len(mapKeys)-1]
							if k.n++; k.n > lim.MaxKeys {
								return &LimitError{What: fmt.Sprintf("line %d: a block mapping of more than %d keys (the YAML reader takes time growing as the square of them)", k.line, lim.MaxKeys), Limit: lim.MaxKeys, Env: EnvMaxKeys}
							}
						}
					}
				case c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '#':
					keyStart = -1
				case c != ' ' && c != '\t' && c != '\r' && keyStart < 0:
					keyStart = i
				}
				switch {
				case c == '#' && (prev == ' ' || prev == '\t' || prev == '\n'):
					for i < len(data) && data[i] != '\n' && data[i] != '\r' {
						i++
					}
					i-- // the newline is handled by the loop
				case c == '?' && tokenStart && mappingIndicator(data, i, 0, false):
					return explicitKey(lineNo)
				case c == '"' && tokenStart:
					inDouble = true
				case c == '\'' && tokenStart:
					inSingle = true
				case c == '[' || c == '{':
					flow++
					if blockDepth+flow > lim.MaxDepth {
						return tooDeep(blockDepth + flow)
					}
					deepest = max(deepest, blockDepth+flow)
				case c == ']' || c == '}':
					if flow > 0 {
						flow--
					}
				}
			}
			prev = c
		}
	}
	if bound := float64(longestKey+8) * float64(max(deepest, 1)) * float64(values); longestKey > 0 && bound > float64(lim.MaxPathBytes) {
		return &LimitError{What: fmt.Sprintf("line %d: a key of %d bytes, in an input nested %d levels deep with %d values, could make the decoder build %.3g bytes of key paths", keyAt, longestKey, deepest, values, bound), Limit: lim.MaxPathBytes, Env: EnvMaxPath}
	}
	return nil
}

// blockKeys counts the keys of a block mapping (Precheck): n so far, in
// the mapping beginning on line.
type blockKeys struct {
	n, line int
}

// tokenDepth applies the depth limit again, to the tokens of the parser's
// own lexer (linear in the input, unlike the parser on deep nesting),
// which tell quoted text, block scalars (| and >) and plain text holding
// brackets from structure as the parser will: Precheck's byte scan can
// take a quote or bracket inside such text for the start of a quoted
// scalar or flow collection and then not count the levels after it
// ("a: |" above a line holding one ", then a line of 20 000 "- ", passed
// it and took the parser 0.6 s to refuse; the parser's time grows faster
// than the depth: 27 s for 100 000). Block levels are counted by the columns of their
// keys and "-" entries, flow levels by their brackets.
func tokenDepth(data []byte, lim Limits) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = nil // the parser reports the input
		}
	}()
	toks := lexer.Tokenize(string(data))
	var stack []int // columns of the open block collections
	flow := 0
	for i, tk := range toks {
		if tk == nil || tk.Position == nil {
			continue
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			if flow > 0 {
				flow--
			}
			continue
		case token.SequenceEntryType, token.MappingValueType:
			if flow > 0 {
				continue
			}
			col := tk.Position.Column
			if tk.Type == token.MappingValueType && i > 0 && toks[i-1] != nil && toks[i-1].Position != nil {
				col = toks[i-1].Position.Column // the key's
			}
			for len(stack) > 0 && stack[len(stack)-1] > col {
				stack = stack[:len(stack)-1]
			}
			if len(stack) == 0 || stack[len(stack)-1] < col {
				stack = append(stack, col)
			}
		default:
			continue
		}
		if d := len(stack) + flow; d > lim.MaxDepth {
			return &LimitError{What: fmt.Sprintf("line %d: nesting deeper than %d levels", tk.Position.Line, lim.MaxDepth), Limit: lim.MaxDepth, Env: EnvMaxDepth}
		}
	}
	return nil
}

// nbsp is the non-breaking space U+00A0 in UTF-8.
const nbsp = "\u00a0"

// nonBreakingSpace returns an error for a non-breaking space (U+00A0,
// which some editors and web pages put in place of a space) where a space
// was meant, in plain text, as the parser's lexer reads it (a quoted
// value, a comment or a block of text is left alone): after a colon in
// key position, that is within text that begins its line or follows '-',
// '[', '{' or ',' (iterations:\u00a03 is one word of text to YAML, not a
// key and value: the parser said "non-map value is specified", or the
// config needed a mapping), including a later line of a value written
// over several lines (s: a, then b:\u00a0c, is the text "a b:\u00a0c");
// or at the start of a value, whatever stands before it (iterations:
// \u00a03, {a:\u00a03}, [1,\u00a02], - \u00a03, &x \u00a03, where it is part
// of the value: a number field read " 3" as no number, a text field kept
// it silently). A colon and a non-breaking space inside a value on the
// line of its key's colon (name: run A:\u00a0fast) are the value's text
// and are left alone. The error names the line the character is on.
func nonBreakingSpace(data []byte) (err error) {
	if !bytes.Contains(data, []byte(nbsp)) {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = nil // the parser reports the input
		}
	}()
	tokens := lexer.Tokenize(string(data))
	for i, tk := range tokens {
		if tk == nil || tk.Type != token.StringType || tk.Position == nil || !strings.Contains(tk.Value, nbsp) {
			continue
		}
		var next *token.Token
		if i+1 < len(tokens) {
			next = tokens[i+1]
		}
		if prev := tokens[max(i-1, 0)]; i > 0 && prev != nil && (prev.Type == token.AnchorType || prev.Type == token.AliasType) {
			continue // the name of an anchor or alias
		}
		if blockText(tokens, i) {
			continue // a block of text (| or >)
		}
		isKey := next != nil && next.Type == token.MappingValueType
		if !isKey && strings.HasPrefix(tk.Value, nbsp) {
			return fmt.Errorf("line %d: %s: the value begins with a non-breaking space (U+00A0), which YAML does not read as a space: it is part of the value; write an ordinary space", tk.Position.Line, keyText(tk.Value))
		}
		// The value's lines as written: the first one is the token's.
		lines := strings.Split(strings.TrimLeft(tk.Origin, " \t\r\n"), "\n")
		if !strings.Contains(tk.Origin, nbsp) {
			lines = []string{tk.Value} // no source kept: the value as read
		}
		for j, l := range lines {
			if !strings.Contains(l, ":"+nbsp) || j == 0 && afterColon(tokens, i) {
				continue
			}
			text := tk.Value
			if len(lines) > 1 {
				text = strings.Trim(l, " \t\r")
			}
			return fmt.Errorf("line %d: %s: a non-breaking space (U+00A0) follows the colon, which YAML does not read as a space: the line is text to it, not key: value; write an ordinary space after the colon", tk.Position.Line+j, keyText(text))
		}
	}
	return nil
}

// blockText reports that tokens[i] is the text of a block scalar: the
// token before it, comments aside (s: | # note), is the header | or >.
func blockText(tokens token.Tokens, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch prev := tokens[j]; {
		case prev == nil:
			return false
		case prev.Type == token.CommentType:
			continue
		default:
			return prev.Type == token.LiteralType || prev.Type == token.FoldedType
		}
	}
	return false
}

// afterColon reports that tokens[i] is a value on the line of its key's
// colon (an anchor or a tag between them aside): key: value, or {key:
// value}.
func afterColon(tokens token.Tokens, i int) bool {
	tk := tokens[i]
	for j := i - 1; j >= 0; j-- {
		p := tokens[j]
		if p == nil || p.Position == nil {
			return false
		}
		switch {
		case p.Type == token.TagType:
			continue
		case p.Type == token.StringType && j > 0 && tokens[j-1] != nil && tokens[j-1].Type == token.AnchorType:
			j-- // the anchor's name, then its '&'
			continue
		case p.Type == token.MappingValueType:
			return p.Position.Line == tk.Position.Line
		}
		return false
	}
	return false
}

// firstContentLine returns the line of the first token of data that is
// not a comment, a document marker (--- or ...), a null (the body of a
// document that is null, which the caller skips as empty: a file holding
// only null was "a second YAML document") or on a directive's line
// (%YAML 1.2), or 0 if there is none.
func firstContentLine(data []byte) (line int) {
	defer func() {
		if r := recover(); r != nil {
			line = 0 // the parser reported the input
		}
	}()
	directive := -1
	for _, tk := range lexer.Tokenize(string(data)) {
		if tk == nil || tk.Position == nil {
			continue
		}
		switch tk.Type {
		case token.CommentType, token.DocumentHeaderType, token.DocumentEndType, token.NullType, token.ImplicitNullType:
			continue
		case token.DirectiveType:
			directive = tk.Position.Line
			continue
		}
		if tk.Position.Line != directive {
			return tk.Position.Line
		}
	}
	return 0
}

// explicitKey is Precheck's error for a "? " explicit key.
func explicitKey(line int) error {
	return fmt.Errorf("line %d: explicit keys (\"? key\") are not supported; write key: value", line)
}

// mappingIndicator reports that the ':' at data[i] ends a key: it is
// followed by white space or the end, or, in flow style, it follows a
// quoted key (JSON's "k":1).
func mappingIndicator(data []byte, i int, prev byte, inFlow bool) bool {
	if i+1 == len(data) {
		return true
	}
	switch data[i+1] {
	case ' ', '\t', '\n', '\r':
		return true
	}
	return inFlow && (prev == '"' || prev == '\'')
}

// walker checks a syntax tree against the Go type it will be decoded into.
type walker struct {
	anchors map[string]int // expanded size of each anchor
	// anchored holds each anchor's node, which an alias is walked again
	// as (its checks are those of the place the alias is used).
	anchored map[string]ast.Node
	// open counts, by name, the anchors whose value the walk is in (an
	// alias of that name there is refused: the decoder reads it as
	// null); expanding holds the anchored values an alias is being
	// walked again as, so that an alias inside one that the name lookup
	// leads back to it (an anchor redefined since) ends the walk.
	open      map[string]int
	expanding map[ast.Node]bool
	nodes     int
	lim       Limits
	keys      map[string]bool // dotted paths of keys at struct levels
	nulls     map[string]bool // those of keys whose value is null
	lines     map[string]int  // the line of every key and sequence element
	// outerAliases lets an alias refer to an anchor the walk has not seen
	// (NodeDecoder walks one part of a document already walked whole).
	outerAliases bool
	// defs, when not nil, receives every anchor in the order of the
	// document (the walk of a whole document, for NodeDecoder).
	defs *[]anchorDef
	// flow counts the [ ] and { } collections around the node walked.
	flow int
	// unknown lists, in the order of the document, the keys of struct
	// levels that name no field, each with the path of its mapping
	// (firstUnknownBeside); an alias's value adds its keys again, at the
	// alias's path.
	unknown []unknownKey
}

// unknownKey is a key that names no field of the struct its mapping is
// decoded into, as far as the walk can tell (a type with its own
// UnmarshalYAML takes keys the walk does not know).
type unknownKey struct {
	mapping *keyPath // the mapping's key path (the same for its keys)
	key     string
	tok     *token.Token
	into    reflect.Type // the struct the mapping is decoded into
}

// message is the decoder's message for u with the keys its mapping takes
// ("unknown field \"bimatrix\" (game takes builtin, params, …)"), so
// that a misspelt or misplaced key says what was meant.
func (u *unknownKey) message() string {
	where := "the top level"
	if u.mapping != nil {
		where = strings.TrimSuffix(at(u.mapping), ": ")
	}
	key := keyText(u.key)
	if key == u.key {
		key = `"` + key + `"`
	}
	msg := "unknown field " + key
	if keys := fieldKeys(u.into); len(keys) > 0 {
		msg += fmt.Sprintf(" (%s takes %s)", where, strings.Join(keys, ", "))
	}
	return msg
}

// fieldKeys lists the keys struct type t takes, in field order (inlined
// structs' in place; at most 40, then "…").
func fieldKeys(t reflect.Type) []string {
	var out []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			out = append(out, name)
		}
	}
	walk(t)
	if len(out) > 40 {
		out = append(out[:40], "…")
	}
	return out
}

// firstUnknownError returns err, or, when err is the decoder's unknown
// key and the walk recorded it, the unknown key the document writes first
// in its mapping, with the keys that mapping takes (unknownKey.message).
func firstUnknownError(err error, unknown []unknownKey) error {
	var uf *yaml.UnknownFieldError
	if errors.As(err, &uf) {
		if u := firstUnknownBeside(unknown, uf.Token); u != nil {
			return &yaml.UnknownFieldError{Message: u.message(), Token: u.tok}
		}
	}
	return err
}

// firstUnknownBeside returns the key that the document writes first among
// those of the mapping holding the unknown key at tok's position (the
// decoder reports one of a mapping's unknown keys, picked by map order,
// so a config with two named a different one from run to run), or nil if
// the walk did not find tok's key unknown.
func firstUnknownBeside(unknown []unknownKey, tok *token.Token) *unknownKey {
	if tok == nil || tok.Position == nil {
		return nil
	}
	for i, u := range unknown {
		if p := u.tok.Position; p != nil && p.Offset == tok.Position.Offset && p.Line == tok.Position.Line && p.Column == tok.Position.Column {
			for j := range unknown[:i+1] {
				if unknown[j].mapping == u.mapping {
					return &unknown[j]
				}
			}
		}
	}
	return nil
}

func line(n ast.Node) int {
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line
	}
	return 0
}

func newWalker(lim Limits) *walker {
	return &walker{anchors: map[string]int{}, anchored: map[string]ast.Node{}, open: map[string]int{}, expanding: map[ast.Node]bool{}, lim: lim, keys: map[string]bool{}, nulls: map[string]bool{}, lines: map[string]int{}}
}

// Bounds of walker.lines: what an error message can name is a short path
// among the first few thousand, and a hostile input (a long key above a
// long list) must not make the walk keep a copy of the key per element.
const (
	maxLinePaths   = 4096
	maxLinePathLen = 256
)

// noteLine records the line of the node n at path (the first occurrence
// of a path, within maxLinePaths and maxLinePathLen).
func (w *walker) noteLine(path *keyPath, n ast.Node) {
	if path.n > maxLinePathLen || len(w.lines) >= maxLinePaths {
		return
	}
	p := path.String()
	if _, seen := w.lines[p]; !seen {
		w.lines[p] = line(n)
	}
}

// walk returns the expanded size of n (nodes counted with aliases
// expanded), checking tags, aliases and integer fields of type t (nil:
// anything).
func (w *walker) walk(n ast.Node, t reflect.Type, path *keyPath) (int, error) {
	if n == nil {
		return 0, nil
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && t.Kind() == reflect.Interface {
		t = nil
	}
	// Below a field tagged safeyaml:"numeric" every child is walked
	// as numeric too.
	numeric := t == numericValues
	if numeric {
		t = nil
	}
	inner := func(vt reflect.Type) reflect.Type {
		if numeric {
			return numericValues
		}
		return vt
	}
	size := 1
	add := func(k int) error {
		size += k
		if size > w.lim.MaxNodes || w.nodes+size > w.lim.MaxNodes {
			return &LimitError{What: fmt.Sprintf("line %d: %sthe input expands (through aliases) to more than %d nodes", line(n), at(path), w.lim.MaxNodes), Limit: w.lim.MaxNodes, Env: EnvMaxNodes}
		}
		return nil
	}
	if err := leadingZero(n, path); err != nil {
		return 0, err
	}
	if err := w.dashInFlow(n, path); err != nil {
		return 0, err
	}
	if numeric || (t != nil && (isInt(t.Kind()) || t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32)) {
		if err := longIntegerPart(n, path); err != nil {
			return 0, err
		}
		if err := underflow(n, t, path); err != nil {
			return 0, err
		}
	}
	if !numeric {
		if err := typeError(n, t, path); err != nil {
			return 0, err
		}
		if err := rewrittenText(n, t, path); err != nil {
			return 0, err
		}
	}
	switch n := n.(type) {
	case *ast.TagNode:
		return 0, fmt.Errorf("line %d: %sYAML tag %s is not supported; remove it", line(n), at(path), n.Start.Value)
	case *ast.AnchorNode:
		w.open[n.Name.String()]++
		k, err := w.walk(n.Value, inner(t), path)
		w.open[n.Name.String()]--
		if err != nil {
			return 0, err
		}
		w.anchors[n.Name.String()] = k
		w.anchored[n.Name.String()] = n.Value
		if w.defs != nil {
			*w.defs = append(*w.defs, anchorDef{name: n.Name.String(), node: n, size: k})
		}
		return k, nil
	case *ast.AliasNode:
		if w.open[n.Value.String()] > 0 {
			return 0, fmt.Errorf("line %d: %salias *%s is inside the value of its own anchor &%s, which the decoder reads as null; give the inner anchor another name", line(n), at(path), n.Value.String(), n.Value.String())
		}
		k, ok := w.anchors[n.Value.String()]
		if !ok && w.outerAliases {
			return 1, nil
		}
		if !ok {
			return 0, fmt.Errorf("line %d: %salias *%s refers to no anchor defined before it", line(n), at(path), n.Value.String())
		}
		w.nodes += k
		if w.nodes > w.lim.MaxNodes {
			return 0, &LimitError{What: fmt.Sprintf("line %d: %sthe input expands (through aliases) to more than %d nodes", line(n), at(path), w.lim.MaxNodes), Limit: w.lim.MaxNodes, Env: EnvMaxNodes}
		}
		if v, ok := w.anchored[n.Value.String()]; ok && (t != nil || numeric) && !w.expanding[v] {
			// The checks of this place, on the value the alias stands
			// for (`iterations: *f` of `step_tol: &f 100.7` ran 100
			// iterations; a quoted "100" passed for a number): the anchor
			// was checked for where it was written. The walk costs the
			// alias's expanded size, which the node limit above bounds.
			sub := *w
			sub.nodes, sub.defs, sub.flow, sub.open = 0, nil, 0, map[string]int{}
			w.expanding[v] = true
			_, err := sub.walk(v, inner(t), path)
			delete(w.expanding, v)
			if err != nil {
				return 0, err
			}
			// The keys the value is unknown for here (of a mapping the
			// decoder reports by the anchor's position, at this path).
			w.unknown = sub.unknown
		}
		return k, nil
	case *ast.MappingNode:
		if n.IsFlowStyle {
			w.flow++
			defer func() { w.flow-- }()
		}
		for _, mv := range n.Values {
			k, err := w.walk(mv, inner(t), path)
			if err != nil {
				return 0, err
			}
			if err := add(k); err != nil {
				return 0, err
			}
		}
	case *ast.MappingValueNode:
		// The key's value: a quoted key (every key of a JSON config)
		// names the same field as a plain one.
		key := Key(n)
		if _, isTag := n.Key.(*ast.TagNode); isTag {
			return 0, fmt.Errorf("line %d: %sYAML tag on key %s is not supported; remove it", line(n), at(path), key)
		}
		if _, isAlias := n.Key.(*ast.AliasNode); isAlias {
			return 0, fmt.Errorf("line %d: %san alias as a key is not supported", line(n), at(path))
		}
		if a, isAnchor := n.Key.(*ast.AnchorNode); isAnchor {
			// The decoder takes the key for "&" (unknown field "&"; a
			// key that is "a number, true/false or null names no
			// setting"), where an anchor was meant for the value.
			key := ""
			if a.Value != nil {
				if tok := a.Value.GetToken(); tok != nil {
					key = tok.Value
				}
			}
			return 0, fmt.Errorf("line %d: %sanchor &%s on key %s is not supported; remove it (an anchor goes before a value: key: &%s value)", line(n), at(path), keyText(a.Name.String()), keyText(key), keyText(a.Name.String()))
		}
		if _, isMerge := n.Key.(*ast.MergeKeyNode); isMerge {
			// The merged keys escape the checks made on the keys as
			// written (`<<: {iterations: 0}` ran the default).
			return 0, fmt.Errorf("line %d: %sa merge key (<<) is not supported; write the keys out", line(n), at(path))
		}
		kp := path.key(key)
		w.noteLine(kp, n)
		if kp.n <= maxLinePathLen && w.isNull(n.Value) {
			w.nulls[kp.String()] = true
		}
		var vt reflect.Type
		if t != nil {
			switch t.Kind() {
			case reflect.Struct:
				if err := textKey(n, t, path); err != nil {
					return 0, err
				}
				f, ok := field(t, key)
				if ok {
					vt = f.Type
					if f.Tag.Get("safeyaml") == "numeric" {
						vt = numericValues
					}
				} else if tok := n.Key.GetToken(); tok != nil && len(w.unknown) < maxUnknownKeys {
					w.unknown = append(w.unknown, unknownKey{mapping: path, key: key, tok: tok, into: t})
				}
				if kp.n <= maxLinePathLen {
					w.keys[kp.String()] = true
				}
			case reflect.Map:
				vt = t.Elem()
			}
		}
		k, err := w.walk(n.Value, inner(vt), kp)
		if err != nil {
			return 0, err
		}
		if err := add(k + 1); err != nil {
			return 0, err
		}
	case *ast.SequenceNode:
		var et reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			et = t.Elem()
		}
		if n.IsFlowStyle {
			w.flow++
			defer func() { w.flow-- }()
		}
		for i, v := range n.Values {
			elem := path.index(i)
			w.noteLine(elem, v)
			k, err := w.walk(v, inner(et), elem)
			if err != nil {
				return 0, err
			}
			if err := add(k); err != nil {
				return 0, err
			}
		}
	case *ast.MappingKeyNode:
		return 0, fmt.Errorf("line %d: %scomplex keys (?) are not supported", line(n), at(path))
	case *ast.FloatNode:
		if t != nil && isInt(t.Kind()) {
			// Judged by the text as written (the parser's float64 had
			// rounded 2.9999999999999999 to 3), underscores aside as the
			// parser sets them aside.
			text := n.GetToken().Value
			f, _ := n.GetValue().(float64)
			if err := floatInt(strings.ReplaceAll(text, "_", ""), f, t); err != nil {
				return 0, fmt.Errorf("line %d: %s%s %w", line(n), at(path), short(text), err)
			}
		}
	case *ast.IntegerNode:
		// The decoder refuses an integer beyond the type too, but names
		// only its column; this names the key.
		if t != nil && isInt(t.Kind()) {
			if err := intString(n.GetToken().Value, t); err != nil {
				return 0, fmt.Errorf("line %d: %s%s %w", line(n), at(path), short(n.GetToken().Value), err)
			}
		}
	case *ast.InfinityNode, *ast.NanNode:
		if t != nil && isInt(t.Kind()) {
			return 0, fmt.Errorf("line %d: %s%s is not an integer", line(n), at(path), short(n.GetToken().Value))
		}
	case *ast.StringNode:
		if numeric && !quoted(n) && plusInf(n.Value) {
			// Below a numeric field +.inf was kept as the word "+.inf".
			return 0, plusInfError(n, path)
		}
		if numeric && !quoted(n) {
			// Below a numeric field 0x10000000000000000 was kept as a
			// word, where a number field refuses it (wideIntegerError).
			if err := wideIntegerError(n.Value); err != nil {
				return 0, fmt.Errorf("line %d: %s%s %w", line(n), at(path), short(n.Value), err)
			}
		}
		if tok := n.GetToken(); numeric && tok != nil && (tok.Type == token.DoubleQuoteType || tok.Type == token.SingleQuoteType) {
			// Where the values are numbers though the field's type
			// cannot say so (a map of named parameters), quoted text that
			// reads as a number is a number put in quotes.
			if f, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); err == nil && !math.IsNaN(f) {
				return 0, fmt.Errorf("line %d: %s%s is quoted text where a number is expected; write it without quotes", line(n), at(path), scalarText(n))
			}
		}
		if t != nil && (isInt(t.Kind()) || t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32) {
			if tok := n.GetToken(); tok != nil && (tok.Type == token.DoubleQuoteType || tok.Type == token.SingleQuoteType) {
				// "100" is text; the decoder would read it as the number
				// all the same, so a quoted number would pass unnoticed
				// where a quoted word is an error.
				if _, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); err != nil {
					return 0, fmt.Errorf("line %d: %s%s: need a number", line(n), at(path), scalarText(n))
				}
				return 0, fmt.Errorf("line %d: %s%s is quoted text where a number is expected; write it without quotes", line(n), at(path), scalarText(n))
			}
		}
		if t != nil && isInt(t.Kind()) {
			// The decoder reads 1e2 (a string in YAML 1.1) and an integer
			// too long for 64 bits (a string to the parser) into an int
			// through a float64: make sure a fraction is not truncated and
			// a number beyond the type is not wrapped (2⁶⁴ read as 2⁶³).
			if err := intString(n.Value, t); err != nil {
				return 0, fmt.Errorf("line %d: %s%s %w", line(n), at(path), scalarText(n), err)
			}
		}
	}
	return size, nil
}

// dashInFlow returns an error for a block sequence inside a flow
// collection, "- 1" within [ ] or { }: YAML does not allow it (other
// readers refuse it), and the parser read it as the list [1], so that
// `{a: - 1}` and `[- 1]`, meant as -1, changed sign silently.
func (w *walker) dashInFlow(n ast.Node, path *keyPath) error {
	s, ok := n.(*ast.SequenceNode)
	if !ok || s.IsFlowStyle || w.flow == 0 {
		return nil
	}
	text := "-"
	if len(s.Values) > 0 && s.Values[0] != nil {
		if tok := s.Values[0].GetToken(); tok != nil {
			text = "- " + tok.Value
		}
	}
	return fmt.Errorf("line %d: %s%q inside [ ] or { } is not a number but a block list entry, which YAML does not allow there; write a negative number without the space (-1), a list as [1]", line(n), at(path), short(text))
}

// isNull reports that the value n is null as the decoder reads it:
// written as null (~, null or nothing), or an anchor on a null (&a ~), or
// an alias to one (*a), which leave a field as its zero value too.
func (w *walker) isNull(n ast.Node) bool {
	for range 4 { // an anchor's value is not another anchor's alias
		switch v := n.(type) {
		case *ast.NullNode:
			return true
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			n = w.anchored[v.Value.String()]
		default:
			return false
		}
	}
	_, null := n.(*ast.NullNode)
	return null
}

// rewrittenText returns an error for a plain number or boolean in a text
// field (t a string kind) that the decoder would store as other text than
// written: it reads the value and prints it again, so name: 1.10 ran as
// "1.1", 0x1F as "31", 1_000 as "1000", True as "true" and .inf as "+Inf",
// silently. A value it keeps as written (5, 0.25, true, 1e3) is text as
// it stands.
func rewrittenText(n ast.Node, t reflect.Type, path *keyPath) error {
	if t == nil || t.Kind() != reflect.String || decodesItself(t) {
		return nil
	}
	var text string
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		// As the decoder converts the value to a string field.
		switch v := n.(ast.ScalarNode).GetValue().(type) {
		case int64:
			text = strconv.FormatInt(v, 10)
		case uint64:
			text = strconv.FormatUint(v, 10)
		case float64:
			text = fmt.Sprint(v)
		case bool:
			text = strconv.FormatBool(v)
		default:
			return nil
		}
	default:
		return nil
	}
	tok := n.GetToken()
	if tok == nil || tok.Value == text {
		return nil
	}
	return fmt.Errorf("line %d: %s%s would be read as the text %s; put it in quotes to keep it as written", line(n), at(path), short(tok.Value), short(strconv.Quote(text)))
}

// leadingZero returns an error for a plain scalar that is an integer
// written with a leading zero (010, -007, 008): the decoder follows YAML
// 1.1 and reads 010 as octal 8 (and 008, not octal, as 8 too), where YAML
// 1.2, JSON's readers and a person read 10; so seed: 010 ran seed 8,
// silently. Zero, fractions (00.5), and explicit 0o10 and 0x10 are not
// ambiguous.
func leadingZero(n ast.Node, path *keyPath) error {
	switch n.(type) {
	case *ast.IntegerNode, *ast.StringNode, *ast.FloatNode:
	default:
		return nil
	}
	tok := n.GetToken()
	if tok == nil || tok.Type == token.DoubleQuoteType || tok.Type == token.SingleQuoteType {
		return nil
	}
	v := strings.TrimLeft(tok.Value, "+-")
	if len(v) < 2 || v[0] != '0' || strings.Trim(v, "0123456789_") != "" || strings.Trim(v, "0_") == "" {
		return nil // not an integer with a leading zero, or zero
	}
	return fmt.Errorf("line %d: %s%s: a number with a leading zero is octal to this YAML reader and decimal to others; write it without the leading zero, as 0o… if octal is meant, or quoted if it is text", line(n), at(path), short(tok.Value))
}

// textKey returns an error for a key of the mapping pair n, at a level
// decoded into the struct type t, that is not text (1:, 2.5:, true:,
// null:, ~:): the decoder skips the whole mapping holding such a key,
// without an error, so "x: 1" above "2: 3" left x at its default.
func textKey(n *ast.MappingValueNode, t reflect.Type, path *keyPath) error {
	if decodesItself(t) {
		return nil
	}
	if _, ok := n.Key.(*ast.StringNode); ok {
		return nil
	}
	u := unknownKey{mapping: path, key: Key(n), into: t}
	return fmt.Errorf("line %d: %s; a key that is a number, true/false or null names no setting", line(n), u.message())
}

// underflow returns an error for a plain number, in a field of the number
// type t (nil: below a safeyaml:"numeric" field, read as a float64), that
// is not zero as written but too small for the type, so that the decoder
// would read it as 0: 1.0e-400, below 4.9e-324, the smallest float64
// above 0, reached the game as 0 silently (1e-50 in a float32 field too).
func underflow(n ast.Node, t reflect.Type, path *keyPath) error {
	var text string
	switch n := n.(type) {
	case *ast.FloatNode:
		if tok := n.GetToken(); tok != nil {
			text = tok.Value
		}
	case *ast.StringNode:
		if !quoted(n) {
			text = n.Value
		}
	}
	s := strings.ReplaceAll(strings.TrimSpace(text), "_", "")
	if s == "" || !nonzeroDigits(s) {
		return nil
	}
	bits, smallest := 64, "4.9e-324, the smallest float64"
	if t != nil && t.Kind() == reflect.Float32 {
		bits, smallest = 32, "1.4e-45, the smallest float32"
	}
	if f, err := strconv.ParseFloat(s, bits); err != nil || f != 0 {
		return nil
	}
	if t != nil && isInt(t.Kind()) {
		return fmt.Errorf("line %d: %s%s is not an integer", line(n), at(path), short(text))
	}
	return fmt.Errorf("line %d: %s%s underflows: it is below %s above 0, and would be read as 0; write 0 if zero is meant", line(n), at(path), short(text), smallest)
}

// maxIntegerDigits is the most digits a number in a numeric field may
// have before its point (leading zeros aside). The largest float64 has
// 309 there, so a number with more is beyond every numeric field unless a
// negative exponent brings it back, which no config needs; and Go's float
// reader (strconv.ParseFloat, through which the YAML reader takes every
// number with a point or an exponent) keeps 800 digits and misplaces the
// point after more (golang/go#42436): 1 followed by 800 zeros and e-800
// was read as 0.1. 400 leaves room above 309 and is far below 800.
const maxIntegerDigits = 400

// longIntegerPart returns an error for a decimal number (a plain scalar,
// underscores aside) written with more than maxIntegerDigits digits
// before its point, leading zeros aside. Its fraction may be as long as
// it is written: the reader rounds it correctly.
func longIntegerPart(n ast.Node, path *keyPath) error {
	var text string
	switch n := n.(type) {
	case *ast.FloatNode, *ast.IntegerNode:
		if tok := n.GetToken(); tok != nil {
			text = tok.Value
		}
	case *ast.StringNode:
		if !quoted(n) {
			text = n.Value
		}
	}
	s := strings.TrimLeft(strings.ReplaceAll(strings.TrimSpace(text), "_", ""), "+-")
	if len(s) <= maxIntegerDigits {
		return nil
	}
	ip := strings.TrimLeft(s[:strings.IndexFunc(s+".", func(r rune) bool { return r < '0' || r > '9' })], "0")
	if len(ip) <= maxIntegerDigits {
		return nil
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil // not a number: the type's checks name it
	}
	return fmt.Errorf("line %d: %s%s has %d digits before the point, more than the %d that can be read exactly (the YAML reader misplaces the point after 800, and a float64 has at most 309 there); write it with fewer digits and an exponent", line(n), at(path), short(text), len(ip), maxIntegerDigits)
}

// nonzeroDigits reports that the significand of the number s (decimal,
// or hexadecimal with 0x; its exponent aside) has a digit other than 0.
func nonzeroDigits(s string) bool {
	s = strings.TrimLeft(s, "+-")
	digits, exp := "123456789", "eE"
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s, digits, exp = s[2:], "123456789abcdefABCDEF", "pP"
	}
	if i := strings.IndexAny(s, exp); i >= 0 {
		s = s[:i]
	}
	return strings.ContainsAny(s, digits)
}

// intString returns an error if s, a string the decoder reads as a number
// into the integer type t, is not an integer within the range of t that
// the decoder reads exactly. Strings that are not numbers are left to the
// decoder.
func intString(s string, t reflect.Type) error {
	var err error
	if isUnsigned(t.Kind()) {
		_, err = strconv.ParseUint(s, 0, t.Bits())
	} else {
		_, err = strconv.ParseInt(s, 0, t.Bits())
	}
	if err == nil {
		return nil
	}
	// ErrRange: an integer beyond t, or the digits before an exponent
	// beyond it (1234567890123456789012e-4), which floatInt judges.
	beyond := errors.Is(err, strconv.ErrRange)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) { // ErrRange: f is ±Inf
		if beyond { // a hexadecimal integer beyond t
			return rangeError(t)
		}
		return nil
	}
	if err := floatInt(s, f, t); err != nil {
		return err
	}
	if f < 0 {
		// The decoder reads a number in exponent form into an integer
		// only when it is not negative (-1e2 was "outside the range").
		n, _ := new(big.Rat).SetString(s)
		if n == nil {
			n = new(big.Rat).SetFloat64(f)
		}
		return fmt.Errorf("is a negative integer in exponent form, which the YAML reader cannot take; write it out: %s", n.Num())
	}
	return nil
}

// floatInt returns an error unless the number s (f as a float64), which
// the decoder reads into the integer type t through the float64 f (it is
// written with a point or an exponent), is exactly an integer within the
// range of t that f equals: its value is that of the text, read exactly
// (2.9999999999999999 is not an integer, though f is 3), and a whole
// number that f rounds (12345678901234567.0, 2⁶⁴−1 written as
// 18446744073709551615.0) would reach t rounded, so it is refused with
// its digits, which the decoder reads exactly.
func floatInt(s string, f float64, t reflect.Type) error {
	switch {
	case math.IsNaN(f):
		return errors.New("is not an integer")
	case math.IsInf(f, 0) || math.Abs(f) >= 0x1p66:
		// Beyond every integer type by far (the text's exact value is
		// within a rounding of f), and not parsed exactly: 1e300000
		// would cost a number of 10⁶ bits.
		return rangeError(t)
	}
	trimmed, sig, ok := trimNumber(s)
	if !ok {
		trimmed = s
	}
	if ok && sig > 20 {
		// A whole number below 2⁶⁶ has at most 20 significant digits
		// (17 hexadecimal ones); and math/big would take time quadratic
		// in the digits (1.000…01 with 10⁶ zeros).
		return errors.New("is not an integer")
	}
	r, ok := new(big.Rat).SetString(trimmed)
	if !ok {
		// A spelling the float parser takes and math/big does not (none
		// is known): judged by f.
		if f != math.Trunc(f) {
			return errors.New("is not an integer")
		}
		return intRange(f, t)
	}
	if !r.IsInt() {
		return errors.New("is not an integer")
	}
	n := r.Num()
	if !bigInRange(n, t) {
		return rangeError(t)
	}
	if g, acc := new(big.Float).SetInt(n).Float64(); acc != big.Exact || g != f {
		return fmt.Errorf("would be rounded to %s: the YAML reader takes a number written with a point or an exponent through a float64, which holds whole numbers exactly only up to 2⁵³; write it out: %s", new(big.Float).SetFloat64(f).Text('f', 0), n)
	}
	return nil
}

// trimNumber returns the number text s (decimal, or hexadecimal with 0x;
// underscores aside) with the leading zeros of its integer part and the
// trailing zeros of its fraction removed, which leaves its value as it
// is, and the count of its significant digits (from the first nonzero
// digit to the last); ok is false when s is not written so.
func trimNumber(s string) (t string, sig int, ok bool) {
	s = strings.ReplaceAll(s, "_", "")
	sign := ""
	if s != "" && (s[0] == '+' || s[0] == '-') {
		sign, s = s[:1], s[1:]
	}
	prefix, digits, exp := "", "0123456789", "eE"
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		prefix, s, digits, exp = s[:2], s[2:], "0123456789abcdefABCDEF", "pP"
	}
	mant, e := s, ""
	if i := strings.IndexAny(s, exp); i >= 0 {
		mant, e = s[:i], s[i:]
	}
	ip, fp, _ := strings.Cut(mant, ".")
	if ip+fp == "" || strings.Trim(ip, digits) != "" || strings.Trim(fp, digits) != "" {
		return "", 0, false
	}
	ip, fp = strings.TrimLeft(ip, "0"), strings.TrimRight(fp, "0")
	sig = len(strings.Trim(ip+fp, "0"))
	if prefix != "" {
		// Four bits a digit: 17 hexadecimal digits hold 2⁶⁶, as 20
		// decimal ones do.
		sig = sig * 20 / 17
	}
	if ip == "" {
		ip = "0"
	}
	t = sign + prefix + ip
	if fp != "" {
		t += "." + fp
	}
	return t + e, sig, true
}

// bigInRange reports that the integer n is within the range of the
// integer type t.
func bigInRange(n *big.Int, t reflect.Type) bool {
	bits := uint(t.Bits())
	var lo, hi *big.Int
	if isUnsigned(t.Kind()) {
		lo, hi = new(big.Int), new(big.Int).Lsh(big.NewInt(1), bits)
	} else {
		hi = new(big.Int).Lsh(big.NewInt(1), bits-1)
		lo = new(big.Int).Neg(hi)
	}
	// lo ≤ n < hi
	return n.Cmp(lo) >= 0 && n.Cmp(hi) < 0
}

// intRange returns an error unless the whole number f is within the range
// of the integer type t, and so converts to it exactly.
func intRange(f float64, t reflect.Type) error {
	bits := t.Bits()
	lo, hi := -math.Ldexp(1, bits-1), math.Ldexp(1, bits-1)
	if isUnsigned(t.Kind()) {
		lo, hi = 0, math.Ldexp(1, bits)
	}
	// lo ≤ f < hi; the powers of two are exact in a float64, and f is
	// not NaN here.
	if f >= lo && f < hi {
		return nil
	}
	return rangeError(t)
}

// rangeError says that a number is outside the range of the integer type t.
func rangeError(t reflect.Type) error {
	bits := t.Bits()
	if isUnsigned(t.Kind()) {
		return fmt.Errorf("is outside the range of %s (0 to %d)", t.Kind(), uint64(1)<<bits-1)
	}
	return fmt.Errorf("is outside the range of %s (%d to %d)", t.Kind(), -int64(1)<<(bits-1), int64(1)<<(bits-1)-1)
}

func isUnsigned(k reflect.Kind) bool {
	switch k {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

func isInt(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// field is the exported field of the struct type t with YAML key key
// (through inlined structs; none: the strict decoder reports unknown
// keys).
func field(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := f.Tag.Get("yaml")
		if j := strings.IndexByte(name, ','); j >= 0 {
			if strings.Contains(name[j:], "inline") && f.Type.Kind() == reflect.Struct {
				if inlined, ok := field(f.Type, key); ok {
					return inlined, true
				}
			}
			name = name[:j]
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if name == key && f.IsExported() {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// numericValues stands, in the walk, for the values below a struct field
// tagged safeyaml:"numeric": a field of type any or map[string]any whose
// values are numbers or words but never numbers in quotes (a map of named
// parameters or options). A quoted number there is an error, as it is in
// a field of a number type.
var numericValues = reflect.TypeOf(struct{ numeric bool }{})

// keyPath is the dotted path of a node below the document's root
// ("rl.options.gamma", "game.dims[1]"), kept as a link to its parent's so
// that walking a list does not copy the path above it once per element
// (a long key above a long list would otherwise cost their product in
// time and memory). nil is the root.
type keyPath struct {
	parent *keyPath
	name   string // the key, or "" for an element
	elem   int    // the element's index when name is ""
	n      int    // the length of String()
}

// key returns the path of the key name below p.
func (p *keyPath) key(name string) *keyPath {
	if p == nil {
		return &keyPath{name: name, n: len(name)}
	}
	return &keyPath{parent: p, name: name, n: p.n + 1 + len(name)}
}

// index returns the path of element i of the list at p.
func (p *keyPath) index(i int) *keyPath {
	q := &keyPath{parent: p, elem: i, n: 2 + len(strconv.Itoa(i))}
	if p != nil {
		q.n += p.n
	}
	return q
}

// String returns the path as text ("" for the root).
func (p *keyPath) String() string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	b.Grow(p.n)
	p.write(&b, func(k string) string { return k })
	return b.String()
}

// write writes the path to b, each key as key gives it.
func (p *keyPath) write(b *strings.Builder, key func(string) string) {
	if p.parent != nil {
		p.parent.write(b, key)
	}
	if p.name == "" {
		fmt.Fprintf(b, "[%d]", p.elem)
		return
	}
	if p.parent != nil {
		b.WriteByte('.')
	}
	b.WriteString(key(p.name))
}

// at returns the path followed by ": " to begin an error message ("" at
// the root).
func at(path *keyPath) string {
	if path == nil {
		return ""
	}
	// String's form, but each key that is long or holds characters a
	// terminal would not show as written (a line break, a control
	// character, bytes that are not UTF-8) in Go's quotes and cut
	// (keyText), so that a key of a hostile input cannot break the
	// message's lines or flood them.
	var b strings.Builder
	path.write(&b, keyText)
	return b.String() + ": "
}

// keyText is a key as an error message shows it (at).
func keyText(k string) string {
	plain := len(k) <= 40 && utf8.ValidString(k)
	for _, r := range k {
		if !plain {
			break
		}
		plain = unicode.IsPrint(r)
	}
	if plain {
		return k
	}
	return short(strconv.Quote(k))
}

// bounded returns err with its text shortened when it is longer than an
// error the checks write: a message of several lines (one quoting the
// input's lines) as shorten cuts it, one line beyond maxLine characters
// cut there. It is the net under every message that names a key or value
// of the input (which keyText and short already cut), so that none
// floods the terminal; the error's chain is kept for errors.Is and
// errors.As.
func bounded(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	s := msg
	if strings.Contains(msg, "\n") {
		s = shorten(msg)
	} else if utf8.RuneCountInString(msg) > maxLine {
		s = string([]rune(msg)[:maxLine]) + "…"
	}
	if s != msg {
		return &shortError{msg: s, err: err}
	}
	return err
}

// maxLine bounds an error message of one line (bounded): twice the
// longest the checks write.
const maxLine = 600

// shortError is an error shown shortened (bounded).
type shortError struct {
	msg string
	err error
}

func (e *shortError) Error() string { return e.msg }
func (e *shortError) Unwrap() error { return e.err }

// shorten cuts each line of a formatted decoder error (which quotes the
// input) to 160 characters, its first line (the message) to maxLine, as a
// one-line error is cut, and the whole to 40 lines, so that a hostile
// input does not flood the terminal (a message listing the choices of a
// key, every dynamics kind, is not cut before the last one). Characters, not bytes: errorText's
// quote of a line (at most excerptWidth characters, around the error's
// column) must not be cut again, which at 160 bytes lost the error's
// text from under the caret in a line of non-ASCII text (3 bytes a
// character in CJK).
func shorten(msg string) string {
	lines := strings.Split(msg, "\n")
	if len(lines) > 40 {
		lines = append(lines[:40], "…")
	}
	for i, l := range lines {
		width := 160
		if i == 0 {
			width = maxLine
		}
		if utf8.RuneCountInString(l) > width {
			cut, n := 0, 0
			for n < width {
				_, w := utf8.DecodeRuneInString(l[cut:])
				cut += w
				n++
			}
			lines[i] = l[:cut] + "…"
		}
	}
	return strings.Join(lines, "\n")
}

// ValueText is a string value of the input as an error message quotes
// it: in Go's quotes, cut to about 40 characters when longer (as KeyText
// cuts a key), so that a hostile value cannot flood a message that names
// it beside what it should have been (the list of dynamics kinds, say).
func ValueText(v string) string { return textcut.Quoted(v, 40) }

// KeyText is a key of the input as an error message shows it: as written
// when it is short and printable, else in Go's quotes and cut to about 40
// characters, so that a key holding a line break, a terminal escape or
// 200 000 bytes cannot break or flood the message (the form of the keys
// in this package's own errors).
func KeyText(key string) string { return keyText(key) }

// Bound returns err with its text cut as this package cuts its own
// errors (at most 40 lines of 160 characters, or one line of 600), its
// chain kept for errors.Is and errors.As: the net under the messages of
// callers that name keys or values of an input.
func Bound(err error) error { return bounded(err) }

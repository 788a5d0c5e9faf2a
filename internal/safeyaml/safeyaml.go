package safeyaml

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Unmarshal decodes YAML (or JSON) data into v strictly (an unknown key is
// an error naming the key and its line), after the checks of the package
// comment with limits lim (zero fields take their defaults). Errors from
// the decoder are formatted with yaml.FormatError, without colour.
func Unmarshal(data []byte, v any, lim Limits) error {
	_, err := UnmarshalKeys(data, v, lim)
	return err
}

// UnmarshalKeys is Unmarshal that also returns the set of keys present in
// the input at the levels decoded into structs, as dotted paths
// ("dynamics.unroll"), so that a caller can tell a key written as 0 from a
// missing one.
func UnmarshalKeys(data []byte, v any, lim Limits) (map[string]bool, error) {
	keys, err := unmarshal(data, v, lim)
	return keys, err
}

func unmarshal(data []byte, v any, lim Limits) (map[string]bool, error) {
	lim = lim.withDefaults()
	if err := Precheck(data, lim); err != nil {
		return nil, err
	}
	file, err := parse(data)
	if err != nil {
		return nil, err
	}
	var body ast.Node
	for _, d := range file.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		if _, null := d.Body.(*ast.NullNode); null {
			continue
		}
		if body != nil {
			return nil, fmt.Errorf("line %d: a second YAML document (after ---) is not supported; put one document per file", line(d.Body))
		}
		body = d.Body
	}
	w := walker{anchors: map[string]int{}, lim: lim, keys: map[string]bool{}}
	if body != nil {
		if _, err := w.walk(body, reflect.TypeOf(v), ""); err != nil {
			return nil, err
		}
	}
	return w.keys, decode(data, v)
}

// parse runs the YAML parser, turning a panic into an error.
func parse(data []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML parser failed on this input (%v)", r)
		}
	}()
	f, err = parser.ParseBytes(data, 0)
	if err != nil {
		return nil, errors.New(shorten(yaml.FormatError(err, false, true)))
	}
	return f, nil
}

// decode runs the strict decoder, turning a panic into an error.
func decode(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML decoder failed on this input (%v)", r)
		}
	}()
	if err := yaml.UnmarshalWithOptions(data, v, yaml.Strict()); err != nil {
		return errors.New(shorten(yaml.FormatError(err, false, true)))
	}
	return nil
}

// Precheck applies the byte, value-count and depth limits with a single
// scan of data, before any parsing.
func Precheck(data []byte, lim Limits) error {
	lim = lim.withDefaults()
	if len(data) > lim.MaxBytes {
		return &LimitError{What: fmt.Sprintf("input of %d bytes is too large", len(data)), Limit: lim.MaxBytes, Env: EnvMaxBytes}
	}
	values := 0
	inWord := false
	var (
		flow     int
		stack    []int // indentation of the open block levels
		inDouble bool
		inSingle bool
		lineNo   = 1
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
				for len(stack) > 0 && stack[len(stack)-1] >= indent {
					stack = stack[:len(stack)-1]
				}
				stack = append(stack, indent)
				blockDepth = len(stack)
				// Each "- " or "? " at the start of the line opens a level.
				for j+1 < len(data) && (data[j] == '-' || data[j] == '?') && (data[j+1] == ' ' || data[j+1] == '\n') {
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
			if c == '\n' {
				lineNo++
				i++
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
				switch {
				case c == '#' && (prev == ' ' || prev == '\t' || prev == '\n'):
					for i < len(data) && data[i] != '\n' {
						i++
					}
					i-- // the newline is handled by the loop
				case c == '"' && tokenStart:
					inDouble = true
				case c == '\'' && tokenStart:
					inSingle = true
				case c == '[' || c == '{':
					flow++
					if blockDepth+flow > lim.MaxDepth {
						return tooDeep(blockDepth + flow)
					}
				case c == ']' || c == '}':
					if flow > 0 {
						flow--
					}
				}
			}
			prev = c
		}
	}
	return nil
}

// walker checks a syntax tree against the Go type it will be decoded into.
type walker struct {
	anchors map[string]int // expanded size of each anchor
	nodes   int
	lim     Limits
	keys    map[string]bool // dotted paths of keys at struct levels
	// outerAliases lets an alias refer to an anchor the walk has not seen
	// (NodeDecoder walks one part of a document already walked whole).
	outerAliases bool
}

func line(n ast.Node) int {
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line
	}
	return 0
}

// walk returns the expanded size of n (nodes counted with aliases
// expanded), checking tags, aliases and integer fields of type t (nil:
// anything).
func (w *walker) walk(n ast.Node, t reflect.Type, path string) (int, error) {
	if n == nil {
		return 0, nil
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && t.Kind() == reflect.Interface {
		t = nil
	}
	size := 1
	add := func(k int) error {
		size += k
		if size > w.lim.MaxNodes || w.nodes+size > w.lim.MaxNodes {
			return &LimitError{What: fmt.Sprintf("line %d: %sthe input expands (through aliases) to more than %d nodes", line(n), at(path), w.lim.MaxNodes), Limit: w.lim.MaxNodes, Env: EnvMaxNodes}
		}
		return nil
	}
	switch n := n.(type) {
	case *ast.TagNode:
		return 0, fmt.Errorf("line %d: %sYAML tag %s is not supported; remove it", line(n), at(path), n.Start.Value)
	case *ast.AnchorNode:
		k, err := w.walk(n.Value, t, path)
		if err != nil {
			return 0, err
		}
		w.anchors[n.Name.String()] = k
		return k, nil
	case *ast.AliasNode:
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
		return k, nil
	case *ast.MappingNode:
		for _, mv := range n.Values {
			k, err := w.walk(mv, t, path)
			if err != nil {
				return 0, err
			}
			if err := add(k); err != nil {
				return 0, err
			}
		}
	case *ast.MappingValueNode:
		key := n.Key.String()
		if _, isTag := n.Key.(*ast.TagNode); isTag {
			return 0, fmt.Errorf("line %d: %sYAML tag on key %s is not supported; remove it", line(n), at(path), key)
		}
		if _, isAlias := n.Key.(*ast.AliasNode); isAlias {
			return 0, fmt.Errorf("line %d: %san alias as a key is not supported", line(n), at(path))
		}
		var vt reflect.Type
		if t != nil {
			switch t.Kind() {
			case reflect.Struct:
				vt = fieldType(t, key)
				w.keys[join(path, key)] = true
			case reflect.Map:
				vt = t.Elem()
			}
		}
		k, err := w.walk(n.Value, vt, join(path, key))
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
		for i, v := range n.Values {
			k, err := w.walk(v, et, fmt.Sprintf("%s[%d]", path, i))
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
			f, _ := n.GetValue().(float64)
			if f != math.Trunc(f) || math.IsInf(f, 0) || math.IsNaN(f) {
				return 0, fmt.Errorf("line %d: %s%s is not an integer", line(n), at(path), n.GetToken().Value)
			}
		}
	case *ast.InfinityNode, *ast.NanNode:
		if t != nil && isInt(t.Kind()) {
			return 0, fmt.Errorf("line %d: %s%s is not an integer", line(n), at(path), n.GetToken().Value)
		}
	case *ast.StringNode:
		if t != nil && isInt(t.Kind()) {
			// The decoder reads 1e2 (a string in YAML 1.1) into an int;
			// make sure a fraction is not truncated.
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil && f != math.Trunc(f) {
				return 0, fmt.Errorf("line %d: %s%s is not an integer", line(n), at(path), n.Value)
			}
		}
	}
	return size, nil
}

func isInt(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// fieldType returns the type of the struct field with YAML key key (nil if
// none: the strict decoder reports unknown keys).
func fieldType(t reflect.Type, key string) reflect.Type {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := f.Tag.Get("yaml")
		if j := strings.IndexByte(name, ','); j >= 0 {
			if strings.Contains(name[j:], "inline") && f.Type.Kind() == reflect.Struct {
				if ft := fieldType(f.Type, key); ft != nil {
					return ft
				}
			}
			name = name[:j]
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if name == key && f.IsExported() {
			return f.Type
		}
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func at(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}

// shorten cuts each line of a formatted decoder error (which quotes the
// input) to 160 bytes and the whole to 40 lines, so that a hostile input
// does not flood the terminal.
func shorten(msg string) string {
	lines := strings.Split(msg, "\n")
	if len(lines) > 40 {
		lines = append(lines[:40], "…")
	}
	for i, l := range lines {
		if len(l) > 160 {
			cut := 160
			for cut > 0 && !utf8.RuneStart(l[cut]) {
				cut--
			}
			lines[i] = l[:cut] + "…"
		}
	}
	return strings.Join(lines, "\n")
}

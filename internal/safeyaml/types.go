package safeyaml

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// A value of the wrong type for its field (a word where a number is
// expected, a list where text is) is refused by the walk, before the
// decoder, with an error naming the key path and the line: the decoder's
// own error names Go's types and the struct field ("cannot unmarshal
// string into Go struct field Config.Init of type float64") and no key.
// What the walk lets through and the decoder still refuses is reworded
// the same way by decodeError, which finds the key from the error's
// position.

// typeError returns an error if the node n (walked at path) cannot be
// decoded into a value of type t (nil: anything; pointers removed). Types
// that decode themselves (an UnmarshalYAML method, time's, the decoder's
// own MapSlice) are not checked here.
func typeError(n ast.Node, t reflect.Type, path *keyPath) error {
	if t == nil || decodesItself(t) || accepts(n, t) {
		return nil
	}
	return mismatch(n, path, t)
}

// decodesItself reports that values of type t are decoded by their own
// method or by a rule of the decoder for the type, rather than by the
// rules of its kind.
func decodesItself(t reflect.Type) bool {
	if v, ok := selfDecoding.Load(t); ok {
		return v.(bool)
	}
	v := decodesItselfUncached(t)
	selfDecoding.Store(t, v)
	return v
}

// selfDecoding caches decodesItself by type (the walk asks for every
// node).
var selfDecoding sync.Map

func decodesItselfUncached(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	for _, m := range []string{"UnmarshalYAML", "UnmarshalText", "UnmarshalJSON"} {
		if _, ok := pt.MethodByName(m); ok {
			return true
		}
	}
	switch t.PkgPath() {
	case "time", "github.com/goccy/go-yaml":
		return true
	}
	return false
}

// accepts reports that the decoder reads the node n into a value of type
// t (as far as its kind says: an integer's range, a fraction in an
// integer field and a quoted number are checked by walk itself).
func accepts(n ast.Node, t reflect.Type) bool {
	k := t.Kind()
	mapping := k == reflect.Struct || k == reflect.Map
	list := k == reflect.Slice || k == reflect.Array
	number := isInt(k) || k == reflect.Float64 || k == reflect.Float32
	switch n := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return mapping
	case *ast.SequenceNode:
		return list
	case *ast.BoolNode:
		return k == reflect.Bool || k == reflect.String
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return number || k == reflect.String
	case *ast.LiteralNode: // a block of text (| or >)
		return !mapping && !list && k != reflect.Bool
	case *ast.StringNode:
		switch {
		case k == reflect.String:
			return true
		case !number:
			return false
		case quoted(n):
			return true // walk says why a quoted value is not a number
		}
		_, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
		// An integer field leaves a number beyond its range to walk
		// (intString), which names the range. A hexadecimal (octal,
		// binary) integer too long for 64 bits, which the float parser
		// refuses as a syntax error, is refused by mismatch, naming the
		// range too (beyond64).
		return err == nil || (isInt(k) && errors.Is(err, strconv.ErrRange))
	}
	// Null (the zero value), and the nodes walk checks itself: anchors,
	// aliases, tags, explicit keys.
	return true
}

// mismatch is the error for the node n at path, which the decoder cannot
// read into a value of type t: "record.tensorboard: yes is not true or
// false", "init.x[0]: 1e400 is not a finite number …", "name: need text,
// not a mapping".
func mismatch(n ast.Node, path *keyPath, t reflect.Type) error {
	want := expected(t)
	k := t.Kind()
	var what string
	switch n := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		what = "a mapping (key: value)"
	case *ast.SequenceNode:
		what = "a list"
	case *ast.LiteralNode:
		what = "a block of text"
	case *ast.StringNode:
		if isInt(k) && !quoted(n) && beyond64(n.Value) {
			return fmt.Errorf("line %d: %s%s %w", line(n), at(path), short(n.Value), rangeError(t))
		}
		if (k == reflect.Float64 || k == reflect.Float32) && !quoted(n) {
			if err := wideIntegerError(n.Value); err != nil {
				return fmt.Errorf("line %d: %s%s %w", line(n), at(path), short(n.Value), err)
			}
			if _, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); errors.Is(err, strconv.ErrRange) {
				return fmt.Errorf("line %d: %s%s is not a finite number (beyond the range of a float64, about ±1.8e308)", line(n), at(path), short(n.Value))
			}
			if plusInf(n.Value) {
				return plusInfError(n, path)
			}
		}
		what = scalarText(n)
	default:
		what = scalarText(n)
	}
	switch k {
	case reflect.Struct, reflect.Map, reflect.Slice, reflect.Array:
		return fmt.Errorf("line %d: %sneed %s, not %s", line(n), at(path), want, what)
	}
	if _, isScalar := n.(ast.ScalarNode); !isScalar {
		return fmt.Errorf("line %d: %sneed %s, not %s", line(n), at(path), want, what)
	}
	return fmt.Errorf("line %d: %s%s is not %s", line(n), at(path), what, want)
}

// beyond64 reports that s is an integer written in hexadecimal (0x),
// octal (0o) or binary (0b), with a sign or not, too long for 64 bits
// (0x1FFFFFFFFFFFFFFFFF): the YAML reader leaves it as text, and the
// float parser, which reads a decimal integer of any length, refuses it
// as a syntax error, where it is an integer outside the range of every
// integer field, as the same number written in decimal is.
func beyond64(s string) bool {
	_, err := strconv.ParseInt(strings.TrimSpace(s), 0, 64)
	return errors.Is(err, strconv.ErrRange)
}

// expected says in words what a value of type t must be.
func expected(t reflect.Type) string {
	switch k := t.Kind(); {
	case k == reflect.Bool:
		return "true or false"
	case isInt(k):
		return "an integer"
	case k == reflect.Float64 || k == reflect.Float32:
		return "a number"
	case k == reflect.String:
		return "text"
	case k == reflect.Slice || k == reflect.Array:
		return "a list"
	case k == reflect.Struct || k == reflect.Map:
		return "a mapping (key: value)"
	default:
		return "a value of kind " + k.String()
	}
}

// quoted reports that the string node n was written in quotes.
func quoted(n *ast.StringNode) bool {
	tok := n.GetToken()
	return tok != nil && (tok.Type == token.DoubleQuoteType || tok.Type == token.SingleQuoteType)
}

// scalarText is the text of a scalar node as written (a quoted string in
// quotes), cut to a length an error message can hold.
func scalarText(n ast.Node) string {
	if s, ok := n.(*ast.StringNode); ok {
		if quoted(s) {
			return short(strconv.Quote(s.Value))
		}
		return short(s.Value)
	}
	if tok := n.GetToken(); tok != nil {
		return short(tok.Value)
	}
	return short(n.String())
}

// short cuts s to 40 bytes (at a character boundary) and marks the cut.
func short(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// decodeError words an error of the decoder for the user. A type
// mismatch, an overflow or a node of the wrong kind (which walk's checks
// should have caught first) names the key path and line of the value,
// found by the error's position in the tree root returns (at path; nil:
// none);
// other errors (an unknown key, a duplicate key) are formatted with their
// position and the lines around it of src, the input (errorText; nil:
// rebuilt from the error's tokens).
func decodeError(err error, src []byte, root func() ast.Node, path *keyPath) error {
	var (
		te   *yaml.TypeError
		oe   *yaml.OverflowError
		ue   *yaml.UnexpectedNodeTypeError
		tok  *token.Token
		want reflect.Type
	)
	switch {
	case errors.As(err, &te):
		tok, want = te.Token, te.DstType
	case errors.As(err, &oe):
		tok, want = oe.Token, oe.DstType
	case errors.As(err, &ue):
		tok = ue.Token
		switch ue.Expected {
		case ast.MappingType:
			want = reflect.TypeOf(map[string]any(nil))
		case ast.SequenceType:
			want = reflect.TypeOf([]any(nil))
		}
	}
	if tok != nil && tok.Position != nil && want != nil {
		if n, path := nodeAt(root(), path, tok.Position); n != nil {
			if oe != nil {
				if v, err := strconv.ParseInt(strings.TrimSpace(tok.Value), 0, 64); err == nil && v < 0 && isUnsigned(want.Kind()) {
					// A negative hexadecimal (octal, binary) integer in an
					// unsigned field (-0x1): outside its range, as -1 is.
					return fmt.Errorf("line %d: %s%s %w", line(n), at(path), scalarText(n), rangeError(want))
				}
				return fmt.Errorf("line %d: %s%s: the YAML reader cannot take this as %s (%s); write it as a plain integer", line(n), at(path), scalarText(n), expected(want), want)
			}
			return mismatch(n, path, want)
		}
	}
	return errors.New(errorText(err, src))
}

// nodeAt returns the first node below n (n itself included, in the
// document's order) at position pos, and its key path below path; nil if
// there is none. Aliases are not followed: an error in an alias's value
// is reported where the alias stands, and the decoder gives the alias's
// position.
func nodeAt(n ast.Node, path *keyPath, pos *token.Position) (ast.Node, *keyPath) {
	if n == nil {
		return nil, nil
	}
	if tok := n.GetToken(); tok != nil && tok.Position != nil && tok.Position.Line == pos.Line && tok.Position.Column == pos.Column {
		return n, path
	}
	switch n := n.(type) {
	case *ast.MappingNode:
		for _, mv := range n.Values {
			if found, p := nodeAt(mv, path, pos); found != nil {
				return found, p
			}
		}
	case *ast.MappingValueNode:
		return nodeAt(n.Value, path.key(Key(n)), pos)
	case *ast.SequenceNode:
		for i, v := range n.Values {
			if found, p := nodeAt(v, path.index(i), pos); found != nil {
				return found, p
			}
		}
	case *ast.AnchorNode:
		return nodeAt(n.Value, path, pos)
	}
	return nil, nil
}

// plusInf reports that s is YAML's +.inf (+.Inf, +.INF): infinity in
// YAML 1.2, which the YAML reader here leaves as text, where it reads
// .inf and -.inf as the numbers.
func plusInf(s string) bool {
	switch strings.TrimSpace(s) {
	case "+.inf", "+.Inf", "+.INF":
		return true
	}
	return false
}

// plusInfError is the error for +.inf (plusInf) where a number is
// expected: it is infinity, not a word (it was called "not a number").
func plusInfError(n ast.Node, path *keyPath) error {
	return fmt.Errorf("line %d: %s%s is infinity written with a plus sign, which the YAML reader cannot take; write .inf (a key that needs a finite number refuses infinity however written)", line(n), at(path), scalarText(n))
}

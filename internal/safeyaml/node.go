package safeyaml

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// NodeDecoder decodes the values of one mapping of a document that is
// being decoded by Unmarshal, for a type whose UnmarshalYAML splits its
// mapping between several Go values (package experiment's `dynamics:`
// block: the common keys, then the keys of the chosen kind). It decodes
// strictly, with Unmarshal's checks of integer fields and types and its
// limits, and its errors name the line. An alias in the mapping may refer
// to an anchor defined before it in the document, outside the mapping
// too (NewNodeDecoderContext), and is checked as the key it stands under.
type NodeDecoder struct {
	dec *yaml.Decoder
	lim Limits
	// anchors and anchored are the anchors the decoder knows (walker's),
	// so that an alias is checked as the value it stands for where it is
	// used.
	anchors  map[string]int
	anchored map[string]ast.Node
	// whole: the anchors of the whole document before the block are
	// known, so that an alias to no known anchor is an error of the walk.
	whole bool
	// src is the document's input, which errors quote (nil: rebuilt
	// from the tokens).
	src []byte
}

// docKey is the context key of the *document that Unmarshal gives the
// decoder, for the UnmarshalYAML(context.Context, ast.Node) methods below
// it (NewNodeDecoderContext).
type docKey struct{}

// document is what a NodeDecoder needs of the document being decoded:
// its anchors in the order they are defined, the limits in force, and
// the input, which its errors quote.
type document struct {
	lim     Limits
	anchors []anchorDef
	src     []byte
}

// anchorDef is an anchor of a document: its name, node (from Unmarshal's
// parse, at the same position as the decoder's copy) and expanded size.
type anchorDef struct {
	name string
	node *ast.AnchorNode
	size int
}

// NewNodeDecoder returns a decoder for the values below block (a mapping
// node of a parsed document) that knows only the anchors block defines:
// an alias to an anchor outside it is an error. Called from an
// UnmarshalYAML with a context, use NewNodeDecoderContext.
func NewNodeDecoder(block ast.Node) (*NodeDecoder, error) {
	return NewNodeDecoderContext(context.Background(), block)
}

// NewNodeDecoderContext returns a decoder for the values below block (a
// mapping node of a parsed document). When ctx is the context Unmarshal
// gives an UnmarshalYAML(ctx, node) method, the decoder knows the anchors
// the document defines before block as well as those block defines, and
// applies Unmarshal's limits; otherwise (any other context) it is
// NewNodeDecoder's, with the default limits.
func NewNodeDecoderContext(ctx context.Context, block ast.Node) (*NodeDecoder, error) {
	d := &NodeDecoder{
		dec:      yaml.NewDecoder(&bytes.Buffer{}, yaml.Strict()),
		lim:      DefaultLimits().withDefaults(),
		anchors:  map[string]int{},
		anchored: map[string]ast.Node{},
	}
	if doc, ok := ctx.Value(docKey{}).(*document); ok && doc != nil {
		d.lim, d.whole, d.src = doc.lim, true, doc.src
		start := blockStart(block)
		for _, a := range doc.anchors {
			if start == nil || !before(a.node, start) {
				continue
			}
			var v any // registers the anchor with the decoder
			if err := d.run(a.node, &v, nil, nil); err != nil {
				return nil, err
			}
			d.anchors[a.name], d.anchored[a.name] = a.size, a.node.Value
		}
	}
	var all any // registers the anchors of block
	if err := d.run(block, &all, nil, nil); err != nil {
		return nil, err
	}
	w := d.walker()
	if _, err := w.walk(block, nil, nil); err != nil {
		return nil, err
	}
	d.anchors, d.anchored = w.anchors, w.anchored
	return d, nil
}

// walker returns a walker with the decoder's limits and anchors.
func (d *NodeDecoder) walker() *walker {
	w := newWalker(d.lim)
	w.outerAliases = !d.whole
	for name, size := range d.anchors {
		w.anchors[name], w.anchored[name] = size, d.anchored[name]
	}
	return w
}

// blockStart returns the position where block begins: its first key, or
// its own token when it has no pairs.
func blockStart(block ast.Node) *token.Position {
	if pairs, ok := Pairs(block); ok && len(pairs) > 0 && pairs[0].Key != nil {
		if t := pairs[0].Key.GetToken(); t != nil && t.Position != nil {
			return t.Position
		}
	}
	if t := block.GetToken(); t != nil {
		return t.Position
	}
	return nil
}

// before reports that the anchor a is written before the position p.
func before(a *ast.AnchorNode, p *token.Position) bool {
	t := a.GetToken()
	if t == nil || t.Position == nil {
		return false
	}
	q := t.Position
	return q.Line < p.Line || (q.Line == p.Line && q.Column < p.Column)
}

// Decode decodes n (a node below the block) into v, a pointer. When v
// points to a pointer, a null leaves it nil and any other value is decoded
// into a new value it then points to.
func (d *NodeDecoder) Decode(n ast.Node, v any) error { return d.DecodeAt(n, v, "") }

// DecodeAt is Decode for the node of the key path at (dot-separated, e.g.
// "dynamics.reg"), which the errors of the checks on its values name.
func (d *NodeDecoder) DecodeAt(n ast.Node, v any, at string) error {
	return bounded(d.decodeAt(n, v, at))
}

func (d *NodeDecoder) decodeAt(n ast.Node, v any, at string) error {
	path := dottedPath(at)
	w := d.walker()
	if _, err := w.walk(n, reflect.TypeOf(v), path); err != nil {
		return err
	}
	if dst := reflect.ValueOf(v).Elem(); dst.Kind() == reflect.Pointer {
		if n.Type() == ast.NullType {
			dst.SetZero()
			return nil
		}
		nv := reflect.New(dst.Type().Elem())
		if err := d.decodeAt(n, nv.Interface(), at); err != nil {
			return err
		}
		dst.Set(nv)
		return nil
	}
	return d.run(n, v, path, w.unknown)
}

// DecodeNumericAt is DecodeAt for the value of a field tagged
// safeyaml:"numeric" (v points to an any or a map[string]any): a quoted
// number anywhere in it is an error, as Unmarshal makes it below such a
// field.
func (d *NodeDecoder) DecodeNumericAt(n ast.Node, v any, at string) error {
	path := dottedPath(at)
	w := d.walker()
	if _, err := w.walk(n, numericValues, path); err != nil {
		return bounded(err)
	}
	return bounded(d.run(n, v, path, nil))
}

// dottedPath is the key path of the dot-separated keys at (nil for "").
func dottedPath(at string) *keyPath {
	var path *keyPath
	if at != "" {
		for _, k := range strings.Split(at, ".") {
			path = path.key(k)
		}
	}
	return path
}

// run decodes n (at path) into v, turning a panic into an error and
// formatting the decoder's errors with their lines (decodeError); of a
// mapping's unknown keys, the error names the first the document writes
// with the keys its level takes, when the walk of n recorded them in
// unknown (as Unmarshal's errors do).
func (d *NodeDecoder) run(n ast.Node, v any, path *keyPath, unknown []unknownKey) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("line %d: the YAML decoder failed on this input (%s)", line(n), panicText(r, d.src))
		}
	}()
	if err := d.dec.DecodeFromNode(n, v); err != nil {
		err = firstUnknownError(err, unknown)
		return decodeError(err, d.src, func() ast.Node { return n }, path)
	}
	return nil
}

// Pairs returns the key–value pairs of a mapping node (nil, false if n is
// not a mapping).
func Pairs(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

// Line returns the line of node n in its document (0 if unknown).
func Line(n ast.Node) int { return line(n) }

// Key returns the key of a mapping pair as the decoder reads it (the text
// of a quoted key without its quotes).
func Key(p *ast.MappingValueNode) string {
	if s, ok := p.Key.(*ast.StringNode); ok {
		return s.Value
	}
	if t := p.Key.GetToken(); t != nil {
		return t.Value
	}
	return p.Key.String()
}

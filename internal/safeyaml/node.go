package safeyaml

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// NodeDecoder decodes the values of one mapping of a document that is
// being decoded by Unmarshal, for a type whose UnmarshalYAML(ast.Node)
// splits its mapping between several Go values (package experiment's
// `dynamics:` block: the common keys, then the keys of the chosen kind).
// It decodes strictly, with Unmarshal's checks of integer fields, and its
// errors name the line. Anchors defined inside the mapping may be used by
// aliases inside it; an alias to an anchor outside it is an error.
type NodeDecoder struct {
	dec *yaml.Decoder
	// anchors and anchored are the anchors block defines (walker's), so
	// that an alias is checked as the value it stands for where it is
	// used.
	anchors  map[string]int
	anchored map[string]ast.Node
}

// NewNodeDecoder returns a decoder for the values below block (a mapping
// node of a parsed document), with the anchors block defines.
func NewNodeDecoder(block ast.Node) (*NodeDecoder, error) {
	d := &NodeDecoder{dec: yaml.NewDecoder(&bytes.Buffer{}, yaml.Strict())}
	var all any // registers the anchors of block
	if err := d.run(block, &all); err != nil {
		return nil, err
	}
	w := newWalker(DefaultLimits().withDefaults())
	w.outerAliases = true
	if _, err := w.walk(block, nil, nil); err != nil {
		return nil, err
	}
	d.anchors, d.anchored = w.anchors, w.anchored
	return d, nil
}

// Decode decodes n (a node below the block) into v, a pointer. When v
// points to a pointer, a null leaves it nil and any other value is decoded
// into a new value it then points to.
func (d *NodeDecoder) Decode(n ast.Node, v any) error { return d.DecodeAt(n, v, "") }

// DecodeAt is Decode for the node of the key path at (dot-separated, e.g.
// "dynamics.reg"), which the errors of the checks on its values name.
func (d *NodeDecoder) DecodeAt(n ast.Node, v any, at string) error {
	var path *keyPath
	if at != "" {
		for _, k := range strings.Split(at, ".") {
			path = path.key(k)
		}
	}
	w := newWalker(DefaultLimits().withDefaults())
	w.outerAliases = true
	for name, size := range d.anchors {
		w.anchors[name], w.anchored[name] = size, d.anchored[name]
	}
	if _, err := w.walk(n, reflect.TypeOf(v), path); err != nil {
		return err
	}
	if dst := reflect.ValueOf(v).Elem(); dst.Kind() == reflect.Pointer {
		if n.Type() == ast.NullType {
			dst.SetZero()
			return nil
		}
		nv := reflect.New(dst.Type().Elem())
		if err := d.DecodeAt(n, nv.Interface(), at); err != nil {
			return err
		}
		dst.Set(nv)
		return nil
	}
	return d.run(n, v)
}

// run decodes n into v, turning a panic into an error and formatting the
// decoder's errors with their lines.
func (d *NodeDecoder) run(n ast.Node, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("line %d: the YAML decoder failed on this input (%v)", line(n), r)
		}
	}()
	if err := d.dec.DecodeFromNode(n, v); err != nil {
		return errors.New(shorten(yaml.FormatError(err, false, true)))
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

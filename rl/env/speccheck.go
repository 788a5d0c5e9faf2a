package env

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// maxIDLen is the longest ID Register accepts, in bytes.
const maxIDLen = 100

// idRule states what Register accepts as an ID.
const idRule = "an ID is a name of ASCII letters, digits, '_', '-' and '.' that starts with a letter or digit, " +
	"optionally after a namespace of the same and a '/', at most 100 bytes, like \"CartPole-v1\" or \"ns/Name-v0\""

// validID returns nil if id is an acceptable environment ID, and otherwise
// an error saying why not: Gymnasium's form [namespace/]name (Gymnasium
// writes names as Name-vN) restricted to characters that survive configs,
// the tab-separated `stackel envs` listing, comma-separated --envs lists
// and file names: ASCII letters, digits, '_', '-' and '.', each part
// starting with a letter or digit (not a flag's '-' nor a hidden file's
// '.').
func validID(id string) error {
	if len(id) > maxIDLen {
		return fmt.Errorf("it is %d bytes long", len(id))
	}
	for i, r := range id {
		if !(r < 0x80 && (isAlnum(byte(r)) || strings.ContainsRune("_-./", r))) {
			return fmt.Errorf("%q at byte %d", r, i)
		}
	}
	ns, name, hasNS := strings.Cut(id, "/")
	if n := strings.Count(id, "/"); n > 1 {
		return fmt.Errorf("it has %d '/' (one namespace at most)", n)
	}
	if !hasNS {
		name = ns
	}
	for _, p := range []struct{ what, s string }{{"namespace", ns}, {"name", name}} {
		if p.what == "namespace" && !hasNS {
			continue
		}
		if p.s == "" {
			return fmt.Errorf("its %s is empty", p.what)
		}
		if !isAlnum(p.s[0]) {
			return fmt.Errorf("its %s starts with %q", p.what, rune(p.s[0]))
		}
	}
	return nil
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// nilSpace reports that s is no space: nil, or a nil pointer (map, …) of
// a space type.
func nilSpace(s Space) bool { return s == nil || nilPointer(s) }

// spaceDiff returns "" if a and b are the same space, and otherwise their
// first difference, a's side first ("dimension 3 against 2"): their
// types, a Discrete's N, a Box's shape and bounds; spaces of another type
// must agree in Dim, Shape and String.
func spaceDiff(a, b Space) string {
	switch na, nb := nilSpace(a), nilSpace(b); {
	case na && nb:
		return ""
	case na:
		return fmt.Sprintf("nil against %T", b)
	case nb:
		return fmt.Sprintf("%T against nil", a)
	}
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return fmt.Sprintf("%T against %T", a, b)
	}
	if da, db := a.Dim(), b.Dim(); da != db {
		return fmt.Sprintf("dimension %d against %d", da, db)
	}
	if sa, sb := a.Shape(), b.Shape(); !slices.Equal(sa, sb) {
		return fmt.Sprintf("shape %v against %v", sa, sb)
	}
	switch a := a.(type) {
	case Discrete:
		if n := b.(Discrete).N; a.N != n {
			return fmt.Sprintf("N %d against %d", a.N, n)
		}
		return ""
	case *Box:
		bb := b.(*Box)
		for _, f := range []struct {
			name string
			x, y []float64
		}{{"Low", a.Low, bb.Low}, {"High", a.High, bb.High}} {
			for i := range f.x {
				if !(f.x[i] == f.y[i]) {
					return fmt.Sprintf("%s[%d] %v against %v", f.name, i, f.x[i], f.y[i])
				}
			}
		}
		return ""
	}
	if sa, sb := a.String(), b.String(); sa != sb {
		return fmt.Sprintf("%s against %s", sa, sb)
	}
	return ""
}

// spaceText is s's String, or <nil> for no space.
func spaceText(s Space) string {
	if nilSpace(s) {
		return "<nil>"
	}
	return s.String()
}

// checkInstance returns an error when e's spaces are not s's declared
// ones (Obs, Act where set), as Make checks every instance it builds.
func checkInstance(s Spec, e Env) error {
	for _, f := range []struct {
		field, what string
		decl        Space
		inst        func() Space
	}{{"Obs", "observation", s.Obs, e.ObservationSpace}, {"Act", "action", s.Act, e.ActionSpace}} {
		if f.decl == nil {
			continue
		}
		inst := f.inst()
		if d := spaceDiff(inst, f.decl); d != "" {
			return fmt.Errorf("env: %s: the %s space of its instance, %s, is not the registered Spec.%s %s (%s); "+
				"declare the instance's space in Spec.%s, or leave it nil to have it read from an instance",
				s.ID, f.what, spaceText(inst), f.field, spaceText(f.decl), d, f.field)
		}
	}
	return nil
}

package learn

import (
	"fmt"
	"math"
	"reflect"

	"github.com/stackel/stackel/game"
)

// sameGame returns an error unless g, the game given to Run, is the game
// the dynamic was built on: of the same type and equal as sameValue tells
// it (the same value, or pointers to equal values, at any depth: two
// game.Builtin or game.NewBimatrix calls with the same parameters, two
// SwapRoles of equal games, are the same game). The steps follow the
// dynamic's game and Run projects, records and returns g's objectives,
// so a dynamic run on another game would mix the two without a word.
func sameGame(built, g game.Game) (err error) {
	defer func() {
		if recover() != nil { // a value reflect cannot walk: taken for the same
			err = nil
		}
	}()
	fix := "build the dynamic on the game it runs (NewStackelberg(g, …), Kind.New(g, …))"
	tb, tg := reflect.TypeOf(built), reflect.TypeOf(g)
	if tb != tg {
		return fmt.Errorf("learn.Run: the dynamic was built on game %q (%v), not on the game %q (%v) given to Run: %s", built.Name(), tb, g.Name(), tg, fix)
	}
	if !sameValue(reflect.ValueOf(built), reflect.ValueOf(g), map[[2]uintptr]bool{}) {
		return fmt.Errorf("learn.Run: the dynamic was built on another game %q (%v) than the one given to Run (another value of that type): %s", built.Name(), tb, fix)
	}
	return nil
}

// sameValue reports whether a and b, of one type, hold equal values:
// pointers the same or pointing to equal values, slices, arrays, maps,
// structs (unexported fields included) and interfaces equal element by
// element, numbers equal (NaN equal to NaN: a game's parameter compared
// with itself). What cannot be told apart is taken for equal: two
// functions both non-nil (a compiled program's closures, a user game's
// callback), channels and unsafe pointers of either value. Functions'
// code pointers are not compared: the inliner copies a closure's literal
// into each call site it inlines, so one constructor called at two sites
// can give two code pointers for equal games (tried: a game built twice
// by a func(c) Objective helper was refused). seen holds
// the pairs of pointers being compared, so a cycle ends the walk. Unlike
// reflect.DeepEqual it treats functions and NaN so, and nil and empty
// slices or maps alike.
func sameValue(a, b reflect.Value, seen map[[2]uintptr]bool) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || math.IsNaN(x) && math.IsNaN(y)
	case reflect.Complex64, reflect.Complex128:
		x, y := a.Complex(), b.Complex()
		return x == y || (x != x && y != y)
	case reflect.String:
		return a.String() == b.String()
	case reflect.Func:
		return a.IsNil() == b.IsNil()
	case reflect.Chan, reflect.UnsafePointer:
		return true
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem(), seen)
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		pa, pb := a.Pointer(), b.Pointer()
		if pa == pb {
			return true
		}
		key := [2]uintptr{pa, pb}
		if seen[key] {
			return true
		}
		seen[key] = true
		return sameValue(a.Elem(), b.Elem(), seen)
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameValue(a.Field(i), b.Field(i), seen) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i), seen) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return true
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i), seen) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return true
		}
		it := a.MapRange()
		for it.Next() {
			w := b.MapIndex(it.Key())
			if !w.IsValid() || !sameValue(it.Value(), w, seen) {
				return false
			}
		}
		return true
	}
	return true
}

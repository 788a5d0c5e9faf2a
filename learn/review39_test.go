package learn

import (
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestKindNewValidatesParams: Kind.New checks parameters that are a
// Validator, as the configuration layer does. A Go caller passing
// StackelbergParams{Leader: "z"} got a dynamic in which x led, silently.
func TestKindNewValidatesParams(t *testing.T) {
	k, ok := LookupKind("stackelberg")
	if !ok {
		t.Fatal("no stackelberg kind")
	}
	r := Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.2)}
	d, err := k.New(paperDuopoly, r, &StackelbergParams{Leader: "z"})
	want := `dynamics stackelberg: leader = "z": need x (the first player leads, default) or y`
	if err == nil || err.Error() != want || d != nil {
		t.Errorf("New: %v, %v; want %q", d, err, want)
	}
	if _, err := k.New(paperDuopoly, r, &StackelbergParams{Leader: "y"}); err != nil {
		t.Errorf("leader y: %v", err)
	}
}

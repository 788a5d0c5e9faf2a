package equilib

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// TestPointJSONEmptyEigJS: where J_S is undefined (D2² f2 = 0 at (0, 0) of
// the zero-sum game with c = 0) the README's "eig_JS is empty" must be the
// JSON list [], not null (it was null: a consumer iterating over it failed).
func TestPointJSONEmptyEigJS(t *testing.T) {
	p, err := Analyze(zeroSum{a: 1, b: 1, c: 0}, []float64{0}, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"eig_JS":[]`) {
		t.Errorf("JSON %s: want \"eig_JS\":[]", b)
	}
}

// TestSearchEmptyFields: Fields = []Field{} (not nil) ran no start and
// returned no point and no error, as if the duopoly had no critical point.
func TestSearchEmptyFields(t *testing.T) {
	_, err := Search(duopoly{a: 100, c1: 5, c2: 2}, SearchOptions{Fields: []Field{}, Lo: []float64{0, 0}, Hi: []float64{50, 50}})
	want := "search.fields: empty list (nil means both NashField and StackelbergField)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// cancelAfter is a context whose Err is nil for its first n calls and
// context.Canceled after.
type cancelAfter struct{ n int }

func (c *cancelAfter) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c *cancelAfter) Done() <-chan struct{}       { return nil }
func (c *cancelAfter) Value(any) any               { return nil }
func (c *cancelAfter) Err() error {
	if c.n == 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

// TestSearchInterruptedCount: cancelled before the 6th start of the
// Stackelberg field, after all 4 Nash starts and 1 Stackelberg start, the
// error said "after 1 starts" (it counted the current field only).
func TestSearchInterruptedCount(t *testing.T) {
	_, err := Search(duopoly{a: 100, c1: 5, c2: 2}, SearchOptions{Starts: 4, Lo: []float64{0, 0}, Hi: []float64{50, 50}, Context: &cancelAfter{n: 5}})
	want := "search interrupted after 5 of 8 starts: context canceled"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// sqrtFollower has costs f1 = x², f2 = ½y² + y√x on the degenerate box
// [0, 0]²: every start is (0, 0), where ω = 0 but D1 D2 f2 = 1/(2√x) is
// infinite. Search failed as a whole there ("the game Jacobian J is not
// finite"); such an end point is dropped like a failed start.
type sqrtFollower struct{}

func (sqrtFollower) Name() string      { return "sqrt-follower" }
func (sqrtFollower) Dims() (int, int)  { return 1, 1 }
func (sqrtFollower) Sense() game.Sense { return game.Cost }
func (sqrtFollower) Domains() (game.Domain, game.Domain) {
	b := game.Domain{Kind: game.Box, Lo: []float64{0}, Hi: []float64{0}}
	return b, b
}
func (sqrtFollower) F1(x, y *ad.Node) *ad.Node { return ad.Square(x) }
func (sqrtFollower) F2(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Scale(ad.Square(y), 0.5), ad.Mul(y, ad.Sqrt(x)))
}

func TestSearchNonFiniteJacobianRootDropped(t *testing.T) {
	pts, err := Search(sqrtFollower{}, SearchOptions{Starts: 2})
	if err != nil || len(pts) != 0 {
		t.Errorf("Search: %v, %v; want no point and no error", pts, err)
	}
	// Analyze and Polish at that point still say why.
	if _, err := Analyze(sqrtFollower{}, []float64{0}, []float64{0}); err == nil || !strings.Contains(err.Error(), "the game Jacobian J is not finite") {
		t.Errorf("Analyze: error %v", err)
	}
}

package ad

import (
	"fmt"
	"testing"
)

// TestRewindRejectsMarkInvalidatedByEarlierRewind: a Mark taken after m0
// stayed usable once the tape was rewound to m0. Reproducer: x, z leaves,
// m0 := Mark(); g1 := Grad(Sum(Square(x)), x); m1 := Mark(); Rewind(m0);
// two recordings of Grad(Sum(Square(x)), x) (past m1's node and arena
// positions), the last one's slice kept; Rewind(m1) succeeded, and the
// next Grad, of Σz² for another leaf z = (10, 20), overwrote the kept
// result: ∇x Σx² = (2, 4) read (20, 40). Rewind(m1)
// must panic and leave the tape as it was; Rewind to m0, and to a Mark
// taken after that Rewind, keep working as often as wanted.
func TestRewindRejectsMarkInvalidatedByEarlierRewind(t *testing.T) {
	tp := NewTape()
	x, z := tp.VarVec(1, 2), tp.VarVec(10, 20)
	m0 := tp.Mark()
	Grad(Sum(Square(x)), x)
	m1 := tp.Mark()
	tp.Rewind(m0)
	var kept []*Node
	for range 2 {
		kept = Grad(Sum(Square(x)), x)
	}
	n := tp.Len()
	msg := panicText(func() { tp.Rewind(m1) })
	if want := "ad: Rewind to a Mark invalidated by a Rewind to an earlier Mark"; msg != want {
		Grad(Sum(Square(z)), z)
		t.Fatalf("Rewind to a mark taken after the mark last rewound to: panic %q, want %q (kept ∇x Σx² now %v, want [2 4])",
			msg, want, kept[0].Data())
	}
	if tp.Len() != n {
		t.Errorf("after the refused Rewind the tape holds %d nodes, want %d", tp.Len(), n)
	}

	// The mark rewound to, and marks taken since, stay valid.
	for range 3 {
		tp.Rewind(m0)
		if tp.Len() != m0.nodes {
			t.Fatalf("Rewind to m0: %d nodes, want %d", tp.Len(), m0.nodes)
		}
		Square(x)
	}
	tp.Rewind(m0)
	Square(x)
	m2 := tp.Mark()
	for range 3 {
		Grad(Sum(Square(x)), x)
		tp.Rewind(m2)
		if tp.Len() != m0.nodes+1 {
			t.Fatalf("Rewind to m2: %d nodes, want %d", tp.Len(), m0.nodes+1)
		}
	}
	// Rewinding to an outer mark keeps it (and nothing after it) valid.
	tp.Rewind(m0)
	if msg := panicText(func() { tp.Rewind(m2) }); msg != "ad: Rewind to a Mark invalidated by a Rewind to an earlier Mark" {
		t.Errorf("Rewind to m2 after Rewind(m0): panic %q", msg)
	}
	tp.Rewind(m0)

	// Marks taken at one position without a Rewind between are one mark.
	a := tp.Mark()
	b := tp.Mark()
	Square(x)
	tp.Rewind(a)
	tp.Rewind(b)
	if tp.Len() != m0.nodes {
		t.Errorf("Rewind to b: %d nodes, want %d", tp.Len(), m0.nodes)
	}
}

// TestNestedMarksRewindInOrder: an inner mark rewound to repeatedly, then
// the outer one, then a fresh inner one; the stale inner mark is refused
// and no Mark taken in such a loop makes the tape keep state that grows
// with the number of products.
func TestNestedMarksRewindInOrder(t *testing.T) {
	tp := NewTape()
	x := tp.VarVec(1, 2, 3)
	outer := tp.Mark()
	var stale Mark
	for i := range 4 {
		y := Sum(Square(x))
		inner := tp.Mark()
		for range 5 {
			Grad(y, x)
			tp.Rewind(inner)
			if tp.Len() != outer.nodes+2 {
				t.Fatalf("pass %d: Rewind to inner: %d nodes, want %d", i, tp.Len(), outer.nodes+2)
			}
		}
		tp.Rewind(outer)
		if i > 0 {
			msg := panicText(func() { tp.Rewind(stale) })
			if msg != "ad: Rewind to a Mark invalidated by a Rewind to an earlier Mark" {
				t.Fatalf("pass %d: Rewind to the previous pass's inner mark: panic %q", i, msg)
			}
		}
		stale = inner
	}
	if len(tp.marks) > 2 {
		t.Errorf("the tape keeps %d marks live, want at most 2", len(tp.marks))
	}
}

// TestProgramIndexPanics: SetInput and Output with an index outside the
// Program's inputs or outputs panicked with a bare runtime "index out of
// range [2] with length 1"; the panic names the method, index and count.
func TestProgramIndexPanics(t *testing.T) {
	tp := NewTape()
	x := tp.VarVec(1, 2)
	p := Compile([]*Node{x}, []*Node{Sum(Square(x))})
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { p.SetInput(2, []float64{1, 2}) }, "ad: Program.SetInput(2): the Program has 1 input"},
		{func() { p.SetInput(-1, []float64{1, 2}) }, "ad: Program.SetInput(-1): the Program has 1 input"},
		{func() { p.Output(1) }, "ad: Program.Output(1): the Program has 1 output"},
		{func() { p.OutputNode(3) }, "ad: Program.OutputNode(3): the Program has 1 output"},
	} {
		if msg := panicText(c.f); msg != c.want {
			t.Errorf("panic %q, want %q", msg, c.want)
		}
	}
	p.SetInput(0, []float64{3, 4})
	p.Run()
	if got := fmt.Sprint(p.Output(0)); got != "[25]" {
		t.Errorf("Output(0) = %s, want [25]", got)
	}
	tq := NewTape()
	xq := tq.VarVec(1)
	q := Compile(nil, []*Node{xq, Sum(xq)})
	if msg := panicText(func() { q.SetInput(0, nil) }); msg != "ad: Program.SetInput(0): the Program has 0 inputs" {
		t.Errorf("SetInput on a Program without inputs: panic %q", msg)
	}
	if msg := panicText(func() { q.Output(2) }); msg != "ad: Program.Output(2): the Program has 2 outputs" {
		t.Errorf("Output(2) of 2: panic %q", msg)
	}
}

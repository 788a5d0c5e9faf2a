package total

import (
	"fmt"
	"strings"
	"testing"
)

// lu42Panic returns the message of the panic f raises, or "" if none.
func lu42Panic(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// LU.Solve uses the factors and pivots of the last Factorize. Before this
// check, Solve on a matrix never factored (or whose factorisation failed)
// returned finite but wrong numbers without a word — NewLU(2) with
// A = [[1, 2], [3, 4]] and b = (1, 1) gave (2, −0.5) rather than
// A⁻¹b = (−1, 1); after a failed Factorize of [[1, 2], [2, 4]],
// (−Inf, +Inf) — and a b of another length than n either panicked with
// an index out of range (shorter) or was solved on its first n elements
// only, the rest left as they were (longer). Each now panics with a
// message naming LU.Solve and the cause; a successful Factorize followed
// by Solve still gives A⁻¹b (to 1e-15).
func TestLUSolveRefusesUnfactoredOrMisfitting42(t *testing.T) {
	fill := func() *LU {
		l := NewLU(2)
		copy(l.A(), []float64{1, 2, 3, 4})
		return l
	}
	if msg := lu42Panic(func() { fill().Solve([]float64{1, 1}) }); !strings.Contains(msg, "LU.Solve") || !strings.Contains(msg, "Factorize") {
		t.Errorf("Solve before Factorize: panic %q; want one naming LU.Solve and Factorize", msg)
	}
	sing := NewLU(2)
	copy(sing.A(), []float64{1, 2, 2, 4})
	if sing.Factorize() {
		t.Fatal("singular matrix factored")
	}
	if msg := lu42Panic(func() { sing.Solve([]float64{1, 1}) }); !strings.Contains(msg, "LU.Solve") || !strings.Contains(msg, "Factorize") {
		t.Errorf("Solve after a failed Factorize: panic %q; want one naming LU.Solve and Factorize", msg)
	}
	for _, n := range []int{1, 3} {
		l := fill()
		if !l.Factorize() {
			t.Fatal("regular matrix not factored")
		}
		if msg := lu42Panic(func() { l.Solve(make([]float64, n)) }); !strings.Contains(msg, "LU.Solve") || !strings.Contains(msg, "2×2") {
			t.Errorf("Solve with %d elements on a 2×2 system: panic %q; want one naming LU.Solve and the size", n, msg)
		}
	}
	l := fill()
	if !l.Factorize() {
		t.Fatal("regular matrix not factored")
	}
	b := []float64{1, 1}
	l.Solve(b)
	if d0, d1 := b[0]+1, b[1]-1; d0*d0+d1*d1 > 1e-30 {
		t.Errorf("A⁻¹b = %v, want (−1, 1)", b)
	}
}

// TestLUSolveAfterRefillRefused: A hands out the matrix to fill, and a
// refill overwrites the factors Solve uses. Solve after a refill without
// a new Factorize used the new matrix's raw entries as factors with the
// old pivots, without a word: [[1, 2], [3, 4]] factored, then A filled
// with [[2, 1], [1, 2]] and b = (1, 1) solved to (0.5, 0) (the refill's
// A⁻¹b is (1/3, 1/3)). It panics as a Solve without Factorize does, and
// Factorize after the refill solves it (to 1e-15).
func TestLUSolveAfterRefillRefused(t *testing.T) {
	l := NewLU(2)
	copy(l.A(), []float64{1, 2, 3, 4})
	if !l.Factorize() {
		t.Fatal("regular matrix not factored")
	}
	copy(l.A(), []float64{2, 1, 1, 2})
	b := []float64{1, 1}
	if msg := lu42Panic(func() { l.Solve(b) }); !strings.Contains(msg, "LU.Solve") || !strings.Contains(msg, "Factorize") {
		t.Errorf("Solve after refilling A without Factorize: panic %q, b = %v; want a panic naming LU.Solve and Factorize", msg, b)
	}
	b = []float64{1, 1}
	if !l.Factorize() {
		t.Fatal("regular matrix not factored")
	}
	l.Solve(b)
	if d0, d1 := b[0]-1.0/3, b[1]-1.0/3; d0*d0+d1*d1 > 1e-30 {
		t.Errorf("A⁻¹b = %v, want (1/3, 1/3)", b)
	}
}

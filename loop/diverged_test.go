package loop

import (
	"fmt"
	"testing"
)

// TestDivergedErrorWithoutCause: a DivergedError built without Err (its
// fields are exported) has a message naming the quantity and is still
// Diverged. Error dereferenced the nil Err and panicked, which fmt shows
// as "%!v(PANIC=Error method: runtime error: invalid memory address or
// nil pointer dereference)".
func TestDivergedErrorWithoutCause(t *testing.T) {
	for _, c := range []struct {
		err  *DivergedError
		want string
	}{
		{&DivergedError{Quantity: "leader gradient", Iteration: 4}, "iteration 4: leader gradient diverged"},
		{&DivergedError{}, "iteration 4: diverged"},
		{&DivergedError{Quantity: "q", Err: fmt.Errorf("q is NaN")}, "iteration 4: q is NaN"},
	} {
		err := fmt.Errorf("iteration 4: %w", c.err)
		if got := err.Error(); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
		if s := StatusOf(err, false); s != Diverged || QuantityOf(err) != c.err.Quantity {
			t.Errorf("%q: status %v, quantity %q", err, s, QuantityOf(err))
		}
	}
}

// TestStatusNames pins the names of the statuses, which experiment
// publishes as the run_status of summary.json.
func TestStatusNames(t *testing.T) {
	want := []string{"running", "iteration limit", "converged", "cancelled", "diverged", "failed", "Status(6)", "Status(-1)"}
	for i, s := range []Status{Running, IterationLimit, Converged, Cancelled, Diverged, Failed, Failed + 1, -1} {
		if s.String() != want[i] {
			t.Errorf("Status(%d).String() = %q, want %q", int(s), s.String(), want[i])
		}
	}
}

package uncoupled

import (
	"testing"

	"github.com/stackel/stackel/loop"
)

// CommitmentLength is exported for users computing k_n themselves: a nil
// schedule panicked (nil dereference) and an interval n < 1, outside the
// documented n ≥ 1, gave a length without error (loop.Constant(3) at
// n = 0 gave 3).
func TestCommitmentLengthBadInput(t *testing.T) {
	for _, tc := range []struct {
		s    loop.Schedule
		n    int
		want string
	}{
		{nil, 1, "commitment: no schedule"},
		{(*Eq19)(nil), 1, "commitment: no schedule (a nil *uncoupled.Eq19)"},
		{loop.Constant(3), 0, "commitment: interval n = 0 must be ≥ 1"},
		{loop.Constant(3), -2, "commitment: interval n = -2 must be ≥ 1"},
	} {
		if k, err := CommitmentLength(tc.s, tc.n); err == nil || err.Error() != tc.want {
			t.Errorf("CommitmentLength(%v, %d) = %d, %v; want error %q", tc.s, tc.n, k, err, tc.want)
		}
	}
	if k, err := CommitmentLength(loop.Constant(2.5), 4); k != 3 || err != nil {
		t.Errorf("CommitmentLength(2.5, 4) = %d, %v; want 3, nil", k, err)
	}
}

package loop

import "testing"

// TestValueNilSchedule: NonNegative and Positive on a nil schedule are
// errors naming it, as Validate's; they dereferenced it and panicked.
func TestValueNilSchedule(t *testing.T) {
	for _, f := range []func(string, Schedule, int) (float64, error){NonNegative, Positive} {
		v, err := f("leader_lr", nil, 3)
		if err == nil || err.Error() != "leader_lr: no schedule" || v != 0 {
			t.Errorf("nil schedule: %v, %v", v, err)
		}
	}
}

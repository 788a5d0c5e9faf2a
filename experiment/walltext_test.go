package experiment

import "testing"

// TestWallText pins the summary lines' durations: three significant
// figures below a minute, seconds below an hour, minutes from then on.
func TestWallText(t *testing.T) {
	for _, c := range []struct {
		sec  float64
		want string
	}{
		{0, "0s"},
		{42e-9, "42ns"},
		{3.21456e-5, "32.1µs"},
		{0.0123456, "12.3ms"},
		{1.23456, "1.23s"},
		{12.3456, "12.3s"},
		{59.94, "59.9s"},
		{61.4, "1m1s"},
		{1234.4, "20m34s"},
		{7260, "2h1m0s"},
		{-1, "?"},
		{1e300, "∞"},
	} {
		if got := wallText(c.sec); got != c.want {
			t.Errorf("wallText(%g) = %q, want %q", c.sec, got, c.want)
		}
	}
}

package plot

import "testing"

// TestLogTicksManyDecades: a LogY axis over hundreds of decades (a
// gradient norm converging from 1e300 to 1e-300) put an unlabelled tick at
// every power of ten, 649 ticks on [-324, 324], drawn as a solid black
// bar along the axis. The unlabelled ticks are now at most 40 (here every
// 41st power), and the labelled ones are those of before: every 82nd power.
func TestLogTicksManyDecades(t *testing.T) {
	ticks := (log10Ticks{}).Ticks(-324, 324)
	if len(ticks) > 41 {
		t.Errorf("%d ticks over 649 decades, want at most 41", len(ticks))
	}
	var labels []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	want := []string{"1e-246", "1e-164", "1e-82", "1", "1e82", "1e164", "1e246"}
	if len(labels) != len(want) {
		t.Fatalf("labels %q, want %q", labels, want)
	}
	for i := range want {
		if labels[i] != want[i] {
			t.Fatalf("labels %q, want %q", labels, want)
		}
	}
	// Up to 40 decades every power keeps its tick.
	if n := len((log10Ticks{}).Ticks(-20, 19)); n != 40 {
		t.Errorf("%d ticks over 40 decades, want 40", n)
	}
}

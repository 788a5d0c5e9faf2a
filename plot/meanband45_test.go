package plot

import "testing"

// A Band other than MinMax, StdDev and StdErr was drawn as MinMax without
// a word (Band(3) from an off-by-one gave the min–max band of a figure
// meant to show standard errors).
func TestMeanBandUnknownBand(t *testing.T) {
	runs := [][]float64{{1, 2}, {3, 6}}
	for _, b := range []Band{-1, 3, 9} {
		_, err := MeanBand("m", nil, runs, b)
		want := "plot: MeanBand \"m\": unknown band " + map[Band]string{-1: "-1", 3: "3", 9: "9"}[b] + " (want MinMax, StdDev or StdErr)"
		if err == nil || err.Error() != want {
			t.Errorf("MeanBand(band %d): err = %v, want %q", b, err, want)
		}
	}
	s, err := MeanBand("m", nil, runs, StdErr)
	// mean (2, 4); sd (√2, 2√2); se = sd/√2 = (1, 2)
	if err != nil || s.Lo[0] != 1 || s.Hi[0] != 3 || s.Lo[1] != 2 || s.Hi[1] != 6 {
		t.Errorf("MeanBand(StdErr) = %+v, %v; want Lo (1, 2), Hi (3, 6)", s, err)
	}
}

package experiment

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// TestFinite checks that finite keeps every finite value exactly, up to
// ±MaxFloat64, and maps NaN and ±Inf to nil (JSON null).
func TestFinite(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want any
	}{
		{0, 0.0},
		{-2.5, -2.5},
		{1.7975e308, 1.7975e308},
		{math.MaxFloat64, math.MaxFloat64},
		{-math.MaxFloat64, -math.MaxFloat64},
		{math.NaN(), nil},
		{math.Inf(1), nil},
		{math.Inf(-1), nil},
	} {
		if got := Finite(c.v); got != c.want {
			t.Errorf("Finite(%g) = %v, want %v", c.v, got, c.want)
		}
	}
}

// TestAppendNumber checks the form of every metrics value: a whole number
// below 2⁵³ in magnitude in plain digits (iteration, stage and step
// counts of 10⁶ and more included), any other value as strconv's 'g'
// with the shortest precision writes it, and each form parsing back to
// the same bits (−0 written, and read back, as 0).
func TestAppendNumber(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{1e6, "1000000"},
		{1.25e6, "1250000"},
		{3e6, "3000000"},
		{-3e6, "-3000000"},
		{182771712, "182771712"},
		{1<<53 - 1, "9007199254740991"},
		{1 << 53, "9.007199254740992e+15"}, // from 2⁵³ on, as 'g' writes it
		{-(1 << 53), "-9.007199254740992e+15"},
		{1e300, "1e+300"},
		{2.5, "2.5"},
		{0.1, "0.1"},
		{1234567.5, "1.2345675e+06"},
		{2.5e-7, "2.5e-07"},
		{0, "0"},
		{math.Copysign(0, -1), "0"}, // 0, as equilib's points write it (since session 45)
		{7, "7"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "+Inf"},
		{math.Inf(-1), "-Inf"},
	} {
		got := string(appendNumber(nil, c.v))
		if got != c.want {
			t.Errorf("appendNumber(%v) = %q, want %q", c.v, got, c.want)
		}
		back, err := strconv.ParseFloat(got, 64)
		if err != nil || (math.Float64bits(back) != math.Float64bits(c.v+0) && !math.IsNaN(c.v)) { // −0 reads back as 0
			t.Errorf("%q parses as %v (%v), want the bits of %v", got, back, err, c.v)
		}
	}
}

// TestCSVRowIntegers: CSVWriter.Row writes 10⁶ as 1000000 (an integer
// column's value that Atoi, typed CSV schemas and pandas' dtype inference
// read as an integer), 2.5, 1e300 and 0.1 as before.
func TestCSVRowIntegers(t *testing.T) {
	path := filepath.Join(t.TempDir(), MetricsFile)
	c, err := NewCSV(path, []string{"iter", "a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Row(1e6, 2.5, 1e300, 0.1); err != nil {
		t.Fatal(err)
	}
	if err := c.Row(2e6, -0.5, 1e-300, 3); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "iter,a,b,c\n1000000,2.5,1e+300,0.1\n2000000,-0.5,1e-300,3\n"; string(got) != want {
		t.Errorf("metrics.csv:\n%s\nwant:\n%s", got, want)
	}
}

// TestResumeOldMetricsForm: an RL run whose metrics.csv was written by an
// earlier stackel (steps of 10⁶ and more as 1e+06, 2e+06) resumes: the
// rows up to the checkpoint are kept byte for byte and read with their
// values (steps per second 2·10⁶ over the epochs' 4 s), the rows after it
// are dropped, new rows are appended in the plain form, and the file of
// both forms resumes again.
func TestResumeOldMetricsForm(t *testing.T) {
	header := agent.EpochStats{}.Columns()
	epoch := func(k int) agent.EpochStats {
		return agent.EpochStats{Epoch: k, Steps: k * 1000000, Episodes: 3, AvgReturn: 10.5 * float64(k), AvgLength: 100,
			TestReturn: math.NaN(), TestLength: math.NaN(), CGIters: math.NaN(), CGResidual: math.NaN(),
			HessMin: math.NaN(), HessMax: math.NaN(), Updates: 1000000, Seconds: 2}
	}
	oldRow := func(st agent.EpochStats) string { // the earlier writer: 'g' throughout
		var b []byte
		for i, v := range st.Values() {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
		return string(append(b, '\n'))
	}
	old := strings.Join(header, ",") + "\n" + oldRow(epoch(1)) + oldRow(epoch(2))
	if !strings.Contains(old, "\n2,2e+06,") {
		t.Fatalf("the old form's rows: %s", old)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, MetricsFile)
	// Epoch 3 was written after the checkpoint at epoch 2: dropped.
	if err := os.WriteFile(path, []byte(old+oldRow(epoch(3))), 0o644); err != nil {
		t.Fatal(err)
	}
	var sum RLSummary
	c, err := openMetrics(path, 2, false, &sum, RLThreshold{}, false)
	if err != nil {
		t.Fatalf("resuming from old-form rows: %v", err)
	}
	if sum.StepsPerSecond != 500000 || sum.Final.AvgReturn != 21 {
		t.Errorf("summary from the kept rows: %g steps/s, avg return %g; want 500000 and 21", sum.StepsPerSecond, sum.Final.AvgReturn)
	}
	if err := c.Row(epoch(3).Values()...); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	newRow := "3,3000000,3,31.5,100,NaN,NaN,0,0,0,0,0,NaN,NaN,NaN,NaN,0,1000000,2\n"
	if string(got) != old+newRow {
		t.Errorf("metrics.csv after the resumed epoch:\n%s\nwant:\n%s", got, old+newRow)
	}
	var again RLSummary
	c, err = openMetrics(path, 3, false, &again, RLThreshold{}, false)
	if err != nil {
		t.Fatalf("resuming from rows of both forms: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	for i, ln := range strings.Split(strings.TrimSpace(string(got)), "\n")[1:] {
		st, err := ParseEpochStats(ln, header)
		if err != nil || st.Epoch != i+1 || st.Steps != (i+1)*1000000 {
			t.Errorf("row %d read as epoch %d, %d steps (%v)", i+1, st.Epoch, st.Steps, err)
		}
	}
	if again.StepsPerSecond != 500000 {
		t.Errorf("second resume: %g steps/s, want 500000", again.StepsPerSecond)
	}
}

package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunWritesNoNegativeZero: the payoff game f1 = −x², f2 = −y² from
// (−0, −0) stays at the origin, where the payoffs are −0 (−(0·0)), and
// the first row's strategies are the start's −0: metrics.csv,
// summary.json and the run's summary line wrote them "-0"; they are
// written 0, as equilib's points are.
func TestRunWritesNoNegativeZero(t *testing.T) {
	text, out := runTextIn(t, `name: nz
game: {sense: payoff, dims: [1, 1], f1: '-x[0]*x[0]', f2: '-y[0]*y[0]'}
dynamics: {kind: sga, leader_lr: {constant: 0.25}, follower_lr: {constant: 0.25}}
iterations: 1
record_every: 1
init: {x: [-0.0], y: [-0.0]}
`)
	if want := "; final x=[0] y=[0] f1=0 f2=0\n"; !strings.Contains(text, want) {
		t.Errorf("run's summary %q, want it to hold %q", text, want)
	}
	got, err := os.ReadFile(filepath.Join(out, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := "iter,x0,y0,f1,f2\n0,0,0,0,0\n1,0,0,0,0\n"; string(got) != want {
		t.Errorf("metrics.csv:\n%s\nwant\n%s", got, want)
	}
	sum, err := os.ReadFile(filepath.Join(out, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	want := `  "final": {
    "x": [
      0
    ],
    "y": [
      0
    ],
    "f1": 0,
    "f2": 0
  },
`
	if !strings.Contains(string(sum), want) {
		t.Errorf("summary.json:\n%s\nwant it to hold\n%s", sum, want)
	}
}

// TestFinalPointJSONNoNegativeZero: a FinalPoint writes each negative
// zero of its strategies and objectives as 0 (an underflowed −x, a payoff
// −x² at 0), a non-finite objective as null, and the other numbers as
// they are.
func TestFinalPointJSONNoNegativeZero(t *testing.T) {
	nz := math.Copysign(0, -1)
	p := FinalPoint{X: []float64{nz, -1.5}, Y: []float64{nz}, F1: Finite(nz), F2: Finite(math.NaN())}
	got, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"x":[0,-1.5],"y":[0],"f1":0,"f2":null}`; string(got) != want {
		t.Errorf("json.Marshal(%+v) = %s, want %s", p, got, want)
	}
	if !math.Signbit(p.X[0]) { // marshalling writes a copy
		t.Errorf("marshalling changed the point's x[0] to %v", p.X[0])
	}
}

// TestRowsDigestAcceptsZeroRows: a row holding −0, written to
// metrics.csv (as 0) and digested as the run records it with its
// checkpoint (from the values), digests the same when a resume reads it
// back from the file, so that the run's own rows are accepted.
func TestRowsDigestAcceptsZeroRows(t *testing.T) {
	header := []string{"epoch", "a", "seconds"}
	rows := [][]float64{{1, math.Copysign(0, -1), 0.5}, {2, -2.5, 1}}
	path := filepath.Join(t.TempDir(), "m.csv")
	w, err := NewCSV(path, header)
	if err != nil {
		t.Fatal(err)
	}
	written := newRowsDigest(header)
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
		written.add(r)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "epoch,a,seconds\n1,0,0.5\n2,-2.5,1\n"; string(data) != want {
		t.Errorf("file:\n%s\nwant\n%s", data, want)
	}
	read := newRowsDigest(header)
	for _, ln := range strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")[1:] {
		vals, err := parseRow(ln, len(header))
		if err != nil {
			t.Fatal(err)
		}
		read.add(vals)
	}
	if a, b := written.sum(), read.sum(); !bytes.Equal(a[:], b[:]) {
		t.Errorf("the digest of the rows as written differs from that of the rows read back")
	}
}

// TestHiCRunLineNoNegativeZero: a Hi-C run on the payoff game
// f1 = −x²·y, f2 = −y² whose follower stays at y = 0 ends with both
// payoffs −0 (−x̃²·0 and −(0·0)): the summary line printed after the run
// wrote "f1=-0 f2=-0", where metrics.csv and summary.json write 0.
func TestHiCRunLineNoNegativeZero(t *testing.T) {
	text, out := runTextIn(t, `name: nz
game: {sense: payoff, dims: [1, 1], f1: '-x[0]*x[0]*y[0]', f2: '-y[0]*y[0]'}
dynamics: {kind: hic, alpha: {constant: 0}, delta: {constant: 0.5}, commitment: {constant: 1}, follower: {kind: gradient, lr: 0.1}}
init: {x: [0], y: [-0.0]}
stages: 2
`)
	// x̃ = ±δ: seed 0 draws −0.5.
	if want := "; final x=[-0.5] y=[0] f1=0 f2=0"; !strings.HasSuffix(text, want) {
		t.Errorf("run's summary %q, want it to end %q", text, want)
	}
	sum, err := os.ReadFile(filepath.Join(out, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := "    \"f1\": 0,\n    \"f2\": 0,\n"; !bytes.Contains(sum, []byte(want)) {
		t.Errorf("summary.json:\n%s\nwant it to hold\n%s", sum, want)
	}
}

// runTextIn runs the config text into a temporary directory and returns
// the run's summary text and the directory.
func runTextIn(t *testing.T, text string) (summary, out string) {
	t.Helper()
	cfg, err := ParseConfig([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	out = t.TempDir()
	summary, err = Run(context.Background(), cfg, RunOptions{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return summary, out
}

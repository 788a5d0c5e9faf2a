package markov

import (
	"bytes"
	"strings"
	"testing"
)

// TestMeasureText55: the -1 that marks hier_grad_norm or br_gap not
// computed is written "n/a" and why for a reader, never as the number
// -1 (which reads as a norm); computed values keep their format.
func TestMeasureText55(t *testing.T) {
	for _, c := range []struct {
		name         string
		norm, gap    float64
		wantN, wantB string
	}{
		{"both computed", 2.5e-5, 0.125, "2.5e-05", "0.125"},
		{"zero", 0, 0, "0", "0"},
		{"singular Hessian", -1, 0.999, "n/a (singular follower Hessian or non-finite gradient)", "0.999"},
		{"no best response", -1, -1, "n/a (no best response)", "n/a (no best response)"},
	} {
		if got := HierGradNormText(c.norm, c.gap, "%.3g"); got != c.wantN {
			t.Errorf("%s: HierGradNormText(%v, %v) = %q, want %q", c.name, c.norm, c.gap, got, c.wantN)
		}
		if got := BRGapText(c.gap, "%.3g"); got != c.wantB {
			t.Errorf("%s: BRGapText(%v) = %q, want %q", c.name, c.gap, got, c.wantB)
		}
	}
}

// TestComparisonTableNotComputed55: a run whose measures are -1 shows
// "n/a" in the table, and a line under it says which run and why;
// computed measures keep %.2e.
func TestComparisonTableNotComputed55(t *testing.T) {
	rows := []Comparison{{
		Game:         "patrol",
		Stackelberg:  Result{LeaderValue: -7.5, HierGradNorm: -1, BRGap: 0.999},
		Simultaneous: Result{LeaderValue: -7.75, HierGradNorm: 3e-6, BRGap: 2e-7},
	}}
	var b bytes.Buffer
	if err := WriteComparisonTable(&b, rows); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want header, one row and one note, got %d lines:\n%s", len(lines), out)
	}
	if f := strings.Fields(lines[1]); strings.Join(f, " ") != "patrol -7.500000 -7.750000 +0.250000 n/a 3.00e-06 9.99e-01 2.00e-07" {
		t.Errorf("row %q", lines[1])
	}
	if want := "patrol stackelberg-pg ‖∇V1(θ1,B(θ1))‖: n/a (singular follower Hessian or non-finite gradient)"; lines[2] != want {
		t.Errorf("note %q, want %q", lines[2], want)
	}
	if strings.Contains(out, "-1.00e+00") {
		t.Errorf("the table prints the marker -1 as a number:\n%s", out)
	}
}

package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlotWarningAfterSaid57: stackel plot of stac-mujoco-1m's 42 runs
// each its own line at --width 6 --height 4, too low to list them all,
// says on stderr that the legend leaves entries out after it says (on
// stdout) whose names the series take: stdout and stderr on one stream
// read in that order.
func TestPlotWarningAfterSaid57(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "results", "stac-mujoco-1m"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := newRootCmd()
	var both bytes.Buffer
	cmd.SetOut(&both)
	cmd.SetErr(&both)
	cmd.SetArgs([]string{"plot", dir, "--each-seed", "--width", "6", "--height", "4", "--out", filepath.Join(t.TempDir(), "fig")})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	out := both.String()
	named := strings.Index(out, "plot: series named as the figures of stac-mujoco name its variants")
	note := strings.Index(out, "plot: legend: its 42 entries need a figure about ")
	if named < 0 || note < 0 || note < named {
		t.Errorf("output %q; want the note on the legend's entries left out after the line naming the series", out)
	}
}

package runplot

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// svgText is a text drawn in an SVG figure, at x points from its left.
type svgText struct {
	x    float64
	text string
}

var (
	svgTextRE  = regexp.MustCompile(`<text x="([-0-9.e]+)"[^>]*>([^<]*)</text>`)
	svgWhiteRE = regexp.MustCompile(`<path d="([^"]*)" style="fill:#FFFFFF"`)
	svgNumRE   = regexp.MustCompile(`[-0-9.e]+`)
	svgWidthRE = regexp.MustCompile(`<svg width="([0-9.]+)pt"`)
)

// readSVG gives the texts of the SVG figure at path, its width in points,
// and the right edge of its white boxes (panels' backgrounds, legend
// boxes) farthest right.
func readSVG(t *testing.T, path string) (texts []svgText, width, right float64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	m := svgWidthRE.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%s: no width", path)
	}
	width, _ = strconv.ParseFloat(m[1], 64)
	for _, m := range svgTextRE.FindAllStringSubmatch(s, -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		texts = append(texts, svgText{x, m[2]})
	}
	for _, m := range svgWhiteRE.FindAllStringSubmatch(s, -1) {
		// M x,y L x,y …: the even numbers are x.
		for i, n := range svgNumRE.FindAllString(m[1], -1) {
			if v, err := strconv.ParseFloat(n, 64); err == nil && i%2 == 0 {
				right = max(right, v)
			}
		}
	}
	return texts, width, right
}

// TestLegendEachSeedNamesApart57: stac-mujoco-1m's 42 runs, each its own
// line (2 tasks × 3 variants × 7 seeds), at the default size, at --width
// 6 and at --width 3, in two panels (the legend below them, a cell per
// task) and in three (the legend beside them): every run has its own
// legend entry ("… and k more" lists none of them), the entries of one
// legend cell all read differently (none is "…" alone), the task they
// share said once, in the cell's title, and no legend box runs off the
// figure's right edge (0.5 pt allowed). Where names cut to the legend's
// column still read alike, a warning says so.
func TestLegendEachSeedNamesApart57(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "results", "stac-mujoco-1m"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "fig")
	for _, c := range []struct {
		name  string
		opts  Options
		alike bool // names may read alike, with a warning
	}{
		{"default", Options{}, false},
		{"width 6", Options{Width: 6}, false},
		{"width 3", Options{Width: 3}, false},
		{"3 panels, width 6", Options{Width: 6, Y: []string{"avg_return", "test_return", "critic_loss"}}, true},
	} {
		o := c.opts
		o.Dirs, o.Out, o.EachSeed = []string{dir}, out, true
		res, err := Plot(o)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		texts, width, right := readSVG(t, out+".svg")
		if right > width+0.5 {
			t.Errorf("%s: a white box reaches %.1f pt; the figure is %.1f pt wide", c.name, right, width)
		}
		// The legend's cells, drawn one after the other, the first
		// taking the most entries.
		per := (42 + res.Layout.LegendCells - 1) / max(1, res.Layout.LegendCells)
		cells := map[int][]string{}
		n := 0
		for _, tx := range texts {
			if strings.Contains(tx.text, "more") && strings.Contains(tx.text, "and") || strings.HasPrefix(tx.text, "+") {
				t.Errorf("%s: legend entry %q: some runs are not listed", c.name, tx.text)
			}
			if strings.Contains(tx.text, "seed") || tx.text == "…" {
				cells[n/per] = append(cells[n/per], tx.text)
				n++
			}
		}
		if n != 42 {
			t.Errorf("%s: %d legend entries naming a seed; want 42", c.name, n)
		}
		alike := false
		for _, names := range cells {
			slices.Sort(names)
			for i, s := range names {
				if s == "…" || i > 0 && names[i-1] == s {
					alike = true
					if !c.alike {
						t.Errorf("%s: legend entry %q in one cell twice, or cut to nothing; cell: %q", c.name, s, names)
					}
					break
				}
			}
		}
		warned := slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.Contains(s, "read alike") })
		if alike != warned {
			t.Errorf("%s: names read alike: %v; warnings %q", c.name, alike, res.Warnings)
		}
	}
}

package plot

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
)

// TestLongTitleAndLabelsWrap: a title or x label wider than the figure was
// drawn on one line centred on it, cut at both edges ("game on the torus:
// … (400 starts" of "Location game on the torus: critical points found by
// Newton's method (400 starts per field)" at 6×4 in). They are now
// wrapped at spaces; every line lies within the 432-pt-wide canvas, and
// the lines hold every word.
func TestLongTitleAndLabelsWrap(t *testing.T) {
	title := "Location game on the torus: critical points found by Newton's method (400 starts per field, seed 12345)"
	xlabel := "iteration (the first 1000) of a run on HalfCheetah-v4 with seed 987654321 and steps α = 0.01"
	p, err := Lines(LinesFigure{Frame: Frame{Title: title, XLabel: xlabel},
		Series: []Series{{Name: "s", Y: []float64{1, 2, 3}}}})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "fig")
	if _, err := Save(p, base, Size{}, "svg"); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`<text x="([-0-9.e]+)" y="[-0-9.e]+" transform="scale\(1, -1\)"\s+style="[^"]*font-size:(\d+)px">([^<]*)</text>`)
	got := map[int][]string{}
	for _, m := range re.FindAllStringSubmatch(string(svg), -1) {
		size, _ := strconv.Atoi(m[2])
		if size != titleSize && size != labelSize {
			continue
		}
		x, _ := strconv.ParseFloat(m[1], 64)
		s := strings.ReplaceAll(m[3], "&#39;", "'")
		w := float64(text.Style{Font: font.From(textFont, font.Length(size)), Handler: p.Title.TextStyle.Handler}.Width(s))
		if x < 0 || x+w > 432 {
			t.Errorf("%q (%d px) spans x = %.1f to %.1f, outside [0, 432]", s, size, x, x+w)
		}
		got[size] = append(got[size], s)
	}
	if j := strings.Join(got[titleSize], " "); j != title || len(got[titleSize]) < 2 {
		t.Errorf("title lines %q, want %q wrapped", got[titleSize], title)
	}
	if j := strings.Join(got[labelSize], " "); j != xlabel || len(got[labelSize]) < 2 {
		t.Errorf("x label lines %q, want %q wrapped", got[labelSize], xlabel)
	}
	// The plot keeps its texts: saved again, it is wrapped anew.
	if p.Title.Text != title || p.X.Label.Text != xlabel {
		t.Errorf("Save left title %q, x label %q", p.Title.Text, p.X.Label.Text)
	}
}

// TestWrapTextLimits: text beyond the most lines ends the last line in
// "…", a word wider than the room alone is shortened, and text that fits
// is kept as it is.
func TestWrapTextLimits(t *testing.T) {
	fig, err := newFigure(Frame{}, "test")
	if err != nil {
		t.Fatal(err)
	}
	sty := fig.p.Title.TextStyle
	w := sty.Width("aaaa bbbb")
	if got := wrapText(sty, "aaaa bbbb", w, 1); got != "aaaa bbbb" {
		t.Errorf("fitting text became %q", got)
	}
	if got := wrapText(sty, "aaaa bbbb cccc dddd eeee", w, 2); got != "aaaa bbbb\ncccc dddd…" && !strings.HasSuffix(got, "…") {
		t.Errorf("over two lines: %q, want the second line ending in …", got)
	} else if lines := strings.Split(got, "\n"); len(lines) != 2 || lines[0] != "aaaa bbbb" {
		t.Errorf("over two lines: %q", got)
	}
	long := strings.Repeat("x", 200)
	got := wrapText(sty, long, w, 3)
	if strings.Contains(got, "\n") || !strings.HasSuffix(got, "…") || sty.Width(got) > w {
		t.Errorf("one long word: %q (width %v > %v?)", got, sty.Width(got), w)
	}
}

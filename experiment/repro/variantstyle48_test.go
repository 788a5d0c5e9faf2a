package repro

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stackel/stackel/plot"
)

// TestVariantStyles: every RL reproduction's variants have a fixed style
// (so the same name is drawn alike in every figure), the styles of one
// reproduction differ, and each algorithm's baseline is blue, its
// Stackelberg versions vermilion (actor leading) and reddish purple.
func TestVariantStyles(t *testing.T) {
	for name, vs := range rlVariantLists() {
		seen := map[variantStyle]string{}
		for _, v := range vs {
			st, ok := variantStyles[v.Label]
			if !ok {
				t.Errorf("%s: variant %q has no style in variantStyles", name, v.Label)
				continue
			}
			if other, dup := seen[st]; dup {
				t.Errorf("%s: %q and %q drawn alike (%v)", name, other, v.Label, st)
			}
			seen[st] = v.Label
		}
	}
	for label, want := range map[string]plot.Colour{
		"AC (m = 80)": plot.Blue, "DDPG": plot.Blue, "SAC": plot.Blue,
		"STAC (m = 1)": plot.Vermilion, "STDDPG-AL": plot.Vermilion, "STSAC-AL": plot.Vermilion,
		"STAC (m = 80)": plot.ReddishPurple, "STDDPG-CL": plot.ReddishPurple, "STSAC-CL": plot.ReddishPurple,
	} {
		if got := variantStyles[label].colour; got != want {
			t.Errorf("%s drawn in colour %d, want %d", label, got, want)
		}
	}
}

// curveStrokes draws the panel of variants from a curves.csv of made-up
// curves and returns the SVG stroke colour of each variant's line, by
// label.
func curveStrokes(t *testing.T, variants []rlVariant) map[string]string {
	t.Helper()
	dir := t.TempDir()
	header := []string{"steps"}
	rows := [][]string{{"0"}, {"1000"}}
	for i, v := range variants {
		header = append(header, v.Slug+"_mean", v.Slug+"_lo", v.Slug+"_hi")
		for k := range rows {
			y := float64(10*i + k*(i+1))
			rows[k] = append(rows[k], fmt.Sprint(y), fmt.Sprint(y-1), fmt.Sprint(y+1))
		}
	}
	csv := strings.Join(header, ",") + "\n" + strings.Join(rows[0], ",") + "\n" + strings.Join(rows[1], ",") + "\n"
	path := filepath.Join(dir, "curves.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := panelFromCurves(path, "t", "environment steps", "return", variants)
	if err != nil {
		t.Fatal(err)
	}
	files, err := plot.Save(p, filepath.Join(dir, "f"), plot.Size{}, "svg")
	if err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	// The data lines come first in the order of the series, the legend's
	// thumbnails after them.
	m := regexp.MustCompile(`style="fill:none;stroke:(#[0-9A-F]{6});stroke-width:1.8[";]`).FindAllStringSubmatch(string(svg), -1)
	if len(m) < len(variants) {
		t.Fatalf("%d lines drawn, want %d", len(m), len(variants))
	}
	out := map[string]string{}
	for i, v := range variants {
		out[v.Label] = m[i][1]
	}
	return out
}

// TestVariantColoursAcrossFigures: AC (m = 80) was green in stac-cartpole
// (third of three curves) and vermilion in stac-cartpole-v0 (second of
// two); DDPG likewise between stddpg-pendulum and stddpg-mujoco's panels
// when they drew other lists. Each baseline is now blue in every figure.
func TestVariantColoursAcrossFigures(t *testing.T) {
	for _, c := range []struct {
		label string
		lists [][]rlVariant
		want  string
	}{
		{"AC (m = 80)", [][]rlVariant{stacCartPole.Variants, stacMuJoCo.Variants}, "#0072B2"},
		{"AC (m = 80), paper's settings", [][]rlVariant{stacCartPoleV0.Variants, stacCartPoleAblations.Variants}, "#0072B2"},
		{"STAC (m = 1), paper's settings", [][]rlVariant{stacCartPoleV0.Variants, stacCartPoleAblations.Variants}, "#D55E00"},
		{"DDPG", [][]rlVariant{stddpgPendulum.Variants, stddpgMuJoCo.Variants, stddpgPendulum.Variants[2:]}, "#0072B2"},
		{"STSAC-CL", [][]rlVariant{stsacPendulum.Variants, stsacPendulum.Variants[1:]}, "#CC79A7"},
	} {
		for i, vs := range c.lists {
			if got := curveStrokes(t, vs)[c.label]; got != c.want {
				t.Errorf("%s in figure %d drawn %s, want %s", c.label, i, got, c.want)
			}
		}
	}
}

// VariantStyle gives a variant's slug the style of its label, the same
// for every label sharing the slug ("AC (m = 80)" and its paper's-settings
// run are both ac-m80), and none to a slug no reproduction has.
func TestVariantStyleBySlug49(t *testing.T) {
	for name, vs := range rlVariantLists() {
		for _, v := range vs {
			c, d, ok := VariantStyle(v.Slug)
			if want := variantStyles[v.Label]; !ok || c != want.colour || d != want.dash {
				t.Errorf("%s: VariantStyle(%q) = %v, %v, %v; want %q's %v, %v", name, v.Slug, c, d, ok, v.Label, want.colour, want.dash)
			}
		}
	}
	if c, d, ok := VariantStyle("stddpg-al"); !ok || c != plot.Vermilion || d != plot.DashDotted {
		t.Errorf("VariantStyle(stddpg-al) = %v, %v, %v; want vermilion, dash-dotted", c, d, ok)
	}
	if _, _, ok := VariantStyle("no-such-variant"); ok {
		t.Error("VariantStyle(no-such-variant): ok")
	}
}

// TestVariantDashesDistinct: within every RL reproduction's figure each
// variant has a dash pattern of its own, so that three or four series read
// apart in greyscale (all were solid, told apart by colour alone).
func TestVariantDashesDistinct(t *testing.T) {
	for name, vs := range rlVariantLists() {
		seen := map[string]string{}
		for _, v := range vs {
			st, ok := variantStyles[v.Label]
			if !ok {
				t.Errorf("%s: %q has no style", name, v.Label)
				continue
			}
			key := string(rune('0' + st.dash))
			if other, dup := seen[key]; dup {
				t.Errorf("%s: %q and %q have the same dash %d", name, other, v.Label, st.dash)
			}
			seen[key] = v.Label
		}
	}
}

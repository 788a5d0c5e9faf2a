package repro

import "testing"

// TestVariantLabelAndConfigVariant: each RL reproduction's variant label
// by (reproduction, slug), one slug labelled per reproduction, and the
// reproduction and slug a run's config name <reproduction>-<slug> says.
func TestVariantLabelAndConfigVariant(t *testing.T) {
	for _, c := range []struct {
		repro, slug, label string
		ok                 bool
	}{
		{"stac-cartpole", "stac-m1", "STAC (m = 1)", true},
		{"stac-cartpole-v0", "stac-m1", "STAC (m = 1), paper's settings", true},
		{"stddpg-mujoco", "stddpg-cl", "STDDPG-CL", true},
		{"stac-cartpole", "stddpg-cl", "", false},
		{"duopoly", "stac-m1", "", false},
	} {
		if l, ok := VariantLabel(c.repro, c.slug); l != c.label || ok != c.ok {
			t.Errorf("VariantLabel(%s, %s) = %q, %v; want %q, %v", c.repro, c.slug, l, ok, c.label, c.ok)
		}
	}
	for _, c := range []struct {
		name, repro, slug string
		ok                bool
	}{
		{"stac-cartpole-stac-m1", "stac-cartpole", "stac-m1", true},
		{"stac-cartpole-v0-stac-m1", "stac-cartpole-v0", "stac-m1", true},
		{"stddpg-mujoco-stddpg-al", "stddpg-mujoco", "stddpg-al", true},
		{"stac-cartpole-", "", "", false},
		{"stac-cartpole-stac-m2", "", "", false},
		{"mine", "", "", false},
	} {
		if r, s, ok := ConfigVariant(c.name); r != c.repro || s != c.slug || ok != c.ok {
			t.Errorf("ConfigVariant(%s) = %q, %q, %v; want %q, %q, %v", c.name, r, s, ok, c.repro, c.slug, c.ok)
		}
	}
}

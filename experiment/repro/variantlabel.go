package repro

import "sync"

// variantLabels are the RL reproductions' variant labels by reproduction
// name and slug.
var variantLabels = sync.OnceValue(func() map[string]map[string]string {
	m := map[string]map[string]string{}
	for name, vs := range rlVariantLists() {
		m[name] = map[string]string{}
		for _, v := range vs {
			m[name][v.Slug] = v.Label
		}
	}
	return m
})

// VariantLabel returns the label the RL reproduction named reproduction
// ("stac-cartpole") gives its variant slug ("stac-m1", its runs' job.json
// label "variant") in its tables and figures ("STAC (m = 1)"); ok is false
// for a reproduction or slug stackel does not have. One slug may have
// different labels in different reproductions (stac-cartpole-v0's stac-m1
// is "STAC (m = 1), paper's settings").
func VariantLabel(reproduction, slug string) (label string, ok bool) {
	label, ok = variantLabels()[reproduction][slug]
	return label, ok
}

// ConfigVariant returns the RL reproduction and the variant slug a run's
// config name says it is of: `stackel reproduce` names each run's config
// <reproduction>-<slug> ("stac-cartpole-stac-m1", a suite's
// "stddpg-mujoco-stddpg-al"). ok is false for a name that is no
// reproduction's variant.
func ConfigVariant(name string) (reproduction, slug string, ok bool) {
	for r, labels := range variantLabels() {
		s, found := cutPrefixDash(name, r)
		if !found {
			continue
		}
		if _, ok := labels[s]; ok {
			return r, s, true
		}
	}
	return "", "", false
}

// cutPrefixDash returns name without prefix and the '-' after it.
func cutPrefixDash(name, prefix string) (string, bool) {
	if len(name) <= len(prefix)+1 || name[:len(prefix)] != prefix || name[len(prefix)] != '-' {
		return "", false
	}
	return name[len(prefix)+1:], true
}

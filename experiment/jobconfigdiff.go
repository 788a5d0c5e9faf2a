package experiment

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
)

// maxJobConfigDiffs bounds the differences jobConfigDiff names.
const maxJobConfigDiffs = 6

// jobConfigDiff says how the configuration and seed of job differ from
// those of had, the job whose outputs a directory holds: the key paths
// whose values differ, each with both values, had's followed by there and
// job's by here ("rl.dtype: float32 there, float64 for this job"; "none"
// for a key one of them lacks), sorted, at most maxJobConfigDiffs of them
// and how many more. It is "" when either does not read, for task jobs
// (whose parameters are not a config), and when none differs (the texts
// differ in form alone).
func jobConfigDiff(had, job Job, there, here string) string {
	if had.Task != nil || job.Task != nil {
		return ""
	}
	a, okA := flatConfig(had)
	b, okB := flatConfig(job)
	if !okA || !okB {
		return ""
	}
	keys := slices.Sorted(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var diffs []string
	for _, k := range keys {
		va, ok := a[k]
		if !ok {
			va = "none"
		}
		vb, ok := b[k]
		if !ok {
			vb = "none"
		}
		if va != vb {
			diffs = append(diffs, fmt.Sprintf("%s: %s %s, %s %s", k, valueWord(va), there, valueWord(vb), here))
		}
	}
	if n := len(diffs); n > maxJobConfigDiffs {
		diffs = append(diffs[:maxJobConfigDiffs], fmt.Sprintf("and %d more", n-maxJobConfigDiffs))
	}
	return strings.Join(diffs, "; ")
}

// valueWord is a config value as a message names it: as written when it
// is short and printable, else in Go's quotes cut to about 40 bytes (a
// formula of 20 lines, or of 2 000 bytes, must not flood the message).
// "none" stays a word.
func valueWord(v string) string { return textcut.Word(v, 40) }

// flatConfig is job's configuration in its canonical form with the job's
// seed, flattened to key paths ("rl.cg.iters") and their values as text;
// null values are left out, as absent keys. Keys are as an error message
// quotes them (safeyaml.KeyText), values whole (jobConfigDiff cuts them).
func flatConfig(job Job) (map[string]string, bool) {
	cfg, err := ParseConfig([]byte(job.Config))
	if err != nil {
		return nil, false
	}
	c, _ := cfg.canonical()
	c.Seed = job.Seed
	text, err := yaml.Marshal(&c)
	if err != nil {
		return nil, false
	}
	var m map[string]any
	if err := yaml.Unmarshal(text, &m); err != nil {
		return nil, false
	}
	out := map[string]string{}
	flatten("", m, out)
	return out, true
}

// flatten adds the leaves of v under the key path prefix to out.
func flatten(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case nil:
	case map[string]any:
		for k, x := range v {
			p := safeyaml.KeyText(k)
			if prefix != "" {
				p = prefix + "." + p
			}
			flatten(p, x, out)
		}
	default:
		out[prefix] = fmt.Sprint(v)
	}
}

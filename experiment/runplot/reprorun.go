package runplot

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"

	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/internal/safeyaml"
)

// The files of a reproduction's output directory (`stackel reproduce NAME
// --out DIR`) that name it and its variants: reproduction.json holds
// {"reproduction": NAME}, results.json each variant's label by its slug
// (the job.json label "variant" of its runs), {"stddpg-al": {"label":
// "STDDPG-AL", …}, …}, per task in a suite run on several.
const (
	ReproductionFile = "reproduction.json"
	ResultsFile      = "results.json"
)

// reproUp is how many directories above a run FindRuns looks for the
// reproduction it belongs to: a reproduction's runs are DIR/variant/seedK,
// a suite's DIR/task/variant/seedK.
const reproUp = 4

// Reproduction is the reproduction whose output holds a run, as its
// reproduction.json and results.json say.
type Reproduction struct {
	// Dir is the reproduction's output directory.
	Dir string
	// Name is the reproduction's name ("stac-cartpole").
	Name string
	// Labels are its variants' labels in its tables and figures by their
	// slugs ("stac-m1" → "STAC (m = 1)"), from results.json; empty when
	// it has none yet (a reproduction still running, or one without
	// variants).
	Labels map[string]string
	// Env is results.json's "env", the task it ran on; "" for a suite
	// (several) or without one.
	Env string
}

// reproFinder finds the reproduction of each run, reading each directory
// once.
type reproFinder map[string]*Reproduction // an absolute directory → its reproduction (nil: none)

// find returns the reproduction whose output holds the run directory
// dir, looking in dir's parents up to reproUp levels; nil for none. Each
// directory's own reproduction.json (or its lack) is read once and
// remembered; a walk that ran out of levels remembers nothing about the
// directories above the last it read.
func (f reproFinder) find(dir string) *Reproduction {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	d := abs
	for range reproUp {
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
		r, ok := f[d]
		if !ok {
			r = readReproduction(d)
			f[d] = r
		}
		if r != nil {
			return r
		}
	}
	return nil
}

// readReproduction reads the reproduction whose output directory dir is;
// nil when dir has no readable reproduction.json naming one.
func readReproduction(dir string) *Reproduction {
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, ReproductionFile))
	if err != nil {
		return nil
	}
	var rj struct {
		Name string `json:"reproduction"`
	}
	if json.Unmarshal(b, &rj) != nil || rj.Name == "" {
		return nil
	}
	r := &Reproduction{Dir: dir, Name: rj.Name, Labels: map[string]string{}}
	if b, err := safeyaml.ReadOwnFile(filepath.Join(dir, ResultsFile)); err == nil {
		var res any
		if json.Unmarshal(b, &res) == nil {
			collectLabels(res, r.Labels, 3)
			if m, ok := res.(map[string]any); ok {
				r.Env, _ = m["env"].(string)
			}
		}
	}
	return r
}

// collectLabels adds to labels each entry of v, to depth levels of
// objects, that is an object with a string "label": its key is a
// variant's slug, the label its name.
func collectLabels(v any, labels map[string]string, depth int) {
	m, ok := v.(map[string]any)
	if !ok || depth == 0 {
		return
	}
	for k, e := range m {
		sub, ok := e.(map[string]any)
		if !ok {
			continue
		}
		if l, ok := sub["label"].(string); ok && l != "" {
			labels[k] = l
			continue
		}
		collectLabels(sub, labels, depth-1)
	}
}

// VariantLabel is the name r's reproduction gives r's variant in its
// tables and figures (Run.variantName); ok is false for a run of no
// reproduction, or a variant without a label.
func (r Run) VariantLabel() (label string, ok bool) {
	label, _, _ = r.variantName()
	return label, label != ""
}

// variantName returns the reproduction r is a run of, its variant's slug,
// and the label the reproduction gives the variant: first by stackel's own
// lists of the RL reproductions' variants (repro.VariantLabel), then by
// the reproduction's results.json. The reproduction is the one r's config
// name says (<reproduction>-<slug>, as `stackel reproduce` names its runs;
// the committed results/ sets have no reproduction.json), else the one of
// the reproduction.json above r, taken only when r's config name is that
// reproduction's for its variant or r's environment is results.json's
// (without a config name: unless its environment is another), so that a
// run copied in from another reproduction keeps its own label. All "" for a run of no reproduction,
// label "" for a variant neither names.
func (r Run) variantName() (label, reproduction, slug string) {
	slug = r.Labels["variant"]
	name := ""
	if r.Config != nil {
		name = r.Config.Name
	}
	switch rep, s, ok := repro.ConfigVariant(name); {
	case ok && (slug == "" || slug == s):
		reproduction, slug = rep, s
	case r.Repro == nil || slug == "":
		return "", "", ""
	case name != "" && name != r.Repro.Name+"-"+slug && (r.Repro.Env == "" || r.Env() != r.Repro.Env):
		return "", "", ""
	case name == "" && r.Repro.Env != "" && r.Env() != "" && r.Repro.Env != r.Env():
		return "", "", ""
	default:
		reproduction = r.Repro.Name
	}
	if l, ok := repro.VariantLabel(reproduction, slug); ok {
		return l, reproduction, slug
	}
	if r.Repro != nil && r.Repro.Name == reproduction {
		return r.Repro.Labels[slug], reproduction, slug
	}
	return "", reproduction, slug
}

// Env is the environment of an RL run: its config's rl.env, else its
// summary.json's "env"; "" for other runs.
func (r Run) Env() string {
	if r.Config != nil && r.Config.RL != nil && r.Config.RL.Env != "" {
		return r.Config.RL.Env
	}
	return r.SummaryEnv
}

// variantSlug is the reproductions' name of the variant r is (the slug
// VariantStyle knows it by): its job.json label "variant", else, for an
// RL run of a sweep or of `stackel run`, the variant its config's
// algorithm and leader make (ddpg, sac, stddpg-al, stsac-cl, …; ac with
// 80 follower steps per leader step as AC (m = 80), stac with one follower step per leader step as STAC (m =
// 1) and with 80 as STAC (m = 80); the algorithm and leader in any case,
// an unroll left out as their default, 80); "" when neither says.
func variantSlug(r Run) string {
	if v := r.Labels["variant"]; v != "" {
		return v
	}
	if r.Config == nil || r.Config.RL == nil {
		return ""
	}
	rl := r.Config.RL
	algo, leader := strings.ToLower(rl.Algo), strings.ToLower(rl.Leader)
	unroll := rl.Unroll
	if unroll == 0 && (algo == "ac" || algo == "stac") {
		unroll = 80 // their default (agent.Defaults)
	}
	switch algo {
	case "ddpg", "sac":
		return algo
	case "stddpg", "stsac":
		switch leader {
		case "", "actor":
			return algo + "-al"
		case "critic":
			return algo + "-cl"
		}
	case "ac":
		if unroll == 80 {
			return "ac-m80"
		}
	case "stac":
		switch unroll {
		case 1:
			return "stac-m1"
		case 80:
			return "stac-m80"
		}
	}
	return ""
}

// returnColumn reports whether the metrics column col holds episode
// returns (avg_return, test_return), which repro.ReturnBounds bounds.
func returnColumn(col string) bool {
	return col == "return" || strings.HasSuffix(col, "_return")
}

// clipToBounds limits the band of s to [lo, hi], never past its mean (a
// mean ± sd band of returns at the time limit reached above it), as the
// reproductions' figures do; it reports whether any value changed.
func clipToBounds(lo, hi float64, loBand, hiBand, mean []float64) bool {
	changed := false
	for i := range loBand {
		l := math.Min(math.Max(loBand[i], lo), mean[i])
		h := math.Max(math.Min(hiBand[i], hi), mean[i])
		if l != loBand[i] || h != hiBand[i] {
			changed = true
		}
		loBand[i], hiBand[i] = l, h
	}
	return changed
}

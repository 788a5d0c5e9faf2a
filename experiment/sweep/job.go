package sweep

import (
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stackel/stackel/experiment"
)

// Job is one run of a sweep: an experiment.Job (the full configuration
// with its seed, a stable content ID, its output directory runs/<ID>)
// with its place in the sweep.
type Job struct {
	experiment.Job
	// Sweep names the sweep the job belongs to.
	Sweep string `json:"sweep"`
	// Index is the job's position in the sweep (the Slurm array index).
	Index int `json:"index"`
	// Point is the index of the job's grid point; Grid its values, in the
	// spec's key order.
	Point int      `json:"point"`
	Grid  []Assign `json:"grid"`
}

// Assign is one grid key's value.
type Assign struct {
	// Key is the dotted configuration key (GridKey.Key), e.g.
	// rl.options.actor_lr.
	Key string `json:"key"`
	// Value is the value Key takes at the grid point: one of the
	// GridKey's Values (as encoding/json decodes it in a manifest read
	// back).
	Value any `json:"value"`
}

// OutDir returns the job's output directory under the sweep directory dir.
func (j Job) OutDir(dir string) string { return filepath.Join(dir, filepath.FromSlash(j.Out)) }

// Label describes the job's grid point, "k1=v1, k2=v2": its grid values,
// or for a reproduction's job (no grid, no "point" label) the values of
// its labels but the seed in the order of their keys ("Hopper-v4,
// stddpg-al", "stackelberg") or, without such labels, its Out without a
// last seed<k> element ("hic_previous" of hic_previous/seed0), or "base".
func (j Job) Label() string {
	if _, sweepJob := j.Labels["point"]; len(j.Grid) == 0 && !sweepJob {
		var keys []string
		for k := range j.Labels {
			if k != "seed" {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		vals := make([]string, len(keys))
		for i, k := range keys {
			vals[i] = j.Labels[k]
		}
		if len(vals) > 0 {
			return strings.Join(vals, ", ")
		}
		// A task job without labels (fiez-torus, hic-cournot,
		// stackelberg-oligopoly): its directory without the seed's,
		// "stackelberg" of stackelberg/seed0.
		if dir, last := path.Split(j.Out); dir != "" && seedDir(last) {
			return strings.TrimSuffix(dir, "/")
		} else if j.Out != "" {
			return j.Out
		}
	}
	return pointLabel(j.Grid)
}

// seedDir reports whether name is a seed's directory, seed<k>.
func seedDir(name string) bool {
	k, ok := strings.CutPrefix(name, "seed")
	return ok && k != "" && strings.Trim(k, "0123456789") == ""
}

func pointLabel(g []Assign) string {
	if len(g) == 0 {
		return "base"
	}
	parts := make([]string, len(g))
	for i, a := range g {
		parts[i] = fmt.Sprintf("%s=%s", a.Key, compact(a.Value))
	}
	return strings.Join(parts, ", ")
}

// errPointLabel is pointLabel as an error message shows it: each key
// and value bounded and quoted when not printable (keyName, valueText).
func errPointLabel(g []Assign) string {
	if len(g) == 0 {
		return "base"
	}
	parts := make([]string, len(g))
	for i, a := range g {
		parts[i] = fmt.Sprintf("%s=%s", keyName(a.Key), valueText(a.Value))
	}
	return strings.Join(parts, ", ")
}

// compact renders a grid value as JSON (strings without quotes).
func compact(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Wrap makes sweep jobs of plain jobs (a reproduction's), one grid point
// per distinct "variant" label.
func Wrap(name string, jobs []experiment.Job) []Job {
	out := make([]Job, len(jobs))
	points := map[string]int{}
	for i, j := range jobs {
		v := j.Labels["variant"]
		p, ok := points[v]
		if !ok {
			p = len(points)
			points[v] = p
		}
		out[i] = Job{Job: j, Sweep: name, Index: i, Point: p}
	}
	return out
}

// Plain returns the experiment jobs of sweep jobs.
func Plain(jobs []Job) []experiment.Job {
	out := make([]experiment.Job, len(jobs))
	for i, j := range jobs {
		out[i] = j.Job
	}
	return out
}

// runsDir is where a sweep job's outputs go: runs/<id>.
func runsDir(id string) string { return path.Join("runs", id) }

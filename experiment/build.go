package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/internal/safeyaml"
)

// params converts the config's YAML parameter values to tensors.
func params(raw map[string]any) (map[string]ad.Tensor, error) {
	out := make(map[string]ad.Tensor, len(raw))
	names := make([]string, 0, len(raw))
	for k := range raw {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t, err := game.ParseParam(k, raw[k])
		if err != nil {
			return nil, fmt.Errorf("config: game.params: %w", err)
		}
		out[k] = t
	}
	return out, nil
}

// BuildGame makes the smooth game a config describes (a built-in or a
// formula game).
func BuildGame(gc *GameConfig) (game.Game, error) {
	if gc == nil {
		return nil, fmt.Errorf("config: missing game section")
	}
	p, err := params(gc.Params)
	if err != nil {
		return nil, err
	}
	if gc.Builtin != "" {
		if !slices.Contains(game.BuiltinNames(), gc.Builtin) {
			// Named as the key, so that Config.Locate gives its line (the
			// builder's "game: unknown built-in game" got the line of
			// game).
			return nil, fmt.Errorf("config: game.builtin = %s: unknown built-in game (valid: %s)", safeyaml.ValueText(gc.Builtin), strings.Join(game.BuiltinNames(), ", "))
		}
		g, err := game.Builtin(gc.Builtin, p)
		if err != nil {
			return nil, fmt.Errorf("config: game: %w", err)
		}
		return g, nil
	}
	if gc.F1 == "" {
		return nil, fmt.Errorf("config: game: not a smooth game (markov games run with policy-gradient dynamics)")
	}
	sense := game.Cost
	if gc.Sense == "payoff" {
		sense = game.Payoff
	}
	dims := [2]int{1, 1} // absent: one dimension each
	if gc.Dims != nil {
		dims = [2]int{gc.Dims[0], gc.Dims[1]}
	}
	spec := game.FormulaSpec{Name: "formula", Sense: sense, Dims: dims,
		F1: gc.F1, F2: gc.F2, Params: p}
	// A parameter written as a list of rows indexes by rows, one row too
	// ([[1, 2]]: M[0] is the row, not its first element).
	for name, v := range gc.Params {
		if game.WrittenAsRows(v) {
			spec.Matrices = append(spec.Matrices, name)
		}
	}
	slices.Sort(spec.Matrices)
	if d := gc.Domain; d != nil {
		if d.Torus {
			if d.X != nil || d.Y != nil {
				return nil, fmt.Errorf("config: game.domain: torus: true applies to both players; do not also give x or y")
			}
			spec.DomainX, spec.DomainY = game.Domain{Kind: game.Torus}, game.Domain{Kind: game.Torus}
		}
		if spec.DomainX, err = domainOf("x", d.X, dims[0], spec.DomainX); err != nil {
			return nil, err
		}
		if spec.DomainY, err = domainOf("y", d.Y, dims[1], spec.DomainY); err != nil {
			return nil, err
		}
	}
	g, err := game.NewFormula(spec)
	if err != nil {
		return nil, fmt.Errorf("config: game: %w", err)
	}
	return g, nil
}

func domainOf(who string, s *DomainSpec, dim int, def game.Domain) (game.Domain, error) {
	if s == nil {
		return def, nil
	}
	n := 0
	for _, set := range []bool{s.Box != nil, s.Torus, s.Simplex} {
		if set {
			n++
		}
	}
	if n != 1 {
		return game.Domain{}, fmt.Errorf("config: game.domain.%s: give exactly one of box, torus or simplex", who)
	}
	switch {
	case s.Torus:
		return game.Domain{Kind: game.Torus}, nil
	case s.Simplex:
		return game.Domain{Kind: game.Simplex}, nil
	}
	d := game.Domain{Kind: game.Box}
	for i, b := range s.Box {
		if len(b) != 2 {
			return game.Domain{}, fmt.Errorf("config: game.domain.%s.box[%d] = %v: need [lo, hi]", who, i, b)
		}
		d.Lo = append(d.Lo, b[0])
		d.Hi = append(d.Hi, b[1])
	}
	if err := d.Validate(dim); err != nil {
		return game.Domain{}, fmt.Errorf("config: game.domain.%s: %w", who, err)
	}
	return d, nil
}

// InitialStrategies returns the starting (x, y): the config's fixed
// vectors, a uniform draw from its ranges, or the centre of each domain
// (zero when unbounded).
func InitialStrategies(init *InitConfig, g game.Game, rng *rand.Rand) (x, y []float64, err error) {
	d1, d2 := g.Dims()
	dx, dy := g.Domains()
	x, y = centre(dx, d1), centre(dy, d2)
	if init == nil {
		return x, y, nil
	}
	if init.Uniform != nil {
		if err := checkUniform(init.Uniform, g); err != nil {
			return nil, nil, err
		}
		if x, err = drawUniform("x", init.Uniform.X, d1, rng); err != nil {
			return nil, nil, err
		}
		if y, err = drawUniform("y", init.Uniform.Y, d2, rng); err != nil {
			return nil, nil, err
		}
		dx.Project(x)
		dy.Project(y)
		return x, y, nil
	}
	if init.X != nil {
		if len(init.X) != d1 {
			return nil, nil, fmt.Errorf("config: init.x has %d values, the leader has %s", len(init.X), CountOf(d1, "dimension"))
		}
		x = append([]float64(nil), init.X...)
	}
	if init.Y != nil {
		if len(init.Y) != d2 {
			return nil, nil, fmt.Errorf("config: init.y has %d values, the follower has %s", len(init.Y), CountOf(d2, "dimension"))
		}
		y = append([]float64(nil), init.Y...)
	}
	for _, v := range append(append([]float64(nil), x...), y...) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("config: init: value %g is not finite", v)
		}
	}
	for _, p := range []struct {
		who string
		v   []float64
		d   game.Domain
	}{{"x", x, dx}, {"y", y, dy}} {
		if p.d.Kind != game.Box {
			continue
		}
		for i, v := range p.v {
			if v < p.d.Lo[i] || v > p.d.Hi[i] {
				return nil, nil, fmt.Errorf("config: init.%s[%d] = %g is outside the domain's [%g, %g] (the run would start at the boundary)", p.who, i, v, p.d.Lo[i], p.d.Hi[i])
			}
		}
	}
	return x, y, nil
}

// checkUniform returns an error, naming the key, for init.uniform ranges
// that a run cannot draw g's starting strategies from: a player left out
// (a run draws both players' starts from the ranges), a count of ranges
// other than one per dimension or one for all, or a range reaching
// outside a box domain. Runs (InitialStrategies) and Analyze both apply
// it, so that analyze accepts no ranges a run refuses.
func checkUniform(u *UniformInit, g game.Game) error {
	d1, d2 := g.Dims()
	dx, dy := g.Domains()
	for _, r := range []struct {
		who, player string
		ranges      [][]float64
		dim         int
		d           game.Domain
	}{{"x", "leader", u.X, d1, dx}, {"y", "follower", u.Y, d2, dy}} { // x first, every run
		if len(r.ranges) == 0 {
			return fmt.Errorf("config: init.uniform: %s: missing (a run draws both players' starts from init.uniform: give %s's [lo, hi] ranges, one per dimension — the %s has %s — or one for all)", r.who, r.who, r.player, CountOf(r.dim, "dimension"))
		}
		if len(r.ranges) != 1 && len(r.ranges) != r.dim {
			return fmt.Errorf("config: init.uniform.%s has %s for %s", r.who, CountOf(len(r.ranges), "range"), CountOf(r.dim, "dimension"))
		}
		for i, lohi := range r.ranges {
			// Range i covers dimension i, or every dimension when it is
			// the only one.
			for j := range r.d.Lo {
				if (len(r.ranges) == 1 || j == i) && len(lohi) == 2 && (lohi[0] < r.d.Lo[j] || lohi[1] > r.d.Hi[j]) {
					return fmt.Errorf("config: init.uniform.%s[%d] = %v reaches outside the domain's [%g, %g] in dimension %d (its draws would be moved to the boundary)", r.who, i, lohi, r.d.Lo[j], r.d.Hi[j], j)
				}
			}
		}
	}
	return nil
}

func centre(d game.Domain, dim int) []float64 {
	v := make([]float64, dim)
	if d.Kind == game.Box {
		for i := range v {
			v[i] = (d.Lo[i] + d.Hi[i]) / 2
		}
	}
	return v
}

func drawUniform(who string, ranges [][]float64, dim int, rng *rand.Rand) ([]float64, error) {
	if len(ranges) == 1 && dim > 1 {
		r := ranges[0]
		ranges = make([][]float64, dim)
		for i := range ranges {
			ranges[i] = r
		}
	}
	if len(ranges) != dim {
		return nil, fmt.Errorf("config: init.uniform.%s has %s for %s", who, CountOf(len(ranges), "range"), CountOf(dim, "dimension"))
	}
	v := make([]float64, dim)
	for i, r := range ranges {
		v[i] = r[0] + (r[1]-r[0])*rng.Float64()
	}
	return v, nil
}

// NewRand returns the run's seeded source; stream separates independent
// uses of one seed.
func NewRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x5eed0000+stream))
}

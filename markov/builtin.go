package markov

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/stackel/stackel/internal/safeyaml"
)

// builtinSpec describes one built-in game: its parameters with defaults,
// its constructor and the shape of what the constructor allocates.
type builtinSpec struct {
	doc      string
	defaults map[string]float64
	ints     map[string]bool // parameters that must be integers
	make     func(p map[string]float64) (*Game, error)
	// sizeKeys are the parameters that set the shape, in the order of
	// the doc; shape gives |S|, |A1|, |A2| from the parameters (defaults
	// filled in). The constructor allocates with the same function.
	sizeKeys []string
	shape    func(p map[string]float64) (states, actions1, actions2 float64)
	// rewardKeys are the parameters that scale R1 (rewardKeys[0]) and
	// R2 (rewardKeys[1]): those a game beyond checkValueBound's bound
	// is refused naming (boundParam).
	rewardKeys [2][]string
}

var builtins = map[string]builtinSpec{
	"patrol": {
		doc: "patrolling security game on a cycle of targets",
		defaults: map[string]float64{
			"targets": 4, "gamma": 0.9, "lambda": 0.2, "detect": 0.9,
			"slip": 0.1, "move_cost": 0.05, "catch_reward": 0.5, "penalty": 1,
		},
		ints:       map[string]bool{"targets": true},
		make:       makePatrol,
		sizeKeys:   []string{"targets"},
		shape:      patrolShape,
		rewardKeys: [2][]string{{"catch_reward", "move_cost"}, {"penalty"}},
	},
	"epidemic": {
		doc: "epidemic testing game (government sets testing, citizens choose to test)",
		defaults: map[string]float64{
			"levels": 3, "gamma": 0.9, "lambda": 0.2, "growth": 0.5,
			"recovery": 0.6, "sick_cost": 1, "test_cost": 0.3,
		},
		ints:       map[string]bool{"levels": true},
		make:       makeEpidemic,
		sizeKeys:   []string{"levels"},
		shape:      epidemicShape,
		rewardKeys: [2][]string{nil, {"sick_cost", "test_cost"}},
	},
	"random": {
		doc: "seeded random general-sum game",
		defaults: map[string]float64{
			"states": 2, "actions1": 2, "actions2": 2, "seed": 1,
			"gamma": 0.9, "lambda": 0.2,
		},
		ints: map[string]bool{"states": true, "actions1": true, "actions2": true, "seed": true},
		make: func(p map[string]float64) (*Game, error) {
			n, m1, m2 := randomShape(p)
			for _, k := range []string{"states", "actions1", "actions2"} {
				if p[k] < 1 {
					return nil, &ParamError{Param: k, Value: p[k], Reason: "must be >= 1"}
				}
			}
			if p["seed"] < 0 {
				return nil, &ParamError{Param: "seed", Value: p["seed"], Reason: "must be >= 0"}
			}
			return RandomGame(int(n), int(m1), int(m2), uint64(p["seed"]), p["gamma"], p["lambda"])
		},
		sizeKeys: []string{"states", "actions1", "actions2"},
		shape:    randomShape,
	},
}

// randomShape is the shape of the random built-in: its parameters states,
// actions1 and actions2.
func randomShape(p map[string]float64) (states, actions1, actions2 float64) {
	return p["states"], p["actions1"], p["actions2"]
}

// Shape is the size of a built-in game's model: the transition tensor P
// has States²·Actions1·Actions2 entries.
type Shape struct {
	// States is |S|, Actions1 |A1| (leader) and Actions2 |A2| (follower).
	States, Actions1, Actions2 float64
	// Params lists the parameters that set the shape with the values
	// used, "states=2000, actions1=2 (default), actions2=2 (default)":
	// "(default)" marks one absent from the given parameters.
	Params string
}

// Entries returns |S|²·|A1|·|A2|, the number of entries of P (float64,
// so that no parameter overflows it).
func (s Shape) Entries() float64 {
	return s.States * s.States * s.Actions1 * s.Actions2
}

// BuiltinShape returns the shape of the game that Builtin(name, params)
// would build, without allocating it: every size parameter absent from
// params takes the built-in's default, as in Builtin, and the shape is
// computed by the function the constructor allocates with. Parameters
// that are not size parameters are ignored, and values are not checked
// (Builtin reports an unknown, fractional or out-of-range parameter); an
// unknown name is an error listing the valid ones.
func BuiltinShape(name string, params map[string]float64) (Shape, error) {
	b, ok := builtins[name]
	if !ok {
		return Shape{}, fmt.Errorf("markov: unknown built-in game %s (valid: %s)", safeyaml.ValueText(name), strings.Join(BuiltinNames(), ", "))
	}
	p := make(map[string]float64, len(b.defaults))
	for k, v := range b.defaults {
		p[k] = v
	}
	desc := make([]string, len(b.sizeKeys))
	for i, k := range b.sizeKeys {
		v, given := params[k]
		if given {
			p[k] = v
			desc[i] = fmt.Sprintf("%s=%g", k, v)
		} else {
			desc[i] = fmt.Sprintf("%s=%g (default)", k, p[k])
		}
	}
	sh := Shape{Params: strings.Join(desc, ", ")}
	sh.States, sh.Actions1, sh.Actions2 = b.shape(p)
	return sh, nil
}

// BuiltinNames lists the names accepted by Builtin, sorted.
func BuiltinNames() []string {
	names := make([]string, 0, len(builtins))
	for k := range builtins {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// BuiltinParams returns the parameters of a built-in game with their
// default values.
func BuiltinParams(name string) (map[string]float64, error) {
	b, ok := builtins[name]
	if !ok {
		return nil, fmt.Errorf("markov: unknown built-in game %s (valid: %s)", safeyaml.ValueText(name), strings.Join(BuiltinNames(), ", "))
	}
	out := make(map[string]float64, len(b.defaults))
	for k, v := range b.defaults {
		out[k] = v
	}
	return out, nil
}

// Builtin returns a built-in game by name with the given parameters
// overriding the defaults (nil: all defaults). Names and parameters:
//
//	patrol    targets=4 gamma=0.9 lambda=0.2 detect=0.9 slip=0.1
//	          move_cost=0.05 catch_reward=0.5 penalty=1      (see Patrol)
//	epidemic  levels=3 gamma=0.9 lambda=0.2 growth=0.5 recovery=0.6
//	          sick_cost=1 test_cost=0.3                       (see Epidemic)
//	random    states=2 actions1=2 actions2=2 seed=1 gamma=0.9 lambda=0.2
//	                                                          (see RandomGame)
//
// An unknown name or parameter is an error that lists the valid ones; so
// is a non-finite value, and for an integer parameter (the sizes, seed) a
// fractional value or one of magnitude above 2^53. seed must be >= 0.
func Builtin(name string, params map[string]float64) (*Game, error) {
	b, ok := builtins[name]
	if !ok {
		return nil, fmt.Errorf("markov: unknown built-in game %s (valid: %s)", safeyaml.ValueText(name), strings.Join(BuiltinNames(), ", "))
	}
	p := make(map[string]float64, len(b.defaults))
	for k, v := range b.defaults {
		p[k] = v
	}
	valid := make([]string, 0, len(b.defaults))
	for k := range b.defaults {
		valid = append(valid, k)
	}
	sort.Strings(valid)
	// In key order, so that of several bad parameters the error always
	// names the same one (a map's order changes from run to run).
	given := make([]string, 0, len(params))
	for k := range params {
		given = append(given, k)
	}
	sort.Strings(given)
	for _, k := range given {
		v := params[k]
		if _, ok := b.defaults[k]; !ok {
			return nil, fmt.Errorf("markov: built-in %q: unknown parameter %s (valid: %s)", name, safeyaml.ValueText(k), strings.Join(valid, ", "))
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("markov: built-in %q: %w", name, &ParamError{Param: k, Value: v, Reason: "must be finite"})
		}
		if b.ints[k] && v != math.Trunc(v) {
			return nil, fmt.Errorf("markov: built-in %q: %w", name, &ParamError{Param: k, Value: v, Reason: "must be an integer"})
		}
		if b.ints[k] && math.Abs(v) > maxIntParam {
			// Beyond 2^53 a float64 holds no longer every integer, and a
			// conversion out of int's or uint64's range is
			// implementation-dependent in Go (it differs between amd64
			// and arm64).
			return nil, fmt.Errorf("markov: built-in %q: %w", name, &ParamError{Param: k, Value: v, Reason: "must be an integer of magnitude at most 2^53"})
		}
		p[k] = v
	}
	g, err := b.make(p)
	if err != nil {
		return nil, b.builtinError(name, params, err)
	}
	g.Name = name
	if err := g.Validate(); err != nil {
		return nil, b.builtinError(name, params, err)
	}
	return g, nil
}

// builtinError returns err, the error of making or validating the
// built-in name with the given parameters, for Builtin: a ParamError
// naming the given parameter at fault when there is one (boundParam's,
// or Validate's refusal of a field that is a given parameter, gamma or
// lambda: "gamma = 1.5: must be in [0, 1)"), and without Validate's
// "markov: game: " after the built-in's name (it read `markov: built-in
// "patrol": markov: game: gamma = 1.5: …`).
func (b builtinSpec) builtinError(name string, given map[string]float64, err error) error {
	err = b.boundParam(given, err)
	var ve *validationError
	if errors.As(err, &ve) {
		if v, ok := given[ve.path]; ok {
			if rest, ok := strings.CutPrefix(ve.msg, fmt.Sprintf("%s = %v: ", ve.path, v)); ok {
				pe := &ParamError{Param: ve.path, Value: v, Reason: rest, clause: !strings.HasPrefix(rest, "must ")}
				return fmt.Errorf("markov: built-in %q: %w", name, pe)
			}
		}
		return &builtinValidationError{name: name, err: ve}
	}
	return fmt.Errorf("markov: built-in %q: %w", name, err)
}

// builtinValidationError is Validate's error for the built-in name,
// worded "markov: built-in NAME: MESSAGE".
type builtinValidationError struct {
	name string
	err  *validationError
}

func (e *builtinValidationError) Error() string {
	return fmt.Sprintf("markov: built-in %q: %s", e.name, e.err.msg)
}

func (e *builtinValidationError) Unwrap() error { return e.err }

// boundParam returns err, Validate's error of a built-in made with the
// given parameters, as a ParamError when it is checkValueBound's refusal:
// it names the parameter the user gave that put the values beyond
// float64's range (lambda, or of the given parameters that scale the
// player's rewards, rewardKeys, the largest in magnitude), not the game's
// internal entry ("R2[0][0][1] = -9e+306"), and says by what factor to
// scale the given parameters at fault down (boundAdvice). err is returned
// as it is when it is another error, or when no given parameter scales
// the values at fault.
func (b builtinSpec) boundParam(given map[string]float64, err error) error {
	var ve *validationError
	if !errors.As(err, &ve) || ve.bound == nil {
		return err
	}
	vb := ve.bound
	side := 0
	if vb.follower {
		side = 1
	}
	var rewards []string
	for _, k := range b.rewardKeys[side] {
		if _, ok := given[k]; ok {
			rewards = append(rewards, k)
		}
	}
	// The largest in magnitude first (ties: key order).
	sort.SliceStable(rewards, func(i, j int) bool { return math.Abs(given[rewards[i]]) > math.Abs(given[rewards[j]]) })
	_, lambdaGiven := given["lambda"]
	keys, factor, why := boundAdvice(vb, rewards, lambdaGiven)
	if keys == nil {
		return err
	}
	scale := fmt.Sprintf("scale %s down by a factor above %s%s", keys[0], upText(factor, 4), why)
	if len(keys) > 1 {
		scale = fmt.Sprintf("scale %s and %s down by the same factor, above %s%s", strings.Join(keys[:len(keys)-1], ", "), keys[len(keys)-1], upText(factor, 4), why)
	}
	reason := fmt.Sprintf("puts the leader's values beyond float64's range: with gamma = %v they reach up to max|R1|/(1 − gamma) = %.4g/%.4g, beyond %.4g, float64's largest number less the values' rounding (V1 would overflow to ±Inf); %s",
		vb.gamma, vb.top, 1-vb.gamma, maxValue, scale)
	if vb.follower {
		reason = fmt.Sprintf("puts the follower's values beyond float64's range: with gamma = %v and lambda = %v they reach up to (max|R2| + lambda·ln %d)/(1 − gamma) = %.4g/%.4g, beyond %.4g, float64's largest number less the values' rounding (V2λ would overflow to ±Inf); %s",
			vb.gamma, vb.lambdaVal, vb.actions2, vb.top, 1-vb.gamma, maxValue, scale)
	}
	return &ParamError{Param: keys[0], Value: given[keys[0]], Reason: reason}
}

// boundAdvice returns the given parameters to scale down, the one at fault
// first, and the factor to scale them by, for a built-in refused by
// checkValueBound (vb), of whose parameters that scale the player's
// rewards rewards were given (largest first) and lambda if lambdaGiven;
// nil when no given parameter scales the term at fault. The rewards scale
// with their parameters (the built-ins' fixed rewards are of order 1, far
// below the bound), so that:
//
//   - the leader's rewards: by more than max|R1|/room;
//   - the follower's rewards, lambda·ln|A2| within room: by more than
//     max|R2|/(room − lambda·ln|A2|), and with a positive lambda (left as
//     it is) by at least max|R2|/(lambda·(1 − gamma)·MaxFloat64/8), so
//     that lambda stays at least MinLambda (why says so when that is the
//     larger factor);
//   - lambda, max|R2| within room: by more than lambda·ln|A2|/(room −
//     max|R2|);
//   - both terms beyond room: lambda and the rewards by the same factor,
//     above the bound's excess (max|R2| + lambda·ln|A2|)/room, summed
//     term by term (top may be +Inf), their ratio, which MinLambda
//     checks, unchanged.
func boundAdvice(vb *valueBound, rewards []string, lambdaGiven bool) (keys []string, factor float64, why string) {
	switch {
	case !vb.follower:
		if len(rewards) == 0 {
			return nil, 0, ""
		}
		return rewards, vb.rmax / vb.room, ""
	case vb.rmax > vb.room && vb.lterm > vb.room:
		if len(rewards) == 0 || !lambdaGiven {
			return nil, 0, ""
		}
		if vb.lambda {
			return append([]string{"lambda"}, rewards...), vb.rmax/vb.room + vb.lterm/vb.room, ""
		}
		return append(rewards, "lambda"), vb.rmax/vb.room + vb.lterm/vb.room, ""
	case vb.lambda:
		if !lambdaGiven {
			return nil, 0, ""
		}
		return []string{"lambda"}, vb.lterm / (vb.room - vb.rmax), ""
	default:
		if len(rewards) == 0 {
			return nil, 0, ""
		}
		factor = vb.rmax / (vb.room - vb.lterm)
		if vb.lambdaVal > 0 {
			if f := vb.rmax / (vb.lambdaVal * ((1 - vb.gamma) * (math.MaxFloat64 / lambdaMargin))); f > factor {
				return rewards, f, fmt.Sprintf(", for lambda = %v to stay at least the scaled rewards' markov.MinLambda", vb.lambdaVal)
			}
		}
		return rewards, factor, ""
	}
}

// ParamError is Builtin's refusal of one parameter's value; errors.As
// finds it in Builtin's error, so that a caller can name the parameter as
// its own input does (a configuration's game.params.NAME).
type ParamError struct {
	// Param is the parameter's name ("states") and Value its value.
	Param string
	Value float64
	// Reason says what the value must be ("must be an integer"), or why
	// it is refused ("1 − gamma = 1.11e-16 is below the bound …").
	Reason string
	// clause: Reason is a sentence of its own, not a predicate of the
	// parameter (Error puts a colon before it).
	clause bool
}

// Error returns "parameter NAME = VALUE REASON" ("parameter NAME = VALUE:
// REASON" for a reason that is a sentence of its own).
func (e *ParamError) Error() string {
	if e.clause {
		return fmt.Sprintf("parameter %s = %v: %s", e.Param, e.Value, e.Reason)
	}
	return fmt.Sprintf("parameter %s = %v %s", e.Param, e.Value, e.Reason)
}

// maxIntParam is the largest magnitude of an integer parameter of a
// built-in, 2^53: every integer up to it is exactly a float64.
const maxIntParam = 1 << 53

func newGame(n, m1, m2 int, gamma, lambda float64) *Game {
	g := &Game{Gamma: gamma, Lambda: lambda, States: n, Actions: []int{m1, m2}}
	g.Rho = make([]float64, n)
	g.P = make([][][][]float64, n)
	g.R1 = make([][][]float64, n)
	g.R2 = make([][][]float64, n)
	for s := range n {
		g.Rho[s] = 1 / float64(n)
		g.P[s] = make([][][]float64, m1)
		g.R1[s] = make([][]float64, m1)
		g.R2[s] = make([][]float64, m1)
		for a := range m1 {
			g.P[s][a] = make([][]float64, m2)
			g.R1[s][a] = make([]float64, m2)
			g.R2[s][a] = make([]float64, m2)
			for b := range m2 {
				g.P[s][a][b] = make([]float64, n)
			}
		}
	}
	return g
}

// RandomGame returns a seeded random general-sum game: every P[s][a1][a2]
// is drawn from the flat Dirichlet distribution on the simplex, R1 and R2
// are independent uniform on [0, 1], and rho is uniform. The same
// arguments give the same game on every machine.
func RandomGame(states, actions1, actions2 int, seed uint64, gamma, lambda float64) (*Game, error) {
	if states < 1 || actions1 < 1 || actions2 < 1 {
		return nil, fmt.Errorf("states=%d, actions1=%d, actions2=%d: each must be >= 1", states, actions1, actions2)
	}
	// In float64: the product of ints can overflow and wrap below the limit.
	if float64(states)*float64(states)*float64(actions1)*float64(actions2) > 1<<26 {
		return nil, fmt.Errorf("states=%d, actions1=%d, actions2=%d: P would have more than 2^26 entries", states, actions1, actions2)
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed5eed))
	g := newGame(states, actions1, actions2, gamma, lambda)
	for s := range states {
		for a := range actions1 {
			for b := range actions2 {
				row := g.P[s][a][b]
				sum := 0.0
				for t := range row {
					row[t] = rng.ExpFloat64()
					sum += row[t]
				}
				for t := range row {
					row[t] /= sum
				}
				g.R1[s][a][b] = rng.Float64()
				g.R2[s][a][b] = rng.Float64()
			}
		}
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return g, nil
}

// makePatrol builds the patrolling security game (see the doc of Builtin).
//
// A defender (leader) patrols K targets placed on a cycle; an attacker
// (follower) watches the defender's position and, at every step, either
// waits or attacks one target.
//
//   - State s in 0..K-1: the target where the defender currently is.
//   - Leader actions: 0 stay, 1 move clockwise (s+1 mod K), 2 move
//     counter-clockwise (s-1 mod K). A move slips (the defender stays)
//     with probability slip.
//   - Follower actions: 0 wait, 1+j attack target j.
//   - An attack on target j is caught with probability detect if the
//     defender is at j after its move, and then the defender brings the
//     attacker to its base, target 0; otherwise it succeeds and play goes on
//     from the defender's new position.
//   - Rewards (general-sum): the attacker gains v_j for a successful
//     attack on j and loses penalty when caught; the defender loses u_j for
//     a successful attack, gains catch_reward for a catch and pays
//     move_cost for every move it attempts. The valuations differ:
//     v_j = 0.5 + 0.5 (j+1)/K, u_j = 0.5 + 0.5 ((2j mod K) + 1)/K, so the
//     attacker's favourite target is not the defender's most valuable one.
//   - rho is uniform over the defender's starting target.
func makePatrol(p map[string]float64) (*Game, error) {
	n, m1, m2 := patrolShape(p)
	k := int(n)
	if k < 3 || k > 64 {
		return nil, &ParamError{Param: "targets", Value: n, Reason: "must be in [3, 64]"}
	}
	for _, name := range []string{"detect", "slip"} {
		if p[name] < 0 || p[name] > 1 {
			return nil, &ParamError{Param: name, Value: p[name], Reason: "must be a probability in [0, 1]"}
		}
	}
	detect, slip := p["detect"], p["slip"]
	g := newGame(k, int(m1), int(m2), p["gamma"], p["lambda"])
	for s := range k {
		for a := range patrolMoves {
			next := s
			cost := 0.0
			switch a {
			case 1:
				next, cost = (s+1)%k, p["move_cost"]
			case 2:
				next, cost = (s+k-1)%k, p["move_cost"]
			}
			// Distribution of the defender's position after its move.
			type mass struct {
				q int
				p float64
			}
			pos := []mass{{next, 1 - slip}}
			if next == s {
				pos[0].p = 1
			} else if slip > 0 {
				pos = append(pos, mass{s, slip})
			}
			for b := range k + 1 {
				row := g.P[s][a][b]
				r1, r2 := -cost, 0.0
				for _, m := range pos {
					q, pq := m.q, m.p
					if b == 0 || b-1 != q {
						row[q] += pq
						if b > 0 {
							j := b - 1
							r1 -= pq * (0.5 + 0.5*float64((2*j)%k+1)/float64(k))
							r2 += pq * (0.5 + 0.5*float64(j+1)/float64(k))
						}
						continue
					}
					// Attack on the defender's position: caught w.p. detect.
					j := b - 1
					row[0] += pq * detect
					row[q] += pq * (1 - detect)
					r1 += pq * (detect*p["catch_reward"] - (1-detect)*(0.5+0.5*float64((2*j)%k+1)/float64(k)))
					r2 += pq * (-detect*p["penalty"] + (1-detect)*(0.5+0.5*float64(j+1)/float64(k)))
				}
				g.R1[s][a][b] = r1
				g.R2[s][a][b] = r2
			}
		}
	}
	return g, nil
}

// patrolMoves is the patrol defender's action count: stay, clockwise,
// counter-clockwise.
const patrolMoves = 3

// patrolShape is the shape of the patrol built-in: a state per target,
// the defender's moves, and the attacker's wait or attack on a target.
func patrolShape(p map[string]float64) (states, actions1, actions2 float64) {
	t := p["targets"]
	return t, patrolMoves, t + 1
}

// epidemicPolicies is the government's action count (minimal, targeted,
// mass testing) and epidemicChoices the citizens' (do not test, test).
const (
	epidemicPolicies = 3
	epidemicChoices  = 2
)

// epidemicShape is the shape of the epidemic built-in: a state per
// infection level.
func epidemicShape(p map[string]float64) (states, actions1, actions2 float64) {
	return p["levels"], epidemicPolicies, epidemicChoices
}

// makeEpidemic builds the epidemic testing game (see the doc of Builtin).
//
// The government (leader) sets a testing policy per infection level; the
// citizens (follower, a representative citizen) decide at every step
// whether to get tested.
//
//   - State s in 0..L-1: the infection level, from low (0) to high (L-1);
//     the infected fraction is i_s = (s+1)/L.
//   - Leader actions: 0 minimal, 1 targeted, 2 mass testing, with testing
//     availability τ = 0.2, 0.6, 1.0 and cost to the government 0, 0.15,
//     0.4 per step.
//   - Follower actions: 0 do not test, 1 test.
//   - Detection δ = τ when citizens test and 0.1τ when they do not.
//     The level falls by one with probability min(1, 0.1 + recovery·δ)
//     (for s > 0) and, otherwise, rises by one with probability
//     growth·(1 - δ) (for s < L-1); else it stays.
//   - Rewards (general-sum): the government gets -i_s - cost(a1): it
//     wants few infected people and cheap policies. A citizen gets
//     -sick_cost·i_s·(1 - 0.5δ) - [tests]·test_cost·(1.5 - τ): the risk and
//     harm of getting sick (lower when infections are detected early)
//     and the inconvenience of testing, which wider availability lowers.
func makeEpidemic(p map[string]float64) (*Game, error) {
	n, m1, m2 := epidemicShape(p)
	l := int(n)
	if l < 2 || l > 100 {
		return nil, &ParamError{Param: "levels", Value: n, Reason: "must be in [2, 100]"}
	}
	for _, name := range []string{"growth", "recovery"} {
		if p[name] < 0 || p[name] > 1 {
			return nil, &ParamError{Param: name, Value: p[name], Reason: "must be in [0, 1]"}
		}
	}
	tau := []float64{0.2, 0.6, 1.0}
	gcost := []float64{0, 0.15, 0.4}
	g := newGame(l, int(m1), int(m2), p["gamma"], p["lambda"])
	for s := range l {
		inf := float64(s+1) / float64(l)
		for a := range epidemicPolicies {
			for b := range epidemicChoices {
				delta := 0.1 * tau[a]
				if b == 1 {
					delta = tau[a]
				}
				down, up := 0.0, 0.0
				if s > 0 {
					down = math.Min(1, 0.1+p["recovery"]*delta)
				}
				if s < l-1 {
					up = (1 - down) * p["growth"] * (1 - delta)
				}
				row := g.P[s][a][b]
				if s > 0 {
					row[s-1] += down
				}
				if s < l-1 {
					row[s+1] += up
				}
				row[s] += 1 - down - up
				g.R1[s][a][b] = -inf - gcost[a]
				g.R2[s][a][b] = -p["sick_cost"]*inf*(1-0.5*delta) - float64(b)*p["test_cost"]*(1.5-tau[a])
			}
		}
	}
	return g, nil
}

package markov

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
)

// ProbTol is the tolerance used when checking that a vector of
// probabilities (a row of P, or rho) sums to one.
const ProbTol = 1e-9

// Game is a finite two-player stochastic Stackelberg game
// G = <S, {1,2}, (A1, A2), P, (R1, R2), gamma, rho> (Section II of the paper)
// together with the follower's entropy weight lambda (Eq. 3).
//
// Player 1 is the leader, player 2 the follower. States are 0..States-1,
// leader actions 0..Actions[0]-1 and follower actions 0..Actions[1]-1.
//
// The fields mirror the game spec file one to one (see ParseGame). A Game
// must be validated (Validate, or any function of this package that takes a
// *Game, which validates on first use); the package caches a flattened copy
// of P, R1 and R2, and every function taking the *Game (Run, NewEvaluator,
// NewSampler, Config.Validate, …) compares the fields with it first and
// validates again when one has changed, so a game edited between runs is
// run as edited. An Evaluator or Sampler already made keeps the game as it
// was. Do not change a Game while another goroutine uses it.
type Game struct {
	// Gamma is the discount factor, in [0, 1), with 1 − Gamma at least
	// MinOneMinusGamma(States) (see Validate).
	Gamma float64 `yaml:"gamma" json:"gamma"`
	// Lambda is the weight of the follower's discounted entropy (Eq. 3-4),
	// >= 0, and when positive at least MinLambda(Gamma, max|R2|) (about
	// 4.45e-308·max|R2|/(1 − Gamma); see Validate). Lambda > 0 makes the follower's best response unique, interior
	// and smooth in the leader's policy (Prop. 1, Assumption 2). Lambda = 0
	// is the unregularised game of Eq. 2: the best response is then a
	// (possibly set-valued) deterministic policy, the follower's Hessian
	// is singular at it, and the Stackelberg policy gradient needs Reg > 0
	// (see Config.Reg); BestResponse then returns the greedy policy.
	Lambda float64 `yaml:"lambda" json:"lambda"`
	// States is |S| >= 1.
	States int `yaml:"states" json:"states"`
	// Actions is [|A1|, |A2|], each >= 1.
	Actions []int `yaml:"actions" json:"actions"`
	// Rho is the initial-state distribution (Eq. 5-6); it is also the
	// distribution mu with respect to which the gradients of Eq. 8-9 are
	// taken. The convergence results (Prop. 1, Theorem 1) need every state
	// to be visited with positive probability.
	Rho []float64 `yaml:"rho" json:"rho"`
	// P[s][a1][a2] is the distribution over next states.
	P [][][][]float64 `yaml:"P" json:"P"`
	// R1[s][a1][a2] is the leader's reward: finite, with
	// max|R1|/(1 − Gamma), the bound on |V1|, at most MaxFloat64/(1 +
	// 1e-3) (see Validate).
	R1 [][][]float64 `yaml:"R1" json:"R1"`
	// R2[s][a1][a2] is the follower's reward: finite, with (max|R2| +
	// Lambda·ln|A2|)/(1 − Gamma), the bound on |V2λ|, at most
	// MaxFloat64/(1 + 1e-3).
	R2 [][][]float64 `yaml:"R2" json:"R2"`

	// Name is an optional label (set by Builtin); it is not part of the spec.
	Name string `yaml:"-" json:"-"`

	flat *flatGame
}

// flatGame holds P, R1, R2 in flat row-major arrays:
// P[((s*m1+a)*m2+b)*n+t], R[(s*m1+a)*m2+b].
type flatGame struct {
	n, m1, m2 int
	gamma     float64
	lambda    float64
	rho       []float64
	p         []float64
	r1, r2    []float64
	// hscale = (λ + span(R2)/(1−γ))/(1−γ) (1 if that is 0) is a coarse
	// a-priori scale of the follower's Hessian (not a bound); it scales
	// the gauge term of the implicit-gradient solve so that a Hessian
	// that vanishes up to rounding is reported as singular (the solve
	// retries with H's own scale when this floor alone fails it; see
	// HierGrad).
	hscale float64
	// reach[s] says whether state s can be visited from ρ: it is in the
	// support of ρ or (γ > 0) is reached by a transition of positive
	// probability from such a state, for some joint action (softmax
	// policies give every action positive probability). An unreachable state has
	// visitation 0: V1 and V2λ (Eq. 5-6) do not depend on θ(s,·), the
	// follower's Hessian and gradients vanish there, and any policy is a
	// best response there (B of Section II, defined through V2λ(ρ)).
	reach []bool
}

// reachable returns which states can be visited from the support of rho
// through transitions of positive probability (any joint action). With
// gamma = 0 only the first step counts (γ^τ = 0 for τ >= 1): the
// discounted visitation is rho itself, and its support is returned.
func reachable(n, m1, m2 int, rho, p []float64, gamma float64) []bool {
	reach := make([]bool, n)
	stack := make([]int, 0, n)
	for s, r := range rho {
		if r > 0 {
			reach[s] = true
			stack = append(stack, s)
		}
	}
	if gamma == 0 {
		return reach
	}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		row := p[s*m1*m2*n : (s+1)*m1*m2*n]
		for i, v := range row {
			if t := i % n; v > 0 && !reach[t] {
				reach[t] = true
				stack = append(stack, t)
			}
		}
	}
	return reach
}

// specFile is the on-disk form; pointers detect missing keys.
type specFile struct {
	Gamma   *float64        `yaml:"gamma"`
	Lambda  *float64        `yaml:"lambda"`
	States  *int            `yaml:"states"`
	Actions []int           `yaml:"actions"`
	Rho     []float64       `yaml:"rho"`
	P       [][][][]float64 `yaml:"P"`
	R1      [][][]float64   `yaml:"R1"`
	R2      [][][]float64   `yaml:"R2"`
}

// ParseGame decodes a game spec, YAML or JSON (JSON is read as YAML), with
// strict decoding: an unknown key is an error naming the key and its line.
// All keys are required:
//
//	gamma: 0.9
//	lambda: 0.2          # entropy weight of the follower (Eq. 3)
//	states: 2
//	actions: [2, 2]      # leader, follower
//	rho: [0.5, 0.5]      # initial distribution
//	P: ...               # P[s][a1][a2] = distribution over next states
//	R1: ...              # R1[s][a1][a2], the leader's reward
//	R2: ...              # R2[s][a1][a2], the follower's reward
//
// The decoded game is validated (see Validate); a validation error names
// the key, its index and its line ("markov: game spec: line 7:
// P[0][1][0][1] = -0.2: probabilities must be finite and >= 0").
func ParseGame(data []byte) (*Game, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("markov: game spec is empty")
	}
	var sp specFile
	keys, err := safeyaml.UnmarshalKeys(data, &sp, safeyaml.DefaultLimits())
	if err != nil {
		return nil, fmt.Errorf("markov: game spec: %w", err)
	}
	var missing []string
	if sp.Gamma == nil {
		missing = append(missing, "gamma")
	}
	if sp.Lambda == nil {
		missing = append(missing, "lambda")
	}
	if sp.States == nil {
		missing = append(missing, "states")
	}
	if sp.Actions == nil {
		missing = append(missing, "actions")
	}
	if sp.Rho == nil {
		missing = append(missing, "rho")
	}
	if sp.P == nil {
		missing = append(missing, "P")
	}
	if sp.R1 == nil {
		missing = append(missing, "R1")
	}
	if sp.R2 == nil {
		missing = append(missing, "R2")
	}
	// A key written with a null value (~, null or nothing) decodes as an
	// absent one; it is named as what it is, at its line.
	for _, k := range missing {
		if keys.Null[k] {
			return nil, fmt.Errorf("markov: game spec: line %d: %s is null: want a value", keys.Lines[k], k)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("markov: game spec: missing required key(s) %v", missing)
	}
	g := &Game{
		Gamma: *sp.Gamma, Lambda: *sp.Lambda, States: *sp.States,
		Actions: sp.Actions, Rho: sp.Rho, P: sp.P, R1: sp.R1, R2: sp.R2,
	}
	if err := g.Validate(); err != nil {
		return nil, withSpecLine(err, keys.Lines)
	}
	return g, nil
}

// withSpecLine adds the line of the spec file to a validation error: the
// line of the entry it names, or of the nearest enclosing list written in
// the file (a missing entry has no line of its own).
func withSpecLine(err error, lines map[string]int) error {
	var ve *validationError
	if !errors.As(err, &ve) {
		return err
	}
	for path := ve.path; path != ""; path = parentPath(path) {
		if line, ok := lines[path]; ok {
			return fmt.Errorf("markov: game spec: line %d: %s", line, ve.msg)
		}
	}
	return err
}

// parentPath drops the last index of a path ("P[0][1]" → "P[0]", "P" → "").
func parentPath(path string) string {
	i := strings.LastIndexByte(path, '[')
	if i < 0 {
		return ""
	}
	return path[:i]
}

// validationError is an error of Validate: msg names the field and its
// index, path is that field's path in a spec file ("P[0][1][0][1]").
type validationError struct {
	path, msg string
	// bound is set for checkValueBound's refusal: what a built-in's
	// parameters are named with (boundParamError).
	bound *valueBound
}

// valueBound is checkValueBound's refusal: the player whose values leave
// float64's range (follower: V2λ, else V1), whether lambda rather than a
// reward is at fault, the bound's numerator top (max|R1|, or max|R2| +
// λ·ln|A2|) with its terms rmax (the player's max|R|) and lterm
// (λ·ln|A2|, the follower's), and room, the largest numerator within
// range, (1 − γ)·maxValue.
type valueBound struct {
	follower, lambda       bool
	top, rmax, lterm, room float64
	gamma, lambdaVal       float64
	actions2               int
}

func (e *validationError) Error() string { return "markov: game: " + e.msg }

// invalid returns a validationError at path.
func invalid(path, format string, args ...any) error {
	return &validationError{path: path, msg: fmt.Sprintf(format, args...)}
}

// LoadGame reads and parses a game spec file (see ParseGame): a regular
// file within the input size limit (safeyaml.ReadFile).
func LoadGame(path string) (*Game, error) {
	data, err := safeyaml.ReadFile(path)
	if err != nil {
		if t := pathText(path); t != path {
			// The error names path (an *fs.PathError, a directory, a
			// size): named as pathText words it, the error unchanged.
			err = &renamedPath{text: strings.ReplaceAll(err.Error(), path, t), err: err}
		}
		return nil, fmt.Errorf("markov: %w", err)
	}
	g, err := ParseGame(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pathText(path), err)
	}
	return g, nil
}

// maxPathText is the length, in bytes, beyond which pathText cuts a path.
const maxPathText = 200

// pathText is path as an error names it: as it is when it is printable
// and at most maxPathText bytes long; else quoted, its control characters
// escaped, and cut to maxPathText bytes ("…" marks the cut). A
// 700-character path, or one holding an escape sequence, was printed raw.
func pathText(path string) string { return textcut.Word(path, maxPathText) }

// renamedPath is err with the text given: err's with its path reworded.
type renamedPath struct {
	text string
	err  error
}

func (e *renamedPath) Error() string { return e.text }

// Unwrap returns the error reworded.
func (e *renamedPath) Unwrap() error { return e.err }

// Spec returns the game in spec-file form (YAML, flow-style arrays),
// readable by ParseGame.
func (g *Game) Spec() ([]byte, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return yaml.MarshalWithOptions(struct {
		Gamma   float64         `yaml:"gamma"`
		Lambda  float64         `yaml:"lambda"`
		States  int             `yaml:"states"`
		Actions []int           `yaml:"actions,flow"`
		Rho     []float64       `yaml:"rho,flow"`
		P       [][][][]float64 `yaml:"P,flow"`
		R1      [][][]float64   `yaml:"R1,flow"`
		R2      [][][]float64   `yaml:"R2,flow"`
	}{g.Gamma, g.Lambda, g.States, g.Actions, g.Rho, g.P, g.R1, g.R2})
}

// epsilon is the float64 machine epsilon, 2⁻⁵².
const epsilon = 0x1p-52

// maxSolveError bounds the worst-case relative error of the exact
// evaluation's linear solves that Validate accepts (see MinOneMinusGamma).
const maxSolveError = 1e-3

// MinOneMinusGamma returns the smallest 1 − γ that Validate accepts for a
// game of n states: 2000·n·ε (ε = 2⁻⁵², so about 4.4e-13·n). The exact
// evaluation solves (I − γP_π)x = b, whose condition number (∞-norm) can
// reach (1+γ)/(1−γ), and a backward-stable solve of an n×n system loses
// up to about n·ε times that, relatively; this bound keeps
// n·ε·(1+γ)/(1−γ) ≤ 1e-3, three correct digits of the values in the worst
// case. Beyond it the error is not hypothetical: with exactly stochastic
// rows V1·(1−γ) is off by 4e-5 at 1−γ = 1e-13, 5e-2 at 1e-15 and 0.11 at
// γ = math.Nextafter(1, 0), where HierGrad then blamed the follower
// Hessian (condition number +Inf) for what was γ's doing.
func MinOneMinusGamma(n int) float64 {
	return 2 / maxSolveError * float64(n) * epsilon
}

// Validate checks the game and caches its flattened form. Errors name the
// field and the index: shapes, rows of P and rho summing to one within
// ProbTol (entries >= 0), gamma in [0, 1) with 1 − gamma at least
// MinOneMinusGamma(states), lambda >= 0 and finite rewards, values within
// float64's range (max|R1|/(1 − gamma) and (max|R2| + lambda·ln
// actions[1])/(1 − gamma) at most MaxFloat64/(1 + 1e-3): checkValueBound),
// and a positive lambda at least MinLambda(gamma, max|R2|).
// A row of P or rho that sums to 1 only within ProbTol is used divided by
// its sum (the deviation would be amplified by 1/(1−γ) in the values);
// the Game's fields are not changed.
func (g *Game) Validate() error {
	return g.validate(true)
}

// validate is Validate; with valueBound false it leaves out
// checkValueBound, for this package's tests of the run's own checks of
// values beyond float64's range (which no game Validate accepts reaches).
func (g *Game) validate(valueBound bool) error {
	g.flat = nil
	if math.IsNaN(g.Gamma) || g.Gamma < 0 || g.Gamma >= 1 {
		return invalid("gamma", "gamma = %v: must be in [0, 1)", g.Gamma)
	}
	if math.IsNaN(g.Lambda) || math.IsInf(g.Lambda, 0) || g.Lambda < 0 {
		return invalid("lambda", "lambda = %v: must be finite and >= 0 (0 means an unregularised follower)", g.Lambda)
	}
	n := g.States
	if n < 1 {
		return invalid("states", "states = %d: must be >= 1", n)
	}
	if b := MinOneMinusGamma(n); 1-g.Gamma < b {
		return invalid("gamma", "gamma = %v: 1 − gamma = %.3g is below the bound %.3g for %d states (1 − gamma ≥ %g·states·ε, ε = 2⁻⁵²): "+
			"the condition number of I − γP_π can reach (1+γ)/(1−γ) = %.3g, so the exact values' linear solves could keep fewer than 3 correct digits "+
			"(relative error up to states·ε·(1+γ)/(1−γ) = %.2g > %g)",
			g.Gamma, 1-g.Gamma, b, n, 2/maxSolveError, (1+g.Gamma)/(1-g.Gamma),
			float64(n)*epsilon*(1+g.Gamma)/(1-g.Gamma), maxSolveError)
	}
	if len(g.Actions) != 2 {
		return invalid("actions", "actions has %d entries: want 2 ([leader, follower])", len(g.Actions))
	}
	m1, m2 := g.Actions[0], g.Actions[1]
	if m1 < 1 {
		return invalid("actions[0]", "actions[0] = %d: the leader needs >= 1 action", m1)
	}
	if m2 < 1 {
		return invalid("actions[1]", "actions[1] = %d: the follower needs >= 1 action", m2)
	}
	if err := checkDist("rho", g.Rho, n); err != nil {
		return err
	}
	if len(g.P) != n {
		return invalid("P", "P has %d rows: want states = %d", len(g.P), n)
	}
	// The flat arrays are allocated at full size only when P has the
	// declared shape: from the declared counts alone, a spec's
	// "actions: [1, 1e13]" with two states made a slice of 4e13 entries
	// (a panic, or the memory exhausted) before the loops below could
	// name the row that is missing.
	var pcap, rcap int
	if shapeIs(g.P, n, m1, m2) {
		pcap, rcap = n*m1*m2*n, n*m1*m2
	}
	f := &flatGame{n: n, m1: m1, m2: m2, gamma: g.Gamma, lambda: g.Lambda,
		rho: appendNormalised(nil, g.Rho),
		p:   make([]float64, 0, pcap),
		r1:  make([]float64, 0, rcap), r2: make([]float64, 0, rcap)}
	for s := range n {
		if len(g.P[s]) != m1 {
			return invalid(fmt.Sprintf("P[%d]", s), "P[%d] has %d rows: want actions[0] = %d", s, len(g.P[s]), m1)
		}
		for a := range m1 {
			if len(g.P[s][a]) != m2 {
				return invalid(fmt.Sprintf("P[%d][%d]", s, a), "P[%d][%d] has %d rows: want actions[1] = %d", s, a, len(g.P[s][a]), m2)
			}
			for b := range m2 {
				if err := checkDist(fmt.Sprintf("P[%d][%d][%d]", s, a, b), g.P[s][a][b], n); err != nil {
					return err
				}
				f.p = appendNormalised(f.p, g.P[s][a][b])
			}
		}
	}
	for i, r := range [2][][][]float64{g.R1, g.R2} {
		name := fmt.Sprintf("R%d", i+1)
		if len(r) != n {
			return invalid(name, "%s has %d rows: want states = %d", name, len(r), n)
		}
		for s := range n {
			if len(r[s]) != m1 {
				return invalid(fmt.Sprintf("%s[%d]", name, s), "%s[%d] has %d rows: want actions[0] = %d", name, s, len(r[s]), m1)
			}
			for a := range m1 {
				if len(r[s][a]) != m2 {
					return invalid(fmt.Sprintf("%s[%d][%d]", name, s, a), "%s[%d][%d] has %d entries: want actions[1] = %d", name, s, a, len(r[s][a]), m2)
				}
				for b, v := range r[s][a] {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return invalid(fmt.Sprintf("%s[%d][%d][%d]", name, s, a, b), "%s[%d][%d][%d] = %v: rewards must be finite", name, s, a, b, v)
					}
				}
				if i == 0 {
					f.r1 = append(f.r1, r[s][a]...)
				} else {
					f.r2 = append(f.r2, r[s][a]...)
				}
			}
		}
	}
	if err := checkValueBound(g, f); valueBound && err != nil {
		return err
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range f.r2 {
		lo, hi = math.Min(lo, r), math.Max(hi, r)
	}
	if err := checkLambdaScale(g.Lambda, g.Gamma, math.Max(math.Abs(lo), math.Abs(hi))); err != nil {
		return err
	}
	f.hscale = (g.Lambda + (hi-lo)/(1-g.Gamma)) / (1 - g.Gamma)
	if !(f.hscale > 0) || math.IsInf(f.hscale, 0) {
		f.hscale = 1
	}
	f.reach = reachable(n, m1, m2, f.rho, f.p, g.Gamma)
	g.flat = f
	return nil
}

// shapeIs reports whether p is n×m1×m2×n (len(p) = n is checked by the
// caller).
func shapeIs(p [][][][]float64, n, m1, m2 int) bool {
	for _, ps := range p {
		if len(ps) != m1 {
			return false
		}
		for _, pa := range ps {
			if len(pa) != m2 {
				return false
			}
			for _, row := range pa {
				if len(row) != n {
					return false
				}
			}
		}
	}
	return true
}

// maxValue is the largest value bound checkValueBound accepts:
// math.MaxFloat64 less the relative error of the exact values' linear
// solves that Validate allows (maxSolveError, see MinOneMinusGamma), so
// that a computed value within the bound stays finite.
const maxValue = math.MaxFloat64 / (1 + maxSolveError)

// checkValueBound refuses a game whose values can leave float64's range:
// by Eq. 1 and 3, |V1| ≤ max|R1|/(1 − γ) and |V2λ| ≤ (max|R2| +
// λ·ln|A2|)/(1 − γ) (the entropy of π2(·|s) is at most ln|A2|), and a
// bound beyond maxValue lets V1 or V2λ overflow to ±Inf at
// policies the run may reach (it was found only there, by the run's first
// record or estimate). The error names the reward of largest magnitude
// (or lambda, when the rewards alone are within range), the bound, and
// the rescaling that keeps the game's solutions: V1 scales with R1, and
// the follower's best response B(θ1) depends on R2 and λ only through
// R2/λ. Quantities beyond the values (gradients, Hessian blocks, the
// sampled estimator's sums) can still overflow within the bound; the run
// stops there naming the iteration and the quantity.
func checkValueBound(g *Game, f *flatGame) error {
	argmax := func(r []float64) (int, float64) {
		k, m := 0, 0.0
		for i, v := range r {
			if math.Abs(v) > m {
				k, m = i, math.Abs(v)
			}
		}
		return k, m
	}
	room := (1 - g.Gamma) * maxValue // γ ≥ 0: no overflow
	entry := func(name string, i int) string {
		m1, m2 := g.Actions[0], g.Actions[1]
		return fmt.Sprintf("%s[%d][%d][%d]", name, i/(m1*m2), i/m2%m1, i%m2)
	}
	if k, rmax := argmax(f.r1); rmax > room {
		path := entry("R1", k)
		return boundError(valueBound{top: rmax, rmax: rmax, room: room, gamma: g.Gamma, lambdaVal: g.Lambda, actions2: g.Actions[1]}, path, "%s = %v: with gamma = %v the leader's values reach up to max|R1|/(1 − gamma) = %.4g/%.4g, beyond %.4g, float64's largest number less the values' rounding "+
			"(V1 would overflow to ±Inf); scale R1 down by a positive factor (the leader's best policies stay the same)",
			path, f.r1[k], g.Gamma, rmax, 1-g.Gamma, maxValue)
	}
	k, rmax := argmax(f.r2)
	if top := rmax + g.Lambda*math.Log(float64(g.Actions[1])); top > room {
		path, val := "lambda", g.Lambda
		if rmax > room || rmax >= g.Lambda*math.Log(float64(g.Actions[1])) {
			path, val = entry("R2", k), f.r2[k]
		}
		vb := valueBound{follower: true, lambda: path == "lambda", top: top, rmax: rmax, lterm: g.Lambda * math.Log(float64(g.Actions[1])), room: room, gamma: g.Gamma, lambdaVal: g.Lambda, actions2: g.Actions[1]}
		return boundError(vb, path, "%s = %v: with gamma = %v and lambda = %v the follower's values reach up to (max|R2| + lambda·ln %d)/(1 − gamma) = %.4g/%.4g, beyond %.4g, float64's largest number less the values' rounding "+
			"(V2λ would overflow to ±Inf); %s",
			path, val, g.Gamma, g.Lambda, g.Actions[1], top, 1-g.Gamma, maxValue, followerBoundAdvice(vb))
	}
	return nil
}

// followerBoundAdvice is checkValueBound's advice for a follower whose
// values leave float64's range (vb): R2 and lambda down by the same
// factor, above the bound's excess (max|R2| + lambda·ln|A2|)/room summed
// term by term (the best response B(θ1) depends on R2/lambda alone, so
// it stays the same), unless max|R2|/lambda is itself beyond
// (1 − gamma)·MaxFloat64/8, the ratio MinLambda bounds: a common factor
// keeps that ratio, and the game would be refused by checkLambdaScale at
// every scale. Then R2 alone must come down, by a factor above both the
// bound's excess with lambda kept, max|R2|/(room − lambda·ln|A2|), and
// max|R2|/(lambda·(1 − gamma)·MaxFloat64/8), which brings lambda to at
// least the scaled rewards' MinLambda (the best responses change: their
// R2/lambda is beyond what float64 can evaluate), or lambda be 0 (an
// unregularised follower) with R2 down by a factor above max|R2|/room.
func followerBoundAdvice(vb valueBound) string {
	limit := (1 - vb.gamma) * (math.MaxFloat64 / lambdaMargin)
	if vb.lambdaVal > 0 && vb.lterm < vb.room && vb.rmax > vb.lambdaVal*limit {
		keep := math.Max(vb.rmax/(vb.room-vb.lterm), vb.rmax/(vb.lambdaVal*limit))
		return fmt.Sprintf("max|R2|/lambda = %v/%v is beyond (1 − gamma)·MaxFloat64/%d = %.4g (markov.MinLambda), a ratio that scaling R2 and lambda by the same factor keeps: "+
			"scale R2 alone down by a factor above %s, keeping lambda = %v (the follower's best responses change: they depend on R2/lambda), or set lambda to 0 (an unregularised follower) and scale R2 down by a factor above %s",
			vb.rmax, vb.lambdaVal, lambdaMargin, limit, upText(keep, 4), vb.lambdaVal, upText(vb.rmax/vb.room, 4))
	}
	return fmt.Sprintf("scale R2 and lambda down by the same factor, above %s (the follower's best responses stay the same)", upText(vb.rmax/vb.room+vb.lterm/vb.room, 4))
}

// upText writes x (finite, > 0) rounded up to digits significant digits,
// as %.<digits>g would write it rounded to nearest: an advice's bound ("a
// factor above F", "at least L") that holds as written. Rounded to
// nearest, "above 4450" stood for 4450.148, and a factor of 4450.1,
// above the number written, was refused.
func upText(x float64, digits int) string {
	verb := fmt.Sprintf("%%.%dg", digits)
	s := fmt.Sprintf(verb, x)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v >= x {
		return s
	}
	// One unit up in the last digit written.
	step := math.Pow(10, math.Floor(math.Log10(v))-float64(digits-1))
	return fmt.Sprintf(verb, v+step)
}

// boundError is invalid for checkValueBound, with its valueBound.
func boundError(vb valueBound, path, format string, args ...any) error {
	return &validationError{path: path, msg: fmt.Sprintf(format, args...), bound: &vb}
}

// lambdaMargin is the factor by which MinLambda keeps the follower's
// logits Q/λ below math.MaxFloat64 (see MinLambda).
const lambdaMargin = 8

// MinLambda returns the smallest positive λ that Validate accepts for a
// game with discount gamma whose follower rewards R2 are at most rmax in
// absolute value: 8·rmax/((1 − gamma)·math.MaxFloat64), about
// 4.45e-308·rmax/(1 − gamma) (0 when rmax = 0; λ = 0 is always accepted).
// The follower's soft Q-values satisfy |Q| ≤ (rmax + λ·ln|A2|)/(1 − gamma),
// and BestResponse computes the logits Q/λ and BestResponseTheta their
// differences log π2 = Q/λ − logsumexp(Q/λ), up to 2·|Q|/λ + ln|A2|: a
// positive λ below the bound lets them overflow to ±Inf, and softmax then
// computes Inf − Inf (BestResponse failed with "NaN in policy iteration"
// at λ = 5e-324). The factor 8 covers the factor 2 of the differences,
// the ln|A2| term and the rounding of the values' linear solves (relative
// error below 1e-3, see MinOneMinusGamma).
func MinLambda(gamma, rmax float64) float64 {
	// (1 − γ)·MaxFloat64/8 ≥ 1e295 for every γ Validate accepts, so the
	// quotient neither overflows nor loses the bound to underflow where it
	// matters.
	return rmax / ((1 - gamma) * (math.MaxFloat64 / lambdaMargin))
}

// checkLambdaScale refuses a positive lambda below MinLambda(gamma, rmax).
// It compares rmax with λ·(1 − γ)·MaxFloat64/8 rather than λ with the
// bound, so that a subnormal bound cannot round below the true one.
func checkLambdaScale(lambda, gamma, rmax float64) error {
	if lambda == 0 || rmax <= lambda*((1-gamma)*(math.MaxFloat64/lambdaMargin)) {
		return nil
	}
	return invalid("lambda", "lambda = %v: a positive lambda must be at least %s = %d·max|R2|/((1 − gamma)·MaxFloat64) for this game "+
		"(max|R2| = %v, gamma = %v; markov.MinLambda): below it the follower's logits Q/lambda overflow float64 "+
		"(|Q| ≤ max|R2|/(1 − gamma)); raise lambda to at least that, or scale R2 down by a factor above %s to keep lambda = %v "+
		"(R2 and lambda scaled by the same factor keep max|R2|/lambda, which the bound limits to (1 − gamma)·MaxFloat64/%d = %.4g), or use 0 for an unregularised follower",
		lambda, upText(MinLambda(gamma, rmax), 3), lambdaMargin, rmax, gamma,
		upText(rmax/(lambda*((1-gamma)*(math.MaxFloat64/lambdaMargin))), 4), lambda, lambdaMargin, (1-gamma)*(math.MaxFloat64/lambdaMargin))
}

// appendNormalised appends the distribution p to dst, divided by its sum
// when that sum differs from 1 by more than the rounding of a sum of
// len(p) terms (len(p)·2⁻⁵²). checkDist accepts sums within ProbTol of 1
// (rounded decimals), but the exact evaluation must use the stochastic
// rows: a row summing to 1 + δ makes γ·P_π leak mass δ per step, an error
// of order δ/(1−γ) in the values (and more in the gradients, differences
// of values), and with γ·(1 + δ) ≥ 1 it makes I − γP_π singular or its
// inverse negative. The sampler draws from the rows in proportion
// (draw), that is from the normalised rows, so both estimators see the
// same game. Rows that sum to 1 up to rounding are copied bit for bit.
func appendNormalised(dst, p []float64) []float64 {
	sum := 0.0
	for _, v := range p {
		sum += v
	}
	if math.Abs(sum-1) <= float64(len(p))*0x1p-52 {
		return append(dst, p...)
	}
	for _, v := range p {
		dst = append(dst, v/sum)
	}
	return dst
}

func checkDist(name string, p []float64, n int) error {
	if len(p) != n {
		return invalid(name, "%s has %d entries: want states = %d", name, len(p), n)
	}
	sum := 0.0
	for i, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return invalid(fmt.Sprintf("%s[%d]", name, i), "%s[%d] = %v: probabilities must be finite and >= 0", name, i, v)
		}
		sum += v
	}
	if math.Abs(sum-1) > ProbTol {
		return invalid(name, "%s sums to %.12g: want 1 (tolerance %g)", name, sum, ProbTol)
	}
	return nil
}

// prepared returns the flattened game, validating on first use and again
// whenever a field no longer matches the flattened copy (a Game edited
// after a run: before session 52 the copy of the first use was kept, so
// the next run used the old rewards without a word, and a game grown by a
// state panicked inside Eval). The comparison reads the fields only, so
// goroutines may share an unchanged validated Game.
func (g *Game) prepared() (*flatGame, error) {
	if g == nil {
		return nil, errors.New("markov: nil game")
	}
	if g.flat == nil || !g.matches(g.flat) {
		if err := g.Validate(); err != nil {
			return nil, err
		}
	}
	return g.flat, nil
}

// matches reports whether the game's fields are still those f was made
// from by Validate: the same counts, γ and λ, the same rewards and the same
// rows of ρ and P (compared as appendNormalised leaves them).
func (g *Game) matches(f *flatGame) bool {
	n, m1, m2 := f.n, f.m1, f.m2
	if g.States != n || len(g.Actions) != 2 || g.Actions[0] != m1 || g.Actions[1] != m2 ||
		g.Gamma != f.gamma || g.Lambda != f.lambda || len(g.P) != n || len(g.R1) != n || len(g.R2) != n {
		return false
	}
	if !sameNormalised(f.rho, g.Rho) {
		return false
	}
	i, j := 0, 0 // offsets into f.p and f.r1, f.r2
	for s := range n {
		if len(g.P[s]) != m1 || len(g.R1[s]) != m1 || len(g.R2[s]) != m1 {
			return false
		}
		for a := range m1 {
			if len(g.P[s][a]) != m2 || len(g.R1[s][a]) != m2 || len(g.R2[s][a]) != m2 {
				return false
			}
			for b := range m2 {
				if !sameNormalised(f.p[i:i+n], g.P[s][a][b]) || g.R1[s][a][b] != f.r1[j] || g.R2[s][a][b] != f.r2[j] {
					return false
				}
				i += n
				j++
			}
		}
	}
	return true
}

// sameNormalised reports whether appendNormalised(nil, p) would give flat.
func sameNormalised(flat, p []float64) bool {
	if len(flat) != len(p) {
		return false
	}
	sum := 0.0
	for _, v := range p {
		sum += v
	}
	div := math.Abs(sum-1) > float64(len(p))*0x1p-52
	for k, v := range p {
		if div {
			v /= sum
		}
		if v != flat[k] {
			return false
		}
	}
	return true
}

// Dims returns (|S|, |A1|, |A2|) and so the parameter lengths
// len(θ1) = |S||A1| and len(θ2) = |S||A2| (Eq. 7).
func (g *Game) Dims() (states, actions1, actions2 int) {
	return g.States, g.Actions[0], g.Actions[1]
}

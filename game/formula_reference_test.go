package game

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stackel/stackel/ad"
)

// jet is a scalar with its gradient and Hessian in the four variables
// (x[0], x[1], y[0], y[1]): second-order forward mode, independent of
// package ad's reverse-mode tapes.
type jet struct {
	v   float64
	g   [4]float64
	h   [4][4]float64
	dep bool // depends on a variable
}

func jetConst(c float64) jet { return jet{v: c} }

func jetVar(v float64, i int) jet {
	j := jet{v: v, dep: true}
	j.g[i] = 1
	return j
}

// chain applies φ with φ(u) = f, φ'(u) = d1, φ”(u) = d2.
func (u jet) chain(f, d1, d2 float64) jet {
	r := jet{v: f, dep: u.dep}
	for i := range 4 {
		r.g[i] = d1 * u.g[i]
		for k := range 4 {
			r.h[i][k] = d1*u.h[i][k] + d2*u.g[i]*u.g[k]
		}
	}
	return r
}

func (a jet) add(b jet, sign float64) jet {
	r := jet{v: a.v + sign*b.v, dep: a.dep || b.dep}
	for i := range 4 {
		r.g[i] = a.g[i] + sign*b.g[i]
		for k := range 4 {
			r.h[i][k] = a.h[i][k] + sign*b.h[i][k]
		}
	}
	return r
}

func (a jet) mul(b jet) jet {
	r := jet{v: a.v * b.v, dep: a.dep || b.dep}
	for i := range 4 {
		r.g[i] = a.g[i]*b.v + a.v*b.g[i]
		for k := range 4 {
			r.h[i][k] = a.h[i][k]*b.v + a.v*b.h[i][k] + a.g[i]*b.g[k] + b.g[i]*a.g[k]
		}
	}
	return r
}

func (a jet) div(b jet) jet {
	return a.mul(b.chain(1/b.v, -1/(b.v*b.v), 2/(b.v*b.v*b.v)))
}

func (u jet) pow(w jet) jet {
	if !w.dep {
		p := w.v
		return u.chain(math.Pow(u.v, p), p*math.Pow(u.v, p-1), p*(p-1)*math.Pow(u.v, p-2))
	}
	return jetCall("exp", w.mul(jetCall("log", u)))
}

// jetCall applies a one-argument formula function with its closed-form
// first and second derivatives.
func jetCall(name string, u jet) jet {
	x := u.v
	switch name {
	case "sin":
		return u.chain(math.Sin(x), math.Cos(x), -math.Sin(x))
	case "cos":
		return u.chain(math.Cos(x), -math.Sin(x), -math.Cos(x))
	case "tan":
		t := math.Tan(x)
		return u.chain(t, 1+t*t, 2*t*(1+t*t))
	case "exp":
		e := math.Exp(x)
		return u.chain(e, e, e)
	case "log":
		return u.chain(math.Log(x), 1/x, -1/(x*x))
	case "sqrt":
		r := math.Sqrt(x)
		return u.chain(r, 1/(2*r), -1/(4*r*r*r))
	case "tanh":
		t := math.Tanh(x)
		return u.chain(t, 1-t*t, -2*t*(1-t*t))
	case "sigmoid":
		s := 1 / (1 + math.Exp(-x))
		return u.chain(s, s*(1-s), s*(1-s)*(1-2*s))
	case "softplus":
		s := 1 / (1 + math.Exp(-x))
		return u.chain(math.Log1p(math.Exp(x)), s, s*(1-s))
	case "abs":
		sign := 1.0
		if x < 0 {
			sign = -1
		}
		return u.chain(math.Abs(x), sign, 0)
	}
	panic("reference: unknown function " + name)
}

// refParser is a recursive-descent parser of the scalar part of the
// formula language (numbers, pi, x[i], y[i], scalar parameters, + − * /,
// unary signs, parentheses, the one-argument functions, pow, min, max),
// written from the README's grammar, not from go/parser.
type refParser struct {
	toks   []string
	pos    int
	vars   map[string][]jet
	params map[string]float64
}

func refTokens(src string) []string {
	var toks []string
	r := []rune(src)
	for i := 0; i < len(r); {
		c := r[i]
		switch {
		case unicode.IsSpace(c):
			i++
		case unicode.IsDigit(c) || c == '.':
			j := i
			for j < len(r) && (unicode.IsDigit(r[j]) || r[j] == '.' || r[j] == '_' || r[j] == 'e' ||
				((r[j] == '-' || r[j] == '+') && r[j-1] == 'e')) {
				j++
			}
			toks = append(toks, string(r[i:j]))
			i = j
		case unicode.IsLetter(c):
			j := i
			for j < len(r) && (unicode.IsLetter(r[j]) || unicode.IsDigit(r[j])) {
				j++
			}
			toks = append(toks, string(r[i:j]))
			i = j
		default:
			toks = append(toks, string(c))
			i++
		}
	}
	return toks
}

func (p *refParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *refParser) next() string { t := p.peek(); p.pos++; return t }

func (p *refParser) expect(t string) {
	if got := p.next(); got != t {
		panic(fmt.Sprintf("reference: want %q, got %q", t, got))
	}
}

func (p *refParser) sum() jet {
	a := p.product()
	for p.peek() == "+" || p.peek() == "-" {
		sign := 1.0
		if p.next() == "-" {
			sign = -1
		}
		a = a.add(p.product(), sign)
	}
	return a
}

func (p *refParser) product() jet {
	a := p.unary()
	for p.peek() == "*" || p.peek() == "/" {
		if p.next() == "*" {
			a = a.mul(p.unary())
		} else {
			a = a.div(p.unary())
		}
	}
	return a
}

func (p *refParser) unary() jet {
	switch p.peek() {
	case "-":
		p.next()
		return jetConst(0).add(p.unary(), -1)
	case "+":
		p.next()
		return p.unary()
	}
	return p.primary()
}

func (p *refParser) primary() jet {
	t := p.next()
	switch {
	case t == "(":
		v := p.sum()
		p.expect(")")
		return v
	case t == "pi":
		return jetConst(math.Pi)
	case unicode.IsDigit(rune(t[0])) || t[0] == '.':
		v, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
		if err != nil {
			panic(err)
		}
		return jetConst(v)
	case p.vars[t] != nil:
		p.expect("[")
		i, err := strconv.Atoi(p.next())
		if err != nil {
			panic(err)
		}
		p.expect("]")
		return p.vars[t][i]
	case p.peek() == "(":
		p.next()
		a := p.sum()
		if t == "pow" || t == "min" || t == "max" {
			p.expect(",")
			b := p.sum()
			p.expect(")")
			switch {
			case t == "pow":
				return a.pow(b)
			case (t == "min") == (a.v <= b.v):
				return a
			}
			return b
		}
		p.expect(")")
		return jetCall(t, a)
	}
	if v, ok := p.params[t]; ok {
		return jetConst(v)
	}
	panic("reference: unknown token " + t)
}

// refEval evaluates src at (x, y) ∈ R²×R² with the reference parser.
func refEval(src string, x, y []float64, params map[string]float64) jet {
	p := &refParser{toks: refTokens(src), params: params, vars: map[string][]jet{
		"x": {jetVar(x[0], 0), jetVar(x[1], 1)},
		"y": {jetVar(y[0], 2), jetVar(y[1], 3)},
	}}
	v := p.sum()
	if p.pos != len(p.toks) {
		panic("reference: trailing tokens in " + src)
	}
	return v
}

// TestFormulaMatchesReferenceEvaluator checks, for formulas covering every
// scalar function, pow with constant and variable exponents, the literal
// spellings .5, 5. and 1_000e-3, and Go's precedence and left
// associativity (a-b-c, a/b/c, - -a, 4/2*b), that a formula game's values,
// gradients, full Hessians in (x, y), Hessian–vector products ∇yy f2·v
// and mixed products ∇xy f2·z (the blocks of the Stackelberg total
// derivative), and the compiled evaluator's values and gradients, equal
// an independent second-order forward-mode evaluation (jet) of the same
// text to 1e-12 relative, at 20 seeded points of [0.3, 2]⁴.
func TestFormulaMatchesReferenceEvaluator(t *testing.T) {
	formulas := []string{
		"x[0]*(a - x[0] - y[0]) - b*x[1]*y[1]",
		"x[0] - x[1] - y[0] + x[1]*y[1]*y[0]",
		"x[0]/x[1]/y[0] + y[1]/x[0]",
		"-x[0]*x[0]*y[1] + - -y[1]*x[1] - +y[0]",
		"pow(pow(x[0], 2), 3)*y[0] + pow(y[0], x[1]) + pow(x[1], y[1])",
		"pow(x[0], -1.5) * sin(y[1]) + cos(x[1]*y[0])",
		"exp(-x[0]*y[0]) + log(1 + x[1]*y[1]) + sqrt(2 + y[1]*x[0])",
		"tanh(x[0] - y[0]) * sigmoid(x[1]*y[1]) + softplus(a*x[0] - y[1]*y[0])",
		"abs(x[1] - y[0])*y[1] + min(x[0], y[1]) * max(x[1], y[0])",
		"tan(0.3*x[0]*y[1]) / (1 + y[0]*y[0])",
		"12/x[0]/2*y[0] - 2 + 3*y[0]*y[1] - 4/2*y[1]*x[1]",
		"pow(x[0]*y[0] + 1, 1.0/3) + (.5 + 5. + 1_000e-3)*x[1]*y[1]*y[1]",
		"pi*x[0]*y[0] - pow(2, -1)*pow(y[1] - x[1], 2)",
	}
	params := map[string]float64{"a": 1.5, "b": -0.25}
	tensors := map[string]ad.Tensor{"a": ad.Scalar(1.5), "b": ad.Scalar(-0.25)}
	rng := newRand(35)
	for _, src := range formulas {
		g, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{2, 2}, F1: src, F2: readingAll(src, tensors), Params: tensors})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		ev := NewEvaluator(g)
		for k := 0; k < 20; k++ {
			x, y, v := randVec(rng, 2, 0.3, 2), randVec(rng, 2, 0.3, 2), randVec(rng, 2, -1, 1)
			want := refEval(src, x, y, params)
			got := evalAD(g, x, y, true)
			name := func(q string) string { return fmt.Sprintf("%s at x=%v y=%v: %s", src, x, y, q) }
			assertNear(t, name("f"), got.f1, want.v, 1e-12)
			assertNear(t, name("compiled f"), ev.Value2(x, y), want.v, 1e-12)
			assertVec(t, name("∇x f"), got.g1, want.g[:2], 1e-12)
			assertVec(t, name("∇y f"), got.g1y, want.g[2:], 1e-12)
			gx, gy := make([]float64, 2), make([]float64, 2)
			ev.Grad1(gx, x, y)
			ev.Grad2(gy, x, y)
			assertVec(t, name("compiled ∇x f"), gx, want.g[:2], 1e-12)
			assertVec(t, name("compiled ∇y f"), gy, want.g[2:], 1e-12)
			for i := range 4 {
				for j := range 4 {
					assertNear(t, name(fmt.Sprintf("H[%d][%d]", i, j)), got.hess2.At(i, j), want.h[i][j], 1e-12)
				}
			}
			vn := got.x.Tape().Const(ad.Vector(v...))
			hyy := ad.HVP(got.n2, got.y, vn).Data()
			mxy := ad.MixedVP(got.n2, got.x, got.y, vn).Data()
			for i := range 2 {
				var wantHyy, wantMxy float64
				for j := range 2 {
					wantHyy += want.h[2+i][2+j] * v[j]
					wantMxy += want.h[i][2+j] * v[j]
				}
				assertNear(t, name(fmt.Sprintf("(∇yy f·v)[%d]", i)), hyy[i], wantHyy, 1e-12)
				assertNear(t, name(fmt.Sprintf("(∇xy f·z)[%d]", i)), mxy[i], wantMxy, 1e-12)
			}
		}
	}
}
